"""Every result table of a run as a page, and as CSV or XLSX (``?format=csv|xlsx``)."""
import io
import math

import numpy as np
import pandas as pd
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .. import maps
from ..indicator_selectors import PARTITIONED
from ..indicators import FRAMES
from ..models import IndicatorTable
from . import labels
from .common import crumbs, done_run_or_404, table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SYNTHETIC_NOTE = gettext_lazy("Let op: deze berekening gebruikt synthetisch opleidingsaanbod; "
                              "de cijfers zijn geen echte DUO-cijfers.")


def _kind(name: str, dtype: str) -> str:
    if name in labels.SHARES:
        return "share"
    if dtype == "bool":
        return "bool"
    if dtype == "float64":
        return "float"
    if dtype in ("int64", "Int64"):
        return "int"
    return "str"


def table_page(request, pk, name):
    """A result table of a finished run, 50 rows a page (partitioned tables per part)."""
    run = done_run_or_404(pk)
    if name not in FRAMES or name not in run.counts:
        raise Http404(_("Deze tabel bestaat niet."))
    parts = list(IndicatorTable.objects.filter(run=run, name=name).order_by("part")
                 .values_list("part", flat=True)) if name in PARTITIONED else []
    part = request.GET.get("part") or None
    if part is not None and part not in parts:
        raise Http404(_("Dit deel van de tabel bestaat niet."))
    df = table(run, name, part)
    export = request.GET.get("format")
    if export == "csv":
        return csv_response(run, name, df, part)
    if export == "xlsx":
        if parts and part is None:
            # Some 200,000 rows take openpyxl longer than a request may last.
            messages.error(request, _("Kies een bedrijfstakgroep voor een Excel-bestand; de "
                                      "hele tabel is als CSV te downloaden."))
            return redirect(request.path)
        return xlsx_response(run, name, df, part)
    frame = FRAMES[name]
    kinds = [_kind(c, t) for c, t, _m in frame.columns]
    page = Paginator(range(len(df)), 50).get_page(request.GET.get("page"))
    chunk = df.iloc[page.object_list.start:page.object_list.stop] if len(df) else df
    rows = [[(v if k == "str" else maps.fmt(v, k)) for v, k in zip(r, kinds, strict=True)]
            for r in chunk.itertuples(index=False)] if len(chunk.columns) else []
    title = labels.TABLES[name][0]
    return render(request, "indicators/table.html", {
        "run": run, "name": name, "title": title, "description": labels.TABLES[name][1],
        "columns": [(labels.COLUMNS.get(c, c), c, k) for (c, _t, _m), k
                    in zip(frame.columns, kinds, strict=True)],
        "rows": rows, "page_obj": page, "total": len(df), "parts": parts, "part": part,
        "crumbs": crumbs((reverse("indicators:run_detail", args=[run.pk]),
                          _("Berekening %(id)s") % {"id": run.pk}), ("", title)),
    })


def _filename(run, name: str, part: str | None, ext: str) -> str:
    return f"indicatoren-run{run.pk}-{name}{'-' + part if part else ''}.{ext}"


def _with_note(run, df: pd.DataFrame) -> pd.DataFrame:
    # Every row carries the label, so a row copied elsewhere keeps saying it is synthetic.
    return df.assign(synthetisch=True) if run.synthetisch else df


def csv_response(run, name: str, df: pd.DataFrame, part: str | None) -> StreamingHttpResponse:
    """The table as UTF-8 CSV (with BOM for spreadsheets): a header row, then one row per row."""
    df = _with_note(run, df if len(df.columns) else pd.DataFrame(columns=FRAMES[name].names))

    def stream():
        yield "\ufeff" + ",".join(df.columns) + "\r\n"
        for start in range(0, len(df), 5000):
            yield df.iloc[start:start + 5000].to_csv(index=False, header=False,
                                                     lineterminator="\r\n")

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(run, name, part, "csv")}"'
    return response


def _xlsx_value(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    return value


def xlsx_response(run, name: str, df: pd.DataFrame, part: str | None) -> HttpResponse:
    """The table as an Excel workbook: the data sheet plus a sheet explaining it."""
    df = _with_note(run, df if len(df.columns) else pd.DataFrame(columns=FRAMES[name].names))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    bold = Font(bold=True)

    def header(values):
        cells = []
        for v in values:
            cell = WriteOnlyCell(sheet, value=v)
            cell.font = bold
            cells.append(cell)
        return cells

    sheet.append(header(list(df.columns)))
    for row in df.itertuples(index=False):
        sheet.append([_xlsx_value(v) for v in row])
    notes = book.create_sheet(str(_("toelichting")))
    notes.append(header([str(_("Onderwerp")), str(_("Toelichting"))]))
    notes.append([str(_("Tabel")), f"{labels.TABLES[name][0]} ({name})"])
    notes.append([str(_("Omschrijving")), str(labels.TABLES[name][1])])
    notes.append([str(_("Berekening")), run.pk])
    notes.append([str(_("Klaar op")), run.finished_on.replace(tzinfo=None)
                  if run.finished_on else None])
    if part:
        notes.append([str(_("Deel")), part])
    if run.synthetisch:
        notes.append([str(_("Synthetisch")), str(SYNTHETIC_NOTE)])
    for key, value in run.params.items():
        notes.append([str(labels.PARAMS.get(key, key)), str(value)])
    notes.append([])
    notes.append(header([str(_("Kolom")), str(_("Betekenis"))]))
    for column, _t, _m in FRAMES[name].columns:
        notes.append([column, str(labels.COLUMNS.get(column, column))])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(run, name, part, "xlsx")}"')
    return response
