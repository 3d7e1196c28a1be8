"""REST input shapes: opening a case, and one serializer per case verb (``VERB_INPUTS``).

Each produces the same keys as the verb's page form (see ``verbs.py``); validation only.
"""
from rest_framework import serializers

from mbo_regie.accounts.models import User
from mbo_regie.uploads import UploadValidator
from portfolio.models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Instelling,
    Leerweg,
    Locatie,
    Opleiding,
)

from .. import conf
from ..models import (
    ADVICE_KINDS,
    BOARD_KINDS,
    GROUNDS,
    SKIPPABLE_STEPS,
    Aanleiding,
    CaseDocument,
    Hearing,
    Order,
    PanelMember,
    Question,
    Uitkomst,
)


def _text(**kwargs):
    return serializers.CharField(max_length=20_000, **kwargs)


class CaseOpenSerializer(serializers.Serializer):
    titel = serializers.CharField(max_length=200)
    aanleiding = serializers.ChoiceField(choices=[c for c in Aanleiding.choices
                                                  if c[0] != Aanleiding.VOORSTEL])
    omschrijving = _text()
    melder = serializers.SlugRelatedField(slug_field="brin", queryset=Instelling.objects.all(),
                                          required=False, allow_null=True,
                                          help_text="Alleen voor de staf; een bestuurder meldt "
                                                    "namens de eigen instelling.")
    wederpartijen = serializers.SlugRelatedField(slug_field="brin", many=True,
                                                 queryset=Instelling.objects.all())
    opleidingen = serializers.SlugRelatedField(slug_field="crebo", many=True, required=False,
                                               queryset=Opleiding.objects.all())
    aanbod = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                queryset=Aanbod.objects.all())
    regios = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                          queryset=Arbeidsmarktregio.objects.all())


class FromProposalSerializer(serializers.Serializer):
    voorstel = serializers.IntegerField(min_value=1)
    titel = serializers.CharField(max_length=200, required=False, allow_blank=True)
    omschrijving = _text(required=False, allow_blank=True)


class NoteInput(serializers.Serializer):
    toelichting = _text()


class OptionalNoteInput(serializers.Serializer):
    toelichting = _text(required=False, allow_blank=True)


class EmptyInput(serializers.Serializer):
    pass


class AdviceInput(serializers.Serializer):
    soort = serializers.ChoiceField(choices=[str(k) for k in ADVICE_KINDS])
    tekst = _text()


class BoardResponseInput(serializers.Serializer):
    soort = serializers.ChoiceField(choices=[str(k) for k in BOARD_KINDS])
    tekst = _text()


class MediationStartInput(serializers.Serializer):
    bemiddelaar = serializers.CharField(max_length=200)
    organisatie = serializers.CharField(max_length=200, required=False, allow_blank=True)
    toelichting = _text(required=False, allow_blank=True)


class MediationSessionInput(serializers.Serializer):
    datum = serializers.DateField()
    verslag = _text()


class MediationConcludeInput(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=["zonder_vergelijk", "vergelijk"])
    toelichting = _text()


class SkipRequestInput(serializers.Serializer):
    stap = serializers.ChoiceField(choices=[str(s) for s in SKIPPABLE_STEPS])
    reden = _text()


class SkipDecideInput(serializers.Serializer):
    stap = serializers.ChoiceField(choices=[str(s) for s in SKIPPABLE_STEPS])
    goedkeuren = serializers.BooleanField()
    toelichting = _text(required=False, allow_blank=True)


class ScopeTestInput(serializers.Serializer):
    concurrentie = serializers.BooleanField()
    dekkend = serializers.BooleanField(default=False)
    toegankelijk = serializers.BooleanField(default=False)
    onderscheidend = serializers.BooleanField(default=False)
    relevant = serializers.BooleanField(default=False)
    toelichting = _text()


class SettleInput(serializers.Serializer):
    voorwaarden = _text()


class ReasonInput(serializers.Serializer):
    reden = _text()


class ExtendInput(serializers.Serializer):
    termijn = serializers.DateField()
    reden = _text()


class PanelMemberInput(serializers.Serializer):
    gebruiker = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    rol = serializers.ChoiceField(choices=["voorzitter", "lid"])


class ExpertInput(serializers.Serializer):
    naam = serializers.CharField(max_length=200)
    expertise = serializers.CharField(max_length=300)


class PanelRemoveInput(serializers.Serializer):
    lid = serializers.PrimaryKeyRelatedField(queryset=PanelMember.objects.all())
    reden = _text()


class DocumentInput(serializers.Serializer):
    soort = serializers.ChoiceField(choices=CaseDocument.Soort.choices)
    titel = serializers.CharField(max_length=200)
    tekst = _text(required=False, allow_blank=True)
    bestand = serializers.FileField(required=False, allow_null=True,
                                    validators=[UploadValidator(conf.max_upload_bytes)])


class HearingInput(serializers.Serializer):
    datum = serializers.DateTimeField()
    plaats = serializers.CharField(max_length=200)
    toelichting = _text(required=False, allow_blank=True)


class HearingReportInput(serializers.Serializer):
    hoorzitting = serializers.PrimaryKeyRelatedField(queryset=Hearing.objects.all())
    verslag = _text()


class QuestionInput(serializers.Serializer):
    vraag = _text()
    aan = serializers.SlugRelatedField(slug_field="brin", queryset=Instelling.objects.all(),
                                       required=False, allow_null=True)


class AnswerInput(serializers.Serializer):
    vraag = serializers.PrimaryKeyRelatedField(queryset=Question.objects.all())
    antwoord = _text()


class RulingDraftInput(serializers.Serializer):
    beslissing = _text(required=False, allow_blank=True)
    uitkomst = serializers.ChoiceField(choices=[("", "-"), *Uitkomst.choices], required=False,
                                       allow_blank=True)
    gronden = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20_000), required=False,
        help_text="Per criterium en kijkrichting: " + ", ".join(c for c, _l in GROUNDS))


class OrderInput(serializers.Serializer):
    soort = serializers.ChoiceField(choices=Order.Soort.choices)
    omschrijving = _text()
    instelling = serializers.SlugRelatedField(slug_field="brin",
                                              queryset=Instelling.objects.all())
    termijn = serializers.DateField()
    aanbod = serializers.PrimaryKeyRelatedField(queryset=Aanbod.objects.all(), required=False,
                                                allow_null=True)
    opleiding = serializers.SlugRelatedField(slug_field="crebo",
                                             queryset=Opleiding.objects.all(), required=False,
                                             allow_null=True)
    locatie = serializers.PrimaryKeyRelatedField(queryset=Locatie.objects.all(), required=False,
                                                 allow_null=True)
    leerweg = serializers.ChoiceField(choices=[("", "-"), *Leerweg.choices], required=False,
                                      allow_blank=True)
    ingangsdatum = serializers.DateField(required=False, allow_null=True)
    capaciteit = serializers.IntegerField(min_value=0, max_value=100_000, required=False,
                                          allow_null=True)
    profiel = _text(required=False, allow_blank=True)


class OrderChoiceInput(serializers.Serializer):
    last = serializers.PrimaryKeyRelatedField(queryset=Order.objects.all())


class OrderReportInput(OrderChoiceInput):
    bewijs = _text()


class OrderVerifyInput(OrderChoiceInput):
    verificatie = _text()


class AddendumInput(serializers.Serializer):
    tekst = _text()
    reden = _text()


class LessonInput(serializers.Serializer):
    tekst = _text()
    openbaar = serializers.BooleanField(default=False)


class PublishInput(serializers.Serializer):
    titel = serializers.CharField(max_length=200)
    samenvatting = _text()
    dekkend = serializers.BooleanField(default=False)
    toegankelijk = serializers.BooleanField(default=False)
    onderscheidend = serializers.BooleanField(default=False)
    relevant = serializers.BooleanField(default=False)
    btg = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                       queryset=Bedrijfstakgroep.objects.all())
    arbeidsmarktregio = serializers.SlugRelatedField(
        slug_field="code", required=False, allow_null=True,
        queryset=Arbeidsmarktregio.objects.all())


VERB_INPUTS = {
    "advies-vragen": NoteInput, "advies-vastleggen": AdviceInput,
    "signaal-bestuur": NoteInput, "reactie-bestuur": BoardResponseInput,
    "bemiddeling-starten": MediationStartInput, "bemiddelingssessie": MediationSessionInput,
    "bemiddeling-afronden": MediationConcludeInput, "arbitrage-vragen": NoteInput,
    "stap-overslaan": SkipRequestInput, "vergelijk": SettleInput, "intrekken": ReasonInput,
    "overslaan-beoordelen": SkipDecideInput, "reikwijdte": ScopeTestInput,
    "termijn-verlengen": ExtendInput, "opschorten": ReasonInput,
    "hervatten": OptionalNoteInput, "panellid": PanelMemberInput, "expert": ExpertInput,
    "panellid-afmelden": PanelRemoveInput, "verschonen": ReasonInput, "stuk": DocumentInput,
    "hoorzitting": HearingInput, "verslag-hoorzitting": HearingReportInput,
    "vraag": QuestionInput, "antwoord": AnswerInput, "uitspraak-concept": RulingDraftInput,
    "last": OrderInput, "last-verwijderen": OrderChoiceInput, "ondertekenen": EmptyInput,
    "addendum": AddendumInput, "uitvoering-starten": EmptyInput,
    "last-gereed": OrderReportInput, "last-verifieren": OrderVerifyInput,
    "evaluatie-starten": EmptyInput, "leerpunt": LessonInput, "sluiten": OptionalNoteInput,
    "publiceren": PublishInput,
}
