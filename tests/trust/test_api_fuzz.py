"""Schema fuzzing of the whole API: every operation of the OpenAPI schema gets generated
requests (valid and invalid) as staff and as a bestuurder, on a small but real data set.

No answer may be a server error, and every answer must be documented: its status code, its
content type, its headers and its body (schemathesis, in process over WSGI).

Run only this with ``.venv/bin/python -m pytest tests/trust/test_api_fuzz.py -q``; set
``API_FUZZ_EXAMPLES`` for more examples per operation and actor (default 12).
"""
import datetime
import json
import os
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from arbitration.models import InterestDeclaration, PublishedCase, Stage
from mbo_regie.accounts.models import Rol
from mbo_regie.wsgi import application
from portfolio import indicator_services
from portfolio.indicators import FRAME_NAMES
from portfolio.models import IndicatorRun, IndicatorSettings
from portfolio.proposals.models import Notification
from portfolio.proposals.services import consultations, conversation, drafts, lifecycle
from tests.arbitration.factories import Journey, commissielid
from tests.factories import (
    AanbodFactory,
    BedrijfstakgroepFactory,
    GemeenteFactory,
    InschrijvingFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
    UserFactory,
)
from tests.proposals.conftest import MOTIVATIE, start_zorg
from tests.werkagenda.conftest import SHIPPED
from werkagenda import services as werkagenda_services
from werkagenda.models import Actie, Doelstelling, Indicator, Partij, Prioriteit, Voortgang

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
# The coverage phase (boundary values, every missing or wrong-typed field) sends a hundred or
# more requests per operation: worth a local run, too slow for every CI run.
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing").split(",")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# PostgreSQL text cannot hold NUL bytes; the token header is set per actor below.
schema.config.generation.update(allow_x00=False, with_security_parameters=False)
schema.config.phases.update(phases=PHASES)


def _build_world() -> SimpleNamespace:
    """A small portfolio with proposals, a case in arbitration, an indicator run and the
    real Werkagenda; ``paths`` maps each path template to real values for its parameters."""
    w = SimpleNamespace()
    # Portfolio: two institutions in Amsterdam and one in Groningen (as the proposal tests).
    amsterdam = GemeenteFactory(code="GM0363", naam="Amsterdam", lat=52.37, lon=4.90,
                                inwoners=900_000)
    groningen = GemeenteFactory(code="GM0014", naam="Groningen", lat=53.22, lon=6.57)
    btg = BedrijfstakgroepFactory()
    roc = InstellingFactory(brin="25PZ", naam="ROC van Amsterdam", home_gemeente=amsterdam)
    top = InstellingFactory(brin="30RM", naam="ROC TOP", home_gemeente=amsterdam)
    noord = InstellingFactory(brin="25PJ", naam="Noorderpoort", home_gemeente=groningen)
    zorg = OpleidingFactory(crebo="25180", naam="Verzorgende-IG", niveau=3, btg=btg)
    entree = OpleidingFactory(crebo="25998", naam="Entree-assistent", niveau=2, btg=btg)
    roc_ams = LocatieFactory(instelling=roc, gemeente=amsterdam, naam="ROC Amsterdam")
    top_ams = LocatieFactory(instelling=top, gemeente=amsterdam, naam="TOP Amsterdam")
    noord_gron = LocatieFactory(instelling=noord, gemeente=groningen, naam="Noorderpoort")
    top_zorg = AanbodFactory(instelling=top, opleiding=zorg, locatie=top_ams, capaciteit=80)
    roc_entree = AanbodFactory(instelling=roc, opleiding=entree, locatie=roc_ams)
    noord_zorg = AanbodFactory(instelling=noord, opleiding=zorg, locatie=noord_gron)
    for aanbod, n in ((top_zorg, 60), (roc_entree, 40), (noord_zorg, 50)):
        inschrijving = InschrijvingFactory(aanbod=aanbod, jaar=2025, studenten=n)
    IndicatorSettings.objects.create(specialist_max_locations=1)

    # The two actors, each with an API token, and the others the journeys need.
    w.staf = UserFactory(username="staf", rol=Rol.STAF, is_staff=True)
    w.bestuurder = UserFactory(username="bestuurder", rol=Rol.BESTUURDER, instelling=roc,
                               hoofdvertegenwoordiger=True)
    bestuurder2 = UserFactory(username="bestuurder2", rol=Rol.BESTUURDER, instelling=top)
    w.tokens = {name: Token.objects.create(user=getattr(w, name)).key
                for name in ("staf", "bestuurder")}

    # Proposals of the bestuurder's institution in the states their verbs start from.
    small = SimpleNamespace(zorg=zorg, roc_ams=roc_ams)

    def proposal(state: str):
        p = drafts.proposal_create(actor=w.bestuurder, soort="starten",
                                   titel="Verzorgende-IG in Amsterdam",
                                   samenvatting="Start van Verzorgende-IG op onze locatie.")
        when = timezone.localdate() if state == "besloten" else None
        drafts.change_add(proposal=p, actor=w.bestuurder, data=start_zorg(small, when=when))
        drafts.proposal_update(proposal=p, actor=w.bestuurder, motivatie=MOTIVATIE)
        if state == "concept":
            return p
        lifecycle.proposal_submit(proposal=p, actor=w.bestuurder)
        if state == "ingediend":
            return p
        conversation.response_save(proposal=p, actor=bestuurder2, soort="instemming")
        lifecycle.proposal_conclude(proposal=p, actor=w.bestuurder)
        if state == "afgestemd":
            return p
        return lifecycle.proposal_decide(proposal=p, actor=w.bestuurder, besluit="Akkoord.")

    concept, ingediend = proposal("concept"), proposal("ingediend")
    afgestemd, besloten = proposal("afgestemd"), proposal("besloten")
    conversation.message_post(proposal=ingediend, actor=w.bestuurder, tekst="Graag overleg.",
                              parent=None)
    overleg = consultations.overleg_save(fields={
        "soort": "regionaal", "titel": "Regio-overleg Amsterdam",
        "datum": datetime.date(2030, 3, 1), "arbeidsmarktregio": amsterdam.arbeidsmarktregio})
    agendapunt = consultations.agenda_item_add(overleg=overleg, proposal=ingediend)
    meldingen = {name: Notification.objects.create(ontvanger=getattr(w, name), soort="bericht",
                                                   proposal=ingediend, tekst="Nieuw bericht.")
                 for name in ("staf", "bestuurder")}

    # Arbitration: a case of the bestuurder in arbitration with its panel, and a published one.
    journey = Journey(staf=w.staf, partij=w.bestuurder, wederpartij=bestuurder2,
                      bestuur=UserFactory(username="bestuur", rol=Rol.BESTUUR),
                      voorzitter=UserFactory(username="voorzitter", rol=Rol.VOORZITTER),
                      leden=[commissielid("lid1"), commissielid("lid2")], aanbod=roc_entree)
    case = journey.at(Stage.ARBITRAGE)
    journey.compose_panel(case)
    published = PublishedCase.objects.create(
        case=journey.at(Stage.DIALOOG), titel="Werving in de regio", uitkomst="toegewezen",
        samenvatting="Twee instellingen wierven in elkaars regio.", btg=btg, jaar=2026)
    belangen = {name: InterestDeclaration.objects.create(
        user=getattr(w, name), omschrijving="Lid raad van toezicht", instelling=noord)
        for name in ("staf", "bestuurder")}

    # Indicators: one finished run on this portfolio.
    run = indicator_services.indicator_run_execute(
        run_id=IndicatorRun.objects.create(trigger=IndicatorRun.Trigger.MANUAL).pk)
    naam = next(name for name in FRAME_NAMES if name in run.counts)

    # The real Werkagenda, with an open round to report progress in.
    werkagenda_services.werkagenda_import(data=json.loads(SHIPPED.read_text(encoding="utf-8")))
    ronde = werkagenda_services.ronde_open(code="najaar-2026", naam="najaar 2026", actor=w.staf)

    p_id = {"id": ingediend.pk}
    w.paths = {
        "/api/aanbod/{id}/": {"id": top_zorg.pk},
        "/api/arbeidsmarktregios/{code}/": {"code": amsterdam.arbeidsmarktregio.code},
        "/api/bedrijfstakgroepen/{code}/": {"code": btg.code},
        "/api/gemeenten/{code}/": {"code": amsterdam.code},
        "/api/instellingen/{brin}/": {"brin": roc.brin},
        "/api/locaties/{id}/": {"id": roc_ams.pk},
        "/api/opleidingen/{crebo}/": {"crebo": zorg.crebo},
        "/api/provincies/{code}/": {"code": amsterdam.provincie.code},
        "/api/inschrijvingen/{id}/": {"id": inschrijving.pk},
        "/api/geschillen/belangen/{id}/beeindigen/": lambda actor: {"id": belangen[actor].pk},
        "/api/geschillen/casuistiek/{id}/": {"id": published.pk},
        "/api/geschillen/zaken/{id}/": {"id": case.pk},
        "/api/indicatoren/runs/{id}/": {"id": run.pk},
        "/api/indicatoren/runs/{id}/tabellen/{naam}/": {"id": run.pk, "naam": naam},
        "/api/voorstellen/{id}/": p_id,
        "/api/voorstellen/agendapunten/{id}/": {"id": agendapunt.pk},
        "/api/voorstellen/meldingen/{id}/gelezen/": lambda actor: {"id": meldingen[actor].pk},
        "/api/voorstellen/overleggen/{id}/": {"id": overleg.pk},
        "/api/voorstellen/wijzigingen/{id}/": {"id": concept.versies.get().wijzigingen.first().pk},
        "/api/werkagenda/acties/{code}/": {"code": Actie.objects.order_by("code")[0].code},
        "/api/werkagenda/doelstellingen/{code}/":
            {"code": Doelstelling.objects.order_by("code")[0].code},
        "/api/werkagenda/indicatoren/{code}/":
            {"code": Indicator.objects.order_by("code")[0].code},
        "/api/werkagenda/partijen/{code}/": {"code": Partij.objects.order_by("code")[0].code},
        "/api/werkagenda/prioriteiten/{nummer}/":
            {"nummer": Prioriteit.objects.order_by("nummer")[0].nummer},
        "/api/werkagenda/rondes/{code}/": {"code": ronde.code},
        "/api/werkagenda/voortgang/{id}/": {"id": Voortgang.objects.order_by("id")[0].pk},
        # Proposal verbs start from the state they leave (the default is "ingediend").
        **{f"/api/voorstellen/{{id}}/{verb}/": {"id": concept.pk}
           for verb in ("indienen", "ondertekenen", "wijzigingen")},
        "/api/voorstellen/{id}/besluiten/": {"id": afgestemd.pk},
        "/api/voorstellen/{id}/uitvoeren/": {"id": besloten.pk},
    }
    return w


def _path_values(world, template: str, actor: str, names) -> dict:
    """Real values for the path parameters: those of the longest registered prefix."""
    prefix = max((p for p in world.paths if template.startswith(p)), key=len, default="")
    values = world.paths.get(prefix, {})
    values = values(actor) if callable(values) else values
    assert set(names) <= set(values), f"no values for {template}: add them to _build_world"
    return values


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for all operations, inside a transaction that is rolled back at the end;
    each test runs in a savepoint of it (pytest-django), so operations cannot see each other's
    writes."""
    # Uploads that got through stay out of var/ (the world outlives each test's MEDIA_ROOT).
    test_settings = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    # Like Django's test client: the in-process WSGI calls must not close the connection that
    # holds the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic(), test_settings:
            yield _build_world()
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=["staf", "bestuurder"])
def actor(request, world):
    return request.param


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, world, actor):
    if case.path_parameters:
        case.path_parameters = {**case.path_parameters, **_path_values(
            world, case.operation.path, actor, case.path_parameters)}
    case.headers = {**(case.headers or {}), "Authorization": f"Token {world.tokens[actor]}"}
    case.call_and_validate(checks=CHECKS)
