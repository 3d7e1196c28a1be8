"""Celery entry points: ids in, one service call."""
import pytest
from django.core import mail

from portfolio.proposals.models import Notification, Status
from portfolio.proposals.tasks import execute_due_task, notifications_mail_task

pytestmark = pytest.mark.django_db


def test_the_mail_task_sends_the_notifications_it_is_given(build, bestuurder2):
    build(Status.INGEDIEND)  # no on-commit callbacks run here: nothing was mailed yet
    ids = list(Notification.objects.filter(ontvanger=bestuurder2).values_list("pk", flat=True))
    assert notifications_mail_task(ids) == 1
    assert [m.to for m in mail.outbox] == [[bestuurder2.email]]


def test_the_daily_execution_task_applies_decided_proposals(build):
    proposal = build(Status.BESLOTEN)
    assert execute_due_task() == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.status == Status.UITGEVOERD
