"""Apply decided changes to the portfolio registry, always through ``portfolio.services``.

These verbs belong in ``portfolio/services.py`` in the long run; each is one call to
``aanbod_save`` (validation, save, history row).
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError
from portfolio.models import Aanbod, Bron
from portfolio.services import aanbod_save

from ..models import Actie, Change

RUNNING = (Aanbod.Status.ACTIEF, Aanbod.Status.GEPLAND)


def _append(old: str, new: str) -> str:
    new = (new or "").strip()
    if not new or new in (old or ""):
        return old or ""
    return f"{old}\n\n{new}".strip() if old else new


@transaction.atomic
def aanbod_start(*, instelling, opleiding, locatie, leerweg: str, startdatum: datetime.date,
                 capaciteit: int | None = None, profiel: str = "",
                 capaciteit_onderbouwing: str = "") -> Aanbod:
    """Start an offering; a stopped offering at the same place is restarted, not duplicated."""
    aanbod = Aanbod.objects.filter(instelling=instelling, opleiding=opleiding, locatie=locatie,
                                   leerweg=leerweg).first()
    if aanbod is not None and aanbod.status in RUNNING:
        raise DomainError(_("%(aanbod)s wordt al aangeboden.") % {"aanbod": aanbod})
    fields = {"status": Aanbod.Status.ACTIEF, "startdatum": startdatum, "einddatum": None,
              "capaciteit": capaciteit, "profiel": profiel,
              "capaciteit_onderbouwing": capaciteit_onderbouwing}
    if aanbod is None:
        aanbod = Aanbod(instelling=instelling, opleiding=opleiding, locatie=locatie,
                        leerweg=leerweg, bron=Bron.PORTAAL)
    return aanbod_save(aanbod=aanbod, fields=fields)


@transaction.atomic
def aanbod_stop(*, aanbod: Aanbod, einddatum: datetime.date) -> Aanbod:
    """Stop the intake of an offering: it phases out (in afbouw) from the given date."""
    if aanbod.status not in RUNNING:
        raise DomainError(_("%(aanbod)s loopt niet meer.") % {"aanbod": aanbod})
    return aanbod_save(aanbod=aanbod, fields={"status": Aanbod.Status.IN_AFBOUW,
                                              "einddatum": einddatum})


@transaction.atomic
def aanbod_change_capacity(*, aanbod: Aanbod, capaciteit: int, onderbouwing: str = "") -> Aanbod:
    """Set a new capacity (expansion or scaling down) and keep its justification."""
    if aanbod.status not in RUNNING:
        raise DomainError(_("%(aanbod)s loopt niet meer.") % {"aanbod": aanbod})
    return aanbod_save(aanbod=aanbod, fields={
        "capaciteit": capaciteit,
        "capaciteit_onderbouwing": _append(aanbod.capaciteit_onderbouwing, onderbouwing)})


@transaction.atomic
def aanbod_change_profile(*, aanbod: Aanbod, profiel: str) -> Aanbod:
    """Record how the programme is "loaded" here: its distinctive profile."""
    return aanbod_save(aanbod=aanbod, fields={"profiel": profiel})


def _current(change: Change) -> Aanbod:
    aanbod = (Aanbod.objects.select_for_update()
              .filter(instelling_id=change.instelling_id, opleiding_id=change.opleiding_id,
                      locatie_id=change.locatie_id, leerweg=change.leerweg).first())
    if aanbod is None:
        raise DomainError(_("Het aanbod voor '%(wijziging)s' bestaat niet meer.")
                          % {"wijziging": change})
    return aanbod


@transaction.atomic
def change_apply(*, change: Change) -> Aanbod:
    """Apply one decided change to the registry; a registry refusal becomes a DomainError."""
    try:
        return _apply(change)
    except ValidationError as exc:
        raise DomainError(_("'%(wijziging)s' past niet in het register: %(fout)s")
                          % {"wijziging": change, "fout": "; ".join(exc.messages)})


def _apply(change: Change) -> Aanbod:
    if change.actie == Actie.START:
        return aanbod_start(instelling=change.instelling, opleiding=change.opleiding,
                            locatie=change.locatie, leerweg=change.leerweg,
                            startdatum=change.ingangsdatum, capaciteit=change.capaciteit,
                            profiel=change.profiel,
                            capaciteit_onderbouwing=change.capaciteit_onderbouwing)
    aanbod = _current(change)
    if change.actie == Actie.STOP:
        return aanbod_stop(aanbod=aanbod, einddatum=change.ingangsdatum)
    if change.actie in (Actie.EXPAND, Actie.SCALE_DOWN):
        aanbod = aanbod_change_capacity(aanbod=aanbod, capaciteit=change.capaciteit,
                                        onderbouwing=change.capaciteit_onderbouwing)
        if change.profiel:
            aanbod = aanbod_change_profile(aanbod=aanbod, profiel=change.profiel)
        return aanbod
    return aanbod_change_profile(aanbod=aanbod, profiel=change.profiel)
