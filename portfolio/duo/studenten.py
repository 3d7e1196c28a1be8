"""DUO "Mbo-studenten per instelling": enrolments of the DUO offerings.

Two layouts of this dataset are read (chosen by their columns):

* 03 "…per instelling, plaats, sectorkamer, leerweg, opleiding, niveau, geslacht" — one row per
  institution × crebo (ERKENDE OPLEIDING CODE) × leerweg (BBL, BOLDT, BOLVT, EX) with MAN<jaar>
  and VROUW<jaar> columns. Mapped to the institution's DUO offerings of that crebo and leerweg
  (BOLDT + BOLVT = BOL; EX, extranei, have no offering). The file has no location: when the
  institution offers the crebo at several locations, the count is split evenly over them (the
  remainder to the lowest location codes) and the report says how often that happened. Rows
  that match no DUO offering are reported, not written.
* 01 "…per instelling, bevoegd gezag, plaats, gemeente, provincie en leerweg" — JAAR,
  INSTELLINGSCODE, GEMEENTENUMMER INSTELLING, BBL, BOLDT, BOLVT, EX: totals per institution,
  no programme. Nothing can be written per offering, so this layout is a check: it reports, per
  institution, the DUO totals of the latest year beside the DUO enrolments in the portal.

DUO publishes counts of 1 to 4 as -1; such a cell counts as 1 (the lower bound).
"""
import re
from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction
from django.db.models import Sum

from portfolio.importing import ImportFailed, RowError, upsert
from portfolio.indicator_services import recompute_after
from portfolio.models import Aanbod, Bron, Inschrijving

from .common import BRIN_RE, ONDERDRUKT, ONDERDRUKT_ALS, DuoReport, duo_reader

PER_OPLEIDING = ["INSTELLINGSCODE", "LEERWEG", "ERKENDE OPLEIDING CODE"]
PER_INSTELLING = ["JAAR", "INSTELLINGSCODE", "BBL", "BOLDT", "BOLVT"]
YEAR_COLUMN = re.compile(r"^(MAN|VROUW)(\d{4})$")
LEERWEG = {"BBL": "BBL", "BOLDT": "BOL", "BOLVT": "BOL", "EX": None}


class _Cells:
    """Reads DUO counts: integers, -1 for a suppressed 1-4, counts the suppressed cells."""

    def __init__(self, reader):
        self.reader, self.suppressed = reader, 0

    def count(self, row, index, column) -> int:
        value = self.reader.number(row, index, column)
        if value is None:
            return 0
        if value == ONDERDRUKT:
            self.suppressed += 1
            return ONDERDRUKT_ALS
        if value < 0:
            self.reader.error(index, column, f"negatief aantal: {value}")
            return 0
        return value


def _brin(reader, row, i) -> str:
    brin = reader.text(row, i, "INSTELLINGSCODE").upper()
    if brin and not BRIN_RE.match(brin):
        reader.error(i, "INSTELLINGSCODE", f"geen geldige instellingscode (BRIN): {brin!r}")
    return brin


def _leerweg(reader, row, i) -> str | None:
    value = reader.choice(row, i, "LEERWEG", LEERWEG)
    return LEERWEG.get(value)


def _read_per_opleiding(reader, df, errors):
    """Students per (brin, crebo, leerweg) and year, with the first line of every key."""
    years = sorted({int(m[2]) for c in df.columns if (m := YEAR_COLUMN.match(c))})
    if not years:
        raise ImportFailed([RowError(reader.path.name, 1, "MAN<jaar>/VROUW<jaar>",
                                     "geen jaarkolommen gevonden")])
    cells = _Cells(reader)
    totals: dict[tuple, Counter] = defaultdict(Counter)
    lines: dict[tuple, int] = {}
    extranei = 0
    for i, row in df.iterrows():
        brin, leerweg = _brin(reader, row, i), _leerweg(reader, row, i)
        crebo = reader.text(row, i, "ERKENDE OPLEIDING CODE")
        if crebo and not crebo.isdigit():
            reader.error(i, "ERKENDE OPLEIDING CODE", f"geen opleidingscode: {crebo!r}")
        counts = {y: sum(cells.count(row, i, f"{sex}{y}") for sex in ("MAN", "VROUW")
                         if f"{sex}{y}" in df.columns) for y in years}
        if leerweg is None:
            extranei += 1
            continue
        key = (brin, crebo, leerweg)
        totals[key].update(counts)
        lines.setdefault(key, int(i) + 2)
    if errors:
        raise ImportFailed(errors)
    return years, totals, lines, cells.suppressed, extranei


def _split(total: int, parts: int) -> list[int]:
    """An even integer split; the remainder goes to the first parts."""
    base, rest = divmod(total, parts)
    return [base + (1 if k < rest else 0) for k in range(parts)]


@recompute_after
@transaction.atomic
def inschrijvingen_import_duo(*, path: Path) -> DuoReport:
    """Write DUO enrolments (bron DUO) for the DUO offerings a students-per-institution file
    describes; the per-institution layout (01) is only compared, see the module docstring."""
    errors: list[RowError] = []
    reader = duo_reader(Path(path), errors)
    df = reader.frame([])
    if "ERKENDE OPLEIDING CODE" not in df.columns and "JAAR" in df.columns:
        return _check_per_instelling(reader, reader.frame(PER_INSTELLING), errors)
    years, totals, lines, suppressed, extranei = _read_per_opleiding(
        reader, reader.frame(PER_OPLEIDING), errors)

    offers: dict[tuple, list[int]] = defaultdict(list)
    for pk, brin, crebo, leerweg, _ in Aanbod.objects.filter(bron=Bron.DUO).values_list(
            "id", "instelling__brin", "opleiding__crebo", "leerweg", "locatie__code").order_by(
            "locatie__code", "id"):
        offers[(brin, crebo, leerweg)].append(pk)
    rows, unmatched, split = [], [], 0
    for key, per_year in sorted(totals.items()):
        ids = offers.get(key)
        if not ids:
            unmatched.append((key, lines[key], per_year[years[-1]]))
            continue
        split += len(ids) > 1
        for year in years:
            for pk, n in zip(ids, _split(per_year[year], len(ids)), strict=True):
                rows.append({"aanbod_id": pk, "jaar": year, "studenten": n, "bron": Bron.DUO})
    report = DuoReport()
    report.add("inschrijvingen", upsert(Inschrijving, ("aanbod_id", "jaar"), rows))
    if split:
        report.notes.append(f"{split} combinaties van instelling, crebo en leerweg zijn gelijk "
                            "verdeeld over meer locaties (het bestand kent geen locatie)")
    if unmatched:
        missed = sum(n for *_, n in unmatched)
        shown = "; ".join(f"regel {line}: {b} {c} {lw}" for (b, c, lw), line, _ in unmatched[:5])
        report.notes.append(f"{len(unmatched)} regels passen bij geen DUO-aanbod ({missed} "
                            f"studenten in {years[-1]}), o.a. {shown}")
    if suppressed:
        report.notes.append(f"{suppressed} onderdrukte cellen (-1 = 1 t/m 4) als 1 geteld")
    if extranei:
        report.notes.append(f"overgeslagen, extranei (EX): {extranei} regels")
    return report


def _check_per_instelling(reader, df, errors) -> DuoReport:
    """Layout 01: compare DUO's institution totals with the portal's DUO enrolments."""
    cells = _Cells(reader)
    duo: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for i, row in df.iterrows():
        brin, jaar = _brin(reader, row, i), reader.number(row, i, "JAAR")
        for column in ("BBL", "BOLDT", "BOLVT"):
            duo[(brin, jaar)][LEERWEG[column]] += cells.count(row, i, column)
    if errors:
        raise ImportFailed(errors)
    report = DuoReport()
    report.add("inschrijvingen")
    if not duo:
        report.notes.append("bestand zonder regels: niets te vergelijken")
        return report
    latest = max(jaar for _, jaar in duo)
    portal = defaultdict(Counter)
    for brin, leerweg, n in (Inschrijving.objects.filter(jaar=latest, bron=Bron.DUO)
                             .values_list("aanbod__instelling__brin", "aanbod__leerweg")
                             .annotate(n=Sum("studenten"))):
        portal[brin][leerweg] = n
    report.notes.append(f"bestand telt per instelling en leerweg, niet per opleiding: niets "
                        f"opgeslagen; vergelijking {latest} (DUO / portaal, DUO-inschrijvingen)")
    for (brin, jaar), n in sorted(duo.items()):
        if jaar == latest:
            p = portal.get(brin, Counter())
            report.notes.append(f"{brin}: BOL {n['BOL']} / {p['BOL']}, BBL {n['BBL']} / "
                                f"{p['BBL']}")
    return report
