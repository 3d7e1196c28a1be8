"""Login throttling against brute force: after LOGIN_FAILURE_LIMIT failed logins for one user
name from one address within LOGIN_FAILURE_WINDOW_SECONDS, further attempts are refused until
the window (which starts at the first failure) has passed. A successful login resets it.

The counter lives in the Django cache: local memory by default, Redis when REDIS_URL is set
(then every web worker shares it).
"""
import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..security import client_ip


def _limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_LIMIT", 5))


def _window() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_WINDOW_SECONDS", 900))


def _key(request, username) -> str:
    # User names are compared case-insensitively here, so "Staf" and "staf" share a counter.
    raw = f"{(username or '').strip().lower()}|{client_ip(request)}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def failure_count(request, username) -> int:
    """Failed logins for this user name from this address in the current window."""
    return int(cache.get(_key(request, username), 0))


def is_locked(request, username) -> bool:
    """True when this user name may not try to log in from this address for now."""
    return bool(username) and failure_count(request, username) >= _limit()


def failure_register(request, username) -> int:
    """Count one more failure; the window starts with the first one."""
    key = _key(request, username)
    cache.add(key, 0, timeout=_window())
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_window())
        return 1


def failures_reset(request, username) -> None:
    """A successful login clears the count."""
    cache.delete(_key(request, username))


def locked_message() -> str:
    return _("Te veel mislukte inlogpogingen. Om uw account te beschermen kunt u het over "
             "%(minuten)s minuten opnieuw proberen.") % {"minuten": math.ceil(_window() / 60)}


def attempt_allowed(request, username) -> bool:
    """May this attempt go ahead? A refused attempt is written to the audit log."""
    if not is_locked(request, username):
        return True
    from ..audit.models import AuditEntry
    from ..audit.services import entry_record

    entry_record(kind=AuditEntry.Kind.LOGIN_LOCKED, request=request, username=username)
    return False


class LoginThrottleBackend:
    """First of AUTHENTICATION_BACKENDS: no credentials are checked for a locked user name and
    address, whatever the entry point (login page, admin, API token).

    It only authenticates (refuses); without get_user it is never a session's backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None and is_locked(request, username):
            raise PermissionDenied  # stops the remaining backends
        return None


def on_login_failed(sender, credentials, request=None, **kwargs):
    failure_register(request, credentials.get("username"))


def on_logged_in(sender, request, user, **kwargs):
    failures_reset(request, user.get_username())
