"""Who may update progress: staff all; bestuurders only for parties they speak for."""
import pytest

from werkagenda.models import Partij
from werkagenda.permissions import can_update

from .factories import PartijlidFactory

pytestmark = pytest.mark.django_db


def test_staff_update_every_action(staf, actie_ocw, actie_job):
    assert can_update(staf, actie_ocw) and can_update(staf, actie_job)


def test_a_bestuurder_updates_only_the_actions_of_its_parties(ocw_bestuurder, actie_ocw,
                                                              actie_job):
    assert can_update(ocw_bestuurder, actie_ocw)
    assert not can_update(ocw_bestuurder, actie_job)


def test_an_unmapped_bestuurder_updates_nothing(bestuurder2, actie_ocw):
    assert not can_update(bestuurder2, actie_ocw)


def test_every_bestuurder_speaks_for_the_institutions_party(bestuurder2, actie_ocw):
    scholen = Partij.objects.create(code="mbo-scholen", naam="mbo-scholen",
                                    voor_bestuurders=True)
    actie_ocw.partijen.add(scholen)
    assert can_update(bestuurder2, actie_ocw)


def test_a_raadpleger_cannot_write_even_when_mapped(raadpleger, ocw, actie_ocw):
    PartijlidFactory(partij=ocw, user=raadpleger)
    assert not can_update(raadpleger, actie_ocw)


def test_a_commission_member_mapped_to_a_party_may_update(commissie, ocw, actie_ocw):
    PartijlidFactory(partij=ocw, user=commissie)
    assert can_update(commissie, actie_ocw)


def test_only_staff_manage_rounds(staf, bestuurder, raadpleger):
    assert staf.has_perm("werkagenda.manage_rondes")
    assert not bestuurder.has_perm("werkagenda.manage_rondes")
    assert not raadpleger.has_perm("werkagenda.manage_rondes")
