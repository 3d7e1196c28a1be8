"""Audit middleware: remembers the current request and records every refused one (403)."""
from .models import AuditEntry
from .services import _current_request, entry_record


class AuditMiddleware:
    """Records 403 responses: PermissionDenied (Django turns it into a 403 before this sees
    it), DRF's refusals and CSRF failures alike."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        if response.status_code == 403:
            entry_record(kind=AuditEntry.Kind.DENIED, request=request, status_code=403)
        return response
