"""Publication: the anonymised summary of a signed ruling in the public casuïstiek library,
and the check that public texts name no party or person."""
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.errors import DomainError
from portfolio.proposals.selectors import acting_users

from ..models import (
    Case,
    CaseEvent,
    Criterium,
    PublishedCase,
)
from .common import (
    announce,
    event,
    lock,
    require_text,
)


def _names(case: Case) -> list[str]:
    """Names that identify the parties and the people involved in a case."""
    names = []
    for party in case.partijen.select_related("instelling"):
        names += [party.instelling.naam, party.instelling.brin]
    for user in acting_users(case.party_ids()):
        names.append(user.get_full_name())
    for member in case.panel.select_related("user"):
        names.append(member.display_name)
    mediation = getattr(case, "bemiddeling", None)
    if mediation:
        names.append(mediation.bemiddelaar)
    return sorted({n.strip() for n in names if n and len(n.strip()) >= 4})


def anonymity_problems(case: Case, *texts: str) -> list[str]:
    """The identifying names that still occur in texts meant for the public."""
    joined = "\n".join(texts)
    return [n for n in _names(case)
            if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", joined, flags=re.IGNORECASE)]


def anonymity_refuse(case: Case, *texts: str) -> None:
    """Refuse a public text that still names a party or a person involved."""
    found = anonymity_problems(case, *texts)
    if found:
        raise DomainError(_("Anonimiseer de tekst: deze namen staan er nog in: %(namen)s.")
                          % {"namen": ", ".join(found)}, code="not_anonymous")


def summary_draft(case: Case) -> dict:
    """A first, anonymised draft of the public summary (staff edit it before publishing)."""
    text = f"{case.omschrijving}\n\n{getattr(getattr(case, 'uitspraak', None), 'beslissing', '')}"
    titel = case.titel
    for n, party in enumerate(case.partijen.select_related("instelling").order_by("id")):
        label = _("Instelling %(letter)s") % {"letter": chr(ord("A") + n)}
        for name in (party.instelling.naam, party.instelling.brin):
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags=re.IGNORECASE)
            text, titel = pattern.sub(label, text), pattern.sub(label, titel)
    test = getattr(case, "reikwijdte", None)
    opleiding = case.opleidingen.select_related("btg").first()
    return {"titel": titel, "samenvatting": text.strip(),
            **{c: bool(test and getattr(test, c)) for c in Criterium.values},
            "btg": opleiding.btg if opleiding else None,
            "arbeidsmarktregio": case.regios.first()}


@transaction.atomic
def case_publish(*, case: Case, actor, titel: str, samenvatting: str, dekkend: bool = False,
                 toegankelijk: bool = False, onderscheidend: bool = False,
                 relevant: bool = False, btg=None, arbeidsmarktregio=None) -> PublishedCase:
    """Publish the anonymised summary of a signed ruling in the public casuïstiek library."""
    case = lock(case)
    ruling = getattr(case, "uitspraak", None)
    if ruling is None or not ruling.signed:
        raise DomainError(_("Alleen een ondertekende uitspraak wordt gepubliceerd."))
    if hasattr(case, "publicatie"):
        raise DomainError(_("De samenvatting van deze zaak is al gepubliceerd."))
    titel = require_text(titel, _("Geef de casus een titel."))
    samenvatting = require_text(samenvatting, _("Schrijf de samenvatting."))
    anonymity_refuse(case, titel, samenvatting)
    published = PublishedCase.objects.create(
        case=case, titel=titel, samenvatting=samenvatting, uitkomst=ruling.uitkomst,
        dekkend=dekkend, toegankelijk=toegankelijk, onderscheidend=onderscheidend,
        relevant=relevant, btg=btg, arbeidsmarktregio=arbeidsmarktregio,
        jaar=timezone.localtime(ruling.ondertekend_op).year, voorbeeld=case.voorbeeld,
        gepubliceerd_door=actor)
    event(case, CaseEvent.Soort.PUBLICATIE, actor=actor,
          note=_("Geanonimiseerde samenvatting gepubliceerd in de casuïstiek."))
    announce(case, gettext_noop("De geanonimiseerde samenvatting staat in de casuïstiek."),
             actor=actor, panel=True)
    return published
