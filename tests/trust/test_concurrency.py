# ruff: noqa: F811 - the app-test fixtures imported below are used as test arguments
"""Fifty requests at the same moment, on PostgreSQL: one wins, the rest are refused in words,
and the history holds exactly one row for the transition.

Every attempt runs in its own thread with its own database connection against the real
database (transactional tests), so the row locks and compare-and-set saves are the real ones.
The two-request arbitration tests live in tests/arbitration/test_concurrency.py; here the
same approach is run at scale, through the API and the pages as well as the services.
"""
import threading
from collections import Counter

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from arbitration.models import Case, CaseEvent, Stage
from mbo_regie.errors import DomainError
from portfolio import indicator_services
from portfolio.models import IndicatorRun
from portfolio.proposals.models import ProposalEvent, Reactiesoort, Response, Status
from portfolio.proposals.services import conversation, lifecycle

# Fixtures of the app tests, reused rather than rebuilt (pytest finds them in this module).
from tests.arbitration.conftest import (  # noqa: F401
    aanbod,
    aanbod2,
    journey,
    lid1,
    lid2,
    locatie,
    locatie2,
    opleiding,
)
from tests.proposals.conftest import build, eager_celery, small  # noqa: F401
from tests.werkagenda.conftest import actie_ocw, ocw, ocw_bestuurder, open_ronde  # noqa: F401
from werkagenda import services as werkagenda_services
from werkagenda.models import Rapportageronde, Rondegebeurtenis, Voortgang

N = 50

# The threaded tests: real connections, committed data, PostgreSQL row locks.
threaded = [pytest.mark.postgres, pytest.mark.django_db(transaction=True),
            pytest.mark.usefixtures("_postgresql_only")]


@pytest.fixture
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs the suite on PostgreSQL too)")


def _marked(test):
    for mark in threaded:
        test = mark(test)
    return test


# --- the interleavings, made deterministic with stale instances (every database) -------------

@pytest.mark.django_db
def test_a_verb_on_a_stale_proposal_is_refused_in_words(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    first, second = (type(proposal).objects.get(pk=proposal.pk) for _ in range(2))
    lifecycle.proposal_withdraw(proposal=first, actor=bestuurder)
    with pytest.raises(DomainError, match="Iemand anders"):
        lifecycle.proposal_withdraw(proposal=second, actor=bestuurder)
    assert proposal.events.filter(new=Status.INGETROKKEN).count() == 1


@pytest.mark.django_db
def test_a_response_given_on_a_page_loaded_before_the_conclusion_is_refused(
        build, bestuurder, bestuurder2):
    proposal = build(Status.INGEDIEND)
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")
    page = type(proposal).objects.get(pk=proposal.pk)  # still "in consultation"
    lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)
    with pytest.raises(DomainError):
        conversation.response_save(proposal=page, actor=bestuurder2, soort="bezwaar",
                                   redenen={"regionale_dekking": "Te laat bedacht."})
    assert Response.objects.get(proposal=proposal).soort == Reactiesoort.INSTEMMING


@pytest.mark.django_db
def test_publishing_a_stale_round_is_refused_not_a_server_error(open_ronde, staf):
    stale = Rapportageronde.objects.get(pk=open_ronde.pk)
    werkagenda_services.ronde_publish(ronde=open_ronde, actor=staf)
    with pytest.raises(DomainError):
        werkagenda_services.ronde_publish(ronde=stale, actor=staf)
    assert Rondegebeurtenis.objects.filter(ronde=open_ronde, nieuw="gepubliceerd").count() == 1


def parallel(n: int, attempt) -> list:
    """Run attempt(i) in n threads released together; returns results (or the exception)."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i):
        try:
            prepared = attempt(i)  # per-thread set-up (a client, a stale instance) ...
            barrier.wait(timeout=60)
            results[i] = prepared()  # ... then everyone at once
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a request hung (deadlock?)"
    return results


def api_post(user, url, data=None, method="post"):
    """Prepare one API call as ``user`` in the calling thread; returns it as a callable."""
    client = APIClient()
    client.force_authenticate(user)
    return lambda: getattr(client, method)(url, data or {}, format="json")


def _refusal(response) -> str:
    errors = response.json()["errors"]
    return errors[0]["detail"]


def assert_one_ok_rest_409(responses):
    codes = Counter(r.status_code if hasattr(r, "status_code") else repr(r) for r in responses)
    assert codes == {200: 1, 409: N - 1}, codes
    assert all(_refusal(r).strip() for r in responses if r.status_code == 409)


# --- proposals ---------------------------------------------------------------------------------

def _fifty_api_withdrawals_at_once_one_wins_the_rest_get_409(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    url = f"/api/voorstellen/{proposal.pk}/intrekken/"
    responses = parallel(N, lambda i: api_post(bestuurder, url, {"tekst": f"poging {i}"}))
    assert_one_ok_rest_409(responses)
    proposal.refresh_from_db()
    assert proposal.status == Status.INGETROKKEN
    assert list(proposal.events.filter(new=Status.INGETROKKEN).values_list("old", flat=True)) \
        == [Status.INGEDIEND]


def _fifty_competing_verbs_on_one_agreed_proposal_leave_one_consistent_outcome(
        build, bestuurder, staf):
    proposal = build(Status.AFGESTEMD)
    base = f"/api/voorstellen/{proposal.pk}"

    def attempt(i):
        if i % 2:
            return api_post(staf, f"{base}/besluiten/", {"tekst": "Akkoord."})
        return api_post(bestuurder, f"{base}/intrekken/", {"tekst": "Toch niet."})

    responses = parallel(N, attempt)
    assert_one_ok_rest_409(responses)
    proposal.refresh_from_db()
    after = ProposalEvent.objects.filter(proposal=proposal, old=Status.AFGESTEMD)
    assert list(after.values_list("new", flat=True)) == [proposal.status]
    assert proposal.status in (Status.BESLOTEN, Status.INGETROKKEN)
    # The fields the loser would have set stay untouched.
    assert bool(proposal.besloten_op) == (proposal.status == Status.BESLOTEN)


def _fifty_new_version_clicks_open_one_draft(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    url = f"/api/voorstellen/{proposal.pk}/nieuwe-versie/"
    assert_one_ok_rest_409(parallel(N, lambda i: api_post(bestuurder, url)))
    assert [(v.nummer, v.is_draft) for v in proposal.versies.all()] == [(1, False), (2, True)]


def _fifty_page_submissions_show_one_success_and_clear_refusals(build, bestuurder):
    proposal = build(Status.INGEDIEND)
    url = f"/voorstellen/{proposal.pk}/intrekken/"

    def attempt(i):
        client = Client()
        client.force_login(bestuurder, backend="mbo_regie.accounts.backends.PortalModelBackend")
        return lambda: client.post(url, {"tekst": ""})

    responses = parallel(N, attempt)
    assert {getattr(r, "status_code", repr(r)) for r in responses} == {302}, responses[:2]
    assert {r.url for r in responses} == {proposal.get_absolute_url()}
    levels = Counter()
    for r in responses:
        [message] = list(get_messages(r.wsgi_request))
        levels[message.level_tag] += 1
        assert str(message).strip()
    assert levels == {"success": 1, "error": N - 1}
    assert proposal.events.filter(new=Status.INGETROKKEN).count() == 1


def _fifty_responses_of_one_institution_at_once_leave_one_response(build, bestuurder2):
    proposal = build(Status.INGEDIEND)
    url = f"/api/voorstellen/{proposal.pk}/reacties/"
    zienswijze = {"soort": "zienswijze", "redenen": {"regionale_dekking": "Let op de regio."}}

    def attempt(i):
        data = {"soort": "instemming"} if i % 2 else zienswijze
        return api_post(bestuurder2, url, data, method="put")

    responses = parallel(N, attempt)
    assert Counter(getattr(r, "status_code", repr(r)) for r in responses) == {200: N}
    assert Response.objects.filter(proposal=proposal).count() == 1
    response = Response.objects.get(proposal=proposal)
    assert response.history.count() == N  # one version per save, none lost or doubled


def _an_objection_racing_the_conclusion_never_ends_as_agreed_with_an_objection(
        build, bestuurder, bestuurder2):
    """Write skew: 'conclude' checks there is no bezwaar while a bezwaar is being given."""
    proposal = build(Status.INGEDIEND)
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")

    def attempt(i):
        stale = type(proposal).objects.get(pk=proposal.pk)
        if i % 2:
            return lambda: lifecycle.proposal_conclude(proposal=stale, actor=bestuurder)
        return lambda: conversation.response_save(
            proposal=stale, actor=bestuurder2, soort="bezwaar",
            redenen={"regionale_dekking": "Al ruim aanbod."})

    outcomes = parallel(N, attempt)
    unexpected = [o for o in outcomes if isinstance(o, Exception)
                  and not isinstance(o, DomainError)]
    assert not unexpected, unexpected
    proposal.refresh_from_db()
    soort = Response.objects.get(proposal=proposal).soort
    concluded = proposal.events.filter(new=Status.AFGESTEMD).count()
    if proposal.status == Status.AFGESTEMD:
        assert soort == Reactiesoort.INSTEMMING and concluded == 1
    else:
        assert proposal.status == Status.INGEDIEND
        assert soort == Reactiesoort.BEZWAAR and concluded == 0


@_marked
def test_proposal_verbs_and_responses_under_fifty_parallel_requests(
        build, bestuurder, bestuurder2, staf):
    # One transactional test for all proposal scenarios: each flush of the database costs
    # seconds on PostgreSQL, each scenario a fresh proposal.
    _fifty_api_withdrawals_at_once_one_wins_the_rest_get_409(build, bestuurder)
    _fifty_competing_verbs_on_one_agreed_proposal_leave_one_consistent_outcome(
        build, bestuurder, staf)
    _fifty_page_submissions_show_one_success_and_clear_refusals(build, bestuurder)
    _fifty_new_version_clicks_open_one_draft(build, bestuurder)
    _fifty_responses_of_one_institution_at_once_leave_one_response(build, bestuurder2)
    _an_objection_racing_the_conclusion_never_ends_as_agreed_with_an_objection(
        build, bestuurder, bestuurder2)


# --- arbitration: the same step fifty times through the API -------------------------------------

@_marked
def test_fifty_api_requests_for_one_case_step_carry_it_out_once(journey):
    case = journey.open()
    url = f"/api/geschillen/zaken/{case.pk}/advies-vragen/"
    responses = parallel(N, lambda i: api_post(
        journey.partij if i % 2 else journey.wederpartij, url, {"toelichting": f"Poging {i}."}))
    assert_one_ok_rest_409(responses)
    case = Case.objects.get(pk=case.pk)
    assert case.stage == Stage.ADVIES
    steps = case.events.filter(soort=CaseEvent.Soort.STAP, new=Stage.ADVIES)
    assert list(steps.values_list("old", flat=True)) == [Stage.DIALOOG]


# --- werkagenda ------------------------------------------------------------------------------

def _fifty_publications_of_one_round_publish_it_once(open_ronde, staf):
    url = f"/api/werkagenda/rondes/{open_ronde.code}/publiceren/"
    responses = parallel(N, lambda i: api_post(staf, url, {"notitie": f"poging {i}"}))
    assert_one_ok_rest_409(responses)
    ronde = Rapportageronde.objects.get(pk=open_ronde.pk)
    assert ronde.status == Rapportageronde.Status.GEPUBLICEERD and ronde.gepubliceerd_op
    assert Rondegebeurtenis.objects.filter(ronde=ronde, nieuw="gepubliceerd").count() == 1


def _fifty_progress_updates_racing_a_publication_stay_consistent(
        open_ronde, actie_ocw, ocw_bestuurder, staf):
    def attempt(i):
        if i == N // 2:
            ronde = Rapportageronde.objects.get(pk=open_ronde.pk)
            return lambda: werkagenda_services.ronde_publish(ronde=ronde, actor=staf)
        return api_post(ocw_bestuurder, "/api/werkagenda/voortgang/",
                        {"actie": actie_ocw.code, "tekst": f"Stap {i} is gezet.",
                         "categorie": "op_schema"})

    outcomes = parallel(N, attempt)
    published = Rapportageronde.objects.get(pk=open_ronde.pk)
    assert published.status == Rapportageronde.Status.GEPUBLICEERD
    codes = Counter(o.status_code for o in outcomes if hasattr(o, "status_code"))
    assert set(codes) <= {201, 400, 409}, codes
    rows = Voortgang.objects.filter(actie=actie_ocw, ronde=open_ronde)
    assert rows.count() == (1 if codes[201] else 0)
    if codes[201]:
        # The stored text is one that was accepted before the round closed.
        assert rows.get().gewijzigd_op <= published.gepubliceerd_op


@_marked
def test_werkagenda_rounds_under_fifty_parallel_requests(open_ronde, actie_ocw, ocw_bestuurder,
                                                          staf):
    _fifty_progress_updates_racing_a_publication_stay_consistent(
        open_ronde, actie_ocw, ocw_bestuurder, staf)
    again = werkagenda_services.ronde_open(code="voorjaar-2026", naam="voorjaar 2026",
                                           actor=staf)
    _fifty_publications_of_one_round_publish_it_once(again, staf)


# --- indicator runs -----------------------------------------------------------------------------

def _fifty_recompute_requests_at_once_queue_one_run():
    # A run is busy, so the queued one waits (whatever the Celery mode): the debounce is tested.
    busy = IndicatorRun.objects.create()
    assert indicator_services._claim(busy.pk).status == IndicatorRun.Status.RUNNING
    outcomes = parallel(N, lambda i: lambda: indicator_services.indicator_run_request(
        trigger="manual").pk)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    queued = IndicatorRun.objects.filter(status=IndicatorRun.Status.QUEUED)
    assert queued.count() == 1
    assert set(outcomes) == {queued.get().pk}
    assert queued.get().events.count() == 1


def _runs_started_at_once_never_compute_at_the_same_time():
    waiting = [IndicatorRun.objects.create() for _ in range(5)]
    outcomes = parallel(N, lambda i: lambda: indicator_services.indicator_run_execute(
        run_id=waiting[i % len(waiting)].pk))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    ran = list(IndicatorRun.objects.exclude(status=IndicatorRun.Status.QUEUED)
               .order_by("started_on"))
    assert ran and all(r.status == IndicatorRun.Status.DONE for r in ran)
    for earlier, later in zip(ran, ran[1:], strict=False):
        assert earlier.finished_on <= later.started_on, "two runs overlapped"
    for run in ran:
        assert [(e.old, e.new) for e in run.events.all()] == [
            ("queued", "running"), ("running", "done")]


@_marked
def test_indicator_runs_under_fifty_parallel_requests(small):
    _runs_started_at_once_never_compute_at_the_same_time()
    IndicatorRun.objects.all().delete()
    _fifty_recompute_requests_at_once_queue_one_run()
