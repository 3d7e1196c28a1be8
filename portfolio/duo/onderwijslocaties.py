"""RIO onderwijslocaties.csv: real addresses and coordinates of registered locations."""
from pathlib import Path

from django.db import transaction

from portfolio.importing import ImportFailed, RowError, upsert
from portfolio.indicator_services import recompute_after
from portfolio.models import Bron, Locatie

from .common import DuoReport, adres_fmt, duo_reader, plaats_fmt, postcode_fmt

COLUMNS = ["ONDERWIJSLOCATIECODE", "GPS_LATITUDE", "GPS_LONGITUDE", "STRAATNAAM", "HUISNUMMER",
           "HUISNUMMERTOEVOEGING", "POSTCODE", "PLAATSNAAM"]
# European Netherlands, generously: a matched location outside it is a data error.
LAT, LON = (50.5, 53.8), (3.1, 7.4)


def _read(path: Path, codes: set[str]) -> dict[str, dict]:
    errors: list[RowError] = []
    reader = duo_reader(path, errors)
    found = {}
    for i, row in reader.frame(COLUMNS).iterrows():
        code = str(row["ONDERWIJSLOCATIECODE"]).strip()
        if code not in codes:
            continue  # RIO lists every school location in the country
        lat = reader.number(row, i, "GPS_LATITUDE", float)
        lon = reader.number(row, i, "GPS_LONGITUDE", float)
        if lat is not None and not LAT[0] <= lat <= LAT[1]:
            reader.error(i, "GPS_LATITUDE", f"{lat} ligt niet in Nederland")
        if lon is not None and not LON[0] <= lon <= LON[1]:
            reader.error(i, "GPS_LONGITUDE", f"{lon} ligt niet in Nederland")
        postcode = postcode_fmt(str(row["POSTCODE"]))
        if postcode is None:
            reader.error(i, "POSTCODE", f"geen geldige postcode: {row['POSTCODE']!r}")
        found[code] = {
            "lat": lat, "lon": lon, "postcode": postcode,
            "plaats": plaats_fmt(str(row["PLAATSNAAM"]).strip()),
            "adres": adres_fmt(str(row["STRAATNAAM"]), str(row["HUISNUMMER"]),
                               str(row["HUISNUMMERTOEVOEGING"])),
        }
    if errors:
        raise ImportFailed(errors)
    return found


@recompute_after
@transaction.atomic
def locaties_import_duo(*, path: Path) -> DuoReport:
    """Set address and GPS coordinates of every registry location whose code RIO knows.

    Locations are matched by onderwijslocatiecode (several institutions may share one);
    the gemeente is left as it is, RIO's file does not name it.
    """
    locaties = list(Locatie.objects.values("instelling_id", "code"))
    found = _read(Path(path), {loc["code"] for loc in locaties})
    rows = [{**loc, **found[loc["code"]]} for loc in locaties if loc["code"] in found]
    report = DuoReport()
    report.add("locaties", upsert(Locatie, ("instelling_id", "code"), rows))
    # Main seats (BRIN + "00") and synthetic locations have no RIO code: leave them out.
    duo = set(Locatie.objects.filter(bron=Bron.DUO).exclude(code__regex=r"^\d{2}[A-Z]{2}00$")
              .values_list("code", flat=True))
    if missing := len(duo - set(found)):
        report.notes.append(f"{missing} DUO-locatiecodes staan niet in het bestand "
                            "(niet gewijzigd)")
    return report
