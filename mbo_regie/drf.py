"""Shared DRF building blocks."""
from rest_framework.permissions import SAFE_METHODS, BasePermission


def read_or_perm(perm: str) -> type[BasePermission]:
    """Everyone logged in reads; writing needs the named django-rules permission."""

    class ReadOrPerm(BasePermission):
        def has_permission(self, request, view):
            if not (request.user and request.user.is_authenticated):
                return False
            return request.method in SAFE_METHODS or request.user.has_perm(perm)

    ReadOrPerm.__name__ = f"ReadOr_{perm.replace('.', '_')}"
    return ReadOrPerm
