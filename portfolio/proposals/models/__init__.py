"""Proposals to change the programme portfolio, their versions, and the conversation about them."""
from .choices import (
    ALL_ACTIONS,
    ALLOWED_ACTIONS,
    IN_CONSULTATION,
    JOINT_SOORTEN,
    Actie,
    Kijkrichting,
    Reactiesoort,
    Soort,
    Status,
)
from .conversation import Dispute, Document, Invitation, Message, Notification, Response, _upload_to
from .meetings import AgendaItem, Overleg
from .proposals import Change, Proposal, ProposalEvent, ProposalVersion, Signature

__all__ = [
    "ALLOWED_ACTIONS", "ALL_ACTIONS", "IN_CONSULTATION", "JOINT_SOORTEN", "Actie", "AgendaItem",
    "Change", "Dispute", "Document", "Invitation", "Kijkrichting", "Message", "Notification",
    "Overleg", "Proposal", "ProposalEvent", "ProposalVersion", "Reactiesoort", "Response",
    "Signature", "Soort", "Status", "_upload_to",
]
