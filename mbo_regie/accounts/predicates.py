"""Role predicates (django-rules): who someone is. Apps compose them in their permissions.py."""
import rules

from .models import Rol


def _rol(user) -> str | None:
    return getattr(user, "rol", None) if user and user.is_authenticated else None


@rules.predicate
def is_staf(user) -> bool:
    """MBO Raad staff (or a Django superuser) manage everything."""
    return bool(user and user.is_authenticated and (user.is_superuser or _rol(user) == Rol.STAF))


@rules.predicate
def is_bestuurder(user) -> bool:
    """Acts for one institution: a bestuurder or a commission member."""
    return _rol(user) in (Rol.BESTUURDER, Rol.COMMISSIE) and user.instelling_id is not None


@rules.predicate
def is_commissie(user) -> bool:
    """Member of the commissie governance."""
    return _rol(user) == Rol.COMMISSIE


@rules.predicate
def is_voorzitter(user) -> bool:
    """Independent chair of arbitration panels."""
    return _rol(user) == Rol.VOORZITTER


@rules.predicate
def is_bestuur(user) -> bool:
    """Member of the board of the MBO Raad."""
    return _rol(user) == Rol.BESTUUR


@rules.predicate
def is_raadpleger(user) -> bool:
    """Read-only user."""
    return _rol(user) == Rol.RAADPLEGER


@rules.predicate
def has_instelling(user) -> bool:
    """The user is linked to an institution."""
    return bool(user and user.is_authenticated and user.instelling_id)


is_read_only = is_raadpleger
is_member = rules.is_authenticated
