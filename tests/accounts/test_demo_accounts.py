"""Demo accounts exist only on a DEBUG portal."""
import pytest

from mbo_regie.accounts.models import Rol, User
from mbo_regie.accounts.services import demo_accounts_create
from mbo_regie.errors import DomainError
from portfolio.services import reference_data_load

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(DomainError):
        demo_accounts_create(password="x")
    assert not User.objects.exists()


def test_demo_accounts_cover_every_role_and_neighbouring_institutions(settings):
    settings.DEBUG = True
    reference_data_load()
    demo_accounts_create(password="demo-pass-123")
    demo_accounts_create(password="demo-pass-123")  # a second run resets, never duplicates
    users = {u.username: u for u in User.objects.select_related("instelling__home_gemeente")}
    assert set(users) == {"bestuurder", "bestuurder2", "staf", "commissie", "voorzitter",
                          "bestuur", "raadpleger"}
    assert users["bestuurder"].instelling.type == "ROC"
    assert users["bestuurder"].hoofdvertegenwoordiger
    assert (users["bestuurder2"].instelling.home_gemeente.arbeidsmarktregio_id
            == users["bestuurder"].instelling.home_gemeente.arbeidsmarktregio_id)
    assert users["bestuurder2"].instelling != users["bestuurder"].instelling
    assert users["voorzitter"].instelling is None
    assert users["commissie"].rol == Rol.COMMISSIE and users["commissie"].instelling
    assert users["staf"].is_staff
    assert users["raadpleger"].check_password("demo-pass-123")
