"""Reads of the proposals app for pages, API, services and tasks."""
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from mbo_regie.accounts.models import Rol, User
from mbo_regie.accounts.predicates import is_bestuurder, is_staf
from mbo_regie.prefetch import prefetched

from . import diff
from .models import (
    IN_CONSULTATION,
    AgendaItem,
    Change,
    Invitation,
    Kijkrichting,
    Notification,
    Overleg,
    Proposal,
    ProposalVersion,
    Response,
    Signature,
    Status,
)

ACTING_ROLES = (Rol.BESTUURDER, Rol.COMMISSIE)


def proposal_list_for(user) -> QuerySet:
    """Proposals the user may read: all for staff, otherwise submitted ones plus own concepts."""
    qs = Proposal.objects.select_related("instelling")
    if is_staf(user):
        return qs
    visible = ~Q(status=Status.CONCEPT)
    if is_bestuurder(user):
        partner = Change.objects.filter(versie__proposal=OuterRef("pk"),
                                        instelling_id=user.instelling_id)
        visible |= Q(instelling_id=user.instelling_id) | Q(
            Exists(partner), soort__in=["samen_uitvoeren", "uitruilen"])
    return qs.filter(visible)


def proposal_get_for(user, pk) -> Proposal:
    """One readable proposal or 404: a concept of another institution does not exist for you."""
    try:
        return proposal_list_for(user).select_related("aangemaakt_door").get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


# What a row of changes shows (version_changes), in the order the pages list them.
CHANGE_RELATED = ("instelling", "opleiding__btg", "locatie__gemeente", "aanbod")


def proposal_page_get(user, pk) -> Proposal:
    """One readable proposal (else 404) with the rows its page reads several times.

    Prefetched: every version (by number) with its changes, and for a swap or joint proposal
    its signatures; once submitted, the invitations and the responses. A draft is loaded with
    the rest, but only the views decide who gets to see it.
    """
    proposal = proposal_get_for(user, pk)
    # The page shows a change's institution, programme, location and gemeente; every join
    # more costs more to plan than the rows weigh.
    changes = Change.objects.select_related("instelling", "opleiding", "locatie__gemeente")
    versions = ProposalVersion.objects.order_by("nummer").prefetch_related(
        Prefetch("wijzigingen", changes.order_by("id")))
    if proposal.is_joint:
        versions = versions.prefetch_related(Prefetch(
            "ondertekeningen",
            Signature.objects.select_related("instelling", "ondertekend_door")))
    lookups = [Prefetch("versies", versions)]
    if proposal.status != Status.CONCEPT:
        # Invitations and responses come with the submission.
        lookups += [Prefetch("uitnodigingen", Invitation.objects.select_related("instelling")),
                    Prefetch("reacties", Response.objects.select_related("instelling"))]
    prefetch_related_objects([proposal], *lookups)
    return proposal


def published_versions(proposal: Proposal) -> list[ProposalVersion]:
    """The published versions, oldest first."""
    rows = prefetched(proposal, "versies")
    if rows is None:
        return list(proposal.versies.filter(gepubliceerd_op__isnull=False).order_by("nummer"))
    return [v for v in rows if v.gepubliceerd_op is not None]


def draft_of(proposal: Proposal) -> ProposalVersion | None:
    """The version the proposer is editing, or None (``Proposal.draft``)."""
    rows = prefetched(proposal, "versies")
    if rows is None:
        return proposal.draft()
    return next((v for v in rows if v.gepubliceerd_op is None), None)


def version_changes(version: ProposalVersion) -> QuerySet:
    """The changes of a version with everything a row shows."""
    rows = prefetched(version, "wijzigingen")
    if rows is not None:
        return rows
    return version.wijzigingen.select_related(*CHANGE_RELATED).order_by("id")


def change_key(change: Change) -> str:
    """Identity of a change across versions: action, institution, programme, place, leerweg."""
    return (f"{change.actie}|{change.instelling_id}|{change.opleiding_id}|{change.locatie_id}"
            f"|{change.leerweg}")


def version_snapshot(version: ProposalVersion) -> dict:
    """A version as plain data, for the diff between versions."""
    return {
        "samenvatting": version.samenvatting,
        "motivatie": dict(version.motivatie),
        "wijzigingen": [{
            "key": change_key(c), "label": str(c), "actie": c.actie,
            "studenten": c.studenten, "capaciteit": c.capaciteit,
            "ingangsdatum": c.ingangsdatum.isoformat(), "profiel": c.profiel,
            "capaciteit_onderbouwing": c.capaciteit_onderbouwing,
        } for c in version_changes(version)],
    }


def _labelled(result: dict) -> dict:
    """The diff with perspective and field labels instead of codes, for the page."""
    perspectives = dict(Kijkrichting.choices)
    result["motivatie"] = [(perspectives.get(code, code), seg) for code, seg in result["motivatie"]]
    result["gewijzigd"] = [
        (change, [(Change._meta.get_field(f).verbose_name, old, new) for f, old, new in fields])
        for change, fields in result["gewijzigd"]]
    return result


def version_history(proposal: Proposal) -> list[tuple[ProposalVersion, dict | None]]:
    """Published versions, newest first, each with its diff against the one before."""
    out, previous = [], None
    for version in published_versions(proposal):
        snap = version_snapshot(version)
        out.append((version, _labelled(diff.snapshot_diff(previous, snap)) if previous else None))
        previous = snap
    return out[::-1]


def version_diff_to_previous(version: ProposalVersion) -> dict | None:
    """The diff of a version (draft or published) against the latest published one before it."""
    if prefetched(version.proposal, "versies") is not None:
        before = next((v for v in reversed(published_versions(version.proposal))
                       if v.nummer < version.nummer), None)
    else:
        before = (version.proposal.versies.filter(gepubliceerd_op__isnull=False,
                                                  nummer__lt=version.nummer)
                  .order_by("-nummer").first())
    if before is None:
        return None
    return _labelled(diff.snapshot_diff(version_snapshot(before), version_snapshot(version)))


def impact_input(version: ProposalVersion) -> list[dict]:
    """The version's changes in the shape ``portfolio.impact.impact_of_changes`` takes.

    Re-profiling leaves numbers and places unchanged, so it is not part of the what-if.
    """
    return [{
        "action": c.actie, "instelling_id": c.instelling_id, "opleiding_id": c.opleiding_id,
        "locatie_id": c.locatie_id, "leerweg": c.leerweg, "aanbod_id": c.aanbod_id,
        "studenten": c.studenten, "capaciteit": c.capaciteit, "onderbouwd": c.onderbouwd,
    } for c in version_changes(version) if c.actie != "profile"]


def checks_input(version: ProposalVersion, impact: dict | None = None) -> dict:
    """The version described for ``checks.proposal_signals`` (with names for the impact rows)."""
    from portfolio.models import Gemeente, Instelling

    proposal = version.proposal
    thinning = (impact or {}).get("thinning", [])
    inst_ids = {r.get("instelling_id") for r in thinning if r.get("instelling_id")}
    codes = {r.get("gemeente_code") for r in thinning if r.get("gemeente_code")}
    gemeld = proposal.ingediend_op or version.gepubliceerd_op
    return {
        "gemeld_op": timezone.localdate(gemeld) if gemeld else timezone.localdate(),
        "wijzigingen": [{
            "actie": c.actie, "crebo": c.opleiding.crebo, "opleiding_naam": c.opleiding.naam,
            "specialistisch": c.opleiding.specialistisch, "btg_code": c.opleiding.btg.code,
            "btg_naam": c.opleiding.btg.naam, "onderbouwd": c.onderbouwd,
            "ingangsdatum": c.ingangsdatum,
        } for c in version_changes(version)],
        "instellingen": dict(Instelling.objects.filter(pk__in=inst_ids)
                             .values_list("pk", "naam")),
        "gemeenten": dict(Gemeente.objects.filter(code__in=codes).values_list("code", "naam")),
    }


def signatures_of(version: ProposalVersion) -> QuerySet:
    """Who signed a version for which institution, in signing order."""
    rows = prefetched(version, "ondertekeningen")
    if rows is not None:
        return rows
    return version.ondertekeningen.select_related("instelling", "ondertekend_door")


def involved_instelling_ids(version: ProposalVersion) -> set[int]:
    """Institutions whose offering a version changes (the parties of a swap or joint plan)."""
    changes = prefetched(version, "wijzigingen")
    if changes is not None:
        return {c.instelling_id for c in changes}
    return set(version.wijzigingen.values_list("instelling_id", flat=True))


def missing_signatures(proposal: Proposal, version: ProposalVersion) -> list:
    """Partner institutions of a swap or joint proposal that have not signed this version."""
    if not proposal.is_joint:
        return []
    from portfolio.models import Instelling

    signatures = prefetched(version, "ondertekeningen")
    if signatures is not None:
        signed = {s.instelling_id for s in signatures}
    else:
        signed = set(Signature.objects.filter(versie=version).values_list("instelling_id",
                                                                           flat=True))
    needed = involved_instelling_ids(version) - {proposal.instelling_id} - signed
    changes = prefetched(version, "wijzigingen")
    if changes is not None:
        # The changes carry their institution already.
        partners = {c.instelling_id: c.instelling for c in changes if c.instelling_id in needed}
        return sorted(partners.values(), key=lambda i: i.naam)
    return list(Instelling.objects.filter(pk__in=needed).order_by("naam"))


def acting_users(instelling_ids) -> QuerySet:
    """Active users who act for one of these institutions (bestuurders, commission members)."""
    return User.objects.filter(instelling_id__in=list(instelling_ids), rol__in=ACTING_ROLES,
                               is_active=True)


def staff_users() -> QuerySet:
    """Active MBO Raad staff."""
    return User.objects.filter(rol=Rol.STAF, is_active=True)


def party_instelling_ids(proposal: Proposal) -> set[int]:
    """The proposer, its partners and every invited institution."""
    ids = {proposal.instelling_id}
    ids |= set(Change.objects.filter(versie__proposal=proposal)
               .values_list("instelling_id", flat=True))
    ids |= set(proposal.uitnodigingen.values_list("instelling_id", flat=True))
    return ids


def consultation_rows(proposal: Proposal) -> list[dict]:
    """Per invited institution: why it is involved and its response (or None)."""
    responses = {r.instelling_id: r for r in _responses(proposal)}
    return [{"uitnodiging": inv, "reactie": responses.get(inv.instelling_id)}
            for inv in _invitations(proposal)]


def _responses(proposal: Proposal) -> QuerySet:
    rows = prefetched(proposal, "reacties")
    return rows if rows is not None else proposal.reacties.select_related("instelling")


def _invitations(proposal: Proposal) -> QuerySet:
    rows = prefetched(proposal, "uitnodigingen")
    return rows if rows is not None else proposal.uitnodigingen.select_related("instelling")


def response_counts(proposal: Proposal) -> dict[str, int]:
    """How many institutions agreed, gave a view, objected, or have not answered yet."""
    responses = prefetched(proposal, "reacties")
    invitations = prefetched(proposal, "uitnodigingen")
    if responses is not None and invitations is not None:
        counts: dict[str, int] = {}
        for r in responses:
            counts[r.soort] = counts.get(r.soort, 0) + 1
        invited = len(invitations)
    else:
        counts = dict(proposal.reacties.values_list("soort").annotate(n=Count("id")))
        invited = proposal.uitnodigingen.count()
    return {"instemming": counts.get("instemming", 0), "zienswijze": counts.get("zienswijze", 0),
            "bezwaar": counts.get("bezwaar", 0),
            "open": max(invited - sum(counts.values()), 0), "uitgenodigd": invited}


def response_for(proposal: Proposal, user) -> Response | None:
    """The response of the user's institution, if any."""
    if not getattr(user, "instelling_id", None):
        return None
    responses = prefetched(proposal, "reacties")
    if responses is not None:
        return next((r for r in responses if r.instelling_id == user.instelling_id), None)
    return proposal.reacties.filter(instelling_id=user.instelling_id).first()


def inbox_for(user) -> dict[str, list]:
    """What waits for this user ("mijn acties"), section by section."""
    today = timezone.localdate()
    out: dict[str, list] = {"reageren": [], "ondertekenen": [], "afronden": [], "besluiten": [],
                            "geschillen": [], "uitvoeren": [], "concepten": []}
    if is_bestuurder(user):
        own = Proposal.objects.filter(instelling_id=user.instelling_id)
        answered = Response.objects.filter(proposal=OuterRef("pk"),
                                           instelling_id=user.instelling_id)
        out["reageren"] = list(
            Proposal.objects.filter(status__in=IN_CONSULTATION, consultatie_tot__gte=today,
                                    uitnodigingen__instelling_id=user.instelling_id)
            .exclude(Exists(answered)).select_related("instelling").order_by("consultatie_tot"))
        signed = Signature.objects.filter(versie__proposal=OuterRef("pk"),
                                          versie__gepubliceerd_op__isnull=True,
                                          instelling_id=user.instelling_id)
        out["ondertekenen"] = list(
            Proposal.objects.filter(soort__in=["samen_uitvoeren", "uitruilen"],
                                    status__in=[Status.CONCEPT, *IN_CONSULTATION],
                                    versies__gepubliceerd_op__isnull=True,
                                    versies__wijzigingen__instelling_id=user.instelling_id)
            .exclude(instelling_id=user.instelling_id).exclude(Exists(signed))
            .select_related("instelling").distinct())
        out["afronden"] = [p for p in own.filter(status__in=IN_CONSULTATION)
                           if p.consultation_complete()]
        out["besluiten"] = list(own.filter(status=Status.AFGESTEMD))
        out["concepten"] = list(own.filter(status=Status.CONCEPT))
    if is_staf(user):
        out["geschillen"] = list(Proposal.objects.filter(status=Status.GESCHIL)
                                 .select_related("instelling"))
        out["uitvoeren"] = [p for p in Proposal.objects.filter(status=Status.BESLOTEN)
                            .select_related("instelling") if p.effective_date_reached()]
    return out


def notifications_for(user) -> QuerySet:
    """The user's notifications, newest first."""
    return Notification.objects.filter(ontvanger=user).select_related("proposal")


def unread_count(user) -> int:
    """Unread notifications of the user (for the inbox link)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(ontvanger=user, gelezen_op__isnull=True).count()


def overleg_list() -> QuerySet:
    """Consultation meetings with their region or btg and agenda size."""
    return (Overleg.objects.select_related("arbeidsmarktregio", "btg")
            .annotate(n_agenda=Count("agenda")).order_by("-datum", "-id"))


def overleg_agenda(overleg: Overleg) -> list[dict]:
    """Agenda items with the proposal's response counts, for the meeting page."""
    items = (AgendaItem.objects.filter(overleg=overleg)
             .select_related("proposal__instelling").order_by("volgorde", "id"))
    return [{"item": item, "counts": response_counts(item.proposal),
             "rows": consultation_rows(item.proposal)} for item in items]


def overleg_candidates(overleg: Overleg) -> QuerySet:
    """Submitted proposals that touch the meeting's region or btg and are not on its agenda."""
    qs = Proposal.objects.exclude(status__in=[Status.CONCEPT, Status.INGETROKKEN]).exclude(
        agendapunten__overleg=overleg)
    if overleg.arbeidsmarktregio_id:
        qs = qs.filter(Q(versies__wijzigingen__locatie__gemeente__arbeidsmarktregio_id=overleg
                         .arbeidsmarktregio_id) | Q(instelling__home_gemeente__arbeidsmarktregio_id=
                                                    overleg.arbeidsmarktregio_id))
    elif overleg.btg_id:
        qs = qs.filter(versies__wijzigingen__opleiding__btg_id=overleg.btg_id)
    return qs.select_related("instelling").distinct().order_by("-ingediend_op")


def invitation_ids(proposal: Proposal) -> set[int]:
    """Institutions already invited to respond."""
    return set(Invitation.objects.filter(proposal=proposal).values_list("instelling_id",
                                                                         flat=True))



# Headline figures of the impact snapshot, in reading order; "share" values are fractions.
IMPACT_FIGURES = [
    ("programmes_offered", _("Aangeboden opleidingen (crebo's)"), "count"),
    ("offerings", _("Aanbod (instelling × opleiding × locatie × leerweg)"), "count"),
    ("studenten", _("Studenten"), "count"),
    ("national_coverage_share", _("Landelijke dekking"), "share"),
    ("white_spot_pairs", _("Witte vlekken (gemeente × opleiding)"), "count"),
    ("white_spot_population_sum", _("Inwoners in witte vlekken (opgeteld)"), "count"),
    ("overlap_pairs", _("Overlap (paren aanbieders)"), "count"),
    ("overlap_flagged", _("Overlap zonder onderbouwing"), "count"),
    ("overlap_flagged_same_gemeente", _("… waarvan in dezelfde gemeente"), "count"),
    ("thinning_risk", _("Aanbod met verschralingsrisico"), "count"),
    ("sole_provider_krimp", _("Enige aanbieder in een krimpregio"), "count"),
    ("low_enrolment", _("Aanbod met weinig studenten"), "count"),
    ("specialist_programmes", _("Specialistische opleidingen"), "count"),
    ("specialist_recent_starts_flagged",
     _("Recente starts van specialistische opleidingen zonder onderbouwing"), "count"),
]
REASONS = {
    "partner": _("partner in het voorstel"),
    "overlap": _("nieuwe overlap: dezelfde opleiding in de buurt"),
    "same_programme_region": _("biedt dezelfde opleiding aan in dezelfde arbeidsmarktregio"),
    "same_programme_nearby": _("biedt dezelfde opleiding aan binnen de reistijdgrens"),
    "sole_provider_nearby": _("enige aanbieder in de buurt van een opleiding in dezelfde btg "
                              "en op hetzelfde niveau"),
    "impact": _("geraakt volgens de impactanalyse"),
}


def impact_rows(impact: dict | None) -> list[dict]:
    """Before, after and delta of the headline figures that the snapshot holds."""
    if not impact:
        return []
    before, after = impact.get("before", {}), impact.get("after", {})
    deltas = impact.get("deltas", {})
    rows = []
    for key, label, kind in IMPACT_FIGURES:
        if key not in before and key not in deltas:
            continue
        b, a = before.get(key), after.get(key)
        d = deltas.get(key)
        if d is None and isinstance(a, int | float) and isinstance(b, int | float):
            d = a - b
        rows.append({"key": key, "label": label, "kind": kind, "before": _fmt(b, kind),
                     "after": _fmt(a, kind), "delta": _fmt(d, kind, sign=True),
                     "changed": bool(d)})
    return rows


def _fmt(value, kind: str, sign: bool = False) -> str:
    """A figure as the reader expects it: shares as percentages, counts with separators."""
    if not isinstance(value, int | float):
        return "–"
    if kind == "share":
        text = number_format(value * 100, 2, use_l10n=True, force_grouping=True) + " %"
    else:
        text = number_format(round(value), 0, use_l10n=True, force_grouping=True)
    return f"+{text}" if sign and value > 0 else text


def affected_for(proposal: Proposal, version: ProposalVersion | None) -> list[dict]:
    """Affected institutions with the reasons: the invitations once submitted, else the
    draft's impact snapshot."""
    from portfolio.models import Instelling

    if proposal.status != Status.CONCEPT:
        return [{"instelling": inv.instelling,
                 "redenen": [REASONS.get(r, r) for r in inv.redenen]}
                for inv in _invitations(proposal)]
    if version is None:
        return []
    reasons = affected_reasons(proposal, version)
    return [{"instelling": i, "redenen": [REASONS[r] for r in sorted(reasons[i.pk])]}
            for i in Instelling.objects.filter(pk__in=reasons).order_by("naam")]


def affected_reasons(proposal: Proposal, version: ProposalVersion) -> dict[int, set[str]]:
    """Reason codes per affected institution (not the proposer) from a version's snapshot."""
    impact = version.impact or {}
    reasons: dict[int, set[str]] = {}
    for row in impact.get("affected", []):
        if row.get("reason") in REASONS:
            reasons.setdefault(int(row["instelling_id"]), set()).add(row["reason"])
    for pk in impact.get("affected_instelling_ids", []):
        if not reasons.get(int(pk)):
            reasons[int(pk)] = {"impact"}
    for row in impact.get("overlap_new", []):
        if row.get("other_instelling_id"):
            reasons.setdefault(int(row["other_instelling_id"]), set()).add("overlap")
    for pk in involved_instelling_ids(version):
        reasons.setdefault(pk, set()).add("partner")
    reasons.pop(proposal.instelling_id, None)
    return reasons
