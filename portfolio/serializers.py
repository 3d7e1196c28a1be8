"""API shapes of the registries. Serializers validate; services write."""
from rest_framework import serializers

from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Bron,
    Gemeente,
    Inschrijving,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)


class ProvincieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provincie
        fields = ["id", "code", "naam"]


class ArbeidsmarktregioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Arbeidsmarktregio
        fields = ["id", "code", "naam"]


class GemeenteSerializer(serializers.ModelSerializer):
    provincie = serializers.SlugRelatedField(slug_field="code", read_only=True)
    arbeidsmarktregio = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Gemeente
        fields = ["id", "code", "naam", "provincie", "arbeidsmarktregio", "lat", "lon",
                  "inwoners", "jongeren", "oppervlakte_land_ha", "krimp_status"]


class BedrijfstakgroepSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bedrijfstakgroep
        fields = ["id", "code", "naam", "sectorkamer_code"]


class InstellingSerializer(serializers.ModelSerializer):
    home_gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Instelling
        fields = ["id", "brin", "naam", "type", "denominatie", "home_gemeente", "lid"]


class LocatieSerializer(serializers.ModelSerializer):
    instelling = serializers.SlugRelatedField(slug_field="brin", read_only=True)
    gemeente = serializers.SlugRelatedField(slug_field="code", read_only=True)
    synthetisch = serializers.BooleanField(read_only=True)

    class Meta:
        model = Locatie
        fields = ["id", "instelling", "code", "naam", "adres", "postcode", "plaats", "gemeente",
                  "lat", "lon", "bron", "synthetisch"]


class OpleidingSerializer(serializers.ModelSerializer):
    btg = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Opleiding
        fields = ["id", "crebo", "naam", "niveau", "leerwegen", "sectorkamer_code", "btg",
                  "dossier_code", "dossier_naam", "hoofdgroep_code", "subgroep_code",
                  "specialistisch", "opgaven"]


class AanbodSerializer(serializers.ModelSerializer):
    """Offerings; staff may write them (validated here, saved by services.aanbod_save)."""

    instelling = serializers.SlugRelatedField(slug_field="brin",
                                              queryset=Instelling.objects.all())
    opleiding = serializers.SlugRelatedField(slug_field="crebo", queryset=Opleiding.objects.all())
    locatie = serializers.PrimaryKeyRelatedField(queryset=Locatie.objects.all())
    studenten = serializers.IntegerField(read_only=True, allow_null=True)
    synthetisch = serializers.BooleanField(read_only=True)

    class Meta:
        model = Aanbod
        fields = ["id", "instelling", "opleiding", "locatie", "leerweg", "status", "startdatum",
                  "einddatum", "capaciteit", "profiel", "capaciteit_onderbouwing", "bron",
                  "synthetisch", "studenten"]
        read_only_fields = ["bron"]

    def validate(self, attrs):
        instelling = attrs.get("instelling") or getattr(self.instance, "instelling", None)
        locatie = attrs.get("locatie") or getattr(self.instance, "locatie", None)
        if instelling and locatie and locatie.instelling_id != instelling.pk:
            raise serializers.ValidationError(
                {"locatie": "Deze locatie hoort niet bij de gekozen instelling."})
        start = attrs.get("startdatum", getattr(self.instance, "startdatum", None))
        end = attrs.get("einddatum", getattr(self.instance, "einddatum", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"einddatum": "De einddatum ligt vóór de startdatum."})
        return attrs


class InschrijvingSerializer(serializers.ModelSerializer):
    synthetisch = serializers.SerializerMethodField()

    class Meta:
        model = Inschrijving
        fields = ["id", "aanbod", "jaar", "studenten", "bron", "synthetisch"]

    def get_synthetisch(self, obj) -> bool:
        return obj.bron == Bron.SYNTHETISCH


class CountsSerializer(serializers.Serializer):
    provincies = serializers.IntegerField()
    arbeidsmarktregios = serializers.IntegerField()
    gemeenten = serializers.IntegerField()
    instellingen = serializers.IntegerField()
    locaties = serializers.IntegerField()
    opleidingen = serializers.IntegerField()
    bedrijfstakgroepen = serializers.IntegerField()
    aanbod = serializers.IntegerField()
    aanbod_actief = serializers.IntegerField()
    studenten = serializers.IntegerField()
    jaar = serializers.IntegerField(allow_null=True)
    synthetisch = serializers.BooleanField()
