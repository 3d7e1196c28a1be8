"""Loading the seeded synthetic portfolio into the registry: size, idempotence, DUO kept."""
import pytest

from portfolio.models import Aanbod, Bron, Inschrijving, Instelling, Locatie
from portfolio.selectors import portfolio_counts, portfolio_is_synthetic
from portfolio.services import reference_data_load, synthetic_portfolio_load
from tests.factories import AanbodFactory, LocatieFactory

pytestmark = pytest.mark.django_db


def test_the_synthetic_portfolio_loads_at_national_scale_and_a_rerun_changes_nothing():
    reference_data_load()
    synthetic_portfolio_load()
    counts = portfolio_counts()
    assert 8_000 <= counts["aanbod"] <= 12_000
    assert 450_000 <= counts["studenten"] <= 550_000
    assert counts["jaar"] == 2025
    assert portfolio_is_synthetic()
    assert not Aanbod.objects.exclude(bron=Bron.SYNTHETISCH).exists()
    assert Aanbod.objects.filter(status="gestopt", einddatum__isnull=True).count() == 0
    again = synthetic_portfolio_load()
    assert all(c["nieuw"] == 0 and c["gewijzigd"] == 0 and c["verwijderd"] == 0
               for c in again.values())


def test_institutions_with_imported_offerings_are_left_alone():
    reference_data_load()
    roc = Instelling.objects.get(brin="25PZ")
    locatie = LocatieFactory(instelling=roc, gemeente=roc.home_gemeente, bron=Bron.DUO)
    real = AanbodFactory(instelling=roc, locatie=locatie, bron=Bron.DUO)
    synthetic_portfolio_load()
    assert list(Aanbod.objects.filter(instelling=roc)) == [real]
    assert not Locatie.objects.filter(instelling=roc, bron=Bron.SYNTHETISCH).exists()
    assert Inschrijving.objects.filter(aanbod__instelling__brin="30RM").exists()
