"""Query counts per page stay constant as the data grows (no N+1 anywhere on the hot paths).

Each test builds N rows of everything a page lists or a detail page shows, counts the queries
of every page and API list, then grows the data to 3N and counts again: the counts must be
equal. The pages are the ones the load test measures (bench/loadtest.py).
"""
import datetime
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from arbitration.models import Aanleiding
from arbitration.services import cases
from mbo_regie.accounts.models import Rol
from portfolio import indicator_services
from portfolio.models import IndicatorRun
from portfolio.proposals.services import conversation, drafts, lifecycle
from tests.factories import (
    AanbodFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
N = 2
MOTIVATIE = dict.fromkeys(
    ("maatschappelijke_relevantie", "regionale_dekking", "studentperspectief",
     "onderscheidend", "diversiteit", "doelmatigheid", "impact_op_anderen"), "Motivatie.")


@pytest.fixture(autouse=True)
def _no_debounce(settings):
    settings.INDICATOR_DEBOUNCE_SECONDS = 0


class World:
    """The fixed objects whose pages are measured, and a grow(n) that adds n of everything."""

    def __init__(self, bestuurder, staf):
        self.seq = count()
        self.bestuurder, self.staf = bestuurder, staf
        self.instelling = bestuurder.instelling
        self.gemeente = self.instelling.home_gemeente
        # A crebo outside the factory's sequence (25000-25999): with get_or_create on crebo, a
        # sequence reaching it would hand this programme to grow() as a "new" one.
        self.opleiding = OpleidingFactory(crebo="24180", naam="Medewerker ICT",
                                          leerwegen="BOL,BBL")
        self.locatie = LocatieFactory(instelling=self.instelling, gemeente=self.gemeente)
        self.aanbod = AanbodFactory(instelling=self.instelling, opleiding=self.opleiding,
                                    locatie=self.locatie)
        InschrijvingFactory(aanbod=self.aanbod)
        self.proposal = self._proposal(bestuurder, self.locatie)
        self.case = self._case(bestuurder, InstellingFactory(home_gemeente=self.gemeente))

    def _proposal(self, actor, locatie):
        """A submitted proposal to start a programme (visible to every member)."""
        opleiding = OpleidingFactory()
        proposal = drafts.proposal_create(actor=actor, soort="starten",
                                          titel=f"Start {opleiding.naam}",
                                          samenvatting="Wij willen deze opleiding starten.")
        drafts.proposal_update(proposal=proposal, actor=actor, motivatie=MOTIVATIE)
        drafts.change_add(proposal=proposal, actor=actor, data={
            "actie": "start", "opleiding": opleiding, "locatie": locatie, "leerweg": "BOL",
            "ingangsdatum": timezone.localdate() + datetime.timedelta(days=400),
            "studenten": 20})
        lifecycle.proposal_submit(proposal=proposal, actor=actor)
        return proposal

    def _case(self, actor, other):
        return cases.case_open(actor=actor, titel="Werving in de regio",
                               aanleiding=Aanleiding.WERVING,
                               omschrijving="Actieve werving van studenten.",
                               wederpartijen=[other], aanbod=[self.aanbod])

    def grow(self, n: int) -> None:
        for _ in range(n):
            i = next(self.seq)
            gemeente = GemeenteFactory(provincie=self.gemeente.provincie,
                                       arbeidsmarktregio=self.gemeente.arbeidsmarktregio)
            other = InstellingFactory(home_gemeente=gemeente)
            colleague = UserFactory(username=f"collega{i}", rol=Rol.BESTUURDER,
                                    instelling=other)
            locatie = LocatieFactory(instelling=other, gemeente=gemeente)
            opleiding = OpleidingFactory()
            # More offerings everywhere: of the measured institution and programme too.
            for inst, loc, opl in ((other, locatie, opleiding), (other, locatie, self.opleiding),
                                   (self.instelling, self.locatie, opleiding)):
                InschrijvingFactory(aanbod=AanbodFactory(instelling=inst, locatie=loc,
                                                         opleiding=opl))
            # More proposals and cases, some with the measured institution as a party, and
            # more messages on the measured proposal.
            self._proposal(colleague, locatie)
            cases.case_open(actor=colleague, titel=f"Zaak {i}", aanleiding=Aanleiding.WERVING,
                            omschrijving="Werving.", wederpartijen=[self.instelling])
            conversation.message_post(proposal=self.proposal, actor=colleague,
                                      tekst=f"Bericht {i}")
        run = IndicatorRun.objects.create(trigger=IndicatorRun.Trigger.MANUAL)
        indicator_services.indicator_run_execute(run_id=run.pk)

    def urls(self) -> dict[str, str]:
        return {
            "start": "/",
            "kaart": "/indicatoren/kaart/",
            "instellingen": "/portfolio/instellingen/",
            "aanbod": "/portfolio/aanbod/",
            "opleidingen": "/portfolio/opleidingen/",
            "voorstellen": "/voorstellen/",
            "geschillen": "/geschillen/",
            "instelling": f"/portfolio/instellingen/{self.instelling.brin}/",
            "aanbod_detail": f"/portfolio/aanbod/{self.aanbod.pk}/",
            "opleiding": f"/portfolio/opleidingen/{self.opleiding.crebo}/",
            "voorstel": f"/voorstellen/{self.proposal.pk}/",
            "zaak": f"/geschillen/{self.case.pk}/",
            "api_instellingen": "/api/instellingen/",
            "api_aanbod": "/api/aanbod/",
            "api_opleidingen": "/api/opleidingen/",
            "api_voorstellen": "/api/voorstellen/",
            "api_zaken": "/api/geschillen/zaken/",
            "api_acties": "/api/werkagenda/acties/",
        }


def _counts(world: World, user) -> dict[str, int]:
    page = Client()
    # An explicit backend: the first configured one may be a login-only (throttle) backend.
    page.force_login(user, backend="mbo_regie.accounts.backends.PortalModelBackend")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    result = {}
    for name, url in world.urls().items():
        client = api if name.startswith("api_") else page
        client.get(url)  # the first hit fills per-process caches (language, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        result[name] = len(queries)
    return result


@pytest.fixture
def world(bestuurder, staf):
    return World(bestuurder, staf)


@pytest.mark.parametrize("actor", ["bestuurder", "staf"])
def test_queries_per_page_do_not_grow_with_the_data(world, actor):
    user = getattr(world, actor)
    world.grow(N)
    small = _counts(world, user)
    world.grow(2 * N)
    large = _counts(world, user)
    grown = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not grown, f"query counts grow with the data (N={N} -> {3 * N}): {grown}"
