"""Two requests that move the same case at the same moment: exactly one succeeds."""
import threading

import pytest
from django.db import connection, transaction
from django_fsm import ConcurrentTransition

from arbitration.models import Case, CaseEvent, Stage
from arbitration.services import cases
from mbo_regie.errors import DomainError


@pytest.mark.django_db
def test_a_stale_instance_cannot_overwrite_a_transition_compare_and_set(journey):
    case = journey.open()
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    first.request_advice()
    first.save()
    second.signal_board()
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        second.save()
    assert Case.objects.get(pk=case.pk).stage == Stage.ADVIES


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transition_requests_on_postgresql_exactly_one_succeeds(journey):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs the suite on PostgreSQL too)")
    case = journey.open()
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def attempt(name, call):
        try:
            stale = Case.objects.get(pk=case.pk)  # both read the case in dialogue
            barrier.wait(timeout=10)
            call(stale)
            results[name] = "ok"
        except DomainError as exc:
            results[name] = exc.message
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=("advies", lambda c: cases.case_request_advice(
            case=c, actor=journey.partij, note="Naar de commissie."))),
        threading.Thread(target=attempt, args=("signaal", lambda c: cases.case_signal_board(
            case=c, actor=journey.wederpartij, note="Naar het bestuur."))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["advies", "signaal"]
    assert list(results.values()).count("ok") == 1, results
    # The loser waited for the winner's lock, then saw the new step and was refused by it.
    assert all(str(v) for v in results.values() if v != "ok")
    case = Case.objects.get(pk=case.pk)
    winner = Stage.ADVIES if results["advies"] == "ok" else Stage.SIGNAAL
    assert case.stage == winner
    steps = case.events.filter(soort=CaseEvent.Soort.STAP).exclude(old="")
    assert list(steps.values_list("old", "new")) == [(Stage.DIALOOG, winner)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_request_twice_at_once_is_carried_out_once(journey):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs the suite on PostgreSQL too)")
    case = journey.open()
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt():
        try:
            stale = Case.objects.get(pk=case.pk)
            barrier.wait(timeout=10)
            cases.case_request_advice(case=stale, actor=journey.partij, note="Dubbelklik.")
            outcomes.append("ok")
        except DomainError:
            outcomes.append("geweigerd")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["geweigerd", "ok"]
    assert Case.objects.get(pk=case.pk).uitkomsten.count() == 1
