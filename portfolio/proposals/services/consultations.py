"""Regional and sectoral consultation meetings: date, agenda of proposals, minutes, outcomes."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError

from ..models import AgendaItem, Overleg, Proposal, Status

OVERLEG_FIELDS = ("soort", "titel", "datum", "arbeidsmarktregio", "btg", "notulen")


@transaction.atomic
def overleg_save(*, overleg: Overleg | None = None, fields: dict) -> Overleg:
    """Create or change a meeting; a regional one has a region, a sectoral one a btg."""
    overleg = overleg or Overleg()
    for name in OVERLEG_FIELDS:
        if name in fields:
            setattr(overleg, name, fields[name])
    # The other scope is cleared, so switching the kind never leaves both set.
    if overleg.soort == Overleg.Soort.REGIONAAL:
        overleg.btg = None
    elif overleg.soort == Overleg.Soort.SECTORAAL:
        overleg.arbeidsmarktregio = None
    try:
        overleg.full_clean()
    except ValidationError as exc:
        raise DomainError(_("Een regionaal overleg hoort bij een arbeidsmarktregio, een "
                            "sectoraal overleg bij een bedrijfstakgroep.") + " "
                          + " ".join(exc.messages))
    overleg.save()
    return overleg


@transaction.atomic
def agenda_item_add(*, overleg: Overleg, proposal: Proposal) -> AgendaItem:
    """Put a submitted proposal on the agenda (once)."""
    if proposal.status == Status.CONCEPT:
        raise DomainError(_("Een concept kan niet op de agenda; het is nog niet ingediend."))
    if AgendaItem.objects.filter(overleg=overleg, proposal=proposal).exists():
        raise DomainError(_("Dit voorstel staat al op de agenda."))
    last = overleg.agenda.aggregate(m=Max("volgorde"))["m"] or 0
    return AgendaItem.objects.create(overleg=overleg, proposal=proposal, volgorde=last + 1)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Take a proposal off the agenda while nothing was recorded for it yet."""
    if item.uitkomst != AgendaItem.Uitkomst.OPEN:
        raise DomainError(_("Er is al een uitkomst vastgelegd; pas die aan in plaats van het "
                            "agendapunt te verwijderen."))
    item.delete()


@transaction.atomic
def agenda_item_record_outcome(*, item: AgendaItem, uitkomst: str, toelichting: str = ""
                               ) -> AgendaItem:
    """Record what the meeting concluded about one proposal."""
    if uitkomst not in AgendaItem.Uitkomst.values:
        raise DomainError(_("Onbekende uitkomst."))
    item.uitkomst = uitkomst
    item.toelichting = toelichting.strip()
    item.save(update_fields=["uitkomst", "toelichting"])
    return item
