"""Every act on a case, in one table: who may do it, where the page offers it, which service.

Pages (``views.case_action``) and the API (``api.CaseViewSet``) both read this table, so a
verb has one permission and one write path whichever interface calls it. The form (pages)
and the serializer (API, ``serializers.VERB_INPUTS``) produce the same keys for ``call``.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import (
    BEFORE_ARBITRATION,
    BEFORE_RULING,
    ENDED,
    LADDER,
    SKIPPABLE_STEPS,
    Mediation,
    Order,
    PanelMember,
    Stage,
)
from .permissions import allowed, may_add_kind
from .services import cases, deadlines, execution, hearing, panel, publication, rulings

RUNNING = [s for s in [*LADDER] if s not in ENDED]
AFTER_RULING = (Stage.UITSPRAAK, Stage.UITVOERING, Stage.EVALUATIE, Stage.GESLOTEN)


@dataclass(frozen=True)
class Verb:
    slug: str
    label: str
    perm: str
    stages: tuple
    form: type
    call: Callable
    done: str
    section: str = "stap"
    # Whether the page shows the form now (the service decides whether it may happen).
    visible: Callable = field(default=lambda user, case: True)
    multipart: bool = False


def _require(user, perm: str, obj) -> None:
    if not allowed(user, perm, obj):
        raise PermissionDenied


def _add_document(case, user, d):
    if not may_add_kind(user, case, d["soort"]):
        raise PermissionDenied
    return hearing.document_add(case=case, actor=user, soort=d["soort"], titel=d["titel"],
                                tekst=d.get("tekst", ""), upload=d.get("bestand"))


def _report_order(case, user, d):
    _require(user, "arbitration.report_order", d["last"])
    return execution.order_report(case=case, actor=user, order=d["last"], bewijs=d["bewijs"])


def _skip_ahead(user, case) -> bool:
    done = {o.stap for o in case.uitkomsten.all()}
    return any(LADDER.index(case.stage) < LADDER.index(s) and s not in done
               for s in SKIPPABLE_STEPS)


def _mediation_open(user, case) -> bool:
    mediation = getattr(case, "bemiddeling", None)
    return bool(mediation and mediation.uitkomst == Mediation.Result.LOPEND)


def _open_questions(user, case) -> bool:
    instelling_id = getattr(user, "instelling_id", None)
    return case.vragen.filter(Q(aan__isnull=True) | Q(aan_id=instelling_id),
                              beantwoord_op__isnull=True).exists()


def _own_open_orders(user, case) -> bool:
    return Order.objects.filter(ruling__case=case, instelling_id=getattr(user, "instelling_id",
                                                                        None)).exclude(
        status=Order.Status.UITGEVOERD).exists()


def _has_orders(user, case) -> bool:
    return Order.objects.filter(ruling__case=case).exclude(
        status=Order.Status.UITGEVOERD).exists()


VERBS = [
    # --- the ladder ------------------------------------------------------------------
    Verb("advies-vragen", _("Advies vragen aan de commissie governance"),
         "arbitration.escalate_case", (Stage.DIALOOG,), forms.NoteForm,
         lambda c, u, d: cases.case_request_advice(case=c, actor=u, note=d["toelichting"]),
         _("Advies is gevraagd aan de commissie governance.")),
    Verb("advies-vastleggen", _("Gesprek, advies of zienswijze vastleggen"),
         "arbitration.record_advice", (Stage.ADVIES,), forms.AdviceForm,
         lambda c, u, d: cases.case_record_advice(case=c, actor=u, soort=d["soort"],
                                                  tekst=d["tekst"]),
         _("Het advies is vastgelegd.")),
    Verb("signaal-bestuur", _("Signaal aan het bestuur van de MBO Raad"),
         "arbitration.escalate_case", (Stage.DIALOOG, Stage.ADVIES), forms.NoteForm,
         lambda c, u, d: cases.case_signal_board(case=c, actor=u, note=d["toelichting"]),
         _("Het signaal is aan het bestuur gegeven.")),
    Verb("reactie-bestuur", _("Reactie van het bestuur vastleggen"),
         "arbitration.respond_board", (Stage.SIGNAAL,), forms.BoardResponseForm,
         lambda c, u, d: cases.case_board_respond(case=c, actor=u, soort=d["soort"],
                                                  tekst=d["tekst"]),
         _("De reactie van het bestuur is vastgelegd.")),
    Verb("bemiddeling-starten", _("Bemiddelaar aanstellen en bemiddeling starten"),
         "arbitration.manage_case", (Stage.DIALOOG, Stage.ADVIES, Stage.REACTIE_BESTUUR),
         forms.MediationStartForm,
         lambda c, u, d: cases.case_start_mediation(
             case=c, actor=u, bemiddelaar=d["bemiddelaar"], organisatie=d.get("organisatie", ""),
             note=d.get("toelichting", "")),
         _("De bemiddeling is gestart."),
         visible=lambda u, c: c.stage == Stage.REACTIE_BESTUUR
         or c.step_passed(Stage.REACTIE_BESTUUR)),
    Verb("bemiddelingssessie", _("Bemiddelingssessie vastleggen"), "arbitration.manage_case",
         (Stage.BEMIDDELING,), forms.MediationSessionForm,
         lambda c, u, d: cases.mediation_session_add(case=c, actor=u, datum=d["datum"],
                                                     verslag=d["verslag"]),
         _("De sessie is vastgelegd."), visible=_mediation_open),
    Verb("bemiddeling-afronden", _("Bemiddeling afronden"), "arbitration.manage_case",
         (Stage.BEMIDDELING,), forms.MediationConcludeForm,
         lambda c, u, d: cases.mediation_conclude(case=c, actor=u, uitkomst=d["uitkomst"],
                                                  toelichting=d["toelichting"]),
         _("De uitkomst van de bemiddeling is vastgelegd."), visible=_mediation_open),
    Verb("arbitrage-vragen", _("Arbitrage vragen"), "arbitration.request_arbitration",
         (Stage.DIALOOG, Stage.ADVIES, Stage.REACTIE_BESTUUR, Stage.BEMIDDELING),
         forms.NoteForm,
         lambda c, u, d: cases.case_request_arbitration(case=c, actor=u, note=d["toelichting"]),
         _("De zaak is aan de arbitragecommissie voorgelegd.")),
    Verb("stap-overslaan", _("Verzoek: een stap overslaan"), "arbitration.escalate_case",
         tuple(BEFORE_ARBITRATION), forms.SkipRequestForm,
         lambda c, u, d: cases.step_skip_request(case=c, actor=u, stap=d["stap"],
                                                 reden=d["reden"]),
         _("Het verzoek om de stap over te slaan is vastgelegd."), visible=_skip_ahead),
    Verb("vergelijk", _("Vergelijk bereikt"), "arbitration.end_case", tuple(BEFORE_RULING),
         forms.SettleForm,
         lambda c, u, d: cases.case_settle(case=c, actor=u, voorwaarden=d["voorwaarden"]),
         _("Het vergelijk is vastgelegd; de zaak is beëindigd."), section="einde"),
    Verb("intrekken", _("Zaak intrekken"), "arbitration.end_case", tuple(BEFORE_RULING),
         forms.ReasonForm,
         lambda c, u, d: cases.case_withdraw(case=c, actor=u, reden=d["reden"]),
         _("De zaak is ingetrokken."), section="einde"),
    # --- staff management -------------------------------------------------------------
    Verb("overslaan-beoordelen", _("Verzoek om een stap over te slaan beoordelen"),
         "arbitration.manage_case", tuple(BEFORE_ARBITRATION), forms.SkipDecideForm,
         lambda c, u, d: cases.step_skip_decide(case=c, actor=u, stap=d["stap"],
                                                approve=d["goedkeuren"],
                                                note=d.get("toelichting", "")),
         _("Het besluit over het overslaan is vastgelegd."), section="beheer",
         visible=lambda u, c: any(o.pending for o in c.uitkomsten.all())),
    Verb("reikwijdte", _("Reikwijdte van arbitrage toetsen"), "arbitration.manage_case",
         tuple(BEFORE_ARBITRATION), forms.ScopeTestForm,
         lambda c, u, d: cases.scope_test_record(
             case=c, actor=u, concurrentie=d["concurrentie"], dekkend=d["dekkend"],
             toegankelijk=d["toegankelijk"], onderscheidend=d["onderscheidend"],
             relevant=d["relevant"], toelichting=d["toelichting"]),
         _("De toets op de reikwijdte is vastgelegd."), section="beheer"),
    Verb("termijn-verlengen", _("Termijn verlengen"), "arbitration.manage_case",
         tuple(RUNNING), forms.ExtendForm,
         lambda c, u, d: deadlines.case_extend_deadline(case=c, actor=u, termijn=d["termijn"],
                                                        reden=d["reden"]),
         _("De termijn is verlengd."), section="beheer"),
    Verb("opschorten", _("Zaak opschorten"), "arbitration.manage_case", tuple(RUNNING),
         forms.ReasonForm,
         lambda c, u, d: deadlines.case_suspend(case=c, actor=u, reden=d["reden"]),
         _("De zaak is opgeschort."), section="beheer", visible=lambda u, c: not c.suspended),
    Verb("hervatten", _("Zaak hervatten"), "arbitration.manage_case", tuple(RUNNING),
         forms.OptionalNoteForm,
         lambda c, u, d: deadlines.case_resume(case=c, actor=u, note=d.get("toelichting", "")),
         _("De zaak is hervat."), section="beheer", visible=lambda u, c: c.suspended),
    # --- the panel --------------------------------------------------------------------
    Verb("panellid", _("Panellid benoemen"), "arbitration.manage_case", (Stage.ARBITRAGE,),
         forms.PanelMemberForm,
         lambda c, u, d: panel.panel_member_add(case=c, actor=u, user=d["gebruiker"],
                                                rol=d["rol"]),
         _("Het panellid is benoemd."), section="panel"),
    Verb("expert", _("Externe expert toevoegen"), "arbitration.manage_case",
         (Stage.ARBITRAGE,), forms.ExpertForm,
         lambda c, u, d: panel.panel_expert_add(case=c, actor=u, naam=d["naam"],
                                                expertise=d["expertise"]),
         _("De expert is toegevoegd."), section="panel"),
    Verb("panellid-afmelden", _("Panellid afmelden"), "arbitration.manage_case",
         (Stage.ARBITRAGE,), forms.PanelRemoveForm,
         lambda c, u, d: panel.panel_member_remove(case=c, actor=u, member=d["lid"],
                                                   reden=d["reden"]),
         _("Het panellid is afgemeld."), section="panel",
         visible=lambda u, c: c.panel.filter(status=PanelMember.Status.BENOEMD).exists()),
    Verb("verschonen", _("Mij verschonen"), "arbitration.recuse", (Stage.ARBITRAGE,),
         forms.ReasonForm,
         lambda c, u, d: panel.panel_member_recuse(case=c, actor=u, reden=d["reden"]),
         _("U heeft zich verschoond."), section="dossier"),
    # --- the case file and the hearing -----------------------------------------------
    Verb("stuk", _("Stuk toevoegen"), "arbitration.view_case", tuple(RUNNING),
         forms.DocumentForm, _add_document, _("Het stuk is toegevoegd."), section="dossier",
         visible=lambda u, c: any(may_add_kind(u, c, k) for k in
                                  ("standpunt", "bemiddeling", "beraadslaging")),
         multipart=True),
    Verb("hoorzitting", _("Hoorzitting plannen"), "arbitration.panel_work",
         (Stage.ARBITRAGE,), forms.HearingForm,
         lambda c, u, d: hearing.hearing_schedule(case=c, actor=u, datum=d["datum"],
                                                  plaats=d["plaats"],
                                                  toelichting=d.get("toelichting", "")),
         _("De hoorzitting is gepland."), section="dossier"),
    Verb("verslag-hoorzitting", _("Verslag van de hoorzitting"), "arbitration.panel_work",
         (Stage.ARBITRAGE,), forms.HearingReportForm,
         lambda c, u, d: hearing.hearing_report(case=c, actor=u, hearing=d["hoorzitting"],
                                                verslag=d["verslag"]),
         _("Het verslag is vastgelegd."), section="dossier",
         visible=lambda u, c: c.hoorzittingen.exists()),
    Verb("vraag", _("Vraag stellen aan partijen"), "arbitration.ask_question",
         (Stage.ARBITRAGE,), forms.QuestionForm,
         lambda c, u, d: hearing.question_ask(case=c, actor=u, vraag=d["vraag"],
                                              aan=d.get("aan")),
         _("De vraag is gesteld."), section="dossier"),
    Verb("antwoord", _("Vraag van het panel beantwoorden"), "arbitration.answer_question",
         (Stage.ARBITRAGE,), forms.AnswerForm,
         lambda c, u, d: hearing.question_answer(case=c, actor=u, question=d["vraag"],
                                                 antwoord=d["antwoord"]),
         _("Het antwoord is verstuurd."), section="dossier", visible=_open_questions),
    # --- the ruling -------------------------------------------------------------------
    Verb("uitspraak-concept", _("Concept-uitspraak opslaan"), "arbitration.panel_work",
         (Stage.ARBITRAGE,), forms.RulingDraftForm,
         lambda c, u, d: rulings.ruling_save_draft(
             case=c, actor=u, beslissing=d.get("beslissing"), uitkomst=d.get("uitkomst"),
             gronden=d.get("gronden")),
         _("De concept-uitspraak is opgeslagen."), section="uitspraak"),
    Verb("last", _("Last toevoegen"), "arbitration.panel_work", (Stage.ARBITRAGE,),
         forms.OrderForm,
         lambda c, u, d: rulings.order_add(
             case=c, actor=u, soort=d["soort"], omschrijving=d["omschrijving"],
             instelling=d["instelling"], termijn=d["termijn"], aanbod=d.get("aanbod"),
             opleiding=d.get("opleiding"), locatie=d.get("locatie"),
             leerweg=d.get("leerweg", ""), ingangsdatum=d.get("ingangsdatum"),
             capaciteit=d.get("capaciteit"), profiel=d.get("profiel", "")),
         _("De last is toegevoegd."), section="uitspraak"),
    Verb("last-verwijderen", _("Last verwijderen"), "arbitration.panel_work",
         (Stage.ARBITRAGE,), forms.OrderChoiceForm,
         lambda c, u, d: rulings.order_remove(case=c, actor=u, order=d["last"]),
         _("De last is verwijderd."), section="uitspraak"),
    Verb("ondertekenen", _("Uitspraak ondertekenen"), "arbitration.sign_ruling",
         (Stage.ARBITRAGE,), forms.EmptyForm,
         lambda c, u, d: rulings.ruling_sign(case=c, actor=u),
         _("De uitspraak is ondertekend en bindend."), section="uitspraak"),
    Verb("addendum", _("Addendum toevoegen"), "arbitration.sign_ruling", AFTER_RULING,
         forms.AddendumForm,
         lambda c, u, d: rulings.ruling_addendum_add(case=c, actor=u, tekst=d["tekst"],
                                                     reden=d["reden"]),
         _("Het addendum is toegevoegd."), section="uitspraak"),
    # --- after the ruling -------------------------------------------------------------
    Verb("uitvoering-starten", _("Uitvoering starten"), "arbitration.manage_case",
         (Stage.UITSPRAAK,), forms.EmptyForm,
         lambda c, u, d: execution.case_start_execution(case=c, actor=u),
         _("De uitvoering is gestart."), section="uitvoering"),
    Verb("last-gereed", _("Last gereed melden"), "arbitration.view_case",
         (Stage.UITVOERING,), forms.OrderReportForm, _report_order,
         _("De last is gereed gemeld."), section="uitvoering", visible=_own_open_orders),
    Verb("last-verifieren", _("Last verifiëren (en in het register doorvoeren)"),
         "arbitration.manage_case", (Stage.UITVOERING,), forms.OrderVerifyForm,
         lambda c, u, d: execution.order_verify(case=c, actor=u, order=d["last"],
                                                verificatie=d["verificatie"]),
         _("De last is geverifieerd."), section="uitvoering", visible=_has_orders),
    Verb("evaluatie-starten", _("Gezamenlijke evaluatie starten"), "arbitration.manage_case",
         (Stage.UITVOERING,), forms.EmptyForm,
         lambda c, u, d: execution.case_start_evaluation(case=c, actor=u),
         _("De evaluatie is gestart."), section="uitvoering"),
    Verb("leerpunt", _("Leerpunt vastleggen"), "arbitration.add_lesson", (Stage.EVALUATIE,),
         forms.LessonForm,
         lambda c, u, d: execution.lesson_add(case=c, actor=u, tekst=d["tekst"],
                                              openbaar=d.get("openbaar", False)),
         _("Het leerpunt is vastgelegd."), section="uitvoering"),
    Verb("sluiten", _("Zaak sluiten"), "arbitration.manage_case", (Stage.EVALUATIE,),
         forms.OptionalNoteForm,
         lambda c, u, d: execution.case_close(case=c, actor=u, note=d.get("toelichting", "")),
         _("De zaak is gesloten."), section="uitvoering"),
    Verb("publiceren", _("Samenvatting publiceren"), "arbitration.manage_case", AFTER_RULING,
         forms.PublishForm,
         lambda c, u, d: publication.case_publish(
             case=c, actor=u, titel=d["titel"], samenvatting=d["samenvatting"],
             dekkend=d.get("dekkend", False), toegankelijk=d.get("toegankelijk", False),
             onderscheidend=d.get("onderscheidend", False), relevant=d.get("relevant", False),
             btg=d.get("btg"), arbeidsmarktregio=d.get("arbeidsmarktregio")),
         _("De samenvatting staat in de casuïstiek."), section="publicatie",
         visible=lambda u, c: not hasattr(c, "publicatie")),
]
BY_SLUG = {v.slug: v for v in VERBS}


def available(user, case, section: str | None = None) -> list[Verb]:
    """The verbs the page offers this user now, optionally of one section."""
    return [v for v in VERBS
            if (section is None or v.section == section) and case.stage in v.stages
            and allowed(user, v.perm, case) and v.visible(user, case)]
