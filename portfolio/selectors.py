"""Reads of the portfolio registries for pages, API and tasks."""
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Bron,
    Gemeente,
    IndicatorRun,
    Inschrijving,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)


def latest_year() -> int | None:
    """The most recent school year with enrolment figures."""
    return (Inschrijving.objects.order_by("-jaar").values_list("jaar", flat=True).first())


def portfolio_is_synthetic() -> bool:
    """True while any offering shown in the portal is synthetic."""
    return Aanbod.objects.filter(bron=Bron.SYNTHETISCH).exists()


def portfolio_counts() -> dict:
    """Headline counts for the start page and the API."""
    year = latest_year()
    students = 0
    if year is not None:
        students = (Inschrijving.objects.filter(jaar=year, aanbod__status=Aanbod.Status.ACTIEF)
                    .aggregate(n=Coalesce(Sum("studenten"), 0))["n"])
    return {
        "provincies": Provincie.objects.count(),
        "arbeidsmarktregios": Arbeidsmarktregio.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "instellingen": Instelling.objects.count(),
        "locaties": Locatie.objects.count(),
        "opleidingen": Opleiding.objects.count(),
        "bedrijfstakgroepen": Bedrijfstakgroep.objects.count(),
        "aanbod": Aanbod.objects.count(),
        "aanbod_actief": Aanbod.objects.filter(status=Aanbod.Status.ACTIEF).count(),
        "studenten": students,
        "jaar": year,
    }


def _students_subquery():
    """The offering's students in the latest school year; the year is read inside the same
    query (what latest_year() reads), not by a query of its own."""
    year = Inschrijving.objects.order_by("-jaar").values("jaar")[:1]
    # order_by(): (aanbod, jaar) is unique, and Inschrijving's default ordering ("aanbod")
    # would join offering, programme and institution inside the subquery of every row.
    return Subquery(
        Inschrijving.objects.filter(aanbod=OuterRef("pk"), jaar=Subquery(year)).order_by()
        .values("studenten")[:1],
        output_field=IntegerField(),
    )


def aanbod_list():
    """Offerings with everything a list row shows, and the latest year's students."""
    # No opleiding__btg: no row shows it, and a sixth joined table nearly doubled the
    # planning time of the query.
    return (Aanbod.objects.select_related("instelling", "opleiding", "locatie__gemeente")
            .annotate(studenten=_students_subquery())
            .order_by("opleiding__naam", "instelling__naam", "id"))


def aanbod_table():
    """aanbod_list() with only the columns the offerings page and its CSV export show."""
    return aanbod_list().only(
        "leerweg", "status", "bron", "instelling__naam", "instelling__brin", "opleiding__naam",
        "opleiding__crebo", "opleiding__niveau", "locatie__naam", "locatie__gemeente__naam")


def gemeente_list():
    """Gemeenten with their region, province and number of locations."""
    return (Gemeente.objects.select_related("provincie", "arbeidsmarktregio")
            .annotate(n_locaties=Count("locaties", distinct=True)).order_by("naam"))


def arbeidsmarktregio_list():
    """Regions with counts of gemeenten, inhabitants and institutions with a location there."""
    return Arbeidsmarktregio.objects.annotate(
        n_gemeenten=Count("gemeenten", distinct=True),
        inwoners=Sum("gemeenten__inwoners"),
    ).order_by("naam")


def provincie_list():
    """Provinces with their number of gemeenten and inhabitants."""
    return Provincie.objects.annotate(n_gemeenten=Count("gemeenten"),
                                      inwoners=Sum("gemeenten__inwoners")).order_by("naam")


def _count_subquery(model, field: str, **filters):
    """COUNT(*) of related rows as a subquery: avoids join explosions of several Counts."""
    rows = (model.objects.filter(**{field: OuterRef("pk")}, **filters).order_by()
            .values(field).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def instelling_list():
    """Institutions with their home gemeente and counts of locations and active offerings."""
    return (Instelling.objects.select_related("home_gemeente")
            .annotate(n_locaties=_count_subquery(Locatie, "instelling"),
                      n_aanbod=_count_subquery(Aanbod, "instelling",
                                               status=Aanbod.Status.ACTIEF))
            .order_by("naam"))


def locatie_list():
    """Locations with institution and gemeente."""
    return (Locatie.objects.select_related("instelling", "gemeente")
            .annotate(n_aanbod=Count("aanbod", distinct=True))
            .order_by("instelling__naam", "naam"))


def opleiding_list():
    """Programmes with their btg and the number of active offerings."""
    # A subquery per shown row, not a GROUP BY over all offerings: the page sorts on the
    # (naam, niveau) index and stops after one page.
    return (Opleiding.objects.select_related("btg")
            .annotate(n_aanbod=_count_subquery(Aanbod, "opleiding",
                                               status=Aanbod.Status.ACTIEF))
            .order_by("naam", "niveau"))


def students_by(queryset_filter: Q, group: str, year: int | None = None) -> list[dict]:
    """Students of active offerings matching a filter, grouped by one field, latest year."""
    year = year or latest_year()
    return list(
        Inschrijving.objects.filter(queryset_filter, jaar=year,
                                    aanbod__status=Aanbod.Status.ACTIEF)
        .values(label=F(group)).annotate(studenten=Sum("studenten"), aanbod=Count("aanbod"))
        .order_by("-studenten")
    )


def students_breakdown(queryset_filter: Q, groups: dict[str, str]) -> dict[str, list[dict]]:
    """``students_by`` for several groupings plus ``students_per_year``, from one query.

    ``groups`` maps a name to a field (as ``students_by``'s ``group``); the result has those
    names, each with the rows ``students_by`` gives, and ``"per_jaar"`` with the rows of
    ``students_per_year``. One pass over the matching enrolments, grouped by year, status and
    every field, is added up here instead of three scans in the database.
    """
    year = latest_year()
    fields = dict(groups)
    rows = (Inschrijving.objects.filter(queryset_filter).order_by()
            .values("jaar", "aanbod__status", *fields.values())
            .annotate(studenten=Sum("studenten"), aanbod=Count("aanbod")))
    per_group = {name: {} for name in fields}
    per_year: dict[int, int] = {}
    for row in rows:
        per_year[row["jaar"]] = per_year.get(row["jaar"], 0) + row["studenten"]
        if row["jaar"] != year or row["aanbod__status"] != Aanbod.Status.ACTIEF:
            continue
        for name, field in fields.items():
            total = per_group[name].setdefault(row[field], {"label": row[field], "studenten": 0,
                                                            "aanbod": 0})
            total["studenten"] += row["studenten"]
            total["aanbod"] += row["aanbod"]
    result = {name: sorted(totals.values(), key=lambda r: -r["studenten"])
              for name, totals in per_group.items()}
    result["per_jaar"] = [{"jaar": jaar, "studenten": n} for jaar, n in sorted(per_year.items())]
    return result


def students_per_year(queryset_filter: Q) -> list[dict]:
    """Trend: students per year for offerings matching a filter."""
    return list(Inschrijving.objects.filter(queryset_filter).values("jaar")
                .annotate(studenten=Sum("studenten")).order_by("jaar"))


def indicator_run_latest_summary() -> dict | None:
    """The latest indicator run in a few fields, or None when none exists yet."""
    run = IndicatorRun.objects.order_by("-created_on", "-id").first()
    if run is None:
        return None
    return {"id": run.pk, "status": run.status, "trigger": run.trigger,
            "created_on": run.created_on.isoformat(),
            "finished_on": run.finished_on.isoformat() if run.finished_on else None}
