"""REST output shapes: cases, the timeline, the case file, the panel, rulings, the casuïstiek."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portfolio.models import (
    Arbeidsmarktregio,
    Instelling,
    Leerweg,
    Opleiding,
)

from ..models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseParty,
    Hearing,
    InterestDeclaration,
    Lesson,
    Mediation,
    Order,
    PanelMember,
    PublishedCase,
    Question,
    Ruling,
    RulingAddendum,
    ScopeTest,
    Stage,
    StepOutcome,
    StepRecord,
    Uitkomst,
)


class PartySerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    instelling_naam = serializers.CharField(source="instelling.naam", read_only=True)

    class Meta:
        model = CaseParty
        fields = ["instelling", "instelling_naam", "rol"]


class CaseSerializer(serializers.ModelSerializer):
    kenmerk = serializers.CharField(read_only=True)
    partijen = PartySerializer(many=True, read_only=True)
    opgeschort = serializers.BooleanField(source="suspended", read_only=True)

    class Meta:
        model = Case
        fields = ["id", "kenmerk", "titel", "aanleiding", "stage", "termijn", "opgeschort",
                  "partijen", "proposal", "voorbeeld", "geopend_op", "beeindigd_op"]
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepOutcome
        fields = ["stap", "uitkomst", "toelichting", "vastgelegd_op", "goedgekeurd_op"]
        read_only_fields = fields


class RecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = StepRecord
        fields = ["stap", "soort", "tekst", "op"]
        read_only_fields = fields


class ScopeTestSerializer(serializers.ModelSerializer):
    binnen_reikwijdte = serializers.BooleanField(read_only=True)

    class Meta:
        model = ScopeTest
        fields = ["concurrentie", "dekkend", "toegankelijk", "onderscheidend", "relevant",
                  "toelichting", "binnen_reikwijdte", "vastgesteld_op"]
        read_only_fields = fields


class MediationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mediation
        fields = ["bemiddelaar", "organisatie", "aangesteld_op", "uitkomst",
                  "uitkomst_toelichting", "afgerond_op"]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    opleidingen = serializers.SlugRelatedField(slug_field="crebo", many=True, read_only=True)
    regios = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    aanbod = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    uitkomsten = OutcomeSerializer(many=True, read_only=True)
    verslagen = RecordSerializer(many=True, read_only=True)
    reikwijdte = ScopeTestSerializer(read_only=True, allow_null=True)
    bemiddeling = MediationSerializer(read_only=True, allow_null=True)
    arbitrage_verzocht_door = serializers.SlugRelatedField(slug_field="brin", read_only=True,
                                                           allow_null=True)
    ontbrekende_stappen = serializers.ListField(source="missing_steps",
                                                child=serializers.CharField(), read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "omschrijving", "opleidingen", "regios",
                  "aanbod", "opschort_reden", "signaal_op", "arbitrage_verzocht_door",
                  "arbitrage_verzocht_op", "vergelijk_voorwaarden", "uitkomsten", "verslagen",
                  "reikwijdte", "bemiddeling", "ontbrekende_stappen"]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)
    # Blank for entries that are not a step (read-only fields lose allow_blank otherwise).
    old = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)
    new = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "soort", "old", "new", "actor", "at", "note", "zichtbaarheid"]
        read_only_fields = fields


class CaseDocumentSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True, allow_null=True)
    toegevoegd_door = serializers.StringRelatedField()
    zichtbaarheid = serializers.CharField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseDocument
        fields = ["id", "soort", "titel", "tekst", "naam", "grootte", "instelling",
                  "toegevoegd_door", "toegevoegd_op", "zichtbaarheid", "download"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, obj) -> str | None:
        return obj.get_absolute_url() if obj.bestand else None


class HearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = ["id", "datum", "plaats", "toelichting", "verslag"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    aan = serializers.SlugRelatedField(slug_field="brin", read_only=True, allow_null=True)
    beantwoord_namens = serializers.SlugRelatedField(slug_field="brin", read_only=True,
                                                     allow_null=True)

    class Meta:
        model = Question
        fields = ["id", "aan", "vraag", "gesteld_op", "antwoord", "beantwoord_namens",
                  "beantwoord_op"]
        read_only_fields = fields


class CaseFileSerializer(serializers.Serializer):
    """The case file as the user may read it."""

    stukken = CaseDocumentSerializer(many=True)
    hoorzittingen = HearingSerializer(many=True)
    vragen = QuestionSerializer(many=True)
    dossier = serializers.JSONField(help_text="Kopie van voorstel, impact, reacties, gesprek.")


class PanelMemberSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["id", "naam", "user", "rol", "status", "expertise", "reden", "benoemd_op"]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user.pk")
    naam = serializers.CharField(source="user")
    rol = serializers.CharField()
    conflicten = serializers.ListField(source="conflicts", child=serializers.CharField())
    in_panel = serializers.BooleanField(source="seated")


class OrderSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    leerweg = serializers.ChoiceField(choices=Leerweg.choices, allow_blank=True, read_only=True)
    opleiding = serializers.SlugRelatedField(slug_field="crebo", read_only=True, allow_null=True)
    te_laat = serializers.BooleanField(source="is_late", read_only=True)

    class Meta:
        model = Order
        fields = ["id", "volgorde", "soort", "omschrijving", "instelling", "termijn", "aanbod",
                  "opleiding", "locatie", "leerweg", "ingangsdatum", "capaciteit", "profiel",
                  "status", "te_laat", "bewijs", "gemeld_op", "verificatie", "geverifieerd_op",
                  "toegepast_aanbod"]
        read_only_fields = fields


class AddendumSerializer(serializers.ModelSerializer):
    ondertekend_door = serializers.StringRelatedField()

    class Meta:
        model = RulingAddendum
        fields = ["nummer", "tekst", "reden", "ondertekend_door", "ondertekend_op"]
        read_only_fields = fields


class RulingSerializer(serializers.ModelSerializer):
    lasten = OrderSerializer(many=True, read_only=True)
    uitkomst = serializers.ChoiceField(choices=Uitkomst.choices, allow_blank=True,
                                       read_only=True)
    addenda = AddendumSerializer(many=True, read_only=True)
    ondertekend_door = serializers.StringRelatedField(allow_null=True)
    ondertekend = serializers.BooleanField(source="signed", read_only=True)

    class Meta:
        model = Ruling
        fields = ["beslissing", "uitkomst", "gronden", "ondertekend", "ondertekend_door",
                  "ondertekend_op", "lasten", "addenda"]
        read_only_fields = fields


class PublishedCaseSerializer(serializers.ModelSerializer):
    btg = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    arbeidsmarktregio = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                     allow_null=True)
    criteria = serializers.ListField(source="criteria_labels", child=serializers.CharField(),
                                     read_only=True)

    class Meta:
        model = PublishedCase
        fields = ["id", "titel", "samenvatting", "uitkomst", "criteria", "dekkend",
                  "toegankelijk", "onderscheidend", "relevant", "btg", "arbeidsmarktregio",
                  "jaar", "voorbeeld", "gepubliceerd_op"]
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer):
    casus = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "bron", "tekst", "op", "casus"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_casus(self, obj) -> int | None:
        published = getattr(obj.case, "publicatie", None)
        return published.pk if published else None


class InterestSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", required=False,
                                              allow_null=True,
                                              queryset=Instelling.objects.all())
    opleiding = serializers.SlugRelatedField(slug_field="crebo", required=False, allow_null=True,
                                             queryset=Opleiding.objects.all())
    arbeidsmarktregio = serializers.SlugRelatedField(
        slug_field="code", required=False, allow_null=True,
        queryset=Arbeidsmarktregio.objects.all())
    actief = serializers.BooleanField(source="active", read_only=True)

    class Meta:
        model = InterestDeclaration
        fields = ["id", "omschrijving", "instelling", "opleiding", "arbeidsmarktregio", "sinds",
                  "tot", "actief"]
        read_only_fields = ["id", "sinds", "tot", "actief"]
