"""Shared fixtures: named actors (as in STYLE.md) and logged-in clients."""
import uuid

import pytest
from django.test import Client, override_settings

from mbo_regie.accounts.models import Rol

from .factories import GemeenteFactory, InstellingFactory, UserFactory

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads of the whole run go to a temporary folder, never into var/ (a module that
    builds its data once may set its own). Passwords are hashed fast under pytest by
    mbo_regie/settings.py."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test gets its own cache key prefix: failed-login counters (accounts/throttle.py) and
    other cached values never leak from one test into the next, on locmem and Redis alike."""
    settings.CACHES = {name: {**config, "KEY_PREFIX": uuid.uuid4().hex}
                       for name, config in settings.CACHES.items()}


@pytest.fixture
def regio_gemeente(db):
    """A gemeente shared by the two neighbouring institutions."""
    return GemeenteFactory(code="GM0363", naam="Amsterdam")


@pytest.fixture
def instelling(regio_gemeente):
    return InstellingFactory(brin="25PZ", naam="ROC van Amsterdam", home_gemeente=regio_gemeente)


@pytest.fixture
def instelling2(regio_gemeente):
    return InstellingFactory(brin="30RM", naam="ROC TOP", home_gemeente=regio_gemeente)


@pytest.fixture
def bestuurder(instelling):
    return UserFactory(username="bestuurder", rol=Rol.BESTUURDER, instelling=instelling,
                       hoofdvertegenwoordiger=True)


@pytest.fixture
def bestuurder2(instelling2):
    return UserFactory(username="bestuurder2", rol=Rol.BESTUURDER, instelling=instelling2)


@pytest.fixture
def commissie(db):
    return UserFactory(username="commissie", rol=Rol.COMMISSIE,
                       instelling=InstellingFactory(brin="00GT", naam="Albeda"))


@pytest.fixture
def staf(db):
    return UserFactory(username="staf", rol=Rol.STAF, is_staff=True)


@pytest.fixture
def voorzitter(db):
    return UserFactory(username="voorzitter", rol=Rol.VOORZITTER)


@pytest.fixture
def bestuur(db):
    return UserFactory(username="bestuur", rol=Rol.BESTUUR)


@pytest.fixture
def raadpleger(db):
    return UserFactory(username="raadpleger", rol=Rol.RAADPLEGER)


@pytest.fixture
def client_for(db):
    """client_for(user) -> a Django test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
