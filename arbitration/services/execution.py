"""After the ruling: executing its orders (offering orders change the registry), the joint
evaluation with its lessons learned, and closing the case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.accounts.predicates import is_staf
from mbo_regie.errors import DomainError
from portfolio import services as registry
from portfolio.indicator_services import indicator_run_request
from portfolio.models import Aanbod, IndicatorRun

from .. import selectors
from ..models import (
    Case,
    CaseEvent,
    Lesson,
    Order,
    PanelMember,
    Stage,
)
from .common import (
    announce,
    event,
    lock,
    require_stage,
    require_text,
    transition,
)
from .publication import anonymity_refuse

RUNNING = registry.RUNNING


@transaction.atomic
def case_start_execution(*, case: Case, actor) -> Case:
    """Staff start the execution of the ruling's orders; the latest order deadline applies."""
    case = lock(case)
    case = transition(case, "start_execution", actor=actor,
                      refusal=_("De uitvoering begint na de uitspraak."))
    latest = case.uitspraak.lasten.aggregate(m=Max("termijn"))["m"]
    if latest:
        case.termijn = latest
        case.save(update_fields=["termijn"])
    return case


def _order_of(case: Case, order: Order) -> Order:
    require_stage(case, Stage.UITVOERING, what=_("Een last uitvoeren"))
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.ruling.case_id != case.pk:
        raise DomainError(_("Deze last hoort niet bij deze zaak."))
    if order.status == Order.Status.UITGEVOERD:
        raise DomainError(_("Deze last is al uitgevoerd en geverifieerd."))
    return order


@transaction.atomic
def order_report(*, case: Case, actor, order: Order, bewijs: str) -> Order:
    """The responsible institution reports an order done, with its evidence."""
    case = lock(case)
    order = _order_of(case, order)
    if getattr(actor, "instelling_id", None) != order.instelling_id:
        raise DomainError(_("Alleen de verantwoordelijke instelling meldt een last gereed."))
    order.bewijs = require_text(bewijs, _("Beschrijf het bewijs van uitvoering."))
    order.status = Order.Status.GEMELD
    order.gemeld_door = actor
    order.gemeld_op = timezone.now()
    order.save()
    event(case, CaseEvent.Soort.LAST, actor=actor,
          note=_("Gereed gemeld: %(last)s. Bewijs: %(bewijs)s")
          % {"last": order, "bewijs": order.bewijs})
    announce(case, gettext_noop("Een last is gereed gemeld en wacht op verificatie."),
             users=selectors.staff_users(), actor=actor)
    return order


def _apply(order: Order) -> Aanbod:
    """Carry out an offering order in the registry, through the registry's own services."""
    try:
        if order.soort == Order.Soort.STARTEN:
            return registry.aanbod_start(
                instelling=order.instelling, opleiding=order.opleiding, locatie=order.locatie,
                leerweg=order.leerweg, startdatum=order.ingangsdatum,
                capaciteit=order.capaciteit, profiel=order.profiel)
        aanbod = Aanbod.objects.select_for_update().get(pk=order.aanbod_id)
        if order.soort == Order.Soort.STOPPEN:
            return registry.aanbod_stop(aanbod=aanbod, einddatum=order.ingangsdatum)
        if order.capaciteit is not None:
            aanbod = registry.aanbod_change_capacity(aanbod=aanbod, capaciteit=order.capaciteit,
                                                     onderbouwing=order.omschrijving)
        if order.profiel:
            aanbod = registry.aanbod_change_profile(aanbod=aanbod, profiel=order.profiel)
        return aanbod
    except ValidationError as exc:
        raise DomainError(_("De last past niet in het register: %(fout)s")
                          % {"fout": "; ".join(exc.messages)})


@transaction.atomic
def order_verify(*, case: Case, actor, order: Order, verificatie: str) -> Order:
    """Staff verify an order; an offering order is applied to the registry at this moment."""
    case = lock(case)
    order = _order_of(case, order)
    order.verificatie = require_text(verificatie, _("Leg vast hoe de uitvoering is "
                                                    "geverifieerd."))
    if order.changes_registry:
        order.toegepast_aanbod = _apply(order)
    order.status = Order.Status.UITGEVOERD
    order.geverifieerd_door = actor
    order.geverifieerd_op = timezone.now()
    order.save()
    event(case, CaseEvent.Soort.LAST, actor=actor,
          note=_("Uitgevoerd en geverifieerd: %(last)s. %(verificatie)s")
          % {"last": order, "verificatie": order.verificatie})
    if order.changes_registry:
        # The registry changed: the indicators recompute (debounced, after the commit).
        indicator_run_request(trigger=IndicatorRun.Trigger.CHANGE, user=actor)
    if not case.uitspraak.lasten.exclude(status=Order.Status.UITGEVOERD).exists():
        announce(case, gettext_noop("Alle lasten zijn uitgevoerd; de gezamenlijke evaluatie "
                                    "kan beginnen."), users=selectors.staff_users(), actor=actor)
    return order


@transaction.atomic
def case_start_evaluation(*, case: Case, actor) -> Case:
    """Staff start the joint evaluation once every order is executed and verified."""
    case = lock(case)
    ruling = getattr(case, "uitspraak", None)
    open_orders = list(ruling.lasten.exclude(status=Order.Status.UITGEVOERD)) if ruling else []
    refusal = _("Nog niet alle lasten zijn uitgevoerd en geverifieerd: %(lijst)s.") % {
        "lijst": "; ".join(str(o) for o in open_orders)}
    return transition(case, "start_evaluation", actor=actor, refusal=refusal)


@transaction.atomic
def lesson_add(*, case: Case, actor, tekst: str, openbaar: bool = False) -> Lesson:
    """A party, the panel or staff record a lesson learned in the joint evaluation."""
    case = lock(case)
    require_stage(case, Stage.EVALUATIE, what=_("Een leerpunt vastleggen"))
    tekst = require_text(tekst, _("Beschrijf het leerpunt."))
    instelling_id = getattr(actor, "instelling_id", None)
    if instelling_id in case.party_ids():
        bron = Lesson.Bron.PARTIJ
    elif case.panel.filter(user=actor, status=PanelMember.Status.BENOEMD).exists():
        bron, instelling_id = Lesson.Bron.COMMISSIE, None
    elif is_staf(actor):
        bron, instelling_id = Lesson.Bron.STAF, None
    else:
        raise DomainError(_("Leerpunten komen van de partijen, het panel en de staf."))
    if openbaar:
        anonymity_refuse(case, tekst)
    lesson = Lesson.objects.create(case=case, bron=bron, instelling_id=instelling_id,
                                   tekst=tekst, openbaar=openbaar, door=actor)
    event(case, CaseEvent.Soort.EVALUATIE, actor=actor,
          note=_("Leerpunt (%(bron)s): %(tekst)s") % {"bron": lesson.get_bron_display(),
                                                     "tekst": tekst})
    return lesson


@transaction.atomic
def case_close(*, case: Case, actor, note: str = "") -> Case:
    """Staff close the case after the joint evaluation heard the parties and the panel."""
    case = lock(case)
    return transition(case, "close", actor=actor, note=note.strip(),
                      refusal=_("Leg eerst leerpunten vast van de partijen én van het panel."))
