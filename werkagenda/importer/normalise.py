"""Read the cells of a row: running text, the parties in "Wie", years in "Wanneer", and a
status category for a progress text. Every rule here is named in the parse report."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Line

SENTENCE_END = (".", "!", "?", ":", ".)", ".’", ".”", ";")


# --- running text ---------------------------------------------------------------------------

def vocabulary(text: str) -> set[str]:
    """Words of the wide columns, to tell a word broken in a narrow column from two words.
    Lines of at most 15 characters are left out: they hold the broken fragments themselves."""
    wide = "\n".join(line for line in text.splitlines() if len(line.strip()) > 15)
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ’'-]{2,}", wide)}


def join_lines(lines: list[Line], vocab: set[str], *, narrow: bool = False) -> str:
    """Join the lines of one paragraph into running text.

    A line ending in a hyphen without a trailing space continues the word ("mbo-|scholen").
    In the narrow Wie/Wanneer columns words are also broken without a hyphen
    ("wetgevingstr|aject"); such a break is glued when the tail is no word of the document or
    the glued word is one, or neither part is a word of the document.
    """
    out = ""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i == 0:
            out = text
            continue
        prev = lines[i - 1]
        if text[:1] in "•*" or re.match(r"^-\s?[A-Z]", text):
            out += "\n" + text  # a list item starts on its own line
        elif prev.hard and (
                (prev.text.endswith("-") and text[:1].isalnum())
                or (narrow and _broken_word(prev.text, text, vocab))):
            out += text
        else:
            out += " " + text
    return re.sub(r"[ \t]{2,}", " ", out).strip()


def _broken_word(before: str, after: str, vocab: set[str]) -> bool:
    if not before or not before[-1].isalpha() or not after[:1].islower():
        return False
    head = re.findall(r"[A-Za-zÀ-ÿ’'-]+$", before)[0].lower()
    tail = re.findall(r"^[A-Za-zÀ-ÿ’'-]+", after)[0].lower()
    return (head + tail) in vocab or (head not in vocab and tail not in vocab)


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs become blank-line separated, except a paragraph that stops mid-sentence and
    is followed by one in lower case: that is one sentence broken by the extraction."""
    out: list[str] = []
    for para in paragraphs:
        if out and not out[-1].endswith(SENTENCE_END) and para.lstrip("(")[:1].islower():
            out[-1] = f"{out[-1]} {para}"
        else:
            out.append(para)
    return "\n\n".join(out)


# --- parties ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Party:
    code: str
    naam: str
    volledige_naam: str
    soort: str  # overheid, sector, school, werkgevers, werknemers, studenten, overig


PARTIES = [
    Party("ocw", "OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", "overheid"),
    Party("szw", "SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", "overheid"),
    Party("bzk", "BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "overheid"),
    Party("vws", "VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", "overheid"),
    Party("rijksoverheid", "Rijksoverheid", "Rijksoverheid", "overheid"),
    Party("gemeenten", "gemeenten", "Gemeenten", "overheid"),
    Party("vng", "VNG", "Vereniging van Nederlandse Gemeenten", "overheid"),
    Party("uwv", "UWV", "Uitvoeringsinstituut Werknemersverzekeringen", "overheid"),
    Party("mbo-raad", "MBO Raad", "MBO Raad", "sector"),
    Party("mbo-scholen", "mbo-scholen", "Mbo-scholen (bekostigde mbo-instellingen)", "school"),
    Party("nrto", "NRTO", "Nederlandse Raad voor Training en Opleiding", "sector"),
    Party("sbb", "SBB", "Samenwerkingsorganisatie Beroepsonderwijs Bedrijfsleven", "sector"),
    Party("job", "JOB", "JOBmbo (Jongeren Organisatie Beroepsonderwijs)", "studenten"),
    Party("studenten", "studenten", "Studenten", "studenten"),
    Party("bvmbo", "BVMBO", "Beroepsvereniging Opleiders MBO", "werknemers"),
    Party("docenten", "docenten", "Docenten", "werknemers"),
    Party("vakbonden", "vakbonden", "Vakbonden", "werknemers"),
    Party("aob", "AOb", "Algemene Onderwijsbond", "werknemers"),
    Party("cnv-onderwijs", "CNV Onderwijs", "CNV Onderwijs", "werknemers"),
    Party("cnv-jongeren", "CNV Jongeren", "CNV Jongeren", "werknemers"),
    Party("fnv", "FNV", "Federatie Nederlandse Vakbeweging", "werknemers"),
    Party("fnv-young-united", "FNV Young & United", "FNV Young & United", "werknemers"),
    Party("fvov", "FvOv", "Federatie van Onderwijsvakorganisaties", "werknemers"),
    Party("sociale-partners", "sociale partners", "Sociale partners", "overig"),
    Party("werkgevers", "werkgevers", "Werkgevers", "werkgevers"),
    Party("bedrijfsleven", "bedrijfsleven", "(Georganiseerd) bedrijfsleven", "werkgevers"),
    Party("vno-ncw", "VNO-NCW", "VNO-NCW", "werkgevers"),
    Party("mkb-nederland", "MKB-Nederland", "MKB-Nederland", "werkgevers"),
    Party("vo-raad", "VO-raad", "VO-raad", "sector"),
    Party("vo-scholen", "vo-scholen", "Scholen voor voortgezet onderwijs", "school"),
    Party("vereniging-hogescholen", "Vereniging Hogescholen", "Vereniging Hogescholen",
          "sector"),
    Party("hbo-instellingen", "hbo-instellingen", "Hogescholen", "school"),
    Party("lerarenopleidingen", "lerarenopleidingen", "Lerarenopleidingen", "school"),
    Party("expertisepunt-lob", "Expertisepunt LOB", "Expertisepunt LOB", "overig"),
    Party("kiesmbo-partners", "partners van KiesMBO", "Partners van KiesMBO", "overig"),
    Party("nuffic", "Nuffic", "Nuffic", "overig"),
    Party("ingrado", "Ingrado", "Ingrado", "overig"),
    Party("ggd", "GGD’en", "GGD’en", "overig"),
    Party("zorg-welzijn", "zorg- en welzijnsinstellingen", "Zorg- en welzijnsinstellingen",
          "overig"),
    Party("andere-partijen", "andere partijen", "Andere partijen", "overig"),
]
PARTY_BY_CODE = {p.code: p for p in PARTIES}

# Spelling in the report -> party code. Matched on a whole, lower-cased name.
ALIASES = {
    "ocw": "ocw", "ministerie van ocw": "ocw", "szw": "szw", "bzk": "bzk", "vws": "vws",
    "rijksoverheid": "rijksoverheid", "gemeenten": "gemeenten", "vng": "vng", "uwv": "uwv",
    "uvw": "uwv",  # typo in the report (3 occurrences of UWV elsewhere)
    "mbo raad": "mbo-raad", "mbo-scholen": "mbo-scholen", "bekostigde mbo-scholen": "mbo-scholen",
    "(bekostigde) mbo-scholen": "mbo-scholen", "scholen": "mbo-scholen",
    "nrto": "nrto", "sbb": "sbb", "job": "job", "jobmbo": "job", "studenten": "studenten",
    "bvmbo": "bvmbo", "bv mbo": "bvmbo", "docenten": "docenten", "vakbonden": "vakbonden",
    "aob": "aob", "cnv onderwijs": "cnv-onderwijs", "cnv jongeren": "cnv-jongeren", "fnv": "fnv",
    "fnv young & united": "fnv-young-united", "fvov": "fvov",
    "sociale partners": "sociale-partners", "werkgevers": "werkgevers",
    "bedrijfsleven": "bedrijfsleven", "georganiseerd bedrijfsleven": "bedrijfsleven",
    "vno-ncw": "vno-ncw", "vno ncw": "vno-ncw",
    "mkb-nederland": "mkb-nederland", "mkb nederland": "mkb-nederland", "vo-raad": "vo-raad",
    "vo raad": "vo-raad", "vo-scholen": "vo-scholen", "vo": "vo-scholen",
    "vereniging hogescholen": "vereniging-hogescholen", "vh": "vereniging-hogescholen",
    "hbo-instellingen": "hbo-instellingen", "hbo": "hbo-instellingen",
    "lerarenopleidingen": "lerarenopleidingen", "vh lerarenopleidingen": "lerarenopleidingen",
    "expertisepunt lob": "expertisepunt-lob", "partners van kiesmbo": "kiesmbo-partners",
    "nuffic": "nuffic", "ingrado": "ingrado", "ggd’en": "ggd", "ggd'en": "ggd",
    "zorg- en welzijnsinstellingen": "zorg-welzijn", "andere partijen": "andere-partijen",
}
# Phrases that carry no party but structure the cell.
_NOISE = re.compile(
    r"\b(?:Andere partijen:|Deelname wordt gestimuleerd door|in afstemming met|met|i\.s\.m\.|"
    r"w\.o\.)", re.IGNORECASE)


def parse_parties(wie: str) -> tuple[list[tuple[str, bool]], list[str]]:
    """Parties named in a Wie cell as (code, primair), in order, and names not recognised."""
    text = wie.replace("\n", " ")
    text = re.sub(r"\bPrimair\s+([A-Z]\w+)\.?", r"\1 (primair),", text)
    text = re.sub(r"\(\s*(?=MBO Raad, VO Raad)", "", text)  # "(MBO Raad, VO Raad, ...)" list
    text = text.replace("(w.o. lerarenopleidingen)", ", lerarenopleidingen")
    text = re.sub(r"vo en hbo", "vo, hbo", text)
    text = text.replace("hbo- instellingen", "hbo-instellingen")
    text = text.replace("zorg- en welzijnsinstellingen", "zorg-/welzijnsinstellingen")
    text = _NOISE.sub(",", text)
    found: list[tuple[str, bool]] = []
    unknown: list[str] = []
    for raw in re.split(r",|;|(?<!zorg-)/(?!welzijn)|\.\s|(?<![’'])\ben\b(?! United)", text):
        primair = "(primair)" in raw
        name = raw.replace("(primair)", "").strip(" .,)(")
        name = re.sub(r"\s+", " ", name).replace("zorg-/welzijn", "zorg- en welzijn")
        if not name:
            continue
        codes = _lookup(name)
        if not codes:
            unknown.append(name)
            continue
        for code in codes:
            if code not in [c for c, _ in found]:
                found.append((code, primair))
            elif primair:
                found = [(c, p or c == code) for c, p in found]
    return found, unknown


def _lookup(name: str) -> list[str]:
    """Party codes for one name; "SZW werkgevers" (a missing comma) yields both."""
    name = re.sub(r"[()]", "", name).strip()
    key = name.lower().removeprefix("bekostigde ")
    if key in ALIASES or name.lower() in ALIASES:
        return [ALIASES.get(name.lower()) or ALIASES[key]]
    words = name.split()
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if head.lower() in ALIASES:
            rest = _lookup(tail)
            if rest:
                return [ALIASES[head.lower()], *rest]
    return []


# --- timing -----------------------------------------------------------------------------------

YEAR_RE = re.compile(r"(?<!\d)(20[1-3]\d)(?!\d)")


def parse_years(wanneer: str) -> tuple[int | None, int | None, bool]:
    """(start year, end year, doorlopend) read from a Wanneer cell.

    Rules: all years 2010-2039 in the text are collected; "e.v." (en verder), "Vanaf",
    "Start" and "Begin" leave the end open when only one year is named; one year alone is
    both start and end; "Doorlopend" marks a continuous action (years, if any, still count).
    """
    text = wanneer.replace("\n", " ")
    years = sorted({int(y) for y in YEAR_RE.findall(text)})
    continuous = "doorlopend" in text.lower()
    if not years:
        return None, None, continuous
    open_ended = bool(re.search(r"e\.\s?v\.|\bvanaf\b|\bstart\b|\bbegin\b", text, re.I))
    if len(years) == 1:
        return years[0], (None if open_ended else years[0]), continuous
    return years[0], years[-1], continuous


# --- status categories ------------------------------------------------------------------------

OP_SCHEMA, VERTRAAGD, AFGEROND, NIET_GESTART, ONBEKEND = (
    "op_schema", "vertraagd", "afgerond", "niet_gestart", "onbekend")

IDEM_RE = re.compile(r"^\s*idem\b\.?", re.IGNORECASE)
STATUS_RULES: list[tuple[str, str, re.Pattern]] = [
    (VERTRAAGD, "iets lukte niet, is vertraagd, achterhaald of niet haalbaar", re.compile(
        r"niet gelukt|niet uitgevoerd|vertraag|achterhaald|niet haalbaar|geen programma gestart"
        r"|op achterstand|nog niet (?:gemaakt|gestart|gerealiseerd)", re.I)),
    (AFGEROND, "iets is afgerond, uitgevoerd, gepubliceerd, aangenomen of overgedragen "
               "(en niets loopt nog)", re.compile(
        r"\bafgerond\b|\buitgevoerd middels\b|\b(?:is|zijn) (?:\S+ ){0,3}?(?:uitgevoerd|"
        r"opgeleverd|gepubliceerd|aangenomen|verhoogd|gecontinueerd|afgelopen|overgedragen|"
        r"vastgesteld|gelanceerd|overgenomen)\b|\bis (?:\w+ ){0,8}?gestuurd\b|treedt in werking",
        re.I)),
    (NIET_GESTART, "alleen aangekondigd: volgt nog, start later", re.compile(
        r"^(?:er volgt|de pilot start)|\bnog niet gestart\b|\bwordt .* gestart\b", re.I)),
    (OP_SCHEMA, "iets loopt, is gestart, wordt uitgewerkt, uitgebreid of verlengd", re.compile(
        r"\bloopt\b|\blopen\b|gestart|wordt (?:\w+ ){0,4}?(?:gewerkt|uitgewerkt|gevolgd)|"
        r"in uitvoering|uitvoeringsfase|gaande|verlengd|uitgebreid|in gesprek|ondersteun|"
        r"toegekend|plaatsgevonden|ingediend|verstrekt|steeds meer|geattendeerd|zet(?:ten)? in"
        r"|wordt (?:\w+ ){0,3}?(?:aangepast|herijkt|geëvalueerd)|werken|maken|vergroot|aangesloten"
        r"|gedeeld|geïnformeerd|blijkt|krijgen|verschaft|voeren|aangeboden|gelanceerd|voorzien"
        r"|uitgewerkt|aanvraagronde|naar verwachting|wordt vertaald|stappen|ontwikkeld"
        r"|afspraken gemaakt|\bvolgt\b|aangesteld|wordt gepubliceerd|\bzal\b|herijkt|uitgereikt"
        r"|goedgekeurd|impuls|verleent|presenteerden",
        re.I)),
]
ONGOING_RE = re.compile(
    r"\bloopt\b|\blopen\b|\bgaande\b|wordt gewerkt|volop|\bwerkt\b|verlengd|\bstart\b"
    r"|wordt (?:\w+ ){0,4}?gevolgd|in uitvoering|is gestart", re.I)


def status_category(text: str) -> tuple[str, str]:
    """(category, rule) for a progress text; the first matching rule in STATUS_RULES wins.
    "Afgerond" gives way to "op schema" when the same text says something still runs."""
    if not text.strip():
        return ONBEKEND, "geen tekst"
    for category, rule, pattern in STATUS_RULES:
        if pattern.search(text):
            if category == AFGEROND and ONGOING_RE.search(text):
                return OP_SCHEMA, "afgerond, maar er loopt nog iets"
            return category, rule
    return ONBEKEND, "geen trefwoord herkend"


def is_idem(text: str) -> bool:
    """"Idem." means: unchanged since the previous round."""
    return bool(IDEM_RE.match(text))
