"""factory_boy factories for the shared registries and users."""
import factory
from factory.django import DjangoModelFactory

from mbo_regie.accounts.models import Rol, User
from portfolio.models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Gemeente,
    Inschrijving,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)


class ProvincieFactory(DjangoModelFactory):
    class Meta:
        model = Provincie
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PV{20 + n % 80:02d}")
    naam = factory.Sequence(lambda n: f"Provincie {n}")


class ArbeidsmarktregioFactory(DjangoModelFactory):
    class Meta:
        model = Arbeidsmarktregio
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AM{n % 100:02d}")
    naam = factory.Sequence(lambda n: f"Regio {n}")


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{n % 10000:04d}")
    naam = factory.Sequence(lambda n: f"Gemeente {n}")
    provincie = factory.SubFactory(ProvincieFactory)
    arbeidsmarktregio = factory.SubFactory(ArbeidsmarktregioFactory)
    lat = factory.Sequence(lambda n: 52.0 + (n % 50) * 0.02)
    lon = factory.Sequence(lambda n: 5.0 + (n % 50) * 0.03)
    inwoners = 50_000


class BedrijfstakgroepFactory(DjangoModelFactory):
    class Meta:
        model = Bedrijfstakgroep
        django_get_or_create = ("code",)

    code = "TGO"
    naam = "Techniek en Gebouwde Omgeving"
    sectorkamer_code = "01"
    volgorde = 1


class InstellingFactory(DjangoModelFactory):
    class Meta:
        model = Instelling
        django_get_or_create = ("brin",)

    brin = factory.Sequence(
        lambda n: f"{10 + n % 90:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    naam = factory.Sequence(lambda n: f"ROC Test {n}")
    type = Instelling.Type.ROC
    home_gemeente = factory.SubFactory(GemeenteFactory)


class LocatieFactory(DjangoModelFactory):
    class Meta:
        model = Locatie

    instelling = factory.SubFactory(InstellingFactory)
    code = factory.Sequence(lambda n: f"L{n:04d}")
    naam = factory.Sequence(lambda n: f"Locatie {n}")
    gemeente = factory.SelfAttribute("instelling.home_gemeente")
    lat = factory.SelfAttribute("gemeente.lat")
    lon = factory.SelfAttribute("gemeente.lon")


class OpleidingFactory(DjangoModelFactory):
    class Meta:
        model = Opleiding
        django_get_or_create = ("crebo",)

    crebo = factory.Sequence(lambda n: f"{25000 + n % 1000}")
    naam = factory.Sequence(lambda n: f"Opleiding {n}")
    niveau = 4
    sectorkamer_code = "01"
    sectorkamer_naam = "Techniek en gebouwde omgeving"
    btg = factory.SubFactory(BedrijfstakgroepFactory)


class AanbodFactory(DjangoModelFactory):
    class Meta:
        model = Aanbod

    instelling = factory.SubFactory(InstellingFactory)
    opleiding = factory.SubFactory(OpleidingFactory)
    locatie = factory.SubFactory(LocatieFactory, instelling=factory.SelfAttribute("..instelling"))
    leerweg = "BOL"
    status = Aanbod.Status.ACTIEF


class InschrijvingFactory(DjangoModelFactory):
    class Meta:
        model = Inschrijving

    aanbod = factory.SubFactory(AanbodFactory)
    jaar = 2025
    studenten = 40


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    rol = Rol.RAADPLEGER
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
