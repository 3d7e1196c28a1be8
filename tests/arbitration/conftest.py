"""Arbitration fixtures: two parties in one region, a far-away commission, a case journey."""
import pytest

from mbo_regie.accounts.models import Rol
from tests.factories import AanbodFactory, LocatieFactory, OpleidingFactory, UserFactory

from .factories import Journey, commissielid


@pytest.fixture
def opleiding(db):
    return OpleidingFactory(crebo="25180", naam="Medewerker ICT", leerwegen="BOL,BBL")


@pytest.fixture
def locatie(instelling):
    return LocatieFactory(instelling=instelling, code="AMS-1", naam="Amsterdam Noord")


@pytest.fixture
def locatie2(instelling2):
    return LocatieFactory(instelling=instelling2, code="AMS-2", naam="Amsterdam Zuid")


@pytest.fixture
def aanbod(instelling, opleiding, locatie):
    """The first party's offering of the disputed programme, in the shared region."""
    return AanbodFactory(instelling=instelling, opleiding=opleiding, locatie=locatie)


@pytest.fixture
def aanbod2(instelling2, opleiding, locatie2):
    """The other party offers the same programme in the same region."""
    return AanbodFactory(instelling=instelling2, opleiding=opleiding, locatie=locatie2)


@pytest.fixture
def lid1(db):
    return commissielid("lid1")


@pytest.fixture
def lid2(db):
    return commissielid("lid2")


@pytest.fixture
def buitenstaander(db):
    """A bestuurder of an institution that is no party to anything here."""
    return commissielid("buiten")


@pytest.fixture
def voorzitter2(db):
    return UserFactory(username="voorzitter2", rol=Rol.VOORZITTER)


@pytest.fixture
def journey(staf, bestuurder, bestuurder2, bestuur, voorzitter, lid1, lid2, aanbod, aanbod2):
    return Journey(staf=staf, partij=bestuurder, wederpartij=bestuurder2, bestuur=bestuur,
                   voorzitter=voorzitter, leden=[lid1, lid2], aanbod=aanbod)
