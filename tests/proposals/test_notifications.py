"""In-app notifications and their e-mails (mail.outbox), and the deadline reminders."""
import datetime
import html

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portfolio.proposals.models import Notification, Proposal, Status
from portfolio.proposals.services import conversation, lifecycle, notifications
from portfolio.proposals.tasks import deadline_reminders_task

pytestmark = pytest.mark.django_db


def _to(address_part):
    return [m for m in mail.outbox if any(address_part in a for a in m.to)]


def test_submission_mails_the_invited_institution_and_staff_but_not_the_proposer(
        build, bestuurder, bestuurder2, staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = build(Status.INGEDIEND)
    [to_top] = _to("bestuurder2@")
    assert "ROC van Amsterdam heeft het voorstel 'Verzorgende-IG in Amsterdam'" in to_top.body
    assert f"/voorstellen/{proposal.pk}/" in to_top.body
    assert to_top.subject == "[MBO Regie] Voorstel ingediend"
    assert _to("staf@") and not _to("bestuurder@")
    assert Notification.objects.filter(ontvanger=bestuurder2, soort="ingediend",
                                       gemaild_op__isnull=False).exists()


def test_a_response_notifies_the_proposer(build, bestuurder, bestuurder2,
                                          django_capture_on_commit_callbacks):
    proposal = build(Status.INGEDIEND)
    with django_capture_on_commit_callbacks(execute=True):
        conversation.response_save(proposal=proposal, actor=bestuurder2, soort="bezwaar",
                                   redenen={"regionale_dekking": "Dubbel."})
    [message] = mail.outbox
    assert message.to == [bestuurder.email]
    assert "ROC TOP heeft gereageerd" in message.body and "bezwaar" in message.body


def test_a_new_message_notifies_the_other_parties(build, bestuurder, bestuurder2,
                                                  django_capture_on_commit_callbacks):
    proposal = build(Status.INGEDIEND)
    with django_capture_on_commit_callbacks(execute=True):
        conversation.message_post(proposal=proposal, actor=bestuurder2, tekst="Kunnen we praten?")
    assert [m.to for m in mail.outbox] == [[bestuurder.email]]
    assert "Kunnen we praten?" in mail.outbox[0].body


def test_the_outcome_reaches_the_parties(build, bestuurder, bestuurder2,
                                         django_capture_on_commit_callbacks):
    proposal = build(Status.INGEDIEND)
    conversation.response_save(proposal=proposal, actor=bestuurder2, soort="instemming")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.proposal_conclude(proposal=proposal, actor=bestuurder)
    assert [m.to for m in mail.outbox] == [[bestuurder2.email]]
    assert "is afgestemd" in mail.outbox[0].body


def test_deadline_reminders_go_once_per_term_to_those_who_have_not_answered(
        build, bestuurder, bestuurder2, django_capture_on_commit_callbacks):
    proposal = build(Status.INGEDIEND)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    Proposal.objects.filter(pk=proposal.pk).update(consultatie_tot=soon)
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders_task() == 2  # ROC TOP and the proposer
    assert {m.to[0] for m in mail.outbox} == {bestuurder.email, bestuurder2.email}
    assert all("loopt af op" in m.body for m in mail.outbox)
    assert notifications.deadline_reminders_send() == 0


def test_no_reminder_while_the_deadline_is_far(build):
    build(Status.INGEDIEND)  # six weeks
    assert notifications.deadline_reminders_send() == 0


def test_a_notification_is_mailed_only_once(build, bestuurder2,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build(Status.INGEDIEND)
    ids = list(Notification.objects.values_list("pk", flat=True))
    sent = len(mail.outbox)
    assert notifications.notifications_mail(ids=ids) == 0
    assert len(mail.outbox) == sent


def test_reading_a_notification_marks_it(build, bestuurder2):
    build(Status.INGEDIEND)
    notification = Notification.objects.get(ontvanger=bestuurder2)
    notifications.notification_mark_read(notification=notification)
    assert notification.gelezen_op is not None
    assert notifications.notifications_mark_all_read(user=bestuurder2) == 0


# --- each reader reads a notification in their own language ----------------------------------

def _inbox(client_for, user, language=None) -> str:
    client = client_for(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return html.unescape(client.get(reverse("proposals:inbox")).content.decode())


def test_a_notification_made_in_dutch_reads_in_english_with_the_english_cookie(
        build, bestuurder2, client_for):
    build(Status.INGEDIEND)
    notification = Notification.objects.get(ontvanger=bestuurder2)
    assert notification.tekst.startswith("ROC van Amsterdam heeft het voorstel")
    english = _inbox(client_for, bestuurder2, "en")
    # The kind of proposal is a label and the date has month names: both follow the reader.
    assert ("ROC van Amsterdam has submitted the proposal 'Verzorgende-IG in Amsterdam' "
            "(Start). Responses are possible until") in english
    with translation.override("en"):
        assert notification.display_text in english
    assert "heeft het voorstel" not in english


def test_a_notification_reads_in_dutch_without_the_cookie(build, bestuurder2, client_for):
    build(Status.INGEDIEND)
    notification = Notification.objects.get(ontvanger=bestuurder2)
    dutch = _inbox(client_for, bestuurder2)
    assert notification.tekst in dutch
    assert "has submitted" not in dutch


def test_a_response_from_the_english_ui_is_stored_in_dutch_with_its_label_as_msgid(
        build, bestuurder, bestuurder2):
    proposal = build(Status.INGEDIEND)
    with translation.override("en"):
        conversation.response_save(proposal=proposal, actor=bestuurder2, soort="bezwaar",
                                   redenen={"regionale_dekking": "Dubbel."})
    notification = Notification.objects.get(ontvanger=bestuurder, soort="reactie")
    assert notification.tekst == ("ROC TOP heeft gereageerd op 'Verzorgende-IG in Amsterdam': "
                                  "bezwaar.")
    assert notification.params["soort"] == {"msgid": "Bezwaar", "lower": True}
    with translation.override("en"):
        assert notification.display_text == ("ROC TOP has responded to 'Verzorgende-IG in "
                                             "Amsterdam': objection.")
    with translation.override("nl"):
        assert notification.display_text == notification.tekst


def test_an_old_notification_without_msgid_shows_its_stored_text(bestuurder, client_for):
    Notification.objects.create(ontvanger=bestuurder, soort=Notification.Soort.BERICHT,
                                tekst="Een melding van voor de vertaling.")
    assert "Een melding van voor de vertaling." in _inbox(client_for, bestuurder, "en")


def test_a_translation_that_does_not_fit_its_parameters_falls_back_to_the_dutch_text(bestuurder):
    notification = Notification.objects.create(
        ontvanger=bestuurder, soort=Notification.Soort.BERICHT, tekst="Het voorstel is af.",
        msgid="Het voorstel '%(titel)s' is afgestemd.", params={"naam": "x"})
    with translation.override("en"):
        assert notification.display_text == "Het voorstel is af."
