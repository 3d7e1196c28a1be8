"""Derive the project's reference data files from the shared raw registers.

Reads the real public files in the raw folder (CBS, PDOK, SBB, DUO; see SOURCES.md there) and
writes the project's own derived files to ``data/reference/``: selected and renamed columns,
computed fields and re-encoded geometry, never a verbatim copy. Output is deterministic
(sorted rows, fixed float formatting), so a re-run gives byte-identical files.

Usage::

    python scripts/derive_reference_data.py [--raw DIR] [--out DIR]

The raw folder is ``--raw``, else ``$MBO_RAW_DATA``, else ``../shared/data/raw`` next to the
repository root. A malformed raw file stops the run with an error naming file, line and column.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = REPO_ROOT.parent / "shared" / "data" / "raw"
DEFAULT_OUT = REPO_ROOT / "data" / "reference"

GEMEENTEN_RAW = "gemeenten_2025_combined.csv"
SHAPES_RAW = "cbs_gemeente_2025.topojson"
CREBO_RAW = "sbb_crebo_kwalificaties_25xxx.csv"
BRIN_RAW = "mbo_instellingen_brin.csv"

# The 9 bedrijfstakgroepen of the MBO Raad, 1:1 with SBB sectorkamers 01-09 (DOMAIN.md).
BEDRIJFSTAKGROEPEN = [
    ("TGO", "Techniek en Gebouwde Omgeving", "01"),
    ("MTLM", "Mobiliteit, Transport, Logistiek en Maritiem", "02"),
    ("ZWS", "Zorg, Welzijn en Sport", "03"),
    ("HM", "Handel en Mode", "04"),
    ("ICT", "ICT en Creatieve Industrie", "05"),
    ("VGG", "Voedsel, Groen en Gastvrijheid", "06"),
    ("ZDV", "Zakelijke Dienstverlening en Veiligheid", "07"),
    ("SV", "Specialistisch Vakmanschap", "08"),
    ("ENT", "Entree", "09"),
]
BTG_BY_SECTORKAMER = {sk: code for code, _, sk in BEDRIJFSTAKGROEPEN}
SPECIALISTISCH_SECTORKAMER = "08"  # SBB sectorkamer "Specialistisch vakmanschap"

# Curated by hand from the Rijksoverheid/BZK "Indeling gemeenten krimpregio's en
# anticipeerregio's" (map and factsheet, 2019-2020 edition), mapped to the 2025 gemeenten.
# Krimpregio's: these 38 gemeenten are the 40 of the 2020 indeling after the 2021 merger of
# Appingedam, Delfzijl and Loppersum into Eemsdelta (CBS counts 40 gemeenten in 9 regions).
# Anticipeerregio's: 11 regions from the same map, written down from public knowledge and not
# re-checked gemeente by gemeente against the factsheet (see data/reference/README.md).
KRIMPREGIOS = {
    "Achterhoek": ["Aalten", "Berkelland", "Bronckhorst", "Doetinchem", "Montferland",
                   "Oost Gelre", "Oude IJsselstreek", "Winterswijk"],
    "Eemsdelta": ["Eemsdelta"],
    "Het Hogeland": ["Het Hogeland"],
    "Oost-Groningen": ["Midden-Groningen", "Oldambt", "Pekela", "Stadskanaal", "Veendam",
                       "Westerwolde"],
    "Noordoost-Fryslân": ["Achtkarspelen", "Dantumadiel", "Noardeast-Fryslân"],
    "Parkstad Limburg": ["Beekdaelen", "Brunssum", "Heerlen", "Kerkrade", "Landgraaf",
                         "Simpelveld", "Voerendaal"],
    "Maastricht-Heuvelland": ["Eijsden-Margraten", "Gulpen-Wittem", "Maastricht", "Meerssen",
                              "Vaals", "Valkenburg aan de Geul"],
    "Westelijke Mijnstreek": ["Beek (L.)", "Sittard-Geleen", "Stein (L.)"],
    "Zeeuws-Vlaanderen": ["Hulst", "Sluis", "Terneuzen"],
}
ANTICIPEERREGIOS = {
    "Kop van Noord-Holland": ["Den Helder", "Hollands Kroon", "Schagen", "Texel"],
    "Westerkwartier": ["Westerkwartier"],
    "Oost-Drenthe": ["Aa en Hunze", "Borger-Odoorn", "Coevorden", "Emmen"],
    "Noord-Limburg": ["Beesel", "Bergen (L.)", "Gennep", "Horst aan de Maas",
                      "Mook en Middelaar", "Peel en Maas", "Venlo", "Venray"],
    "Midden-Limburg Oost": ["Echt-Susteren", "Leudal", "Maasgouw", "Roerdalen", "Roermond"],
    "Midden-Limburg West": ["Nederweert", "Weert"],
    "Walcheren": ["Middelburg (Z.)", "Veere", "Vlissingen"],
    "De Bevelanden": ["Borsele", "Goes", "Kapelle", "Reimerswaal"],
    "Oosterschelderegio": ["Noord-Beveland", "Schouwen-Duiveland", "Tholen"],
    "Goeree-Overflakkee": ["Goeree-Overflakkee"],
    "Hoeksche Waard": ["Hoeksche Waard"],
}

# Curated by hand as public facts (institutions' own websites and annual reports, DUO/MBO Raad
# member lists): type, denominatie and the gemeente of the main seat (bestuurszetel).
# "algemeen bijzonder" is the fallback where the identity was not verified; only the entries
# marked "checked" were checked against a public text. brin: (type, denominatie, gemeente).
INSTELLINGEN = {
    "00GT": ("ROC", "protestants-christelijk", "GM0599"),  # Albeda, Rotterdam; checked
    "01AA": ("ROC", "algemeen bijzonder", "GM0193"),  # Landstede, Zwolle
    "01NJ": ("AOC", "algemeen bijzonder", "GM0014"),  # Onderwijsgroep Noord = AOC Terra; checked
    "01OE": ("AOC", "algemeen bijzonder", "GM0321"),  # Yuverta (Helicon+Wellant+Citaverde)
    "02OV": ("VAK", "algemeen bijzonder", "GM0546"),  # Leidse instrumentmakers School
    "02PA": ("VAK", "algemeen bijzonder", "GM0363"),  # Mediacollege Amsterdam
    "02PG": ("VAK", "algemeen bijzonder", "GM0363"),  # HMC, Amsterdam (also Rotterdam)
    "02PK": ("VAK", "algemeen bijzonder", "GM0344"),  # Nimeto, Utrecht
    "02PN": ("VAK", "algemeen bijzonder", "GM0193"),  # Cibap, Zwolle
    "04CY": ("ROC", "algemeen bijzonder", "GM0281"),  # ROC Rivor, Tiel
    "04EU": ("ROC", "algemeen bijzonder", "GM0400"),  # ROC Kop van Noord-Holland, Den Helder
    "04FO": ("ROC", "algemeen bijzonder", "GM0796"),  # Koning Willem I College, 's-Hertogenbosch
    "04NZ": ("VAK", "algemeen bijzonder", "GM0243"),  # SOMA College (infra), Harderwijk; checked
    "05EA": ("VAK", "algemeen bijzonder", "GM0599"),  # STC, Rotterdam
    "08PG": ("ROC", "algemeen bijzonder", "GM0090"),  # ROC Friese Poort, Drachten (Smallingerland)
    "09MR": ("ROC", "reformatorisch", "GM0307"),  # Hoornbeeck, Amersfoort (+Goes, Kampen, R'dam)
    "14NZ": ("ROC", "protestants-christelijk", "GM0014"),  # ROC Menso Alting, Groningen; checked
    "14YD": ("AOC", "algemeen bijzonder", "GM1783"),  # Lentiz, Westland (green, partly broad)
    "17WH": ("VAK", "algemeen bijzonder", "GM0321"),  # SVO vakopleiding food, Houten
    "20MQ": ("ROC", "algemeen bijzonder", "GM0505"),  # ROC Da Vinci College, Dordrecht
    "21CY": ("AOC", "algemeen bijzonder", "GM0758"),  # Curio voedsel, groen en gastvrijheid, Breda
    "23JA": ("VAK", "algemeen bijzonder", "GM0599"),  # Grafisch Lyceum Rotterdam
    "23KG": ("VAK", "algemeen bijzonder", "GM0344"),  # Grafisch Lyceum Utrecht
    "24ZZ": ("ROC", "algemeen bijzonder", "GM0222"),  # Graafschap College, Doetinchem
    "25EF": ("AOC", "algemeen bijzonder", "GM0361"),  # Clusius College, Alkmaar
    "25GV": ("AOC", "protestants-christelijk", "GM0228"),  # Aeres, Ede
    "25LF": ("ROC", "algemeen bijzonder", "GM0202"),  # Rijn IJssel, Arnhem
    "25LG": ("ROC", "algemeen bijzonder", "GM0080"),  # Friesland College, Leeuwarden
    "25LH": ("ROC", "algemeen bijzonder", "GM0344"),  # ROC Midden Nederland, Utrecht
    "25LJ": ("ROC", "algemeen bijzonder", "GM0794"),  # ROC Ter AA, Helmond
    "25LN": ("ROC", "algemeen bijzonder", "GM0546"),  # mboRijnland, Leiden
    "25LP": ("ROC", "algemeen bijzonder", "GM0599"),  # Zadkine, Rotterdam; checked
    "25LT": ("ROC", "algemeen bijzonder", "GM0957"),  # Gilde Opleidingen, Roermond
    "25LU": ("ROC", "protestants-christelijk", "GM0014"),  # Alfa-college, Groningen; checked
    "25LV": ("VAK", "algemeen bijzonder", "GM0772"),  # SG De Rooi Pannen, Eindhoven
    "25LW": ("ROC", "algemeen bijzonder", "GM0014"),  # Noorderpoort, Groningen
    "25LX": ("ROC", "algemeen bijzonder", "GM0758"),  # Curio, Breda
    "25LZ": ("ROC", "algemeen bijzonder", "GM0855"),  # Onderwijsgroep Tilburg
    "25MB": ("ROC", "algemeen bijzonder", "GM0772"),  # Summa College, Eindhoven
    "25PJ": ("ROC", "algemeen bijzonder", "GM0193"),  # Deltion College, Zwolle
    "25PL": ("ROC", "algemeen bijzonder", "GM0917"),  # VISTA college, Heerlen
    "25PM": ("ROC", "algemeen bijzonder", "GM0228"),  # ROC A12, Ede
    "25PN": ("ROC", "algemeen bijzonder", "GM0268"),  # ROC Nijmegen
    "25PV": ("ROC", "algemeen bijzonder", "GM0718"),  # Scalda, Vlissingen
    "25PW": ("ROC", "algemeen bijzonder", "GM0114"),  # Drenthe College, Emmen
    "25PX": ("ROC", "algemeen bijzonder", "GM0392"),  # ROC Nova College, Haarlem
    "25PZ": ("ROC", "algemeen bijzonder", "GM0363"),  # ROC van Amsterdam
    "25RA": ("ROC", "algemeen bijzonder", "GM0479"),  # Regio College, Zaanstad
    "27DV": ("ROC", "algemeen bijzonder", "GM0200"),  # Aventus, Apeldoorn
    "27GZ": ("ROC", "algemeen bijzonder", "GM0518"),  # ROC Mondriaan, Den Haag
    "27YU": ("ROC", "algemeen bijzonder", "GM0164"),  # ROC van Twente, Hengelo
    "28DE": ("ROC", "algemeen bijzonder", "GM1948"),  # ROC De Leijgraaf, Veghel (Meierijstad)
    "30BC": ("VAK", "algemeen bijzonder", "GM0772"),  # SintLucas, Eindhoven (+Boxtel)
    "30RM": ("ROC", "algemeen bijzonder", "GM0363"),  # ROC TOP, Amsterdam
    "30RN": ("ROC", "algemeen bijzonder", "GM0344"),  # MBO Utrecht
    "30RR": ("ROC", "algemeen bijzonder", "GM0307"),  # MBO Amersfoort
    "31JC": ("AOC", "algemeen bijzonder", "GM0141"),  # Zone.college, Almelo
}

# Societal-challenge tags ("opgaven"). A programme gets a tag when its hoofdgroep or subgroep
# is listed, or its name matches the pattern (case-insensitive); exclusions win.
OPGAVEN = ["woningbouw", "zorg", "onderwijs", "klimaat_energie", "veiligheid", "kinderopvang",
           "digitale_transitie"]
OPGAVE_RULES: dict[str, tuple[set[str], str, str | None]] = {
    # tag: (hoofdgroep/subgroep codes, name pattern, name exclusion)
    "woningbouw": ({"hg004", "sg045", "sg049"},
                   r"timmer|metsel|tegelzet|dakdek|stukado|voeger|dekvloer|steiger",
                   r"afval|openbare ruimte|milieustraat|lakverwerker|interieuradviseur|fabricage"),
    "zorg": ({"sg016", "sg030", "sg052"},
             r"zorg|verple|verzorg|apotheker|dokters|tandarts|tandtechn|medische|orthopedisch"
             r"|oogheelkundig|audicien|thuisbegeleider|gehandicapt|ggz",
             r"boomverzorg|dierverzorg|haarverzorg|schoonheid|voetverz|facilitair"),
    "onderwijs": (set(), r"onderwijsassistent|instructeur mbo|praktijkopleider", None),
    "klimaat_energie": (set(), r"elektrotechn|installatie|warmte|klimaat|koude|duurza|energie"
                               r"|zonne|spanningsdistributie|\bgas\b|gas-|isolatie|airco", None),
    "veiligheid": ({"sg009", "sg038", "sg041"}, r"beveilig|politie|brandweer|handhav|defensie",
                   None),
    "kinderopvang": (set(), r"kinderopvang|gespecialiseerd pedagogisch medewerker", None),
    "digitale_transitie": ({"hg008"}, r"\bict\b|software|netwerk|\bit systems|technicus data",
                           None),
}


class RawDataError(ValueError):
    """A raw file is missing, malformed, or inconsistent with the other raw files."""


def read_csv_rows(path: Path, required: list[str]) -> list[dict[str, str]]:
    """Read a CSV as strings (codes keep their leading zeros) and check the header."""
    if not path.is_file():
        raise RawDataError(f"{path}: file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise RawDataError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    for i, row in enumerate(rows):
        row["_line"] = str(i + 2)  # header is line 1
    return rows


def field(path: Path, row: dict, column: str, pattern: str | None = None) -> str:
    """Return a stripped value; raise naming file, line and column when it is empty or wrong."""
    value = (row.get(column) or "").strip()
    if not value or (pattern and not re.fullmatch(pattern, value)):
        expected = f"a value matching {pattern}" if pattern else "a value"
        raise RawDataError(
            f"{path}: line {row['_line']}, column '{column}': expected {expected}, got {value!r}")
    return value


def number(path: Path, row: dict, column: str, lo: float, hi: float) -> float:
    """Parse a number in [lo, hi]; raise naming file, line and column otherwise."""
    raw = (row.get(column) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not lo <= value <= hi:  # also false for NaN
        raise RawDataError(f"{path}: line {row['_line']}, column '{column}': expected a number "
                           f"between {lo:g} and {hi:g}, got {raw!r}")
    return value


def derive_gemeenten(raw: Path) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    """Gemeenten (with curated krimp status), provincies and arbeidsmarktregio's."""
    path = raw / GEMEENTEN_RAW
    cols = ["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam",
            "arbeidsmarktregiocode", "arbeidsmarktregionaam", "lat", "lon", "inwoners_2024",
            "oppervlakte_land_ha"]
    status_by_name = {n: "anticipeerregio" for ns in ANTICIPEERREGIOS.values() for n in ns}
    status_by_name |= {n: "krimpregio" for ns in KRIMPREGIOS.values() for n in ns}
    gemeenten, provincies, regios = [], {}, {}
    for row in read_csv_rows(path, cols):
        naam = field(path, row, "gemeentenaam")
        pv = field(path, row, "provinciecode", r"PV\d\d")
        am = field(path, row, "arbeidsmarktregiocode", r"AM\d\d")
        provincies[pv] = field(path, row, "provincienaam")
        regios[am] = field(path, row, "arbeidsmarktregionaam")
        gemeenten.append([
            field(path, row, "gemeentecode", r"GM\d{4}"), naam, pv, am,
            f"{number(path, row, 'lat', 50.5, 53.8):.5f}",
            f"{number(path, row, 'lon', 3.2, 7.3):.5f}",
            str(int(number(path, row, "inwoners_2024", 0, 2e6))),
            str(int(number(path, row, "oppervlakte_land_ha", 0, 1e6))),
            "",  # jongeren: youth population per gemeente is not in the raw data (SOURCES "Gaps")
            status_by_name.get(naam, ""),
        ])
    unknown = sorted(set(status_by_name) - {g[1] for g in gemeenten})
    if unknown:
        raise RawDataError(f"{path}: curated krimp list names unknown gemeenten: {unknown}")
    return (sorted(gemeenten), sorted([k, v] for k, v in provincies.items()),
            sorted([k, v] for k, v in regios.items()))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection scaled to the SHAPE_* box (y grows southwards)."""
    x = (lon - SHAPE_LON0) * math.cos(math.radians(SHAPE_LAT_TS)) * SHAPE_SCALE + SHAPE_PAD
    y = (SHAPE_LAT1 - lat) * SHAPE_SCALE + SHAPE_PAD
    return round(x, 1), round(y, 1)


# Projection box: the topojson's extent (lon 3.358-7.227, lat 50.751-53.555) plus padding.
SHAPE_LON0, SHAPE_LAT1, SHAPE_LAT_TS = 3.35, 53.56, 52.2
SHAPE_PAD, SHAPE_WIDTH = 5.0, 1000.0
SHAPE_SCALE = (SHAPE_WIDTH - 2 * SHAPE_PAD) / ((7.23 - SHAPE_LON0) * math.cos(math.radians(52.2)))


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Undo the delta encoding and quantization of topojson arcs into projected points."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        qx = qy = 0
        points = []
        for dx, dy in arc:
            qx, qy = qx + dx, qy + dy
            points.append(project(qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs: list, ring: list[int]) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices; ~i means arc i reversed; shared end points appear once."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(deduped) > 1 and deduped[0] == deduped[-1]:
        deduped.pop()  # "Z" closes the ring
    return deduped


def fmt(v: float) -> str:
    return f"{v:.1f}".removesuffix(".0")


def derive_shapes(raw: Path, gemeente_codes: set[str]) -> dict:
    """SVG path per gemeente from the topojson; every gemeente must get a path."""
    path = raw / SHAPES_RAW
    try:
        topo = json.loads(path.read_text(encoding="utf-8"))
        geometries = next(iter(topo["objects"].values()))["geometries"]
        arcs = decode_arcs(topo)
    except (OSError, ValueError, KeyError, TypeError, StopIteration) as exc:
        raise RawDataError(f"{path}: not a readable topojson ({exc})") from exc
    paths, max_y = {}, 0.0
    for n, geom in enumerate(geometries):
        code = (geom.get("properties") or {}).get("statcode") or geom.get("id")
        polygons = {"Polygon": [geom.get("arcs")], "MultiPolygon": geom.get("arcs")}.get(
            geom.get("type"))
        if polygons is None or code not in gemeente_codes:
            raise RawDataError(f"{path}: geometry {n} ({code}): unexpected type or gemeente code")
        parts = []
        try:
            rings = [ring_points(arcs, ring) for polygon in polygons for ring in polygon]
        except (IndexError, TypeError) as exc:
            raise RawDataError(f"{path}: geometry {n} ({code}): bad arc reference") from exc
        for pts in rings:
            if len(pts) >= 3:  # rings that collapse after rounding are too small to draw
                max_y = max(max_y, *(y for _, y in pts))
                parts.append("M" + "L".join(f"{fmt(x)} {fmt(y)}" for x, y in pts) + "Z")
        if not parts:
            raise RawDataError(f"{path}: geometry {n} ({code}): no drawable ring")
        paths[code] = "".join(parts)
    missing = sorted(gemeente_codes - set(paths))
    if missing:
        raise RawDataError(f"{path}: no geometry for gemeente(n) {', '.join(missing)}")
    height = math.ceil(max_y + SHAPE_PAD)
    return {
        "viewBox": f"0 0 {fmt(SHAPE_WIDTH)} {height}",
        "projection": (f"equirectangular: x = (lon - {SHAPE_LON0}) * cos({SHAPE_LAT_TS} deg) * "
                       f"{SHAPE_SCALE:.4f} + {fmt(SHAPE_PAD)}, y = ({SHAPE_LAT1} - lat) * "
                       f"{SHAPE_SCALE:.4f} + {fmt(SHAPE_PAD)} (WGS84 degrees; fill-rule evenodd)"),
        "paths": dict(sorted(paths.items())),
    }


def opgaven_for(row: dict[str, str]) -> str:
    """Semicolon-separated opgave tags for one programme (rules in OPGAVE_RULES)."""
    groups = {row["hoofdgroep_code"], row["subgroep_code"]}
    naam = row["naam"].lower()
    tags = []
    for tag in OPGAVEN:
        codes, pattern, exclude = OPGAVE_RULES[tag]
        hit = bool(groups & codes) or re.search(pattern, naam) is not None
        if hit and not (exclude and re.search(exclude, naam)):
            tags.append(tag)
    return ";".join(tags)


def derive_opleidingen(raw: Path) -> list[list[str]]:
    """Programmes (crebo) with btg, leerwegen, specialist flag and opgave tags."""
    path = raw / CREBO_RAW
    cols = ["code", "naam", "niveau", "leerweg", "hoofdgroep_code", "hoofdgroep_naam",
            "subgroep_code", "subgroep_naam", "dossier_code", "dossier_naam",
            "sectorkamer_code", "sectorkamer_naam"]
    out, seen = [], set()
    for row in read_csv_rows(path, cols):
        crebo = field(path, row, "code", r"\d{5}")
        if crebo in seen:
            raise RawDataError(f"{path}: line {row['_line']}, column 'code': duplicate {crebo}")
        seen.add(crebo)
        niveau = field(path, row, "niveau", r"[1-4]")
        sk = field(path, row, "sectorkamer_code", r"0[1-9]")
        leerwegen = {w.strip() for w in field(path, row, "leerweg").split(",")}
        # OVO (exam-only route) is not a leerweg an institution offers.
        kept = [w for w in ("BOL", "BBL") if w in leerwegen]
        if not kept:
            raise RawDataError(f"{path}: line {row['_line']}, column 'leerweg': no BOL or BBL")
        values = {c: field(path, row, c) for c in cols}
        out.append([
            crebo, values["naam"], niveau, ",".join(kept), sk, values["sectorkamer_naam"],
            "ENT" if niveau == "1" else BTG_BY_SECTORKAMER[sk],
            field(path, row, "dossier_code", r"\d{5}"), values["dossier_naam"],
            field(path, row, "hoofdgroep_code", r"hg\d{3}"), values["hoofdgroep_naam"],
            field(path, row, "subgroep_code", r"sg\d{3}"), values["subgroep_naam"],
            "1" if sk == SPECIALISTISCH_SECTORKAMER else "0",
            opgaven_for(values),
        ])
    return sorted(out)


def derive_instellingen(raw: Path, gemeente_codes: set[str]) -> list[list[str]]:
    """Institutions with curated type, denominatie and home gemeente."""
    path = raw / BRIN_RAW
    out = []
    for row in read_csv_rows(path, ["brin", "naam"]):
        brin = field(path, row, "brin", r"[0-9A-Z]{4}")
        if brin not in INSTELLINGEN:
            raise RawDataError(f"{path}: line {row['_line']}, column 'brin': {brin} has no "
                               "curated entry in INSTELLINGEN")
        type_, denominatie, home = INSTELLINGEN[brin]
        if home not in gemeente_codes:
            raise RawDataError(f"INSTELLINGEN[{brin!r}]: unknown gemeente {home}")
        out.append([brin, field(path, row, "naam"), type_, denominatie, home, "1"])
    return sorted(out)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


SOURCES_MD = """\
# Sources of the derived reference data

Generated by `scripts/derive_reference_data.py` from the raw registers described in
`shared/data/raw/SOURCES.md`. **Bron: CBS, PDOK, SBB, DUO** (CBS/PDOK data: CC-BY 4.0).
No file here is a verbatim copy of a raw file: columns are selected, renamed or computed.

| derived file | rows | raw file (origin) | what was derived |
|---|---|---|---|
| provincies.csv | {provincies} | {gem} (CBS) | distinct code/name |
| arbeidsmarktregios.csv | {regios} | {gem} (CBS 86247NED) | distinct code/name |
| gemeenten.csv | {gemeenten} | {gem} (CBS, KWB 2024) | renamed; krimp_status curated |
| gemeente_shapes.json | {shapes} | {shapes_raw} (CBS/PDOK) | decoded, projected SVG paths |
| bedrijfstakgroepen.csv | {btg} | {crebo} (SBB) | the 9 MBO Raad btg's |
| opleidingen.csv | {opleidingen} | {crebo} (SBB) | btg, leerwegen, flags, opgaven |
| instellingen.csv | {instellingen} | {brin} (DUO BRIN) | type, denominatie, seat curated |

## Curated by hand (public facts, see README.md for how exact they are)
- `gemeenten.krimp_status`: Rijksoverheid/BZK indeling krimp- en anticipeerregio's, mapped to
  the 2025 gemeenten (constants `KRIMPREGIOS`, `ANTICIPEERREGIOS` in the script).
- `instellingen.type`, `.denominatie`, `.home_gemeente_code`: institutions' public information
  (constant `INSTELLINGEN`); `lid` = 1 (all are MBO Raad members).
- `opleidingen.opgaven`: keyword/hoofdgroep rules (constant `OPGAVE_RULES`).
- `opleidingen.specialistisch` = 1 for SBB sectorkamer 08 "Specialistisch vakmanschap".

`jongeren` (youth population) is empty: not available in the raw data.
"""


def derive(raw: Path, out: Path) -> dict[str, int]:
    """Write all derived files into ``out`` and return the row count per file."""
    gemeenten, provincies, regios = derive_gemeenten(raw)
    codes = {g[0] for g in gemeenten}
    shapes = derive_shapes(raw, codes)
    opleidingen = derive_opleidingen(raw)
    instellingen = derive_instellingen(raw, codes)
    btg = [[code, naam, sk, str(i)] for i, (code, naam, sk) in enumerate(BEDRIJFSTAKGROEPEN, 1)]
    files = {
        "provincies.csv": csv_text(["code", "naam"], provincies),
        "arbeidsmarktregios.csv": csv_text(["code", "naam"], regios),
        "gemeenten.csv": csv_text(
            ["code", "naam", "provincie_code", "arbeidsmarktregio_code", "lat", "lon",
             "inwoners", "oppervlakte_land_ha", "jongeren", "krimp_status"], gemeenten),
        "bedrijfstakgroepen.csv": csv_text(["code", "naam", "sectorkamer_code", "volgorde"], btg),
        "opleidingen.csv": csv_text(
            ["crebo", "naam", "niveau", "leerwegen", "sectorkamer_code", "sectorkamer_naam",
             "btg_code", "dossier_code", "dossier_naam", "hoofdgroep_code", "hoofdgroep_naam",
             "subgroep_code", "subgroep_naam", "specialistisch", "opgaven"], opleidingen),
        "instellingen.csv": csv_text(
            ["brin", "naam", "type", "denominatie", "home_gemeente_code", "lid"], instellingen),
        "gemeente_shapes.json": json.dumps(shapes, ensure_ascii=False, separators=(",", ":")),
    }
    counts = {name: text.count("\n") - 1 for name, text in files.items() if name.endswith(".csv")}
    counts["gemeente_shapes.json"] = len(shapes["paths"])
    files["SOURCES.md"] = SOURCES_MD.format(
        gem=GEMEENTEN_RAW, shapes_raw=SHAPES_RAW, crebo=CREBO_RAW, brin=BRIN_RAW,
        provincies=counts["provincies.csv"], regios=counts["arbeidsmarktregios.csv"],
        gemeenten=counts["gemeenten.csv"], shapes=counts["gemeente_shapes.json"],
        btg=counts["bedrijfstakgroepen.csv"], opleidingen=counts["opleidingen.csv"],
        instellingen=counts["instellingen.csv"])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: derive the files and print the row count per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=None,
                        help="raw data folder (default: $MBO_RAW_DATA or ../shared/data/raw)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    raw = args.raw or Path(os.environ.get("MBO_RAW_DATA") or DEFAULT_RAW)
    try:
        counts = derive(raw, args.out)
    except RawDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
