"""The arbitration panel: conflicts of interest exclude members automatically, with a reason."""
import datetime

import pytest
from django.utils import timezone

from arbitration.models import PanelMember, Stage
from arbitration.services import panel, rulings
from arbitration.services.panel import conflicts_of
from mbo_regie.accounts.models import Rol
from mbo_regie.errors import DomainError
from portfolio.models import Aanbod
from tests.factories import (
    AanbodFactory,
    ArbeidsmarktregioFactory,
    GemeenteFactory,
    LocatieFactory,
    UserFactory,
)

from .factories import InterestFactory, commissielid

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(journey):
    return journey.at(Stage.ARBITRAGE)


def test_a_member_without_any_interest_has_no_conflict_and_is_appointed(case, journey, lid1):
    assert conflicts_of(lid1, case) == []
    member = panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="lid")
    assert member.status == PanelMember.Status.BENOEMD
    assert case.events.filter(soort="panel", note__contains=str(lid1)).exists()


def test_a_member_whose_institution_is_a_party_is_excluded_with_the_reason(case, journey,
                                                                           instelling):
    party_member = UserFactory(username="partijlid", rol=Rol.COMMISSIE, instelling=instelling)
    reasons = conflicts_of(party_member, case)
    assert reasons[0] == f"{instelling} is partij in deze zaak."
    with pytest.raises(DomainError, match="partij in deze zaak") as refused:
        panel.panel_member_add(case=case, actor=journey.staf, user=party_member, rol="lid")
    assert refused.value.code == "conflict_of_interest"
    assert not case.panel.filter(user=party_member).exists()


def test_a_member_whose_institution_offers_the_programme_in_the_region_is_excluded(
        case, journey, opleiding, regio_gemeente):
    member = commissielid("concurrent")
    elsewhere = LocatieFactory(instelling=member.instelling, gemeente=regio_gemeente,
                               code="AMS-9")
    AanbodFactory(instelling=member.instelling, opleiding=opleiding, locatie=elsewhere)
    reasons = conflicts_of(member, case)
    assert len(reasons) == 1
    assert "biedt Medewerker ICT aan in de arbeidsmarktregio" in reasons[0]
    with pytest.raises(DomainError, match="biedt Medewerker ICT aan"):
        panel.panel_member_add(case=case, actor=journey.staf, user=member, rol="lid")


def test_the_same_programme_in_another_region_or_stopped_is_no_conflict(case, opleiding):
    member = commissielid("elders")
    other = GemeenteFactory(arbeidsmarktregio=ArbeidsmarktregioFactory(code="AM77"))
    AanbodFactory(instelling=member.instelling, opleiding=opleiding,
                  locatie=LocatieFactory(instelling=member.instelling, gemeente=other))
    member2 = commissielid("gestopt")
    AanbodFactory(instelling=member2.instelling, opleiding=opleiding,
                  status=Aanbod.Status.GESTOPT,
                  locatie=LocatieFactory(instelling=member2.instelling,
                                         gemeente=case.regios.get().gemeenten.first()))
    assert conflicts_of(member, case) == []
    assert conflicts_of(member2, case) == []


@pytest.mark.parametrize("subject", ["instelling", "opleiding", "arbeidsmarktregio"])
def test_a_declared_interest_in_a_party_programme_or_region_excludes(case, journey, lid1,
                                                                    subject):
    target = {"instelling": journey.wederpartij.instelling,
              "opleiding": case.opleidingen.get(),
              "arbeidsmarktregio": case.regios.get()}[subject]
    InterestFactory(user=lid1, omschrijving="Toezichthouder", **{subject: target})
    assert conflicts_of(lid1, case) == ["Opgegeven belang: Toezichthouder"]
    with pytest.raises(DomainError, match="Opgegeven belang"):
        panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="lid")


def test_an_ended_or_unrelated_interest_does_not_exclude(case, lid1, journey):
    InterestFactory(user=lid1, instelling=journey.wederpartij.instelling,
                    sinds=timezone.localdate() - datetime.timedelta(days=400),
                    tot=timezone.localdate() - datetime.timedelta(days=1))
    InterestFactory(user=lid1, instelling=lid1.instelling, omschrijving="Eigen instelling")
    assert conflicts_of(lid1, case) == []


def test_the_chair_has_no_institution_but_a_declared_interest_still_counts(case, journey,
                                                                          voorzitter):
    assert conflicts_of(voorzitter, case) == []
    InterestFactory(user=voorzitter, instelling=journey.partij.instelling)
    assert len(conflicts_of(voorzitter, case)) == 1


def test_the_interest_register_declares_and_ends_an_interest(lid1, instelling):
    declaration = panel.interest_declare(actor=lid1, omschrijving="Adviseur",
                                         instelling=instelling)
    assert declaration.active
    panel.interest_end(declaration=declaration, actor=lid1)
    declaration.refresh_from_db()
    assert declaration.tot == timezone.localdate()
    with pytest.raises(DomainError, match="instelling, opleiding of arbeidsmarktregio"):
        panel.interest_declare(actor=lid1, omschrijving="Vaag belang")


def test_only_an_independent_chair_chairs_and_only_commission_members_sit(case, journey, lid1,
                                                                         voorzitter,
                                                                         voorzitter2):
    with pytest.raises(DomainError, match="onafhankelijk voorzitter"):
        panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="voorzitter")
    with pytest.raises(DomainError, match="commissie governance"):
        panel.panel_member_add(case=case, actor=journey.staf, user=voorzitter, rol="lid")
    panel.panel_member_add(case=case, actor=journey.staf, user=voorzitter, rol="voorzitter")
    with pytest.raises(DomainError, match="al een voorzitter"):
        panel.panel_member_add(case=case, actor=journey.staf, user=voorzitter2,
                               rol="voorzitter")


def test_a_member_recuses_and_staff_complete_the_panel(case, journey, lid1):
    panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="lid")
    member = panel.panel_member_recuse(case=case, actor=lid1, reden="Ik ken de bestuurder.")
    assert member.status == PanelMember.Status.TERUGGETROKKEN
    assert member.reden == "Ik ken de bestuurder."
    assert case.events.filter(note__contains="verschoond").exists()
    # Recused, the person can be appointed again later (the seat is free).
    panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="lid")


def test_an_external_expert_joins_without_an_account(case, journey):
    member = panel.panel_expert_add(case=case, actor=journey.staf, naam="Dr. Arbeidsmarkt",
                                    expertise="Regionale arbeidsmarkt")
    assert member.rol == PanelMember.Rol.EXPERT and member.user is None


def test_the_panel_is_composed_only_during_arbitration(journey, lid1):
    case = journey.at(Stage.BEMIDDELING)
    with pytest.raises(DomainError, match="Het panel samenstellen"):
        panel.panel_member_add(case=case, actor=journey.staf, user=lid1, rol="lid")


def test_a_conflict_that_arises_after_appointment_blocks_signing(case, journey, lid1):
    journey.compose_panel(case)
    journey.draft_ruling(case)
    InterestFactory(user=lid1, instelling=journey.partij.instelling)
    with pytest.raises(DomainError, match="belangenconflict"):
        rulings.ruling_sign(case=case, actor=journey.voorzitter)
