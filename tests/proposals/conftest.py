"""Fixtures of the proposal tests: a small known portfolio and proposals in every state."""
import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from mbo_regie.celery import app as celery_app
from portfolio.models import IndicatorSettings
from portfolio.proposals.models import Kijkrichting, Status
from portfolio.proposals.services import conversation, drafts, lifecycle

# The browser tests share the lead's live-server fixtures (Chromium launch args, portal, login).
from tests.browser.conftest import (  # noqa: F401
    axe_violations,
    browser_type_launch_args,
    login,
    portal,
)
from tests.factories import (
    AanbodFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
)

MOTIVATIE = {code: f"Motivatie vanuit {label.lower()}." for code, label in Kijkrichting.choices}


@pytest.fixture(autouse=True)
def eager_celery():
    """Run tasks in process even when CI points Celery at Redis (mails land in the outbox)."""
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


@pytest.fixture
def small(regio_gemeente, instelling, instelling2):
    """Amsterdam (ROC van Amsterdam, ROC TOP), Zaanstad nearby, Groningen far away.

    ROC TOP offers Verzorgende-IG and Instrumentmaker in Amsterdam; Noorderpoort offers
    Verzorgende-IG and Entree in Groningen; ROC van Amsterdam offers Entree in Amsterdam.
    Only programmes at a single location count as specialist here.
    """
    IndicatorSettings.objects.create(specialist_max_locations=1)
    amsterdam = regio_gemeente
    amsterdam.lat, amsterdam.lon, amsterdam.inwoners = 52.37, 4.90, 900_000
    amsterdam.save()
    zaanstad = GemeenteFactory(code="GM0479", naam="Zaanstad", lat=52.47, lon=4.78,
                               inwoners=150_000, provincie=amsterdam.provincie,
                               arbeidsmarktregio=amsterdam.arbeidsmarktregio)
    groningen = GemeenteFactory(code="GM0014", naam="Groningen", lat=53.22, lon=6.57,
                                inwoners=230_000)
    noord = InstellingFactory(brin="25PJ", naam="Noorderpoort", home_gemeente=groningen)
    zorg = OpleidingFactory(crebo="25180", naam="Verzorgende-IG", niveau=3)
    entree = OpleidingFactory(crebo="25998", naam="Entree-assistent", niveau=2)
    spec = OpleidingFactory(crebo="25300", naam="Instrumentmaker", niveau=4,
                            specialistisch=True)
    ns = SimpleNamespace(
        amsterdam=amsterdam, zaanstad=zaanstad, groningen=groningen, roc=instelling,
        top=instelling2, noord=noord, zorg=zorg, entree=entree, spec=spec,
        roc_ams=LocatieFactory(instelling=instelling, gemeente=amsterdam, naam="ROC Amsterdam"),
        roc_zaan=LocatieFactory(instelling=instelling, gemeente=zaanstad, naam="ROC Zaandam"),
        top_ams=LocatieFactory(instelling=instelling2, gemeente=amsterdam, naam="TOP Amsterdam"),
        noord_gron=LocatieFactory(instelling=noord, gemeente=groningen, naam="Noorderpoort"),
    )
    ns.top_zorg = AanbodFactory(instelling=ns.top, opleiding=zorg, locatie=ns.top_ams,
                                capaciteit=80)
    ns.roc_entree = AanbodFactory(instelling=ns.roc, opleiding=entree, locatie=ns.roc_ams)
    ns.noord_zorg = AanbodFactory(instelling=noord, opleiding=zorg, locatie=ns.noord_gron)
    ns.noord_entree = AanbodFactory(instelling=noord, opleiding=entree, locatie=ns.noord_gron)
    ns.top_spec = AanbodFactory(instelling=ns.top, opleiding=spec, locatie=ns.top_ams,
                                capaciteit=20)
    for aanbod, n in ((ns.top_zorg, 60), (ns.roc_entree, 40), (ns.noord_zorg, 50),
                      (ns.noord_entree, 25), (ns.top_spec, 12)):
        InschrijvingFactory(aanbod=aanbod, jaar=2025, studenten=n)
    return ns


def start_zorg(small, *, when=None, profiel=""):
    """Data of the standard change: ROC van Amsterdam starts Verzorgende-IG next to ROC TOP."""
    return {"actie": "start", "opleiding": small.zorg, "locatie": small.roc_ams,
            "leerweg": "BOL", "ingangsdatum": when or datetime.date(2030, 8, 1),
            "studenten": 30, "capaciteit": 40, "profiel": profiel,
            "capaciteit_onderbouwing": ""}


@pytest.fixture
def build(small, bestuurder, bestuurder2, staf):
    """build(state) -> a "starten" proposal brought to that state through the services.

    The proposer is ``bestuurder`` (ROC van Amsterdam); ROC TOP (``bestuurder2``) is invited.
    Proposals that will be executed take effect today.
    """

    def make(state=Status.CONCEPT, *, when=None):
        executes = state in (Status.BESLOTEN, Status.UITGEVOERD)
        when = when or (timezone.localdate() if executes else None)
        p = drafts.proposal_create(actor=bestuurder, soort="starten",
                                   titel="Verzorgende-IG in Amsterdam",
                                   samenvatting="Start van Verzorgende-IG op onze locatie.")
        drafts.change_add(proposal=p, actor=bestuurder, data=start_zorg(small, when=when))
        drafts.proposal_update(proposal=p, actor=bestuurder, motivatie=MOTIVATIE)
        if state == Status.CONCEPT:
            return p
        if state == Status.INGETROKKEN:
            return lifecycle.proposal_withdraw(proposal=p, actor=bestuurder)
        lifecycle.proposal_submit(proposal=p, actor=bestuurder)
        if state == Status.INGEDIEND:
            return p
        if state == Status.AANGEPAST:
            drafts.version_draft_start(proposal=p, actor=bestuurder)
            drafts.proposal_update(proposal=p, actor=bestuurder,
                                   samenvatting="Start met een kleinere groep.",
                                   toelichting_wijziging="Kleinere startgroep.")
            return lifecycle.proposal_revise(proposal=p, actor=bestuurder)
        if state == Status.GESCHIL:
            conversation.response_save(proposal=p, actor=bestuurder2, soort="bezwaar",
                                       redenen={"regionale_dekking": "Al ruim aanbod."})
            lifecycle.proposal_dispute(proposal=p, actor=bestuurder2, reden="Geen vergelijk.")
            return p
        conversation.response_save(proposal=p, actor=bestuurder2, soort="instemming")
        lifecycle.proposal_conclude(proposal=p, actor=bestuurder)
        if state == Status.AFGESTEMD:
            return p
        lifecycle.proposal_decide(proposal=p, actor=bestuurder, besluit="Akkoord.")
        if state == Status.BESLOTEN:
            return p
        return lifecycle.proposal_execute(proposal=p, actor=staf)

    return make
