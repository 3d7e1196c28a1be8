"""Shared parts of the DUO importers: file sniffing, the import report and gemeente matching."""
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from portfolio.importing import ImportFailed, RowError, RowReader, UpsertCount
from portfolio.models import Gemeente, Locatie

SEPARATORS = (";", ",", "\t", "|")
BRIN_RE = re.compile(r"^\d{2}[A-Z]{2}$")
POSTCODE_RE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")
# DUO suppresses counts of 1 to 4 as -1 (AVG filter); we store the lower bound.
ONDERDRUKT = -1
ONDERDRUKT_ALS = 1

# Province hints as DUO writes them after a place name ("HENGELO OV") and CBS in brackets
# ("Hengelo (O.)"), mapped to normalised province names.
PROVINCIE_HINT = {
    "GR": {"GRONINGEN"}, "GN": {"GRONINGEN"}, "FR": {"FRYSLAN", "FRIESLAND"},
    "F": {"FRYSLAN", "FRIESLAND"}, "DR": {"DRENTHE"}, "D": {"DRENTHE"}, "OV": {"OVERIJSSEL"},
    "O": {"OVERIJSSEL"}, "FL": {"FLEVOLAND"}, "GLD": {"GELDERLAND"}, "GD": {"GELDERLAND"},
    "G": {"GELDERLAND"}, "UT": {"UTRECHT"}, "U": {"UTRECHT"}, "NH": {"NOORDHOLLAND"},
    "ZH": {"ZUIDHOLLAND"}, "ZL": {"ZEELAND"}, "Z": {"ZEELAND"}, "NB": {"NOORDBRABANT"},
    "LB": {"LIMBURG"}, "L": {"LIMBURG"},
}
PLAATS_ALIAS = {"DENHAAG": "SGRAVENHAGE", "DENBOSCH": "SHERTOGENBOSCH"}


@dataclass
class DuoReport:
    """Counts per registry (nieuw/gewijzigd/ongewijzigd/verwijderd) plus notes for the user."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, count: UpsertCount | None = None, *, removed: int = 0) -> None:
        self.counts[name] = {**(count or UpsertCount()).as_dict(), "verwijderd": removed}


def duo_reader(path: Path, errors: list[RowError]) -> RowReader:
    """A RowReader set to this file's encoding (UTF-8, else cp1252/latin-1) and separator."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed([RowError(path.name, 0, "-", "bestand niet gevonden")]) from None
    if not raw.strip():
        raise ImportFailed([RowError(path.name, 0, "-", "leeg bestand")])
    encoding = _encoding(raw)
    header = raw.decode(encoding).lstrip("\ufeff").splitlines()[0]
    # DUO publishes both `;` and `,` files; the header has no quoted separators.
    sep = max(SEPARATORS, key=header.count)
    return RowReader(path, sep=sep, encoding=encoding, errors=errors)


def _encoding(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            raw.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"  # decodes any byte


def optional(row, column: str) -> str:
    """A cell of a column the DUO file may lack, as stripped text."""
    return str(row[column]).strip() if column in row.index else ""


def norm(text: str) -> str:
    """Upper-case letters and digits only, accents removed: for matching names."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def postcode_fmt(value: str) -> str | None:
    """'1033SB' -> '1033 SB'; '' stays ''; None when it is no Dutch postcode."""
    value = value.strip()
    if not value:
        return ""
    match = POSTCODE_RE.match(value)
    return f"{match[1]} {match[2].upper()}" if match else None


def plaats_fmt(value: str) -> str:
    """DUO writes places in capitals ('S-GRAVENHAGE, HENGELO OV); show them as names."""
    if value != value.upper():
        return value.strip()
    words = []
    for i, word in enumerate(value.split()):
        if i and word in PROVINCIE_HINT:
            words.append(word)
            continue
        parts = [p[:2] + p[2:].lower() if p.startswith("IJ") else p.capitalize()
                 for p in word.split("-")]
        words.append("-".join(parts).replace("'S", "'s"))
    return " ".join(words)


def adres_fmt(straat: str, huisnummer: str, toevoeging: str = "") -> str:
    """Street, number and addition as one line, the same for every DUO file."""
    nummer = huisnummer.strip()
    toevoeging = toevoeging.strip()
    if toevoeging:
        nummer = f"{nummer}{toevoeging}" if toevoeging.startswith("-") else \
            f"{nummer} {toevoeging}"
    return " ".join(p for p in (straat.strip(), nummer.strip()) if p)


class Gem(NamedTuple):
    id: int
    code: str
    naam: str
    lat: float
    lon: float


class GemeenteIndex:
    """Finds a registry gemeente by CBS number, by (place) name, or by a known PC4 area."""

    def __init__(self):
        self.by_code: dict[str, Gem] = {}
        self._names: dict[str, list[tuple[Gem, str]]] = defaultdict(list)
        for pk, code, naam, provincie, lat, lon in Gemeente.objects.values_list(
                "id", "code", "naam", "provincie__naam", "lat", "lon"):
            gem = Gem(pk, code, naam, lat, lon)
            self.by_code[code] = gem
            self._names[norm(naam.split("(")[0])].append((gem, norm(provincie)))
        pc4: dict[str, set[int]] = defaultdict(set)
        for postcode, gemeente_id in Locatie.objects.exclude(postcode="").values_list(
                "postcode", "gemeente_id"):
            pc4[postcode[:4]].add(gemeente_id)
        by_id = {g.id: g for g in self.by_code.values()}
        # A PC4 area that lies in two gemeenten says nothing: keep only unambiguous ones.
        self._ambiguous = {k for k, v in pc4.items() if len(v) > 1}
        self._pc4 = {k: by_id[next(iter(v))] for k, v in pc4.items() if len(v) == 1}

    def number(self, value: str) -> Gem | None:
        """'363', '0363' or 'GM0363' -> Amsterdam."""
        digits = value.strip().upper().removeprefix("GM")
        if not digits.isdigit():
            return None
        return self.by_code.get(f"GM{int(digits):04d}")

    def place(self, value: str) -> Gem | None:
        """A gemeente whose name is this place; a province hint ('BERGEN NH') picks one."""
        tokens = re.sub(r"[().]", " ", value.upper()).split()
        hint = None
        if len(tokens) > 1 and tokens[-1] in PROVINCIE_HINT:
            hint = PROVINCIE_HINT[tokens[-1]]
            tokens = tokens[:-1]
        key = norm(" ".join(tokens))
        candidates = self._names.get(PLAATS_ALIAS.get(key, key), [])
        if hint is not None:
            candidates = [c for c in candidates if c[1] in hint]
        return candidates[0][0] if len(candidates) == 1 else None

    def postcode(self, value: str) -> Gem | None:
        """The gemeente of an already registered location in the same PC4 area."""
        return self._pc4.get(value.strip()[:4]) if value.strip() else None

    def learn(self, postcode: str, gem: Gem) -> None:
        """Remember the PC4 area of a location resolved by name (a conflict forgets it)."""
        key = postcode.strip()[:4]
        if not key or key in self._ambiguous:
            return
        known = self._pc4.setdefault(key, gem)
        if known.id != gem.id:
            del self._pc4[key]
            self._ambiguous.add(key)
