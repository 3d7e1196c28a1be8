"""CSV and XLSX exports of (filtered) actions: one row per action, two columns per round."""
import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Rapportageronde


def rows(acties) -> tuple[list[str], list[list]]:
    """Header and rows for the export (rounds in report order)."""
    rondes = list(Rapportageronde.objects.order_by("volgorde"))
    header = [_("Code"), _("Prioriteit"), _("Doelstelling"), _("Wat"), _("Wie (origineel)"),
              _("Partijen"), _("Wanneer"), _("Startjaar"), _("Eindjaar"), _("Doorlopend")]
    for ronde in rondes:
        header += [f"{_('Status')} {ronde.naam}", f"{_('Voortgang')} {ronde.naam}"]
    out = []
    for actie in acties:
        by_round = {v.ronde_id: v for v in actie.voortgang.all()}
        row = [actie.code, actie.doelstelling.prioriteit.nummer, actie.doelstelling.code,
               actie.wat, actie.wie_origineel,
               ", ".join(ap.partij.naam + (" (primair)" if ap.primair else "")
                         for ap in actie.actiepartijen.all()),
               actie.wanneer, actie.startjaar, actie.eindjaar,
               _("ja") if actie.doorlopend else _("nee")]
        for ronde in rondes:
            v = by_round.get(ronde.id)
            row += [v.get_categorie_display() if v else "", v.tekst if v else ""]
        out.append(row)
    return header, out


def csv_response(acties, filename="werkagenda") -> HttpResponse:
    header, data = rows(acties)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM so spreadsheet programs read UTF-8
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(["" if c is None else c for c in row] for row in data)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(acties, filename="werkagenda") -> HttpResponse:
    header, data = rows(acties)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Werkagenda"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append(row)
    widths = {"A": 9, "D": 80, "E": 40, "F": 40, "G": 30}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
