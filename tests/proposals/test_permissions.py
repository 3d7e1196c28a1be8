"""The permission matrix per role (django-rules), and how pages answer it (200/403/404/405)."""
import pytest
from django.urls import reverse

from portfolio.proposals.models import Status

pytestmark = pytest.mark.django_db

ROLES = ["staf", "bestuurder", "bestuurder2", "commissie", "raadpleger", "voorzitter", "bestuur"]
# bestuurder proposes (ROC van Amsterdam); bestuurder2 is invited (ROC TOP); commissie acts for
# an institution that is not involved.
SUBMITTED = {
    "view_proposal": {"staf", "bestuurder", "bestuurder2", "commissie", "raadpleger",
                      "voorzitter", "bestuur"},
    "change_proposal": {"staf", "bestuurder"},
    "sign_proposal": set(),
    "respond_proposal": {"bestuurder2"},
    "discuss_proposal": {"staf", "bestuurder", "bestuurder2", "commissie", "voorzitter",
                         "bestuur"},
    "withdraw_proposal": {"staf", "bestuurder"},
    "conclude_proposal": {"staf", "bestuurder"},
    "dispute_proposal": {"staf", "bestuurder", "bestuurder2"},
    "decide_proposal": {"staf"},
    "execute_proposal": {"staf"},
}
CONCEPT = {
    "view_proposal": {"staf", "bestuurder"},
    "change_proposal": {"staf", "bestuurder"},
    "respond_proposal": set(),
    "discuss_proposal": {"staf", "bestuurder"},
    "dispute_proposal": {"staf", "bestuurder"},
}
GLOBAL = {"add_proposal": {"staf", "bestuurder", "bestuurder2", "commissie"},
          "manage_overleg": {"staf"}, "view_overleg": set(ROLES)}


@pytest.fixture
def users(request):
    return {name: request.getfixturevalue(name) for name in ROLES}


@pytest.mark.parametrize("state", [Status.INGEDIEND, Status.CONCEPT])
def test_the_permission_matrix_per_role(build, users, state):
    proposal = build(state)
    matrix = SUBMITTED if state == Status.INGEDIEND else CONCEPT
    for perm, allowed in matrix.items():
        got = {name for name, user in users.items()
               if user.has_perm(f"proposals.{perm}", proposal)}
        assert got == allowed, perm


def test_global_permissions_per_role(users):
    for perm, allowed in GLOBAL.items():
        got = {name for name, user in users.items() if user.has_perm(f"proposals.{perm}")}
        assert got == allowed, perm


def test_the_proposer_decides_only_after_agreement(build, bestuurder):
    assert bestuurder.has_perm("proposals.decide_proposal", build(Status.AFGESTEMD))
    assert not bestuurder.has_perm("proposals.decide_proposal", build(Status.GESCHIL))


def test_partners_of_a_swap_read_and_sign_its_concept(small, bestuurder, bestuurder2,
                                                      commissie):
    from portfolio.proposals.services import drafts

    swap = drafts.proposal_create(actor=bestuurder, soort="uitruilen", titel="Ruil")
    drafts.change_add(proposal=swap, actor=bestuurder, data={
        "actie": "start", "opleiding": small.zorg, "locatie": small.roc_ams, "leerweg": "BOL",
        "ingangsdatum": "2030-08-01"})
    drafts.change_add(proposal=swap, actor=bestuurder, data={
        "actie": "stop", "opleiding": small.zorg, "locatie": small.top_ams, "leerweg": "BOL",
        "ingangsdatum": "2030-08-01"})
    assert bestuurder2.has_perm("proposals.view_proposal", swap)
    assert bestuurder2.has_perm("proposals.sign_proposal", swap)
    assert not bestuurder2.has_perm("proposals.change_proposal", swap)
    assert not commissie.has_perm("proposals.view_proposal", swap)
    assert not bestuurder.has_perm("proposals.sign_proposal", swap)


@pytest.mark.parametrize(("role", "code"), [("staf", 200), ("bestuurder", 200),
                                            ("bestuurder2", 404), ("raadpleger", 404)])
def test_a_concept_page_is_private_to_the_proposer(build, client_for, request, role, code):
    proposal = build(Status.CONCEPT)
    response = client_for(request.getfixturevalue(role)).get(proposal.get_absolute_url())
    assert response.status_code == code


@pytest.mark.parametrize("role", ROLES)
def test_every_member_reads_a_submitted_proposal(build, client_for, request, role):
    proposal = build(Status.INGEDIEND)
    assert client_for(request.getfixturevalue(role)).get(
        proposal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(("role", "code"), [("bestuurder2", 200), ("bestuurder", 403),
                                            ("commissie", 403), ("raadpleger", 403),
                                            ("staf", 403)])
def test_only_the_invited_institution_opens_the_response_form(build, client_for, request, role,
                                                              code):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:respond", args=[proposal.pk])
    assert client_for(request.getfixturevalue(role)).get(url).status_code == code


@pytest.mark.parametrize(("role", "code"), [("bestuurder", 302), ("staf", 302),
                                            ("bestuurder2", 403), ("raadpleger", 403)])
def test_only_the_proposer_and_staff_withdraw(build, client_for, request, role, code):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:transition", args=[proposal.pk, "intrekken"])
    response = client_for(request.getfixturevalue(role)).post(url)
    assert response.status_code == code
    proposal.refresh_from_db()
    assert (proposal.status == Status.INGETROKKEN) == (code == 302)


def test_a_transition_answers_405_to_get(build, client_for, bestuurder):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:transition", args=[proposal.pk, "intrekken"])
    assert client_for(bestuurder).get(url).status_code == 405


def test_a_refused_transition_is_shown_as_an_error_message(build, client_for, bestuurder):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:transition", args=[proposal.pk, "afstemmen"])
    response = client_for(bestuurder).post(url, follow=True)
    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and "termijn" in message.message


def test_a_raadpleger_cannot_post_a_message(build, client_for, raadpleger):
    proposal = build(Status.INGEDIEND)
    url = reverse("proposals:message_post", args=[proposal.pk])
    assert client_for(raadpleger).post(url, {"tekst": "Hallo"}).status_code == 403
    assert not proposal.berichten.exists()


def test_only_staff_plan_meetings(client_for, bestuurder, staf):
    url = reverse("proposals:overleg_create")
    assert client_for(bestuurder).get(url).status_code == 403
    assert client_for(staf).get(url).status_code == 200
