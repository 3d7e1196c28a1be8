"""Deadlines on beat: a reminder before a step's deadline, an overdue signal after it, and a
signal for late orders; each once per deadline."""
import datetime

import pytest
from django.utils import formats, timezone, translation

from arbitration import conf, tasks
from arbitration.models import Case, Order, Stage
from arbitration.services import deadlines
from portfolio.proposals.models import Notification

pytestmark = pytest.mark.django_db


def _set_deadline(case, days_from_today: int):
    Case.objects.filter(pk=case.pk).update(
        termijn=timezone.localdate() + datetime.timedelta(days=days_from_today))


def test_a_reminder_goes_out_once_before_the_deadline(journey):
    case = journey.open()
    _set_deadline(case, 3)
    assert tasks.deadline_reminders_task() == 1
    assert tasks.deadline_reminders_task() == 0
    assert case.events.filter(soort="termijn", note__contains="loopt af").count() == 1
    received = Notification.objects.filter(soort="termijn").values_list("ontvanger", flat=True)
    assert {journey.partij.pk, journey.wederpartij.pk, journey.staf.pk} <= set(received)


def test_a_reminder_keeps_reference_and_link_and_reads_in_the_readers_language(journey):
    case = journey.open()
    _set_deadline(case, 3)
    case.refresh_from_db()
    with translation.override("en"):  # whoever runs beat, the stored text is Dutch
        deadlines.deadline_reminders_send()
    reminder = Notification.objects.get(soort="termijn", ontvanger=journey.wederpartij)
    link = conf.portal_url() + case.get_absolute_url()
    with translation.override("nl"):
        assert reminder.tekst == reminder.display_text == (
            f"{case.kenmerk}: De termijn van de stap 'Dialoog tussen de instellingen' loopt af "
            f"op {formats.date_format(case.termijn, 'j F Y')}. {link}")
    with translation.override("en"):
        assert reminder.display_text == (
            f"{case.kenmerk}: The deadline of the step 'Dialogue between the institutions' "
            f"ends on {formats.date_format(case.termijn, 'j F Y')}. {link}")


def test_no_reminder_far_from_the_deadline_or_while_suspended(journey):
    far, paused = journey.open(), journey.open(titel="Tweede")
    _set_deadline(far, 30)
    _set_deadline(paused, 2)
    deadlines.case_suspend(case=paused, actor=journey.staf, reden="Even wachten.")
    assert deadlines.deadline_reminders_send() == 0


def test_an_extended_deadline_gets_its_own_reminder(journey):
    case = journey.open()
    _set_deadline(case, 2)
    assert deadlines.deadline_reminders_send() == 1
    case.refresh_from_db()
    deadlines.case_extend_deadline(case=case, actor=journey.staf,
                                   termijn=case.termijn + datetime.timedelta(days=3), reden="Ziek.")
    assert deadlines.deadline_reminders_send() == 1


def test_an_overdue_step_is_signalled_to_staff_once(journey):
    case = journey.open()
    _set_deadline(case, -1)
    assert tasks.overdue_signals_task() == {"stappen": 1, "lasten": 0}
    assert tasks.overdue_signals_task() == {"stappen": 0, "lasten": 0}
    signal = Notification.objects.get(soort="termijn")
    assert signal.ontvanger == journey.staf and case.kenmerk in signal.tekst
    assert case.events.filter(soort="termijn", note__contains="verstreken").count() == 1


def test_a_late_order_is_signalled_to_staff_and_the_responsible_institution(journey):
    case = journey.at(Stage.UITVOERING)
    order = Order.objects.get(ruling__case=case)
    Order.objects.filter(pk=order.pk).update(
        termijn=timezone.localdate() - datetime.timedelta(days=2))
    _set_deadline(case, 10)
    assert deadlines.overdue_signals_send() == {"stappen": 0, "lasten": 1}
    assert deadlines.overdue_signals_send() == {"stappen": 0, "lasten": 0}
    receivers = set(Notification.objects.filter(soort="termijn")
                    .values_list("ontvanger", flat=True))
    assert receivers == {journey.staf.pk, journey.wederpartij.pk}
    assert Order.objects.get(pk=order.pk).te_laat_gemeld_op is not None


def test_ended_cases_have_no_deadlines(journey):
    case = journey.at(Stage.INGETROKKEN)
    Case.objects.filter(pk=case.pk).update(termijn=timezone.localdate())
    assert deadlines.deadline_reminders_send() == 0
    assert deadlines.overdue_signals_send() == {"stappen": 0, "lasten": 0}
