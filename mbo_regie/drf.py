"""Shared DRF building blocks."""
from rest_framework.pagination import PageNumberPagination
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


class HeavyItemPagination(PageNumberPagination):
    """Pages of 20 for endpoints whose items are large documents (an action with its
    progress in every reporting round); ``?page_size=`` asks for up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
