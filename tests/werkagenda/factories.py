"""factory_boy factories for the Werkagenda registry."""
import factory
from factory.django import DjangoModelFactory

from werkagenda.models import (
    Actie,
    ActiePartij,
    Doelstelling,
    Partij,
    Partijlid,
    Prioriteit,
    Rapportageronde,
    Voortgang,
)


class PrioriteitFactory(DjangoModelFactory):
    class Meta:
        model = Prioriteit
        django_get_or_create = ("nummer",)

    nummer = 1
    naam = "Kansengelijkheid"


class DoelstellingFactory(DjangoModelFactory):
    class Meta:
        model = Doelstelling
        django_get_or_create = ("code",)

    code = "1.1"
    prioriteit = factory.SubFactory(PrioriteitFactory)
    volgorde = 1


class PartijFactory(DjangoModelFactory):
    class Meta:
        model = Partij
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"partij-{n}")
    naam = factory.Sequence(lambda n: f"Partij {n}")


class ActieFactory(DjangoModelFactory):
    class Meta:
        model = Actie
        skip_postgeneration_save = True

    doelstelling = factory.SubFactory(DoelstellingFactory)
    volgorde = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda o: f"{o.doelstelling.code}.{o.volgorde}")
    wat = "We werken aan een representatieve monitor."
    wie_origineel = "OCW"
    wanneer = "2023"

    @factory.post_generation
    def partijen(self, create, extracted, **kwargs):
        for i, partij in enumerate(extracted or []):
            ActiePartij.objects.create(actie=self, partij=partij, volgorde=i)


class RondeFactory(DjangoModelFactory):
    """An open round (the default state); publish it through the service."""

    class Meta:
        model = Rapportageronde
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ronde-{n}")
    naam = factory.Sequence(lambda n: f"ronde {n}")
    volgorde = factory.Sequence(lambda n: n + 1)


class VoortgangFactory(DjangoModelFactory):
    class Meta:
        model = Voortgang

    actie = factory.SubFactory(ActieFactory)
    ronde = factory.SubFactory(RondeFactory)
    tekst = "Het programma loopt."
    categorie = "op_schema"


class PartijlidFactory(DjangoModelFactory):
    class Meta:
        model = Partijlid

    partij = factory.SubFactory(PartijFactory)
