"""API shapes of the Werkagenda. Serializers validate; services write."""
from django.db.models.manager import BaseManager
from rest_framework import serializers

from . import selectors
from .models import (
    Actie,
    ActiePartij,
    Categorie,
    Doelstelling,
    Indicator,
    Meting,
    Partij,
    Prioriteit,
    Rapportageronde,
    Voortgang,
)


class PrioriteitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Prioriteit
        fields = ["nummer", "naam"]


class DoelstellingSerializer(serializers.ModelSerializer):
    prioriteit = serializers.IntegerField(source="prioriteit.nummer", read_only=True)
    n_acties = serializers.IntegerField(read_only=True)

    class Meta:
        model = Doelstelling
        fields = ["code", "prioriteit", "tekst", "n_acties"]


class PartijSerializer(serializers.ModelSerializer):
    n_acties = serializers.IntegerField(read_only=True)
    n_primair = serializers.IntegerField(read_only=True)

    class Meta:
        model = Partij
        fields = ["code", "naam", "volledige_naam", "soort", "n_acties", "n_primair"]


class ActiePartijSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="partij.code", read_only=True)
    naam = serializers.CharField(source="partij.naam", read_only=True)

    class Meta:
        model = ActiePartij
        fields = ["code", "naam", "primair"]


class VoortgangInActieSerializer(serializers.ModelSerializer):
    ronde = serializers.CharField(source="ronde.code", read_only=True)

    class Meta:
        model = Voortgang
        fields = ["ronde", "tekst", "categorie", "idem", "categorie_bron"]


class WieSerializer(serializers.Serializer):
    """Who: the report's original text and the parties read from it (of one action)."""

    origineel = serializers.CharField(source="wie_origineel", read_only=True)
    partijen = ActiePartijSerializer(source="actiepartijen", many=True, read_only=True)


class ActieListSerializer(serializers.ListSerializer):
    """Reads the nested parts of every action on the page at once (actie_details)."""

    def to_representation(self, data):
        acties = list(data.all() if isinstance(data, BaseManager) else data)
        details = selectors.actie_details([actie.pk for actie in acties])
        return [self.child.represent(actie, details[actie.pk]) for actie in acties]


class ActieSerializer(serializers.ModelSerializer):
    # (No docstring: it would become the schema's description of the component.)
    # The declared fields are the contract (schema, field names); the output is built directly
    # by represent() from plain values, not field by field: the nested serializers cost about
    # a millisecond per action. tests/werkagenda/test_api.py checks both give the same.
    doelstelling = serializers.CharField(source="doelstelling.code", read_only=True)
    prioriteit = serializers.IntegerField(source="doelstelling.prioriteit.nummer", read_only=True)
    # Declared once, not built per row in a method: the list serialises 50 actions a page.
    wie = WieSerializer(source="*", read_only=True)
    voortgang = VoortgangInActieSerializer(many=True, read_only=True)
    opleidingen = serializers.SlugRelatedField(slug_field="crebo", many=True, read_only=True)
    bedrijfstakgroepen = serializers.SlugRelatedField(slug_field="code", many=True,
                                                      read_only=True)
    arbeidsmarktregios = serializers.SlugRelatedField(slug_field="code", many=True,
                                                      read_only=True)

    class Meta:
        model = Actie
        fields = ["code", "doelstelling", "prioriteit", "wat", "wie", "wanneer", "startjaar",
                  "eindjaar", "doorlopend", "voortgang", "opleidingen", "bedrijfstakgroepen",
                  "arbeidsmarktregios"]
        list_serializer_class = ActieListSerializer

    def to_representation(self, instance):
        return self.represent(instance, selectors.actie_details([instance.pk])[instance.pk])

    @staticmethod
    def represent(actie: Actie, details: dict) -> dict:
        """The action as the declared fields show it; details from selectors.actie_details."""
        doelstelling = actie.doelstelling
        return {
            "code": actie.code,
            "doelstelling": doelstelling.code,
            "prioriteit": doelstelling.prioriteit.nummer,
            "wat": actie.wat,
            "wie": {"origineel": actie.wie_origineel, "partijen": details["partijen"]},
            "wanneer": actie.wanneer,
            "startjaar": actie.startjaar,
            "eindjaar": actie.eindjaar,
            "doorlopend": actie.doorlopend,
            "voortgang": details["voortgang"],
            "opleidingen": details["opleidingen"],
            "bedrijfstakgroepen": details["bedrijfstakgroepen"],
            "arbeidsmarktregios": details["arbeidsmarktregios"],
        }


class RapportagerondeSerializer(serializers.ModelSerializer):
    n_voortgang = serializers.IntegerField(read_only=True)

    class Meta:
        model = Rapportageronde
        fields = ["code", "naam", "volgorde", "kolom", "status", "geopend_op", "gepubliceerd_op",
                  "n_voortgang"]
        read_only_fields = ["volgorde", "kolom", "status", "geopend_op", "gepubliceerd_op"]


class RondeOpenSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    naam = serializers.CharField(max_length=100)


class RondePublishSerializer(serializers.Serializer):
    notitie = serializers.CharField(required=False, allow_blank=True, default="")


class VoortgangSerializer(serializers.ModelSerializer):
    actie = serializers.CharField(source="actie.code", read_only=True)
    ronde = serializers.CharField(source="ronde.code", read_only=True)
    bijgewerkt_door = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Voortgang
        fields = ["id", "actie", "ronde", "tekst", "idem", "categorie", "categorie_bron",
                  "bijgewerkt_door", "bijgewerkt_op"]


class VoortgangUpdateSerializer(serializers.Serializer):
    """Progress of one action in the open round (the round is always the open one)."""

    actie = serializers.SlugRelatedField(slug_field="code", queryset=Actie.objects.all())
    tekst = serializers.CharField(required=False, allow_blank=True, default="")
    idem = serializers.BooleanField(required=False, default=False)
    categorie = serializers.ChoiceField(choices=Categorie.choices, required=False,
                                        allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs["idem"] and not attrs["tekst"].strip() and not attrs["categorie"]:
            raise serializers.ValidationError("Geef een tekst, of kies 'idem'.")
        return attrs


class MetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meting
        fields = ["jaar", "waarde", "toelichting"]


class IndicatorSerializer(serializers.ModelSerializer):
    doelstelling = serializers.CharField(source="doelstelling.code", read_only=True)
    metingen = MetingSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["code", "naam", "doelstelling", "eenheid", "richting", "basis_waarde",
                  "basis_jaar", "basis_toelichting", "streef_waarde", "streef_jaar",
                  "streef_toelichting", "bron", "metingen"]
