"""Application errors and their one mapping to HTTP: domain refusals become 409 Conflict.

The API's error bodies are drf-standardized-errors' ({"type", "errors": [{code, detail,
attr}]}), and its AutoSchema documents them, so the OpenAPI schema lists every error an
endpoint can answer and schema fuzzing can hold the API to it.
"""
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer
from drf_standardized_errors.handler import ExceptionHandler
from drf_standardized_errors.openapi import AutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ValidationErrorEnum
from drf_standardized_errors.openapi_utils import (
    get_error_serializer,
    get_flat_serializer_fields,
    get_serializer_fields_with_error_codes,
)
from drf_standardized_errors.settings import package_settings
from inflection import camelize
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny


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
    """drf-standardized-errors, plus DomainError → 409 with the rule's message.

    Installed as DRF_STANDARDIZED_ERRORS["EXCEPTION_HANDLER_CLASS"], so DRF keeps the
    package's own handler function and its AutoSchema recognises it.
    """

    def convert_known_exceptions(self, exc):
        if isinstance(exc, DomainError):
            return Conflict(detail=str(exc.message), code=exc.code)
        return super().convert_known_exceptions(exc)


class Error409Serializer(serializers.Serializer):
    # The code names the refusing rule (e.g. transition_not_allowed), so it is open-ended.
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse409Serializer(serializers.Serializer):
    """409: a domain rule refused the request in the current state."""

    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error409Serializer(many=True)


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class PortalAutoSchema(AutoSchema):
    """drf-standardized-errors' AutoSchema, with the project's rules of who and when, and the
    validation errors the package cannot see (the schema fuzzing holds the API to all of it).

    403: views check django-rules predicates themselves (STYLE.md: permission is *who*), so
    any endpoint that is not public may refuse a logged-in user. 409: every write goes
    through a service that may raise DomainError; reads never do.
    """

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code == "409" and self.method not in WRITE_METHODS:
            return False
        return super()._should_add_error_response(responses, status_code)

    def _should_add_http403_error_response(self) -> bool:
        permissions = self.view.get_permissions()
        return not all(isinstance(p, AllowAny) for p in permissions)

    def _per_media_type_request_serializer(self):
        """The input serializer of a write declared per media type (an upload's
        ``{"multipart/form-data": Input}``), which the package skips; None otherwise."""
        serializer = self.get_request_serializer() if self.method in WRITE_METHODS else None
        if isinstance(serializer, dict) and serializer:
            return next(iter(serializer.values()))
        return None

    def _should_add_validation_error_response(self) -> bool:
        return (super()._should_add_validation_error_response()
                or self._per_media_type_request_serializer() is not None)

    def _determine_fields_with_error_codes(self):
        """The package's codes per field, plus the two kinds it cannot see: a field validator
        that raises several codes lists them in ``error_codes`` (e.g. UploadValidator), and a
        ``validate_<field>`` method raises DRF's default code "invalid"."""
        per_media_type = self._per_media_type_request_serializer()
        if per_media_type is not None:
            fields = get_serializer_fields_with_error_codes(
                get_flat_serializer_fields(per_media_type))
        else:
            fields = super()._determine_fields_with_error_codes()
        for data_field in fields:
            field = data_field.field
            for validator in getattr(field, "validators", []):
                data_field.error_codes.update(getattr(validator, "error_codes", ()))
            parent = getattr(field, "parent", None)
            if parent is not None and hasattr(parent, f"validate_{field.field_name}"):
                data_field.error_codes.add("invalid")
        return fields

    def _get_serializer_for_validation_error_response(self):
        """The package names the errors of list items and dict values with a placeholder
        ("changes.INDEX.crebo", "gronden.KEY"), but a real error names the item ("changes.0.
        crebo"): document those attrs as patterns (oneOf without the attr discriminator)."""
        codes = self._get_validation_error_codes_by_field(self._determine_fields_with_error_codes())
        if not any(_placeholders(attr) for attr in codes):
            return super()._get_serializer_for_validation_error_response()
        operation = camelize(self.get_operation_id())
        items = [_attr_error_serializer(operation, attr, attr_codes)
                 for attr, attr_codes in codes.items()]

        class ValidationErrorSerializer(serializers.Serializer):
            type = serializers.ChoiceField(choices=ValidationErrorEnum.choices)
            errors = PolymorphicProxySerializer(component_name=f"{operation}Error",
                                                resource_type_field_name=None,
                                                serializers=items, many=True)

            class Meta:
                ref_name = f"{operation}ValidationError"

        return ValidationErrorSerializer


def _placeholders(attr: str | None) -> bool:
    parts = (attr or "").split(package_settings.NESTED_FIELD_SEPARATOR)
    return any(p in (package_settings.LIST_INDEX_IN_API_SCHEMA,
                     package_settings.DICT_KEY_IN_API_SCHEMA) for p in parts)


def _attr_error_serializer(operation: str, attr: str | None, codes) -> type:
    """One error of a validation error body; an attr with placeholders becomes a pattern."""
    if not _placeholders(attr):
        return get_error_serializer(operation, attr, codes)
    sep = package_settings.NESTED_FIELD_SEPARATOR
    parts = attr.split(sep)
    placeholders = (package_settings.LIST_INDEX_IN_API_SCHEMA,
                    package_settings.DICT_KEY_IN_API_SCHEMA)
    # A key or index is one path segment (a dict key may be empty), except a dict key at the
    # end, which may hold the separator itself.
    pattern = re.escape(sep).join(
        (r"[\s\S]*" if i == len(parts) - 1 else f"[^{re.escape(sep)}]*") if part in placeholders
        else re.escape(part) for i, part in enumerate(parts))

    class ErrorSerializer(serializers.Serializer):
        attr = serializers.RegexField(f"^{pattern}$")
        code = serializers.ChoiceField(choices=[(c, c) for c in sorted(codes)])
        detail = serializers.CharField()

        class Meta:
            ref_name = f"{operation}{camelize(attr.replace(sep, '_'))}ErrorComponent"

    return ErrorSerializer
