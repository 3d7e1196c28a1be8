"""Who may do what with proposals and consultations: django-rules predicates, in one place.

*When* something may happen (the status, the deadline) is the services' business; these
predicates only answer *who*. Object-level permissions take the proposal as the object.
"""
import rules

from mbo_regie.accounts.predicates import is_bestuurder, is_member, is_read_only, is_staf
from mbo_regie.prefetch import prefetched

from .models import Change, Invitation, Status


@rules.predicate
def is_proposer(user, proposal) -> bool:
    """The user acts for the institution that made the proposal."""
    return bool(proposal is not None and is_bestuurder(user)
                and user.instelling_id == proposal.instelling_id)


@rules.predicate
def is_co_signer(user, proposal) -> bool:
    """The user acts for another institution that takes part in a swap or joint proposal."""
    if proposal is None or not proposal.is_joint or not is_bestuurder(user):
        return False
    if user.instelling_id == proposal.instelling_id:
        return False
    versions = prefetched(proposal, "versies")
    if versions is not None and all(prefetched(v, "wijzigingen") is not None for v in versions):
        return any(c.instelling_id == user.instelling_id
                   for v in versions for c in v.wijzigingen.all())
    return Change.objects.filter(versie__proposal=proposal,
                                 instelling_id=user.instelling_id).exists()


@rules.predicate
def is_invited(user, proposal) -> bool:
    """The user acts for an institution invited to respond to the proposal."""
    if proposal is None or not is_bestuurder(user):
        return False
    invitations = prefetched(proposal, "uitnodigingen")
    if invitations is not None:
        return any(i.instelling_id == user.instelling_id for i in invitations)
    return Invitation.objects.filter(proposal=proposal,
                                     instelling_id=user.instelling_id).exists()


@rules.predicate
def is_published(user, proposal) -> bool:
    """Every member may read a proposal once it has been submitted."""
    return proposal is not None and proposal.status != Status.CONCEPT


@rules.predicate
def is_agreed(user, proposal) -> bool:
    """The consultation ended in agreement (the proposer decides himself)."""
    return proposal is not None and proposal.status == Status.AFGESTEMD


# Concepts are private to the proposing institution (and its partners in a swap or joint
# proposal, who must read what they sign); staff see everything.
can_view = is_staf | is_proposer | is_co_signer | (is_member & is_published)
can_create = is_staf | is_bestuurder
can_edit = is_staf | is_proposer
can_sign = is_co_signer
can_respond = is_invited & ~is_proposer
can_discuss = can_view & ~is_read_only
can_dispute = is_staf | is_proposer | is_invited
can_decide = is_staf | (is_proposer & is_agreed)
can_execute = is_staf
can_manage_overleg = is_staf
can_view_overleg = is_member

PERMISSIONS = {
    "proposals.view_proposal": can_view,
    "proposals.add_proposal": can_create,
    "proposals.change_proposal": can_edit,
    "proposals.sign_proposal": can_sign,
    "proposals.respond_proposal": can_respond,
    "proposals.discuss_proposal": can_discuss,
    "proposals.withdraw_proposal": can_edit,
    "proposals.conclude_proposal": can_edit,
    "proposals.dispute_proposal": can_dispute,
    "proposals.decide_proposal": can_decide,
    "proposals.execute_proposal": can_execute,
    "proposals.manage_overleg": can_manage_overleg,
    "proposals.view_overleg": can_view_overleg,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
