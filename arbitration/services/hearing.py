"""The case file and the hearing: documents, hearings, the panel's questions and the answers."""
import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mbo_regie import uploads
from mbo_regie.errors import DomainError

from .. import conf
from ..models import (
    DOCUMENT_STAGES,
    ENDED,
    Case,
    CaseDocument,
    CaseEvent,
    Hearing,
    Question,
    Stage,
)
from .common import announce, event, lock, require_stage, require_text


def _validated_upload(upload) -> str:
    """The safe file name of an upload; the same check as every other uploaded document."""
    try:
        return uploads.upload_checked_name(upload, max_bytes=conf.max_upload_bytes())
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages))


@transaction.atomic
def document_add(*, case: Case, actor, soort: str, titel: str, tekst: str = "",
                 upload=None) -> CaseDocument:
    """Add a position, evidence, a mediation or a deliberation document to the case file.

    A document has a text, a validated file, or both; parties add it on behalf of their own
    institution.
    """
    case = lock(case)
    if soort not in DOCUMENT_STAGES and soort != CaseDocument.Soort.OVERIG:
        raise DomainError(_("Onbekende soort stuk."))
    if case.stage in ENDED:
        raise DomainError(_("Het dossier van deze zaak is gesloten."))
    stages = DOCUMENT_STAGES.get(soort)
    if stages is not None and case.stage not in stages:
        raise DomainError(_("Een %(soort)s hoort niet bij de stap '%(stap)s'.") % {
            "soort": CaseDocument.Soort(soort).label.lower(), "stap": case.get_stage_display()})
    titel = require_text(titel, _("Geef het stuk een titel."))
    tekst = (tekst or "").strip()
    if not tekst and upload is None:
        raise DomainError(_("Voeg een tekst of een bestand toe."))
    instelling_id = getattr(actor, "instelling_id", None)
    document = CaseDocument(case=case, soort=soort, titel=titel, tekst=tekst,
                            toegevoegd_door=actor,
                            instelling_id=instelling_id if instelling_id in case.party_ids()
                            else None)
    if upload is not None:
        name = _validated_upload(upload)
        document.naam = name
        document.grootte = upload.size
        # A random prefix keeps two uploads with the same name apart.
        document.bestand.save(f"{uuid.uuid4().hex[:8]}-{name}", upload, save=False)
    document.save()
    event(case, CaseEvent.Soort.DOCUMENT, actor=actor, zichtbaarheid=document.zichtbaarheid,
          note=f"{document.get_soort_display()}: {titel}")
    return document


@transaction.atomic
def hearing_schedule(*, case: Case, actor, datum: datetime.datetime, plaats: str,
                     toelichting: str = "") -> Hearing:
    """The panel sets a hearing; the parties are notified."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Een hoorzitting plannen"))
    plaats = require_text(plaats, _("Noem de plaats van de hoorzitting."))
    hearing = Hearing.objects.create(case=case, datum=datum, plaats=plaats,
                                     toelichting=toelichting.strip(), vastgesteld_door=actor)
    when = timezone.localtime(datum).strftime("%Y-%m-%d %H:%M")
    event(case, CaseEvent.Soort.HOORZITTING, actor=actor,
          note=_("Hoorzitting op %(datum)s in %(plaats)s.") % {"datum": when, "plaats": plaats})
    announce(case, gettext_noop("Het panel heeft een hoorzitting gepland op %(datum)s in "
                                "%(plaats)s."),
             {"datum": when, "plaats": plaats}, actor=actor, panel=True)
    return hearing


@transaction.atomic
def hearing_report(*, case: Case, actor, hearing: Hearing, verslag: str) -> Hearing:
    """Record the report of a hearing that took place."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Een verslag vastleggen"))
    if hearing.case_id != case.pk:
        raise DomainError(_("Deze hoorzitting hoort niet bij deze zaak."))
    if hearing.datum > timezone.now():
        raise DomainError(_("Een verslag volgt na de hoorzitting."))
    hearing.verslag = require_text(verslag, _("Schrijf het verslag."))
    hearing.save(update_fields=["verslag"])
    event(case, CaseEvent.Soort.HOORZITTING, actor=actor, note=_("Verslag van de hoorzitting "
                                                                  "vastgelegd."))
    return hearing


@transaction.atomic
def question_ask(*, case: Case, actor, vraag: str, aan=None) -> Question:
    """The panel asks one party, or all parties, a question."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Een vraag stellen"))
    vraag = require_text(vraag, _("Stel de vraag."))
    if aan is not None and aan.pk not in case.party_ids():
        raise DomainError(_("Vragen gaan aan een partij in deze zaak."))
    question = Question.objects.create(case=case, vraag=vraag, aan=aan, gesteld_door=actor)
    event(case, CaseEvent.Soort.VRAAG, actor=actor,
          note=_("Vraag aan %(aan)s: %(vraag)s") % {"aan": aan or _("alle partijen"),
                                                   "vraag": vraag})
    announce(case, gettext_noop("Het panel stelt een vraag: %(vraag)s"), {"vraag": vraag[:300]},
             actor=actor)
    return question


@transaction.atomic
def question_answer(*, case: Case, actor, question: Question, antwoord: str) -> Question:
    """A party answers a question addressed to it (or to all parties), once."""
    case = lock(case)
    require_stage(case, Stage.ARBITRAGE, what=_("Een vraag beantwoorden"))
    if question.case_id != case.pk:
        raise DomainError(_("Deze vraag hoort niet bij deze zaak."))
    instelling_id = getattr(actor, "instelling_id", None)
    if question.aan_id not in (None, instelling_id) or instelling_id not in case.party_ids():
        raise DomainError(_("Deze vraag is niet aan uw instelling gesteld."))
    if question.answered:
        raise DomainError(_("Deze vraag is al beantwoord."))
    question.antwoord = require_text(antwoord, _("Geef een antwoord."))
    question.beantwoord_door = actor
    question.beantwoord_namens_id = instelling_id
    question.beantwoord_op = timezone.now()
    question.save(update_fields=["antwoord", "beantwoord_door", "beantwoord_namens",
                                 "beantwoord_op"])
    event(case, CaseEvent.Soort.VRAAG, actor=actor,
          note=_("Antwoord van %(instelling)s: %(antwoord)s")
          % {"instelling": actor.instelling, "antwoord": question.antwoord})
    return question
