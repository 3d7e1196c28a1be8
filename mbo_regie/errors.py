"""Application errors and their one mapping to HTTP: domain refusals become 409 Conflict."""
from django.utils.translation import gettext_lazy as _
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, status


class DomainError(Exception):
    """A business rule refused the request; the message says why, in the user's language."""

    def __init__(self, message, *, code: str = "domain_error"):
        super().__init__(message)
        self.message = message
        self.code = code


class TransitionNotAllowed(DomainError):
    """A state change is not allowed from the current state."""

    def __init__(self, message, *, code: str = "transition_not_allowed"):
        super().__init__(message, code=code)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Deze handeling is in de huidige toestand niet toegestaan.")
    default_code = "conflict"


class PortalExceptionHandler(ExceptionHandler):
    """drf-standardized-errors, plus DomainError → 409 with the rule's message."""

    def convert_known_exceptions(self, exc):
        if isinstance(exc, DomainError):
            return Conflict(detail=str(exc.message), code=exc.code)
        return super().convert_known_exceptions(exc)


def api_exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER entry point."""
    return PortalExceptionHandler(exc, context).run()
