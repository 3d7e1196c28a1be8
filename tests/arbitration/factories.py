"""Arbitration test data: cases driven up the ladder through the real services.

``Journey`` holds named actors and moves a case step by step, exactly as staff, the parties,
the bestuur and the panel would; ``disputed_proposal`` builds a proposal in dispute through
the proposals app's own services.
"""
import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from arbitration.models import Aanleiding, InterestDeclaration, Order, Stage
from arbitration.services import cases, execution, hearing, panel, rulings
from mbo_regie.accounts.models import Rol
from portfolio.proposals.services import conversation, drafts, lifecycle
from tests.factories import (
    InstellingFactory,
    UserFactory,
)

CRITERIA = ("dekkend", "toegankelijk", "onderscheidend", "relevant")


class InterestFactory(DjangoModelFactory):
    class Meta:
        model = InterestDeclaration

    user = factory.SubFactory(UserFactory, rol=Rol.COMMISSIE)
    omschrijving = "Lid raad van toezicht"


def commissielid(username: str):
    """A commission member of an institution far away (its own gemeente and region)."""
    return UserFactory(username=username, rol=Rol.COMMISSIE, first_name="Lid",
                       last_name=username.title(),
                       instelling=InstellingFactory(naam=f"College {username.title()}"))


class Journey:
    """Moves a case up the ladder with the real services and named actors."""

    ORDER = [Stage.DIALOOG, Stage.ADVIES, Stage.SIGNAAL, Stage.REACTIE_BESTUUR,
             Stage.BEMIDDELING, Stage.ARBITRAGE, Stage.UITSPRAAK, Stage.UITVOERING,
             Stage.EVALUATIE, Stage.GESLOTEN]

    def __init__(self, *, staf, partij, wederpartij, bestuur, voorzitter, leden, aanbod):
        self.staf, self.partij, self.wederpartij = staf, partij, wederpartij
        self.bestuur, self.voorzitter, self.leden = bestuur, voorzitter, leden
        self.aanbod = aanbod

    def open(self, **kwargs) -> "cases.Case":
        defaults = {"titel": "Werving in de regio", "aanleiding": Aanleiding.WERVING,
                    "omschrijving": "Actieve werving van studenten uit een andere regio.",
                    "wederpartijen": [self.wederpartij.instelling], "aanbod": [self.aanbod]}
        return cases.case_open(actor=self.partij, **{**defaults, **kwargs})

    def at(self, stage: str, **kwargs):
        """A new case in the given stage (endings: settled or withdrawn in dialogue)."""
        case = self.open(**kwargs)
        if stage == Stage.VERGELIJK:
            return cases.case_settle(case=case, actor=self.partij, voorwaarden="Samen doen.")
        if stage == Stage.INGETROKKEN:
            return cases.case_withdraw(case=case, actor=self.partij, reden="Opgelost.")
        return self.to(case, stage)

    def to(self, case, stage: str):
        while case.stage != stage:
            case = getattr(self, f"_from_{case.stage}")(case)
        case.refresh_from_db()
        return case

    def _from_dialoog(self, case):
        return cases.case_request_advice(case=case, actor=self.partij,
                                         note="We komen er samen niet uit.")

    def _from_advies(self, case):
        cases.case_record_advice(case=case, actor=self.leden[0], soort="advies",
                                 tekst="Zoek samen naar een onderscheidend profiel.")
        return cases.case_signal_board(case=case, actor=self.partij,
                                       note="Het advies bracht geen vergelijk.")

    def _from_signaal(self, case):
        return cases.case_board_respond(case=case, actor=self.bestuur, soort="bemiddelaar",
                                        tekst="Stel een bemiddelaar aan.")

    def _from_reactie_bestuur(self, case):
        return cases.case_start_mediation(case=case, actor=self.staf, bemiddelaar="Mr. Bemiddel",
                                          organisatie="Bureau Bemiddeling")

    def prepare_arbitration(self, case):
        """Mediation failed and staff found the dispute within scope."""
        cases.mediation_conclude(case=case, actor=self.staf, uitkomst="zonder_vergelijk",
                                 toelichting="Geen overeenstemming over de instroom.")
        cases.scope_test_record(case=case, actor=self.staf, concurrentie=True, dekkend=True,
                                toegankelijk=True, toelichting="Strijd om dezelfde studenten.")

    def _from_bemiddeling(self, case):
        self.prepare_arbitration(case)
        return cases.case_request_arbitration(case=case, actor=self.partij,
                                              note="Alle stappen zijn doorlopen.")

    def compose_panel(self, case):
        panel.panel_member_add(case=case, actor=self.staf, user=self.voorzitter,
                               rol="voorzitter")
        for lid in self.leden:
            panel.panel_member_add(case=case, actor=self.staf, user=lid, rol="lid")

    def draft_ruling(self, case, *, orders=True):
        hearing.hearing_schedule(case=case, actor=self.voorzitter, plaats="Utrecht",
                                 datum=timezone.now() - datetime.timedelta(days=1))
        rulings.ruling_save_draft(
            case=case, actor=self.leden[0], beslissing="De start gaat niet door.",
            uitkomst="toegewezen", gronden={c: f"Onderbouwing {c}." for c in CRITERIA})
        if orders:
            rulings.order_add(case=case, actor=self.leden[0], soort=Order.Soort.VERPLICHTING,
                              omschrijving="Stem de werving af.",
                              instelling=self.wederpartij.instelling,
                              termijn=timezone.localdate() + datetime.timedelta(days=30))

    def _from_arbitrage(self, case):
        self.compose_panel(case)
        self.draft_ruling(case)
        return rulings.ruling_sign(case=case, actor=self.voorzitter)

    def _from_uitspraak(self, case):
        return execution.case_start_execution(case=case, actor=self.staf)

    def _from_uitvoering(self, case):
        for order in Order.objects.filter(ruling__case=case).exclude(status="uitgevoerd"):
            execution.order_verify(case=case, actor=self.staf, order=order,
                                   verificatie="Gecontroleerd.")
        return execution.case_start_evaluation(case=case, actor=self.staf)

    def _from_evaluatie(self, case):
        execution.lesson_add(case=case, actor=self.partij, tekst="Eerder met elkaar praten.")
        execution.lesson_add(case=case, actor=self.voorzitter, tekst="Heldere afspraken.",
                             openbaar=True)
        return execution.case_close(case=case, actor=self.staf)


def disputed_proposal(*, proposer, objector, opleiding, locatie, leerweg="BBL"):
    """A proposal to start a programme, objected to and disputed, via the proposals services.

    The objector's institution must already offer the programme nearby, so the impact
    analysis invites it.
    """
    proposal = drafts.proposal_create(actor=proposer, soort="starten",
                                      titel="Start opleiding in Amsterdam",
                                      samenvatting="Wij willen deze opleiding starten.")
    drafts.proposal_update(proposal=proposal, actor=proposer, motivatie=dict.fromkeys(
        ("maatschappelijke_relevantie", "regionale_dekking", "studentperspectief",
         "onderscheidend", "diversiteit", "doelmatigheid", "impact_op_anderen"), "Motivatie."))
    drafts.change_add(proposal=proposal, actor=proposer, data={
        "actie": "start", "opleiding": opleiding, "locatie": locatie, "leerweg": leerweg,
        "ingangsdatum": timezone.localdate() + datetime.timedelta(days=400), "studenten": 20})
    lifecycle.proposal_submit(proposal=proposal, actor=proposer)
    conversation.response_save(proposal=proposal, actor=objector, soort="bezwaar",
                               redenen={"regionale_dekking": "Wij bieden dit al aan."},
                               toelichting="Dit leidt tot overlap.")
    conversation.message_post(proposal=proposal, actor=proposer, tekst="Kunnen we praten?")
    proposal.refresh_from_db()
    lifecycle.proposal_dispute(proposal=proposal, actor=objector, reden="Geen overeenstemming.")
    proposal.refresh_from_db()
    return proposal

