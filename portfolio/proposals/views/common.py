"""Shared helpers of the proposal pages."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from mbo_regie.errors import DomainError

from .. import selectors


def proposal_for(request, pk, perm: str | None = None):
    """The proposal if the user may read it (else 404) and holds ``perm`` on it (else 403)."""
    proposal = selectors.proposal_get_for(request.user, pk)
    if perm and not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def run(request, call, success: str, target):
    """Call a service; show its refusal as an error message; redirect to ``target``."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(target)


def crumbs(*pairs) -> list[tuple[str, str]]:
    """Breadcrumb pairs (url, label) from the start page; the last one is the current page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return [(reverse("home"), _("Start")), *pairs]
