"""REST shapes of proposals, their versions and the conversation; validation only."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mbo_regie.uploads import UploadValidator
from portfolio.models import (
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Instelling,
    Leerweg,
    Locatie,
    Opleiding,
)

from . import checks, conf
from .models import (
    Actie,
    AgendaItem,
    Change,
    Document,
    Invitation,
    Kijkrichting,
    Message,
    Notification,
    Overleg,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    Reactiesoort,
    Response,
    Soort,
)

KIJKRICHTING_TEXTS = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                           required=False)


class ProposalChangeSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    opleiding = serializers.SlugRelatedField(slug_field="crebo", read_only=True)
    opleiding_naam = serializers.CharField(source="opleiding.naam", read_only=True)
    locatie_naam = serializers.CharField(source="locatie.naam", read_only=True)
    gemeente = serializers.CharField(source="locatie.gemeente.code", read_only=True)
    onderbouwd = serializers.BooleanField(read_only=True)

    class Meta:
        model = Change
        fields = ["id", "actie", "instelling", "opleiding", "opleiding_naam", "locatie",
                  "locatie_naam", "gemeente", "leerweg", "aanbod", "studenten", "capaciteit",
                  "ingangsdatum", "profiel", "capaciteit_onderbouwing", "onderbouwd"]
        read_only_fields = fields


class ProposalChangeInputSerializer(serializers.Serializer):
    actie = serializers.ChoiceField(choices=Actie.choices)
    opleiding = serializers.SlugRelatedField(slug_field="crebo", queryset=Opleiding.objects.all())
    locatie = serializers.PrimaryKeyRelatedField(queryset=Locatie.objects.all())
    leerweg = serializers.ChoiceField(choices=Leerweg.choices)
    ingangsdatum = serializers.DateField()
    studenten = serializers.IntegerField(min_value=0, max_value=100_000, required=False,
                                         allow_null=True)
    capaciteit = serializers.IntegerField(min_value=0, max_value=100_000, required=False,
                                          allow_null=True)
    profiel = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    capaciteit_onderbouwing = serializers.CharField(required=False, allow_blank=True,
                                                    max_length=10_000)


class ProposalChangeUpdateSerializer(ProposalChangeInputSerializer):
    """Partial update of a change: every field optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ProposalSignalSerializer(serializers.Serializer):
    code = serializers.CharField()
    ernst = serializers.CharField()
    afspraak = serializers.IntegerField(allow_null=True)
    tekst = serializers.SerializerMethodField()

    def get_tekst(self, obj) -> str:
        return checks.signal_text(obj)


class ProposalVersionSerializer(serializers.ModelSerializer):
    wijzigingen = ProposalChangeSerializer(many=True, read_only=True)
    signalen = ProposalSignalSerializer(many=True, read_only=True)
    motivatie = serializers.DictField(child=serializers.CharField(), read_only=True)
    impact = serializers.JSONField(read_only=True)
    ondertekend_door = serializers.SerializerMethodField()

    class Meta:
        model = ProposalVersion
        fields = ["nummer", "samenvatting", "motivatie", "toelichting_wijziging", "wijzigingen",
                  "impact", "signalen", "impact_berekend_op", "gepubliceerd_op",
                  "ondertekend_door"]
        read_only_fields = fields

    def get_ondertekend_door(self, obj) -> list[str]:
        return [s.instelling.brin for s in obj.ondertekeningen.select_related("instelling")]


class ProposalSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    instelling_naam = serializers.CharField(source="instelling.naam", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "soort", "titel", "instelling", "instelling_naam", "status",
                  "consultatie_tot", "ingediend_op", "besloten_op", "uitgevoerd_op", "besluit",
                  "voorbeeld", "url"]
        read_only_fields = fields


class ProposalInvitationSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    instelling_naam = serializers.CharField(source="instelling.naam", read_only=True)

    class Meta:
        model = Invitation
        fields = ["instelling", "instelling_naam", "redenen", "versie", "uitgenodigd_op"]
        read_only_fields = fields


class ProposalEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ProposalEvent
        fields = ["old", "new", "versie", "actor", "at", "note"]
        read_only_fields = fields


class ProposalDetailSerializer(ProposalSerializer):
    versie = serializers.SerializerMethodField()
    concept = serializers.SerializerMethodField()
    uitnodigingen = ProposalInvitationSerializer(many=True, read_only=True)
    events = ProposalEventSerializer(many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "versie", "concept", "uitnodigingen",
                  "events"]
        read_only_fields = fields

    @extend_schema_field(ProposalVersionSerializer(allow_null=True))
    def get_versie(self, obj):
        version = obj.latest_version()
        return ProposalVersionSerializer(version).data if version else None

    @extend_schema_field(ProposalVersionSerializer(allow_null=True))
    def get_concept(self, obj):
        # The draft is the proposer's workspace: only those who may edit it see it.
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not (user.has_perm("proposals.change_proposal", obj)
                                or user.has_perm("proposals.sign_proposal", obj)):
            return None
        draft = obj.draft()
        return ProposalVersionSerializer(draft).data if draft else None


class ProposalCreateSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=Soort.choices)
    titel = serializers.CharField(max_length=200)
    samenvatting = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    instelling = serializers.SlugRelatedField(
        slug_field="brin", queryset=Instelling.objects.all(), required=False, allow_null=True,
        help_text="Alleen voor staf: de instelling namens wie het voorstel wordt gedaan.")


class ProposalUpdateSerializer(serializers.Serializer):
    titel = serializers.CharField(max_length=200, required=False)
    samenvatting = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    motivatie = KIJKRICHTING_TEXTS
    toelichting_wijziging = serializers.CharField(required=False, allow_blank=True,
                                                  max_length=20_000)

    def validate_motivatie(self, value):
        unknown = set(value) - set(Kijkrichting.values)
        if unknown:
            raise serializers.ValidationError(f"Onbekende kijkrichting: {sorted(unknown)}")
        return value


class ProposalNoteSerializer(serializers.Serializer):
    tekst = serializers.CharField(required=False, allow_blank=True, max_length=20_000,
                                  help_text="Toelichting; verplicht bij een geschil en bij een "
                                            "besluit na een geschil.")


class ProposalResponseSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    instelling_naam = serializers.CharField(source="instelling.naam", read_only=True)
    redenen = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Response
        fields = ["id", "instelling", "instelling_naam", "soort", "redenen", "toelichting",
                  "versie", "gegeven_op", "gewijzigd_op"]
        read_only_fields = fields


class ProposalResponseInputSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=Reactiesoort.choices)
    redenen = KIJKRICHTING_TEXTS
    toelichting = serializers.CharField(required=False, allow_blank=True, max_length=20_000)

    def validate_redenen(self, value):
        unknown = set(value) - set(Kijkrichting.values)
        if unknown:
            raise serializers.ValidationError(f"Onbekende kijkrichting: {sorted(unknown)}")
        return value


class ProposalMessageSerializer(serializers.ModelSerializer):
    auteur = serializers.StringRelatedField()
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True, allow_null=True)

    class Meta:
        model = Message
        fields = ["id", "parent", "auteur", "instelling", "tekst", "geplaatst_op"]
        read_only_fields = fields


class ProposalMessageInputSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=10_000)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class ProposalDocumentSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    geupload_door = serializers.StringRelatedField()

    class Meta:
        model = Document
        fields = ["id", "naam", "grootte", "geupload_door", "geupload_op", "url"]
        read_only_fields = fields


class ProposalDocumentInputSerializer(serializers.Serializer):
    bestand = serializers.FileField(validators=[UploadValidator(conf.max_upload_bytes)])


class ProposalNotificationSerializer(serializers.ModelSerializer):
    # The text in the language of the request, as on the page.
    tekst = serializers.CharField(source="display_text", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "soort", "proposal", "tekst", "aangemaakt_op", "gelezen_op"]
        read_only_fields = fields


class OverlegAgendaItemSerializer(serializers.ModelSerializer):
    titel = serializers.CharField(source="proposal.titel", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "overleg", "proposal", "titel", "volgorde", "uitkomst", "toelichting"]
        read_only_fields = ["id", "overleg", "proposal", "titel", "volgorde"]


class OverlegAgendaAddSerializer(serializers.Serializer):
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.all())


class OverlegSerializer(serializers.ModelSerializer):
    arbeidsmarktregio = serializers.SlugRelatedField(
        slug_field="code", queryset=Arbeidsmarktregio.objects.all(), required=False,
        allow_null=True)
    btg = serializers.SlugRelatedField(slug_field="code", queryset=Bedrijfstakgroep.objects.all(),
                                       required=False, allow_null=True)
    agenda = OverlegAgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Overleg
        fields = ["id", "soort", "titel", "datum", "arbeidsmarktregio", "btg", "notulen",
                  "voorbeeld", "agenda"]
        read_only_fields = ["id", "voorbeeld", "agenda"]

    def validate(self, attrs):
        soort = attrs.get("soort", getattr(self.instance, "soort", None))
        regio = attrs.get("arbeidsmarktregio", getattr(self.instance, "arbeidsmarktregio", None))
        btg = attrs.get("btg", getattr(self.instance, "btg", None))
        if soort == Overleg.Soort.REGIONAAL and regio is None:
            raise serializers.ValidationError({"arbeidsmarktregio": "Verplicht bij regionaal."})
        if soort == Overleg.Soort.SECTORAAL and btg is None:
            raise serializers.ValidationError({"btg": "Verplicht bij sectoraal."})
        return attrs


class ProposalInboxSerializer(serializers.Serializer):
    reageren = ProposalSerializer(many=True)
    ondertekenen = ProposalSerializer(many=True)
    afronden = ProposalSerializer(many=True)
    besluiten = ProposalSerializer(many=True)
    geschillen = ProposalSerializer(many=True)
    uitvoeren = ProposalSerializer(many=True)
    concepten = ProposalSerializer(many=True)
    ongelezen_meldingen = serializers.IntegerField()
