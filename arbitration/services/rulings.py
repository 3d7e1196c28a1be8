"""The ruling: drafting it with its orders, signing it, and correcting it with addenda.

A signed ruling is immutable. Every attempt to change it is refused and logged on the
timeline (the log row is committed on its own, before the refusal rolls anything back).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie.errors import DomainError
from portfolio.models import Aanbod

from ..models import (
    GROUNDS,
    REQUIRED_GROUNDS,
    Case,
    CaseEvent,
    Criterium,
    Order,
    PanelMember,
    Ruling,
    RulingAddendum,
    RulingImmutable,
    Stage,
    Uitkomst,
    Visibility,
)
from .common import (
    announce,
    event,
    lock,
    refuse_logged,
    require_stage,
    require_text,
    transition,
)
from .panel import panel_problems

RUNNING = (Aanbod.Status.ACTIEF, Aanbod.Status.GEPLAND)


def _refuse_if_signed(case: Case, actor, what: str) -> None:
    """Refuse and log any change once the ruling is signed (call outside a transaction)."""
    if Ruling.objects.filter(case=case, ondertekend_op__isnull=False).exists():
        refuse_logged(case, actor=actor, error=RulingImmutable(),
                      note=_("Geweigerd: %(wat)s na ondertekening van de uitspraak.")
                      % {"wat": what})


def _draft(case: Case, actor) -> Ruling:
    require_stage(case, Stage.ARBITRAGE, what=_("De uitspraak opstellen"))
    ruling, _created = Ruling.objects.get_or_create(case=case,
                                                    defaults={"opgesteld_door": actor})
    if ruling.signed:
        raise RulingImmutable()
    return ruling


def ruling_save_draft(*, case: Case, actor, beslissing: str | None = None,
                      uitkomst: str | None = None, gronden: dict | None = None) -> Ruling:
    """The panel drafts the ruling: decision, outcome, grounds per criterion and perspective."""
    _refuse_if_signed(case, actor, _("de uitspraak wijzigen"))
    with transaction.atomic():
        case = lock(case)
        ruling = _draft(case, actor)
        if beslissing is not None:
            ruling.beslissing = beslissing.strip()
        if uitkomst is not None:
            if uitkomst and uitkomst not in Uitkomst.values:
                raise DomainError(_("Onbekende uitkomst."))
            ruling.uitkomst = uitkomst
        if gronden is not None:
            codes = {code for code, _label in GROUNDS}
            unknown = set(gronden) - codes
            if unknown:
                raise DomainError(_("Onbekend criterium of kijkrichting: %(codes)s")
                                  % {"codes": ", ".join(sorted(unknown))})
            ruling.gronden = {k: (gronden.get(k) or "").strip() for k in codes
                              if (gronden.get(k) or "").strip()}
        ruling.opgesteld_door = ruling.opgesteld_door or actor
        ruling.save()
        event(case, CaseEvent.Soort.UITSPRAAK, actor=actor, zichtbaarheid=Visibility.BERAADSLAGING,
              note=_("Concept-uitspraak bijgewerkt."))
    return ruling


def _validate_order(case: Case, order: Order) -> None:
    if order.instelling_id not in case.party_ids():
        raise DomainError(_("Een last is gericht aan een partij in de zaak."))
    if order.soort == Order.Soort.VERPLICHTING:
        order.aanbod = order.opleiding = order.locatie = None
        order.leerweg, order.capaciteit, order.profiel, order.ingangsdatum = "", None, "", None
        return
    if order.soort == Order.Soort.STARTEN:
        if not (order.opleiding and order.locatie and order.leerweg and order.ingangsdatum):
            raise DomainError(_("Een startlast noemt opleiding, locatie, leerweg en "
                                "ingangsdatum."))
        if order.locatie.instelling_id != order.instelling_id:
            raise DomainError(_("Kies een locatie van de verantwoordelijke instelling."))
        if order.leerweg not in order.opleiding.leerwegen_lijst:
            raise DomainError(_("%(opleiding)s kent de leerweg %(leerweg)s niet.")
                              % {"opleiding": order.opleiding, "leerweg": order.leerweg})
        if Aanbod.objects.filter(instelling_id=order.instelling_id, opleiding=order.opleiding,
                                 locatie=order.locatie, leerweg=order.leerweg,
                                 status__in=RUNNING).exists():
            raise DomainError(_("Dit aanbod loopt al."))
        order.aanbod = None
        return
    if order.aanbod is None or order.aanbod.instelling_id != order.instelling_id:
        raise DomainError(_("Kies een aanbod van de verantwoordelijke instelling."))
    if order.aanbod.status not in RUNNING:
        raise DomainError(_("Dit aanbod loopt niet meer."))
    order.opleiding, order.locatie, order.leerweg = None, None, ""
    if order.soort == Order.Soort.STOPPEN and not order.ingangsdatum:
        raise DomainError(_("Noem de datum waarop de instroom stopt."))
    if order.soort == Order.Soort.WIJZIGEN and order.capaciteit is None and not order.profiel:
        raise DomainError(_("Noem de nieuwe capaciteit of het nieuwe profiel."))


def order_add(*, case: Case, actor, soort: str, omschrijving: str, instelling, termijn,
              aanbod=None, opleiding=None, locatie=None, leerweg: str = "", ingangsdatum=None,
              capaciteit: int | None = None, profiel: str = "") -> Order:
    """Add an order to the draft ruling: an obligation, or an offering to start, stop or change."""
    _refuse_if_signed(case, actor, _("een last toevoegen"))
    with transaction.atomic():
        case = lock(case)
        ruling = _draft(case, actor)
        if soort not in Order.Soort.values:
            raise DomainError(_("Onbekende soort last."))
        order = Order(ruling=ruling, soort=soort, instelling=instelling, termijn=termijn,
                      omschrijving=require_text(omschrijving, _("Beschrijf de last.")),
                      aanbod=aanbod, opleiding=opleiding, locatie=locatie, leerweg=leerweg or "",
                      ingangsdatum=ingangsdatum, capaciteit=capaciteit,
                      profiel=(profiel or "").strip())
        _validate_order(case, order)
        order.volgorde = (ruling.lasten.aggregate(m=Max("volgorde"))["m"] or 0) + 1
        try:
            order.full_clean()
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages))
        order.save()
        event(case, CaseEvent.Soort.LAST, actor=actor, zichtbaarheid=Visibility.BERAADSLAGING,
              note=_("Last in concept: %(last)s") % {"last": order})
    return order


def order_remove(*, case: Case, actor, order: Order) -> None:
    """Remove an order from the draft ruling."""
    _refuse_if_signed(case, actor, _("een last verwijderen"))
    with transaction.atomic():
        case = lock(case)
        ruling = _draft(case, actor)
        if order.ruling_id != ruling.pk:
            raise DomainError(_("Deze last hoort niet bij deze uitspraak."))
        order.delete()
        event(case, CaseEvent.Soort.LAST, actor=actor, zichtbaarheid=Visibility.BERAADSLAGING,
              note=_("Last uit het concept verwijderd: %(last)s") % {"last": order})


def ruling_problems(case: Case) -> list[str]:
    """Everything that keeps the chair from signing, in words (empty: it may be signed)."""
    problems = list(panel_problems(case))
    ruling = getattr(case, "uitspraak", None)
    if ruling is None:
        return [*problems, _("Er is nog geen concept-uitspraak.")]
    if not ruling.beslissing:
        problems.append(_("Formuleer de beslissing."))
    if not ruling.uitkomst:
        problems.append(_("Kies de uitkomst."))
    missing = [str(label) for code, label in Criterium.choices
               if code in REQUIRED_GROUNDS and not ruling.gronden.get(code)]
    if missing:
        problems.append(_("Onderbouw de uitspraak per criterium; nog leeg: %(lijst)s.")
                        % {"lijst": ", ".join(missing)})
    if not case.hoorzittingen.filter(datum__lte=timezone.now()).exists():
        problems.append(_("Er is nog geen hoorzitting gehouden."))
    return problems


@transaction.atomic
def ruling_sign(*, case: Case, actor) -> Case:
    """The chair signs the ruling: it becomes binding and immutable; the case is ruled."""
    case = lock(case)
    if not case.panel.filter(user=actor, rol=PanelMember.Rol.VOORZITTER,
                             status=PanelMember.Status.BENOEMD).exists():
        raise DomainError(_("Alleen de voorzitter van het panel ondertekent de uitspraak."))
    ruling = getattr(case, "uitspraak", None)
    if ruling is not None and ruling.signed:
        raise RulingImmutable(_("De uitspraak is al ondertekend."))
    require_stage(case, Stage.ARBITRAGE, what=_("De uitspraak ondertekenen"))
    problems = ruling_problems(case)
    if problems:
        raise DomainError(" ".join(problems), code="ruling_incomplete")
    ruling.ondertekend_door = actor
    ruling.ondertekend_op = timezone.now()
    ruling.save()
    transition(case, "rule", actor=actor, note=ruling.beslissing,
               refusal=_("De uitspraak is niet ondertekend."))
    return case


@transaction.atomic
def ruling_addendum_add(*, case: Case, actor, tekst: str, reden: str) -> RulingAddendum:
    """The chair corrects a signed ruling with a dated addendum (the ruling stays as it was)."""
    case = lock(case)
    ruling = getattr(case, "uitspraak", None)
    if ruling is None or not ruling.signed:
        raise DomainError(_("Een addendum hoort bij een ondertekende uitspraak; pas het "
                            "concept zelf aan."))
    if not case.panel.filter(user=actor, rol=PanelMember.Rol.VOORZITTER,
                             status=PanelMember.Status.BENOEMD).exists():
        raise DomainError(_("Alleen de voorzitter van het panel ondertekent een addendum."))
    addendum = RulingAddendum.objects.create(
        ruling=ruling, nummer=ruling.addenda.count() + 1,
        tekst=require_text(tekst, _("Schrijf de correctie.")),
        reden=require_text(reden, _("Geef de reden van de correctie.")), ondertekend_door=actor)
    event(case, CaseEvent.Soort.UITSPRAAK, actor=actor,
          note=_("Addendum %(n)s: %(tekst)s") % {"n": addendum.nummer, "tekst": addendum.tekst})
    announce(case, gettext_noop("Bij de uitspraak is addendum %(n)s gevoegd."),
             {"n": addendum.nummer}, actor=actor, panel=True)
    return addendum
