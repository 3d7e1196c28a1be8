"""Impact analysis of proposals on a small known portfolio (see conftest.small)."""
import datetime

import pytest

from portfolio.proposals import selectors
from portfolio.proposals.models import Invitation, Status
from portfolio.proposals.services import drafts, lifecycle

from .conftest import MOTIVATIE, start_zorg

pytestmark = pytest.mark.django_db


def _codes(version):
    return {s["code"] for s in version.signalen}


def test_starting_next_to_roc_top_shows_overlap_and_invites_only_roc_top(build, small):
    proposal = build(Status.INGEDIEND)
    version = proposal.latest_version()
    impact = version.impact
    assert impact["deltas"]["offerings"] == 1
    assert impact["deltas"]["studenten"] == 30
    assert impact["deltas"]["programmes_offered"] == 0
    [pair] = impact["overlap_new"]
    assert (pair["gemeente_naam"], pair["other_instelling_naam"]) == ("Amsterdam", "ROC TOP")
    assert "overlap" in _codes(version)
    [overlap] = [s for s in version.signalen if s["code"] == "overlap"]
    assert "Overlap in gemeente Amsterdam met instelling ROC TOP zonder onderbouwing" in (
        overlap["tekst"])
    # Noorderpoort also offers Verzorgende-IG, but in Groningen: far beyond the threshold.
    invited = {i.instelling.naam: i.redenen for i in Invitation.objects.filter(proposal=proposal)}
    assert set(invited) == {"ROC TOP"}
    assert {"overlap", "same_programme_region"} <= set(invited["ROC TOP"])


def test_a_justified_start_is_not_an_unjustified_overlap(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Met profiel")
    drafts.change_add(proposal=proposal, actor=bestuurder,
                      data=start_zorg(small, profiel="Met acute zorg als uitstroomprofiel."))
    codes = _codes(proposal.draft())
    assert "overlap_onderbouwd" in codes and "overlap" not in codes


def test_stopping_the_only_entree_in_groningen_leaves_a_white_spot(small, bestuurder,
                                                                   instelling):
    from tests.factories import UserFactory

    noord = UserFactory(username="noord", rol="bestuurder", instelling=small.noord)
    proposal = drafts.proposal_create(actor=noord, soort="stoppen", titel="Stop Entree")
    drafts.change_add(proposal=proposal, actor=noord, data={
        "actie": "stop", "opleiding": small.entree, "locatie": small.noord_gron,
        "leerweg": "BOL", "ingangsdatum": datetime.date(2030, 8, 1)})
    version = proposal.draft()
    lost = {row["gemeente_naam"] for row in version.impact["coverage_lost"]}
    assert "Groningen" in lost and "Amsterdam" not in lost
    [signal] = [s for s in version.signalen if s["code"] == "dekking_verlies"]
    assert "Groningen" in signal["tekst"] and signal["afspraak"] == 2
    assert version.impact["deltas"]["offerings"] == -1


def test_starting_the_single_location_specialist_programme_is_signalled(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Instrumenten")
    drafts.change_add(proposal=proposal, actor=bestuurder, data={
        **start_zorg(small), "opleiding": small.spec, "leerweg": "BOL"})
    assert "specialistisch" in _codes(proposal.draft())


def test_the_affected_institutions_of_a_concept_come_from_its_snapshot(small, bestuurder):
    proposal = drafts.proposal_create(actor=bestuurder, soort="starten", titel="Zorg")
    drafts.change_add(proposal=proposal, actor=bestuurder, data=start_zorg(small))
    [row] = selectors.affected_for(proposal, proposal.draft())
    assert row["instelling"] == small.top
    assert any("dezelfde opleiding" in str(r) for r in row["redenen"])


def test_every_new_version_gets_its_own_impact_snapshot(build, small, bestuurder):
    proposal = build(Status.INGEDIEND)
    draft = drafts.version_draft_start(proposal=proposal, actor=bestuurder)
    change = draft.wijzigingen.get()
    drafts.change_update(change=change, actor=bestuurder, data={"studenten": 10})
    drafts.proposal_update(proposal=proposal, actor=bestuurder,
                           toelichting_wijziging="Kleinere groep.", motivatie=MOTIVATIE)
    lifecycle.proposal_revise(proposal=proposal, actor=bestuurder)
    v1, v2 = proposal.versies.order_by("nummer")
    assert v1.impact["deltas"]["studenten"] == 30
    assert v2.impact["deltas"]["studenten"] == 10
    history = selectors.version_history(proposal)
    assert history[0][0] == v2
    [(changed, fields)] = history[0][1]["gewijzigd"]
    assert [(str(label), old, new) for label, old, new in fields] == [
        ("verwachte studenten per jaar", 30, 10)]
