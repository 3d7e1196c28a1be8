"""Shared helpers of the indicator pages: cached reads of run tables and gemeente shapes."""
from functools import lru_cache

import pandas as pd
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import indicator_selectors
from ..models import Gemeente, IndicatorRun


def require(request, perm: str) -> None:
    """403 unless the user holds the django-rules permission ``perm``."""
    if not request.user.has_perm(perm):
        raise PermissionDenied


def crumbs(*pairs) -> list[tuple[str, str]]:
    """Breadcrumbs from the start page over the indicator overview to the current page."""
    return [(reverse("home"), _("Start")), (reverse("indicators:overview"), _("Indicatoren")),
            *pairs]


@lru_cache(maxsize=48)
def _table(run_id: int, finished: str, name: str, part: str | None) -> pd.DataFrame:
    run = IndicatorRun.objects.get(pk=run_id)
    return indicator_selectors.indicator_table(run, name, part=part)


def table(run: IndicatorRun, name: str, part: str | None = None) -> pd.DataFrame:
    """A result table of a finished run, parsed once per process (callers must not mutate it).

    A finished run never changes, so its tables can be kept; the finish time is part of the
    key because a test database can hand out the same run id twice.
    """
    finished = run.finished_on.isoformat() if run.finished_on else ""
    return _table(run.pk, finished, name, part)


def latest_run() -> IndicatorRun | None:
    """The newest finished run (the one the pages show by default)."""
    return indicator_selectors.indicator_run_latest()


def active_run() -> IndicatorRun | None:
    """A run that is queued or computing right now, if any (its progress is shown)."""
    return (IndicatorRun.objects.filter(status__in=[IndicatorRun.Status.QUEUED,
                                                    IndicatorRun.Status.RUNNING])
            .order_by("-created_on", "-id").first())


def done_run_or_404(pk: int) -> IndicatorRun:
    """A finished run; other runs have no tables to show."""
    run = get_object_or_404(IndicatorRun, pk=pk)
    if run.status != IndicatorRun.Status.DONE:
        raise Http404(_("Deze berekening heeft (nog) geen resultaten."))
    return run


def shapes_version() -> tuple:
    """What the gemeente shapes depend on: changes with every reference-data load."""
    # Shapes only change with a reference-data load, which leaves gemeente history rows.
    history = apps.get_model("portfolio", "HistoricalGemeente")
    return (*Gemeente.objects.aggregate(n=Count("id"), m=Max("id")).values(),
            history.objects.aggregate(d=Max("history_date"))["d"])


@lru_cache(maxsize=2)
def _shapes(version: tuple) -> tuple[tuple[str, str, str], ...]:
    return tuple(Gemeente.objects.exclude(svg_path="").order_by("naam")
                 .values_list("code", "naam", "svg_path"))


def gemeente_shapes() -> tuple[tuple[str, str, str], ...]:
    """(code, naam, svg path) of every gemeente with a shape, read once per registry version."""
    return _shapes(shapes_version())


def gemeente_names() -> dict[str, str]:
    """CBS code to name, for tables that only carry the code."""
    return dict(Gemeente.objects.values_list("code", "naam"))
