"""DUO "Adressen mbo" (instellingenmbo.csv): institutions and their main location."""
from pathlib import Path

from django.db import transaction

from portfolio.importing import ImportFailed, RowError, upsert
from portfolio.indicator_services import recompute_after
from portfolio.models import Bron, Instelling, Locatie

from .common import (
    BRIN_RE,
    DuoReport,
    GemeenteIndex,
    adres_fmt,
    duo_reader,
    optional,
    plaats_fmt,
    postcode_fmt,
)

COLUMNS = ["INSTELLINGSCODE", "INSTELLINGSNAAM", "STRAATNAAM", "HUISNUMMER-TOEVOEGING",
           "POSTCODE", "PLAATSNAAM", "GEMEENTENUMMER"]
# MBO INSTELLINGSSOORT - CODE: ROC(V) = (vsg met) ROC, BER(V) = beroepscollege, DOV = doven.
# DUO does not mark AOCs, so the type is only set for new institutions.
SOORT_TYPE = {"ROC": Instelling.Type.ROC, "ROCV": Instelling.Type.ROC}
HOOFDVESTIGING = "00"  # BRIN + vestigingsnummer 00 is DUO's code for the main seat


def _read(path: Path) -> list[dict]:
    errors: list[RowError] = []
    reader = duo_reader(path, errors)
    df = reader.frame(COLUMNS)
    gemeenten = GemeenteIndex()
    seen: dict[str, int] = {}
    rows = []
    for i, row in df.iterrows():
        brin = reader.text(row, i, "INSTELLINGSCODE").upper()
        if brin and not BRIN_RE.match(brin):
            reader.error(i, "INSTELLINGSCODE", f"geen geldige instellingscode (BRIN): {brin!r}")
        elif brin in seen:
            reader.error(i, "INSTELLINGSCODE", f"{brin} staat ook op regel {seen[brin]}")
        seen.setdefault(brin, int(i) + 2)
        naam = reader.text(row, i, "INSTELLINGSNAAM")
        plaats = reader.text(row, i, "PLAATSNAAM")
        nummer = reader.text(row, i, "GEMEENTENUMMER", required=False)
        # The number is exact; a place name is the fallback after a municipal merger.
        gem = (gemeenten.number(nummer) or gemeenten.place(plaats)
               or gemeenten.place(optional(row, "GEMEENTENAAM")))
        if gem is None:
            reader.error(i, "GEMEENTENUMMER", f"gemeente {nummer!r} (plaats {plaats!r}) staat "
                                              "niet in het register")
        postcode = postcode_fmt(str(row["POSTCODE"]))
        if postcode is None:
            reader.error(i, "POSTCODE", f"geen geldige postcode: {row['POSTCODE']!r}")
        soort = optional(row, "MBO INSTELLINGSSOORT - CODE").upper()
        rows.append({
            "brin": brin, "naam": naam, "gemeente": gem, "postcode": postcode,
            "plaats": plaats_fmt(plaats), "denominatie": optional(row, "DENOMINATIE"),
            "type": SOORT_TYPE.get(soort, Instelling.Type.VAK),
            "adres": adres_fmt(str(row["STRAATNAAM"]), str(row["HUISNUMMER-TOEVOEGING"])),
        })
    if errors:
        raise ImportFailed(errors)
    return rows


@recompute_after
@transaction.atomic
def instellingen_import_duo(*, path: Path) -> DuoReport:
    """Update institutions (name, home gemeente) and their main location from DUO addresses.

    Missing institutions are created (BRIN = INSTELLINGSCODE). The main location has code
    BRIN + "00" and the real address; its coordinates are the gemeente centroid until a
    RIO onderwijslocaties import refines them.
    """
    rows = _read(path)
    report = DuoReport()
    existing = set(Instelling.objects.values_list("brin", flat=True))
    instellingen = []
    for r in rows:
        values = {"brin": r["brin"], "naam": r["naam"], "home_gemeente_id": r["gemeente"].id}
        if r["denominatie"]:
            values["denominatie"] = r["denominatie"]
        if r["brin"] not in existing:
            values["type"] = r["type"]
        instellingen.append(values)
    report.add("instellingen", upsert(Instelling, "brin", instellingen))

    ids = dict(Instelling.objects.filter(brin__in=[r["brin"] for r in rows])
               .values_list("brin", "id"))
    current = {(loc.instelling_id, loc.code): loc for loc in Locatie.objects.filter(
        instelling_id__in=ids.values(), code__endswith=HOOFDVESTIGING)}
    locaties = []
    for r in rows:
        key = (ids[r["brin"]], r["brin"] + HOOFDVESTIGING)
        gem, old = r["gemeente"], current.get(key)
        # Keep refined coordinates unless the location moved to another gemeente.
        lat, lon = (old.lat, old.lon) if old and old.gemeente_id == gem.id else (gem.lat, gem.lon)
        locaties.append({
            "instelling_id": key[0], "code": key[1], "naam": f"Hoofdvestiging {r['plaats']}",
            "adres": r["adres"], "postcode": r["postcode"], "plaats": r["plaats"],
            "gemeente_id": gem.id, "lat": lat, "lon": lon, "bron": Bron.DUO,
        })
    report.add("locaties", upsert(Locatie, ("instelling_id", "code"), locaties))
    return report
