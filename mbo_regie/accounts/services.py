"""Account writes: the demo accounts of the local portal."""
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError
from portfolio.models import Instelling

from .models import Rol, User

# (username, role, first name, last name, how to find the institution)
DEMO_ACCOUNTS = [
    ("bestuurder", Rol.BESTUURDER, "Bea", "Bestuurder", "home_roc"),
    ("bestuurder2", Rol.BESTUURDER, "Bram", "Buur", "neighbour"),
    ("staf", Rol.STAF, "Sanne", "Staf", None),
    ("commissie", Rol.COMMISSIE, "Cor", "Commissie", "other_region"),
    ("voorzitter", Rol.VOORZITTER, "Vera", "Voorzitter", None),
    ("bestuur", Rol.BESTUUR, "Bart", "Bestuur", None),
    ("raadpleger", Rol.RAADPLEGER, "Roos", "Raadpleger", None),
]
HOME_ROC_BRIN = "25PZ"  # ROC van Amsterdam


def _demo_institutions() -> dict[str, Instelling]:
    home = Instelling.objects.select_related("home_gemeente").filter(brin=HOME_ROC_BRIN).first()
    if home is None or home.home_gemeente is None:
        raise DomainError(_("Laad eerst de referentiedata (manage.py load_reference_data)."))
    regio = home.home_gemeente.arbeidsmarktregio_id
    same_region = (Instelling.objects.exclude(pk=home.pk)
                   .filter(home_gemeente__arbeidsmarktregio=regio).order_by("type", "brin"))
    neighbour = same_region.filter(type=Instelling.Type.ROC).first() or same_region.first()
    other = (Instelling.objects.filter(type=Instelling.Type.ROC)
             .exclude(home_gemeente__arbeidsmarktregio=regio).order_by("brin").first())
    if neighbour is None or other is None:
        raise DomainError(_("Geen geschikte instellingen voor de demo-accounts gevonden."))
    return {"home_roc": home, "neighbour": neighbour, "other_region": other}


@transaction.atomic
def demo_accounts_create(*, password: str | None = None) -> list[User]:
    """Create or reset the demo accounts; refused unless DEBUG is on (never in production)."""
    if not settings.DEBUG:
        raise DomainError(_("Demo-accounts worden alleen aangemaakt als DEBUG aan staat."))
    password = password or settings.DEMO_PASSWORD
    institutions = _demo_institutions()
    users = []
    for username, rol, first, last, where in DEMO_ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={"rol": rol, "first_name": first, "last_name": last,
                      "email": f"{username}@demo.mbo-regie.localhost",
                      "instelling": institutions[where] if where else None,
                      "hoofdvertegenwoordiger": username == "bestuurder",
                      "is_staff": rol == Rol.STAF, "is_superuser": rol == Rol.STAF},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        users.append(user)
    return users
