"""The ruling: signed by the chair, immutable afterwards (addenda only), orders that change the
registry when executed, the joint evaluation and the anonymised publication."""
import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from arbitration.models import (
    CaseEvent,
    Order,
    PublishedCase,
    Ruling,
    RulingAddendum,
    RulingImmutable,
    Stage,
)
from arbitration.services import execution, publication, rulings
from mbo_regie.errors import DomainError, TransitionNotAllowed
from portfolio.models import Aanbod

pytestmark = pytest.mark.django_db


@pytest.fixture
def arbitration(journey):
    case = journey.at(Stage.ARBITRAGE)
    journey.compose_panel(case)
    return case


@pytest.fixture
def ruled(journey, arbitration):
    journey.draft_ruling(arbitration)
    return rulings.ruling_sign(case=arbitration, actor=journey.voorzitter)


# --- drafting and signing ---------------------------------------------------------------
def test_the_chair_signs_a_complete_ruling_and_the_case_is_ruled(ruled, journey):
    ruling = ruled.uitspraak
    assert ruled.stage == Stage.UITSPRAAK
    assert ruling.signed and ruling.ondertekend_door == journey.voorzitter
    assert ruling.gronden["dekkend"] == "Onderbouwing dekkend."
    assert ruled.events.filter(soort="stap", old=Stage.ARBITRAGE, new=Stage.UITSPRAAK,
                               actor=journey.voorzitter).exists()


def test_a_panel_member_who_is_not_the_chair_cannot_sign(arbitration, journey):
    journey.draft_ruling(arbitration)
    with pytest.raises(DomainError, match="Alleen de voorzitter"):
        rulings.ruling_sign(case=arbitration, actor=journey.leden[0])


def test_signing_needs_a_hearing_the_decision_and_grounds_for_every_criterion(arbitration,
                                                                             journey):
    rulings.ruling_save_draft(case=arbitration, actor=journey.leden[0], beslissing="",
                              gronden={"dekkend": "Ja."})
    with pytest.raises(DomainError) as refused:
        rulings.ruling_sign(case=arbitration, actor=journey.voorzitter)
    message = refused.value.message
    assert "beslissing" in message and "uitkomst" in message
    assert "Toegankelijk, Onderscheidend, Relevant" in message
    assert "hoorzitting" in message
    arbitration.refresh_from_db()
    assert arbitration.stage == Stage.ARBITRAGE


def test_signing_needs_a_chair_and_enough_members(journey):
    case = journey.at(Stage.ARBITRAGE)
    problems = rulings.ruling_problems(case)
    assert any("voorzitter" in p for p in problems)
    assert any("minstens 2 leden" in p for p in problems)


def test_unknown_grounds_are_refused(arbitration, journey):
    with pytest.raises(DomainError, match="Onbekend criterium"):
        rulings.ruling_save_draft(case=arbitration, actor=journey.leden[0],
                                  gronden={"goedkoop": "x"})


# --- immutability -----------------------------------------------------------------------
def test_editing_a_signed_ruling_is_refused_and_the_attempt_is_logged(ruled, journey):
    with pytest.raises(RulingImmutable):
        rulings.ruling_save_draft(case=ruled, actor=journey.leden[0], beslissing="Anders.")
    ruling = Ruling.objects.get(case=ruled)
    assert ruling.beslissing == "De start gaat niet door."
    logged = ruled.events.get(soort=CaseEvent.Soort.GEWEIGERD)
    assert logged.actor == journey.leden[0]
    assert "de uitspraak wijzigen" in logged.note


def test_adding_or_removing_orders_of_a_signed_ruling_is_refused_and_logged(ruled, journey):
    order = ruled.uitspraak.lasten.get()
    with pytest.raises(RulingImmutable):
        rulings.order_add(case=ruled, actor=journey.staf, soort="verplichting",
                          omschrijving="Nog iets.", instelling=journey.partij.instelling,
                          termijn=timezone.localdate())
    with pytest.raises(RulingImmutable):
        rulings.order_remove(case=ruled, actor=journey.staf, order=order)
    assert ruled.uitspraak.lasten.count() == 1
    assert ruled.events.filter(soort=CaseEvent.Soort.GEWEIGERD).count() == 2


def test_the_model_refuses_to_save_a_signed_ruling(ruled):
    ruling = Ruling.objects.get(case=ruled)
    ruling.beslissing = "Stiekem anders."
    with pytest.raises(RulingImmutable):
        ruling.save()


def test_a_bulk_update_of_a_signed_ruling_is_refused(ruled):
    with pytest.raises(RulingImmutable):
        Ruling.objects.filter(case=ruled).update(beslissing="Via de queryset.")


def test_the_database_refuses_an_update_of_a_signed_ruling_even_in_raw_sql(ruled):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE arbitration_ruling SET beslissing = 'Ruw' WHERE case_id = %s",
                       [ruled.pk])
    assert Ruling.objects.get(case=ruled).beslissing == "De start gaat niet door."


def test_the_content_of_an_order_is_fixed_but_its_execution_is_tracked(ruled):
    order = Order.objects.get(ruling__case=ruled)
    order.omschrijving = "Iets anders."
    with pytest.raises(RulingImmutable):
        order.save()
    order = Order.objects.get(pk=order.pk)
    order.bewijs = "Afgestemd in het regio-overleg."
    order.status = Order.Status.GEMELD
    order.save()
    assert Order.objects.get(pk=order.pk).status == Order.Status.GEMELD


def test_the_chair_corrects_a_signed_ruling_with_a_dated_addendum(ruled, journey):
    addendum = rulings.ruling_addendum_add(case=ruled, actor=journey.voorzitter,
                                           tekst="Lees 'instroom' als 'eerste jaar'.",
                                           reden="Verschrijving.")
    assert addendum.nummer == 1 and addendum.ondertekend_op.date() == timezone.localdate()
    assert Ruling.objects.get(case=ruled).beslissing == "De start gaat niet door."
    addendum.tekst = "Anders"
    with pytest.raises(RulingImmutable):
        addendum.save()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE arbitration_rulingaddendum SET tekst = 'x' WHERE id = %s",
                       [addendum.pk])
    with pytest.raises(DomainError, match="Alleen de voorzitter"):
        rulings.ruling_addendum_add(case=ruled, actor=journey.staf, tekst="x", reden="y")


def test_an_addendum_needs_a_signed_ruling(arbitration, journey):
    journey.draft_ruling(arbitration)
    with pytest.raises(DomainError, match="ondertekende uitspraak"):
        rulings.ruling_addendum_add(case=arbitration, actor=journey.voorzitter, tekst="x",
                                    reden="y")
    assert not RulingAddendum.objects.exists()


# --- orders that change the registry -----------------------------------------------------
def _sign_with(journey, case, **order):
    journey.draft_ruling(case, orders=False)
    rulings.order_add(case=case, actor=journey.leden[0], omschrijving="Doe dit.",
                      termijn=timezone.localdate() + datetime.timedelta(days=60), **order)
    case = rulings.ruling_sign(case=case, actor=journey.voorzitter)
    return execution.case_start_execution(case=case, actor=journey.staf)


def test_an_order_to_stop_is_applied_to_the_registry_when_executed(arbitration, journey,
                                                                   aanbod2):
    end = timezone.localdate() + datetime.timedelta(days=200)
    case = _sign_with(journey, arbitration, soort="stoppen", aanbod=aanbod2,
                      instelling=aanbod2.instelling, ingangsdatum=end)
    order = case.uitspraak.lasten.get()
    aanbod2.refresh_from_db()
    assert aanbod2.status == Aanbod.Status.ACTIEF  # nothing happens before execution
    execution.order_report(case=case, actor=journey.wederpartij, order=order,
                           bewijs="Instroom gestopt.")
    order = execution.order_verify(case=case, actor=journey.staf, order=order,
                                   verificatie="Gezien in het register.")
    aanbod2.refresh_from_db()
    assert aanbod2.status == Aanbod.Status.IN_AFBOUW and aanbod2.einddatum == end
    assert order.status == Order.Status.UITGEVOERD and order.toegepast_aanbod == aanbod2
    assert aanbod2.history.first().status == Aanbod.Status.IN_AFBOUW


def test_an_order_to_start_creates_the_offering_when_executed(arbitration, journey, opleiding,
                                                              locatie2, aanbod2):
    Aanbod.objects.filter(pk=aanbod2.pk).update(status=Aanbod.Status.GESTOPT)
    start = timezone.localdate() + datetime.timedelta(days=90)
    case = _sign_with(journey, arbitration, soort="starten", instelling=locatie2.instelling,
                      opleiding=opleiding, locatie=locatie2, leerweg="BBL", ingangsdatum=start,
                      capaciteit=25)
    order = case.uitspraak.lasten.get()
    execution.order_verify(case=case, actor=journey.staf, order=order, verificatie="Gestart.")
    started = Aanbod.objects.get(instelling=locatie2.instelling, opleiding=opleiding,
                                 locatie=locatie2, leerweg="BBL")
    assert started.status == Aanbod.Status.ACTIEF and started.capaciteit == 25


def test_an_order_to_change_sets_capacity_and_profile(arbitration, journey, aanbod):
    case = _sign_with(journey, arbitration, soort="wijzigen", aanbod=aanbod,
                      instelling=aanbod.instelling, capaciteit=40, profiel="Focus op zorg-ICT.")
    execution.order_verify(case=case, actor=journey.staf, order=case.uitspraak.lasten.get(),
                           verificatie="Akkoord.")
    aanbod.refresh_from_db()
    assert aanbod.capaciteit == 40 and aanbod.profiel == "Focus op zorg-ICT."


def test_an_order_must_fit_the_registry_and_a_party(arbitration, journey, aanbod, aanbod2,
                                                    buitenstaander):
    journey.draft_ruling(arbitration, orders=False)
    base = {"case": arbitration, "actor": journey.leden[0], "omschrijving": "x",
            "termijn": timezone.localdate()}
    with pytest.raises(DomainError, match="partij"):
        rulings.order_add(soort="verplichting", instelling=buitenstaander.instelling, **base)
    with pytest.raises(DomainError, match="verantwoordelijke instelling"):
        rulings.order_add(soort="stoppen", instelling=journey.partij.instelling, aanbod=aanbod2,
                          ingangsdatum=timezone.localdate(), **base)
    with pytest.raises(DomainError, match="loopt al"):
        rulings.order_add(soort="starten", instelling=aanbod.instelling,
                          opleiding=aanbod.opleiding, locatie=aanbod.locatie, leerweg="BOL",
                          ingangsdatum=timezone.localdate(), **base)


def test_only_the_responsible_institution_reports_an_order_done(ruled, journey):
    case = execution.case_start_execution(case=ruled, actor=journey.staf)
    order = case.uitspraak.lasten.get()
    with pytest.raises(DomainError, match="verantwoordelijke instelling"):
        execution.order_report(case=case, actor=journey.partij, order=order, bewijs="Klaar.")


def test_evaluation_waits_until_every_order_is_executed_and_verified(ruled, journey):
    case = execution.case_start_execution(case=ruled, actor=journey.staf)
    with pytest.raises(TransitionNotAllowed, match="Stem de werving af"):
        execution.case_start_evaluation(case=case, actor=journey.staf)
    order = case.uitspraak.lasten.get()
    execution.order_verify(case=case, actor=journey.staf, order=order, verificatie="Gedaan.")
    assert execution.case_start_evaluation(case=case, actor=journey.staf).stage == \
        Stage.EVALUATIE


def test_an_open_order_past_its_deadline_is_late(ruled, journey):
    order = ruled.uitspraak.lasten.get()
    Order.objects.filter(pk=order.pk).update(termijn=timezone.localdate()
                                             - datetime.timedelta(days=1))
    order.refresh_from_db()
    assert order.is_late and order.state_label == "Te laat"


# --- evaluation and closing ----------------------------------------------------------------
def test_closing_needs_lessons_from_the_parties_and_the_panel(journey):
    case = journey.at(Stage.EVALUATIE)
    execution.lesson_add(case=case, actor=journey.partij, tekst="Eerder praten.")
    with pytest.raises(TransitionNotAllowed, match="partijen én van het panel"):
        execution.case_close(case=case, actor=journey.staf)
    lesson = execution.lesson_add(case=case, actor=journey.leden[1], tekst="Sneller escaleren.")
    assert lesson.bron == "commissie"
    assert execution.case_close(case=case, actor=journey.staf).stage == Stage.GESLOTEN


def test_a_public_lesson_may_not_name_a_party(journey):
    case = journey.at(Stage.EVALUATIE)
    with pytest.raises(DomainError, match="ROC TOP"):
        execution.lesson_add(case=case, actor=journey.partij, openbaar=True,
                             tekst="ROC TOP had eerder moeten bellen.")
    with pytest.raises(DomainError, match="partijen, het panel en de staf"):
        execution.lesson_add(case=case, actor=journey.bestuur, tekst="Ik kijk mee.")


# --- publication --------------------------------------------------------------------------
def test_the_summary_draft_replaces_party_names(ruled):
    draft = publication.summary_draft(ruled)
    assert "ROC van Amsterdam" not in draft["samenvatting"] + draft["titel"]
    assert draft["dekkend"] and draft["toegankelijk"] and not draft["relevant"]
    assert draft["arbeidsmarktregio"] == ruled.regios.get()


def test_staff_publish_an_anonymised_summary_and_names_are_refused(ruled, journey, instelling2):
    with pytest.raises(DomainError, match=instelling2.naam) as refused:
        publication.case_publish(case=ruled, actor=journey.staf, titel="Overlap",
                                 samenvatting=f"{instelling2.naam} ({instelling2.brin}) wierf.")
    assert instelling2.brin in refused.value.message
    with pytest.raises(DomainError, match="Mr. Bemiddel"):
        publication.case_publish(case=ruled, actor=journey.staf, titel="Overlap",
                                 samenvatting="Bemiddelaar Mr. Bemiddel kwam er niet uit.")
    published = publication.case_publish(
        case=ruled, actor=journey.staf, titel="Werving in de regio", dekkend=True,
        samenvatting="Instelling B wierf actief in de regio.", btg=ruled.opleidingen.get().btg)
    assert published.uitkomst == "toegewezen" and published.jaar == timezone.localdate().year
    with pytest.raises(DomainError, match="al gepubliceerd"):
        publication.case_publish(case=ruled, actor=journey.staf, titel="x", samenvatting="y")


def test_only_a_signed_ruling_is_published(arbitration, journey):
    journey.draft_ruling(arbitration)
    with pytest.raises(DomainError, match="ondertekende uitspraak"):
        publication.case_publish(case=arbitration, actor=journey.staf, titel="x", samenvatting="y")
    assert not PublishedCase.objects.exists()
