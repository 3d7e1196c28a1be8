"""Writing the audit log: one function, called by the receivers, the middleware and the views."""
import contextvars

from ..security import client_ip
from .models import AuditEntry

# The request being handled, so a state change deep in a service knows who asked for it.
_current_request = contextvars.ContextVar("audit_current_request", default=None)


def current_request():
    """The request this thread is handling, or None (tasks, management commands)."""
    return _current_request.get()


def entry_record(*, kind: str, request=None, user=None, username: str = "",
                 **fields) -> AuditEntry:
    """Add one audit row; user, address, method and path come from the request when known."""
    if request is not None:
        if user is None:
            request_user = getattr(request, "user", None)
            user = request_user if request_user is not None and request_user.is_authenticated \
                else None
        fields.setdefault("ip", client_ip(request) or None)
        fields.setdefault("method", request.method or "")
        fields.setdefault("path", request.get_full_path()[:500])
    if user is not None and not username:
        username = user.get_username()
    return AuditEntry.objects.create(kind=kind, user=user, username=(username or "")[:150],
                                     **fields)
