"""Apply decided changes to the portfolio registry, always through ``portfolio.services``
(``aanbod_start`` / ``aanbod_stop`` / ``aanbod_change_capacity`` / ``aanbod_change_profile``:
validation, save, history row)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError
from portfolio.models import Aanbod
from portfolio.services import (
    aanbod_change_capacity,
    aanbod_change_profile,
    aanbod_start,
    aanbod_stop,
)

from ..models import Actie, Change


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
