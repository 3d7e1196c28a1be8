"""Werkagenda fixtures: a small agenda with an owner, and the real one imported."""
import json
from pathlib import Path

import pytest

from werkagenda import services
from werkagenda.models import Rapportageronde

from .factories import ActieFactory, PartijFactory, PartijlidFactory, RondeFactory, VoortgangFactory

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "werkagenda" / "werkagenda_2025.json"


@pytest.fixture
def shipped_data():
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture
def werkagenda(db, shipped_data):
    """The real Werkagenda, imported from the shipped JSON (two published rounds)."""
    services.werkagenda_import(data=shipped_data)


@pytest.fixture
def ocw(db):
    return PartijFactory(code="ocw", naam="OCW")


@pytest.fixture
def job(db):
    return PartijFactory(code="job", naam="JOB")


@pytest.fixture
def actie_ocw(ocw):
    """An action owned by OCW, with published progress in the first round."""
    actie = ActieFactory(code="1.1.1", volgorde=1, partijen=[ocw])
    ronde = RondeFactory(code="zomer-2024", naam="zomer 2024", volgorde=1)
    VoortgangFactory(actie=actie, ronde=ronde, tekst="Het programma loopt.",
                     categorie="op_schema")
    services.ronde_publish(ronde=ronde, actor=None)
    return actie


@pytest.fixture
def actie_job(job):
    return ActieFactory(code="1.1.2", volgorde=2, partijen=[job])


@pytest.fixture
def open_ronde(actie_ocw, staf):
    return services.ronde_open(code="najaar-2025", naam="najaar 2025", actor=staf)


@pytest.fixture
def ocw_bestuurder(bestuurder, ocw):
    """The shared bestuurder, mapped to OCW (speaks for OCW in the Werkagenda)."""
    PartijlidFactory(partij=ocw, user=bestuurder)
    return bestuurder


@pytest.fixture
def published(open_ronde, staf):
    return services.ronde_publish(ronde=open_ronde, actor=staf)


def rounds():
    return list(Rapportageronde.objects.order_by("volgorde"))
