"""The audit log page, for MBO Raad staff."""
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .filters import AuditEntryFilter


def entry_list(request):
    """The audit log, newest first, filtered by kind and user name."""
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied
    filterset = AuditEntryFilter(request.GET or None, queryset=selectors.entry_list())
    return render(request, "audit/entry_list.html", {
        "filter": filterset,
        "page_obj": Paginator(filterset.qs, 50).get_page(request.GET.get("page")),
        "crumbs": [(reverse("home"), _("Start")), ("", _("Auditlog"))],
    })
