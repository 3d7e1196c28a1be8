"""A few realistic example proposals, so the local portal is not empty (``make run``).

Everything is labelled: titles start with "Voorbeeld:", proposals and meetings carry
``voorbeeld=True`` and never send e-mail. Institutions and programmes are found by query on
the reference data and the (synthetic) portfolio, preferring the demo accounts' institutions.
Idempotent: an example whose title exists is left alone.
"""
import datetime
import logging

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from mbo_regie.accounts.models import Rol, User
from mbo_regie.errors import DomainError
from portfolio.models import Aanbod, Instelling, Locatie

from ..models import Overleg, Proposal
from . import consultations, conversation, drafts, lifecycle

logger = logging.getLogger(__name__)
PREFIX = "Voorbeeld: "
HOME_BRIN = "25PZ"  # ROC van Amsterdam, the institution of the demo bestuurder

MOTIVATIE = {
    "maatschappelijke_relevantie": "De regionale arbeidsmarkt vraagt structureel om meer "
                                   "vakmensen in dit beroep.",
    "regionale_dekking": "Studenten uit het noorden van de regio reizen nu lang.",
    "studentperspectief": "Korter reizen verkleint de kans op uitval in het eerste jaar.",
    "onderscheidend": "Wij bieden het aan met een eigen praktijkroute bij leerbedrijven.",
    "diversiteit": "De opleiding trekt studenten die nu niet voor het mbo kiezen.",
    "doelmatigheid": "Wij benutten bestaande praktijklokalen; er is geen nieuwbouw nodig.",
    "impact_op_anderen": "Wij stemmen de instroom af met de andere aanbieders in de regio.",
}


def _acting_user(instelling: Instelling) -> User:
    """A user acting for the institution: a demo account if there is one, else an example
    bestuurder that cannot log in."""
    user = (User.objects.filter(instelling=instelling, rol__in=[Rol.BESTUURDER, Rol.COMMISSIE],
                                is_active=True).order_by("-hoofdvertegenwoordiger", "id").first())
    if user is not None:
        return user
    user, _created = User.objects.get_or_create(
        username=f"voorbeeld-{instelling.brin.lower()}",
        defaults={"rol": Rol.BESTUURDER, "instelling": instelling, "first_name": "Voorbeeld",
                  "last_name": f"bestuurder {instelling.naam}", "password": make_password(None)})
    return user


def _institutions() -> tuple[Instelling, Instelling]:
    """The demo bestuurder's institution and a neighbour with a location in the same gemeente."""
    with_offer = Instelling.objects.annotate(n=Count("aanbod")).filter(n__gt=0)
    home = with_offer.filter(brin=HOME_BRIN).first() or with_offer.filter(
        type=Instelling.Type.ROC).order_by("brin").first()
    if home is None:
        raise DomainError("Laad eerst de referentiedata en het (synthetische) aanbod.")
    demo2 = User.objects.filter(username="bestuurder2").exclude(instelling=home).first()
    gemeenten = Locatie.objects.filter(instelling=home).values("gemeente")
    neighbour = (with_offer.exclude(pk=home.pk)
                 .filter(locaties__gemeente__in=gemeenten).distinct().order_by("brin"))
    if demo2 and demo2.instelling and neighbour.filter(pk=demo2.instelling_id).exists():
        return home, demo2.instelling
    if not neighbour.exists():
        raise DomainError("Geen buurinstelling met een locatie in dezelfde gemeente gevonden.")
    return home, neighbour.first()


def _shared_gemeente_offer(home, neighbour):
    """An offering of the neighbour in a gemeente where home has a location but not that
    programme: starting it there creates overlap."""
    home_same = Aanbod.objects.filter(instelling=home, opleiding=OuterRef("opleiding"))
    return (Aanbod.objects.filter(instelling=neighbour, status=Aanbod.Status.ACTIEF,
                                  locatie__gemeente__locaties__instelling=home)
            .exclude(Exists(home_same)).select_related("opleiding", "locatie__gemeente")
            .order_by("opleiding__crebo", "id").first())


def _both_offer(home, neighbour, exclude=()):
    """An active offering of home whose programme the neighbour also offers nearby."""
    theirs = Aanbod.objects.filter(instelling=neighbour, opleiding=OuterRef("opleiding"),
                                   status=Aanbod.Status.ACTIEF)
    return (Aanbod.objects.filter(instelling=home, status=Aanbod.Status.ACTIEF)
            .filter(Exists(theirs)).exclude(opleiding__in=list(exclude))
            .select_related("opleiding", "locatie").order_by("opleiding__crebo", "id").first())


def _new(actor, soort, titel, samenvatting):
    return drafts.proposal_create(actor=actor, soort=soort, titel=PREFIX + titel,
                                  samenvatting=samenvatting, voorbeeld=True)


def _finish(proposal, actor):
    drafts.proposal_update(proposal=proposal, actor=actor, motivatie=MOTIVATIE)


def _backdate(proposal, weeks_ago: int, term_weeks: int = 6) -> None:
    # Examples tell a story that started earlier; only their dates are set back.
    submitted = timezone.now() - datetime.timedelta(weeks=weeks_ago)
    Proposal.objects.filter(pk=proposal.pk).update(
        ingediend_op=submitted,
        consultatie_tot=timezone.localdate(submitted) + datetime.timedelta(weeks=term_weeks))
    proposal.refresh_from_db()


def _school_year(years_ahead: int) -> datetime.date:
    return datetime.date(timezone.localdate().year + years_ahead, 8, 1)


def _example_start(ctx, titel):
    """Home starts a programme the neighbour offers in the same gemeente; version 2 adds a
    distinctive profile (aangepast)."""
    offer = ctx["offer"]
    p = _new(ctx["me"], "starten", titel, f"{ctx['home'].naam} wil {offer.opleiding.naam} "
             f"starten in {offer.locatie.gemeente.naam}, waar {ctx['neighbour'].naam} die al "
             "aanbiedt.")
    locatie = Locatie.objects.filter(instelling=ctx["home"],
                                     gemeente=offer.locatie.gemeente).order_by("id").first()
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "start", "opleiding": offer.opleiding, "locatie": locatie,
        "leerweg": offer.leerweg, "ingangsdatum": _school_year(2), "studenten": 24,
        "capaciteit": 30})
    _finish(p, ctx["me"])
    lifecycle.proposal_submit(proposal=p, actor=ctx["me"])
    _backdate(p, weeks_ago=3)
    conversation.message_post(proposal=p, actor=ctx["them"], tekst=(
        "Wij bieden deze opleiding al aan in dezelfde gemeente. Wat maakt uw aanbod anders?"))
    draft = drafts.version_draft_start(proposal=p, actor=ctx["me"])
    drafts.change_update(change=draft.wijzigingen.get(), actor=ctx["me"], data={
        "studenten": 18, "profiel": "Met een eigen route voor zij-instromers in avondonderwijs."})
    drafts.proposal_update(proposal=p, actor=ctx["me"], toelichting_wijziging=(
        "Kleinere startgroep en een onderscheidend profiel voor zij-instromers."))
    return lifecycle.proposal_revise(proposal=p, actor=ctx["me"])


def _example_dispute(ctx, titel):
    """Home expands where the neighbour offers the same programme; the neighbour objects."""
    offer = ctx["expand"]
    p = _new(ctx["me"], "uitbreiden", titel, "Meer plaatsen voor een groeiende vraag.")
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "expand", "opleiding": offer.opleiding, "locatie": offer.locatie,
        "leerweg": offer.leerweg, "ingangsdatum": _school_year(1),
        "capaciteit": (offer.capaciteit or 40) + 40, "studenten": 70,
        "capaciteit_onderbouwing": "De wachtlijst is twee jaar op rij boven de 30."})
    _finish(p, ctx["me"])
    lifecycle.proposal_submit(proposal=p, actor=ctx["me"])
    _backdate(p, weeks_ago=5)
    conversation.response_save(proposal=p, actor=ctx["them"], soort="bezwaar", redenen={
        "regionale_dekking": "Er is voldoende aanbod in de regio.",
        "impact_op_anderen": "Onze instroom daalt als hier plaatsen bijkomen."})
    lifecycle.proposal_dispute(proposal=p, actor=ctx["me"], reden=(
        "Na twee gesprekken blijven wij van mening verschillen over de capaciteit."))
    return p


def _example_stop(ctx, titel):
    """Home stops a programme the neighbour also offers; agreed after the term."""
    offer = ctx["stop"]
    p = _new(ctx["me"], "stoppen", titel, f"Wij bundelen {offer.opleiding.naam} bij "
             f"{ctx['neighbour'].naam}, die het in dezelfde regio aanbiedt.")
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "stop", "opleiding": offer.opleiding, "locatie": offer.locatie,
        "leerweg": offer.leerweg, "ingangsdatum": _school_year(2)})
    _finish(p, ctx["me"])
    lifecycle.proposal_submit(proposal=p, actor=ctx["me"])
    if p.uitnodigingen.filter(instelling=ctx["neighbour"]).exists():
        conversation.response_save(proposal=p, actor=ctx["them"], soort="instemming")
    _backdate(p, weeks_ago=8)
    return lifecycle.proposal_conclude(proposal=p, actor=ctx["me"])


def _example_profile(ctx, titel):
    """Home re-profiles one of its programmes: no other institution is affected; decided."""
    offer = ctx["profile"]
    p = _new(ctx["me"], "profileren", titel, "Een herkenbaar profiel naast de andere "
             "aanbieders in de regio.")
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "profile", "opleiding": offer.opleiding, "locatie": offer.locatie,
        "leerweg": offer.leerweg, "ingangsdatum": _school_year(2),
        "profiel": "Uitstroomprofiel duurzame techniek, samen met het regionale bedrijfsleven."})
    _finish(p, ctx["me"])
    lifecycle.proposal_submit(proposal=p, actor=ctx["me"])
    lifecycle.proposal_conclude(proposal=p, actor=ctx["me"])
    return lifecycle.proposal_decide(proposal=p, actor=ctx["me"], besluit=(
        "Besloten na afstemming; gaat in bij de start van het schooljaar."))


def _example_neighbour_start(ctx, titel):
    """The neighbour starts a programme home offers nearby: waits for home's response."""
    offer = ctx["theirs"]
    p = drafts.proposal_create(actor=ctx["them"], soort="starten", titel=PREFIX + titel,
                               voorbeeld=True, samenvatting=(
                                   f"{ctx['neighbour'].naam} wil {offer.opleiding.naam} "
                                   "starten voor de groeiende vraag in de regio."))
    locatie = (Locatie.objects.filter(instelling=ctx["neighbour"],
                                      gemeente=offer.locatie.gemeente).order_by("id").first())
    drafts.change_add(proposal=p, actor=ctx["them"], data={
        "actie": "start", "opleiding": offer.opleiding, "locatie": locatie,
        "leerweg": offer.leerweg, "ingangsdatum": _school_year(2), "studenten": 20,
        "profiel": "Gericht op de haven en logistiek in het westen van de regio."})
    _finish(p, ctx["them"])
    return lifecycle.proposal_submit(proposal=p, actor=ctx["them"])


def _example_swap(ctx, titel):
    """Home hands a programme over to the neighbour: a concept awaiting the signature."""
    mine, gemeente = ctx["swap"], ctx["offer"].locatie.gemeente
    p = _new(ctx["me"], "uitruilen", titel, f"{ctx['home'].naam} draagt {mine.opleiding.naam} "
             f"over aan {ctx['neighbour'].naam} in {gemeente.naam}.")
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "stop", "opleiding": mine.opleiding, "locatie": mine.locatie,
        "leerweg": mine.leerweg, "ingangsdatum": _school_year(2)})
    drafts.change_add(proposal=p, actor=ctx["me"], data={
        "actie": "start", "opleiding": mine.opleiding, "locatie": ctx["offer"].locatie,
        "leerweg": mine.leerweg, "ingangsdatum": _school_year(2), "studenten": 20})
    _finish(p, ctx["me"])
    return p


def _context(home, neighbour) -> dict:
    """The offerings the examples are about, found by query."""
    offer = _shared_gemeente_offer(home, neighbour)
    expand = _both_offer(home, neighbour)
    stop = _both_offer(home, neighbour, exclude=[expand.opleiding_id] if expand else [])
    swap = None
    if offer is not None:
        swap = (Aanbod.objects.filter(instelling=home, status=Aanbod.Status.ACTIEF,
                                      locatie__gemeente=offer.locatie.gemeente)
                .exclude(opleiding__aanbod__instelling=neighbour)
                .select_related("opleiding", "locatie").order_by("id").first())
    return {
        "home": home, "neighbour": neighbour, "me": _acting_user(home),
        "them": _acting_user(neighbour), "offer": offer, "expand": expand, "stop": stop,
        "swap": swap, "theirs": _shared_gemeente_offer(neighbour, home),
        "profile": (Aanbod.objects.filter(instelling=home, status=Aanbod.Status.ACTIEF)
                    .select_related("opleiding", "locatie").order_by("-id").first()),
    }


EXAMPLES = [
    # (the offering it needs, its title, the builder)
    ("offer", lambda c: f"{c['offer'].opleiding.naam} starten in "
                        f"{c['offer'].locatie.gemeente.naam}", _example_start),
    ("expand", lambda c: f"{c['expand'].opleiding.naam} uitbreiden", _example_dispute),
    ("stop", lambda c: f"{c['stop'].opleiding.naam} stoppen op {c['stop'].locatie.naam}",
     _example_stop),
    ("profile", lambda c: f"{c['profile'].opleiding.naam} profileren", _example_profile),
    ("theirs", lambda c: f"{c['theirs'].opleiding.naam} starten bij {c['neighbour'].naam}",
     _example_neighbour_start),
    ("swap", lambda c: f"{c['swap'].opleiding.naam} overdragen aan {c['neighbour'].naam}",
     _example_swap),
]


def examples_seed() -> list[str]:
    """Create the missing example proposals and meeting; returns the titles created."""
    home, neighbour = _institutions()
    ctx = _context(home, neighbour)
    created: list[str] = []
    agenda = []
    for needs, title, build in EXAMPLES:
        if ctx[needs] is None:
            logger.warning("Voorbeeld '%s' overgeslagen: geen passend aanbod.", needs)
            continue
        titel = title(ctx)
        proposal = Proposal.objects.filter(titel=PREFIX + titel).first()
        if proposal is None:
            try:
                with transaction.atomic():
                    proposal = build(ctx, titel)
            except DomainError as exc:
                # The portfolio may not offer what an example needs; the others still come.
                logger.warning("Voorbeeld '%s' overgeslagen: %s", titel, exc.message)
                continue
            created.append(proposal.titel)
        if needs in ("offer", "expand", "theirs"):
            agenda.append(proposal)
    _meeting(home, agenda, created)
    return created


def _meeting(home, proposals, created) -> None:
    """A regional meeting in home's region with the examples under discussion."""
    regio = home.home_gemeente.arbeidsmarktregio if home.home_gemeente else None
    if regio is None:
        return
    titel = f"{PREFIX}Regionaal overleg {regio.naam}"
    if Overleg.objects.filter(titel=titel).exists():
        return
    with transaction.atomic():
        overleg = consultations.overleg_save(fields={
            "soort": Overleg.Soort.REGIONAAL, "titel": titel, "arbeidsmarktregio": regio,
            "datum": timezone.localdate() + datetime.timedelta(weeks=3),
            "notulen": "Agenda vastgesteld; de notulen volgen na het overleg."})
        Overleg.objects.filter(pk=overleg.pk).update(voorbeeld=True)
        for proposal in proposals:
            consultations.agenda_item_add(overleg=overleg, proposal=proposal)
    created.append(titel)
