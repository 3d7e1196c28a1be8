"""Reads of the arbitration app for pages, API, services and tasks."""
from operator import attrgetter

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mbo_regie.accounts.models import Rol, User
from mbo_regie.accounts.predicates import is_bestuur, is_bestuurder, is_commissie, is_staf
from mbo_regie.prefetch import prefetched
from portfolio.models import Aanbod, Instelling, Locatie, Opleiding
from portfolio.proposals.models import Kijkrichting, Proposal
from portfolio.proposals.models import Status as ProposalStatus

from .models import (
    ENDED,
    LADDER,
    Case,
    CaseDocument,
    CaseParty,
    InterestDeclaration,
    Lesson,
    Order,
    PanelMember,
    PublishedCase,
    Stage,
    StepOutcome,
    Visibility,
)
from .permissions import allowed, is_panel_member, visible_to

# Headline figures of an impact analysis that the case file shows, with their labels.
IMPACT_FIGURES = {
    "offerings": _("Aanbod (opleiding × locatie × leerweg)"),
    "studenten": _("Studenten"),
    "overlap_pairs": _("Overlap: paren in dezelfde regio"),
    "overlap_flagged": _("Overlap zonder onderbouwing"),
    "thinning_risk": _("Verschralingsrisico"),
    "sole_provider_krimp": _("Enige aanbieder in krimpregio"),
    "white_spot_pairs": _("Witte vlekken"),
}


def staff_users() -> QuerySet:
    """Active MBO Raad staff."""
    return User.objects.filter(rol=Rol.STAF, is_active=True)


def case_list_for(user) -> QuerySet:
    """Cases the user may see: all for staff; parties, panel members and the signalled board."""
    qs = Case.objects.prefetch_related("partijen__instelling")
    if is_staf(user):
        return qs
    visible = Q(pk__in=[])
    if is_bestuurder(user):
        visible |= Q(partijen__instelling_id=user.instelling_id)
    if user.is_authenticated:
        visible |= Q(Exists(PanelMember.objects.filter(case=OuterRef("pk"), user=user,
                                                        status=PanelMember.Status.BENOEMD)))
    if is_bestuur(user):
        visible |= Q(signaal_op__isnull=False)
    if is_commissie(user):
        # The commissie governance is asked for advice (permissions.can_view).
        visible |= Q(stage=Stage.ADVIES)
    return qs.filter(visible).distinct()


def case_get_for(user, pk) -> Case:
    """One case the user may see, or 404 (a case one is not involved in does not exist)."""
    case = case_list_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def case_page_get_for(user, pk) -> Case:
    """One case the user may see (or 404), loaded with what its page and its print read more
    than once: the one-to-one records of the steps and the ruling, the parties and the panel
    (which the permission checks of the request then read), the step outcomes.

    Who may see it is ``permissions.can_view``, the rule ``case_list_for`` filters by. The
    related lists of one case are sorted as their models sort them, without joining the case
    to sort by it; ``case_file_for`` gives their rows the users and institutions they name."""
    case = next(iter(
        Case.objects.filter(pk=pk).order_by()  # one row: nothing to sort
        .select_related("bemiddeling", "reikwijdte", "uitspraak", "publicatie")
        .prefetch_related(
            Prefetch("partijen", queryset=CaseParty.objects.order_by("id")),
            Prefetch("panel", queryset=PanelMember.objects.order_by("status", "rol", "id")),
            Prefetch("uitkomsten", queryset=StepOutcome.objects.order_by("vastgelegd_op",
                                                                         "id")))),
        None)
    if case is None or not allowed(user, "arbitration.view_case", case):
        raise Http404
    return case


def case_file_for(user, case: Case) -> dict:
    """What the case page and its print show of a case from ``case_page_get_for``, as far as
    the user may read it: one query per list, each list read once however often the page
    tests and shows it; the users and the institutions that the rows of all lists name are
    read in one query each (a join in the query of every list cost more)."""
    visible = visible_to(user, case)
    mediation = getattr(case, "bemiddeling", None)
    ruling = ruling_for(user, case)
    people: list = []  # (row, field) links of the orders and addenda, read with the others
    institutions: list = []
    page = {
        "case": case,
        "ladder": ladder(case),
        "partijen": case.partijen.all(),
        "opleidingen": list(case.opleidingen.values("naam", "crebo")),
        "regios": list(case.regios.values("naam")),
        "outcomes": case.uitkomsten.all(),
        "records": _sorted(case.verslagen.all(), "op", "id"),
        "scope": getattr(case, "reikwijdte", None),
        "mediation": mediation,
        "sessions": (_sorted(mediation.sessies.all(), "datum", "id")
                     if mediation and Visibility.BEMIDDELING in visible else []),
        "panel": panel_of(case),
        "documents": _documents(case.documenten.all(), visible),
        "hearings": _sorted(case.hoorzittingen.all(), "datum", "id"),
        "questions": _sorted(case.vragen.all(), "gesteld_op", "id"),
        "ruling": ruling,
        "orders": orders_of(ruling, institutions=institutions) if ruling else [],
        "addenda": addenda_of(ruling, people=people) if ruling else [],
        "lessons": _sorted(case.leerpunten.all(), "op", "id"),
        "timeline": _sorted(_events(case, visible), "at", "id"),
        "impact_labels": IMPACT_FIGURES,
        "overdue": is_overdue(case),
        "published": getattr(case, "publicatie", None),
        "is_staff": is_staf(user),
        "is_panel": is_panel_member(user, case),
    }
    _attach(User.objects.all(), [
        *people,
        (case, "geopend_door"), (getattr(case, "uitspraak", None), "ondertekend_door"),
        *((m, "user") for m in page["panel"]),
        *((o, "vastgelegd_door") for o in page["outcomes"]),
        *((o, "goedgekeurd_door") for o in page["outcomes"]),
        *((r, "door") for r in page["records"]),
        *((d, "toegevoegd_door") for d in page["documents"]),
        *((e, "actor") for e in page["timeline"])])
    _attach(Instelling.objects.all(), [
        *institutions,
        *((p, "instelling") for p in page["partijen"]),
        *((d, "instelling") for d in page["documents"]),
        *((q, "aan") for q in page["questions"]),
        *((q, "beantwoord_namens") for q in page["questions"]),
        *((x, "instelling") for x in page["lessons"])])
    return page


def _sorted(rows: QuerySet, *fields: str) -> list:
    """The rows sorted by ``fields`` (never null, the last one unique) in Python, as
    ``order_by(*fields)`` sorts them: for the handful of rows of one case, Django takes
    longer to compile an ORDER BY than Python takes to sort."""
    return sorted(rows.order_by(), key=attrgetter(*fields))


def _attach(queryset: QuerySet, links) -> list:
    """Give each (row, field) of ``links`` the object that its foreign key ``field`` names,
    read from ``queryset`` in one query for all rows (none if no row names one), as
    ``select_related`` would have in each row's own query. Returns the objects read."""
    links = [(row, field, getattr(row, row._meta.get_field(field).attname))
             for row, field in links if row is not None]
    found = queryset.order_by().in_bulk({pk for _row, _field, pk in links if pk is not None})
    for row, field, pk in links:
        if pk in found:
            setattr(row, field, found[pk])
    return list(found.values())


def disputed_proposals_without_case() -> QuerySet:
    """Proposals in dispute for which no case has been opened yet."""
    return (Proposal.objects.filter(status=ProposalStatus.GESCHIL)
            .exclude(Exists(Case.objects.filter(proposal=OuterRef("pk"))))
            .select_related("instelling").order_by("id"))


def escalation_of(user, proposal: Proposal) -> dict:
    """For the proposal page: the cases about this proposal the user may open, and whether
    the user may open one now (a disputed proposal without a case, staff only)."""
    return {
        # The page names and links the cases; it does not list their parties.
        "dispute_cases": list(case_list_for(user).filter(proposal=proposal)
                              .prefetch_related(None).order_by("-geopend_op", "-id")),
        "may_open_case": (allowed(user, "arbitration.open_case_from_proposal", proposal)
                          and proposal.status == ProposalStatus.GESCHIL
                          and disputed_proposals_without_case().filter(pk=proposal.pk).exists()),
    }


def proposal_dossier(proposal: Proposal) -> dict:
    """What the case file keeps of a disputed proposal: the version, its impact and signals,
    the dispute, the responses and the conversation (plain data, so it never changes)."""
    version = proposal.latest_version()
    impact = (version.impact or {}) if version else {}
    labels = dict(Kijkrichting.choices)
    dispute = proposal.geschillen.select_related("instelling", "gemeld_door").order_by(
        "-gemeld_op", "-id").first()
    deltas = impact.get("deltas") or {}
    before, after = impact.get("before") or {}, impact.get("after") or {}
    return {
        "voorstel": {
            "id": proposal.pk, "titel": proposal.titel, "soort": proposal.get_soort_display(),
            "instelling": proposal.instelling.naam,
            "versie": version.nummer if version else None,
            "samenvatting": version.samenvatting if version else "",
            "motivatie": [{"kijkrichting": str(labels[k]), "tekst": v}
                          for k, v in (version.motivatie if version else {}).items()
                          if k in labels],
            "ingediend_op": proposal.ingediend_op.isoformat() if proposal.ingediend_op else None,
        },
        "wijzigingen": [{"tekst": str(c), "ingangsdatum": c.ingangsdatum.isoformat(),
                         "instelling": c.instelling.naam}
                        for c in (version.wijzigingen.select_related(
                            "opleiding", "locatie", "instelling") if version else [])],
        "impact": {
            "cijfers": [{"key": key, "voor": before.get(key), "na": after.get(key),
                         "verschil": deltas.get(key)}
                        for key in IMPACT_FIGURES if key in deltas],
            "overlap_nieuw": [
                {"gemeente": r.get("gemeente_naam") or r.get("gemeente_code"),
                 "instelling": r.get("other_instelling_naam"), "crebo": r.get("crebo"),
                 "onderbouwd": r.get("onderbouwd")}
                for r in (impact.get("overlap_new") or [])[:50]],
            "dekking_verloren": [
                {"gemeente": r.get("gemeente_naam") or r.get("gemeente_code"),
                 "crebo": r.get("crebo"), "inwoners": r.get("inwoners")}
                for r in (impact.get("coverage_lost") or [])[:50]],
            "synthetisch": bool(impact.get("synthetisch")),
        },
        "signalen": [{"ernst": s.get("ernst"), "tekst": s.get("tekst")}
                     for s in (version.signalen if version else []) or []],
        "geschil": {
            "reden": dispute.reden if dispute else "",
            "gemeld_door": str(dispute.gemeld_door) if dispute and dispute.gemeld_door else "",
            "instelling": dispute.instelling.naam if dispute and dispute.instelling else "",
            "gemeld_op": dispute.gemeld_op.isoformat() if dispute else None,
        },
        "reacties": [{
            "instelling": r.instelling.naam, "soort": r.get_soort_display(),
            "redenen": [{"kijkrichting": str(label), "tekst": text}
                        for label, text in r.redenen_items()],
            "toelichting": r.toelichting, "versie": r.versie,
        } for r in proposal.reacties.select_related("instelling")],
        "berichten": [{
            "id": m.pk, "antwoord_op": m.parent_id, "auteur": str(m.auteur),
            "instelling": m.instelling.naam if m.instelling else "", "tekst": m.tekst,
            "geplaatst_op": m.geplaatst_op.isoformat(),
        } for m in proposal.berichten.select_related("auteur", "instelling")],
    }


def timeline_for(user, case: Case) -> QuerySet:
    """The timeline entries the user may read (mediation and deliberation are restricted)."""
    return _events(case, visible_to(user, case)).select_related("actor").order_by("at", "id")


def _events(case: Case, visible: set[str]) -> QuerySet:
    """The case's timeline entries with a visibility in ``visible``."""
    return case.events.filter(zichtbaarheid__in=visible)


def documents_for(user, case: Case) -> list[CaseDocument]:
    """The documents of the case file the user may read."""
    return _documents(case.documenten.select_related("instelling", "toegevoegd_door"),
                      visible_to(user, case))


def _documents(documents: QuerySet, visible: set[str]) -> list[CaseDocument]:
    """The documents of ``documents`` (one case's) with a visibility in ``visible``, in the
    order they were added."""
    return [d for d in _sorted(documents, "toegevoegd_op", "id") if d.zichtbaarheid in visible]


def ruling_for(user, case: Case):
    """The ruling: parties and the board see it once signed; the panel and staff see drafts."""
    ruling = getattr(case, "uitspraak", None)
    if ruling is None:
        return None
    if ruling.signed or is_staf(user) or is_panel_member(user, case):
        return ruling
    return None


def orders_of(ruling, *, institutions: list | None = None) -> list[Order]:
    """The orders of a ruling with what their rows show: the responsible institution, the
    offering (with its programme, institution and location) or the programme and location.
    Each kind of object is read in one query for all orders, and only if an order names one.

    ``institutions``: a list to add the (row, field) links of the institutions to, for the
    caller to read them with its own (see ``_attach``); without it they are read here."""
    orders = _sorted(ruling.lasten.all(), "volgorde", "id")
    offerings = _attach(Aanbod.objects.select_related("opleiding", "locatie"),
                        [(o, "aanbod") for o in orders])
    _attach(Opleiding.objects.all(), [(o, "opleiding") for o in orders])
    _attach(Locatie.objects.all(), [(o, "locatie") for o in orders])
    links = [(x, "instelling") for x in (*orders, *offerings)]
    if institutions is None:
        _attach(Instelling.objects.all(), links)
    else:
        institutions.extend(links)
    return orders


def addenda_of(ruling, *, people: list | None = None) -> list:
    """The addenda of a ruling, in order, with who signed them (``people``: as
    ``institutions`` of ``orders_of``)."""
    addenda = _sorted(ruling.addenda.all(), "nummer")
    links = [(a, "ondertekend_door") for a in addenda]
    if people is None:
        _attach(User.objects.all(), links)
    else:
        people.extend(links)
    return addenda


def ladder(case: Case) -> list[dict]:
    """The ladder as the case page draws it: per step, done / current / skipped / to come."""
    outcomes = {o.stap: o for o in case.uitkomsten.all()}
    position = case.ladder_position
    if case.stage not in LADDER:
        # An ended case stopped at the last step it has a record for.
        passed = [LADDER.index(e.old) for e in case.events.filter(new=case.stage)
                  if e.old in LADDER]
        position = max(passed, default=0)
    steps = []
    for i, stage in enumerate(LADDER):
        outcome = outcomes.get(stage)
        if outcome and outcome.uitkomst == StepOutcome.Result.OVERGESLAGEN and not outcome.pending:
            state = "overgeslagen"
        elif i < position:
            state = "gedaan"
        elif i == position:
            state = "huidig" if case.stage in LADDER else "gestopt"
        else:
            state = "komt"
        steps.append({"stage": stage, "label": Stage(stage).label, "state": state,
                      "outcome": outcome})
    return steps


def _panel() -> QuerySet:
    return PanelMember.objects.select_related("user__instelling").order_by("status", "rol", "id")


def panel_of(case: Case) -> QuerySet:
    """Everyone who was appointed to the panel, with their current status (as loaded by
    ``case_page_get_for`` if the case came from there)."""
    if prefetched(case, "panel") is not None:
        return case.panel.all()
    return _panel().filter(case=case)


def panel_candidates(case: Case) -> list[dict]:
    """Chairs and commission members with their conflicts of interest for this case."""
    from .services.panel import conflicts_of

    seated = set(case.panel.filter(status=PanelMember.Status.BENOEMD)
                 .values_list("user_id", flat=True))
    users = (User.objects.filter(rol__in=[Rol.VOORZITTER, Rol.COMMISSIE], is_active=True)
             .select_related("instelling").order_by("rol", "last_name", "username"))
    return [{"user": u, "rol": "voorzitter" if u.rol == Rol.VOORZITTER else "lid",
             "conflicts": conflicts_of(u, case), "seated": u.pk in seated} for u in users]


def published_list() -> QuerySet:
    """The public casuïstiek library: published, anonymised summaries."""
    return PublishedCase.objects.select_related("btg", "arbeidsmarktregio").order_by(
        "-gepubliceerd_op", "-id")


def public_lessons() -> QuerySet:
    """Lessons learned that their authors made public, from closed cases."""
    return (Lesson.objects.filter(openbaar=True, case__stage=Stage.GESLOTEN)
            .select_related("case__publicatie").order_by("-op", "-id"))


def overdue_cases() -> QuerySet:
    """Running cases past the deadline of their step."""
    return (Case.objects.exclude(stage__in=ENDED)
            .filter(opgeschort_op__isnull=True, termijn__lt=timezone.localdate()))


def is_overdue(case: Case) -> bool:
    """Whether the case is one of ``overdue_cases()`` (as loaded, without asking again)."""
    return (case.stage not in ENDED and case.opgeschort_op is None
            and case.termijn is not None and case.termijn < timezone.localdate())


def interests_of(user) -> QuerySet:
    """The user's declared interests, newest first."""
    return (InterestDeclaration.objects.filter(user=user)
            .select_related("instelling", "opleiding", "arbeidsmarktregio"))

