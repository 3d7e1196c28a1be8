"""The English translation is complete and stays complete.

Every catalogue lives where Django reads it, every entry is translated (no fuzzy, no empty
msgstr, all plural forms), placeholders survive translation, the committed .mo files say the
same as their .po files, one Dutch text has one English text across catalogues, and every
translatable string in the source has its English text in the catalogue that `makemessages`
puts it in. The last test renders a page with the language cookie and reads English labels.

Stdlib only (no polib, no GNU gettext): CI and fresh machines need neither to run this.
When a test here fails after you added or changed Dutch text, run `make messages`, translate
the new entries in the .po file it names, and run `make messages` again to compile the .mo.
"""
import ast
import gettext
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
# The directories `make messages` leaves out, plus anything hidden (.venv, .git, caches).
SKIPPED_DIRS = {"var", "static", "staticfiles", "tests", "data", "node_modules", "htmlcov"}
HOW_TO_FIX = "run `make messages`, translate the new entries, then `make messages` again"


# --- a small .po reader ----------------------------------------------------------------------

@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0
    seen_msgid: bool = False

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def label(self):
        return f"line {self.line}: {self.msgid[:70]!r}"


def _unquote(text):
    return ast.literal_eval(text)  # PO strings use the same escapes as Python strings


def parse_po(path):
    """The live (non-obsolete) entries of a .po file, and its header entry."""
    entries, entry, target = [], None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        keyword, _space, value = line.partition(" ")
        # A comment, msgctxt or msgid after an entry's msgid begins the next entry.
        if line.startswith("#") or keyword in ("msgctxt", "msgid"):
            if entry is None or entry.seen_msgid:
                entry = Entry(line=number)
                entries.append(entry)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            if line.startswith("#"):
                continue
        if line.startswith('"'):
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, getattr(entry, name) + _unquote(line))
            continue
        plural_form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if plural_form or keyword == "msgstr":
            target = ("msgstr", int(plural_form[1]) if plural_form else 0)
            entry.msgstr[target[1]] = _unquote(value)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            target = (keyword, None)
            setattr(entry, keyword, _unquote(value))
            entry.seen_msgid = entry.seen_msgid or keyword == "msgid"
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    entries = [e for e in entries if e.seen_msgid]
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    return [e for e in entries if e is not header], header


def nplurals(header):
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr.get(0, "") if header else "")
    return int(match[1]) if match else 2


def _files(suffixes, skip=SKIPPED_DIRS):
    """Files with these suffixes under the project, not descending into hidden or skipped dirs."""
    found = []
    for folder, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in skip]
        found += [Path(folder, name) for name in filenames if Path(name).suffix in suffixes]
    return sorted(found)


# Every .po in the project, also in directories `make messages` skips (templates/x/locale_en.po,
# static/, tests/), so a stray compendium is found; only hidden and generated directories are not.
PO_FILES = _files({".po"}, skip={"var", "staticfiles", "node_modules", "htmlcov"})
PO_IDS = [str(p.relative_to(ROOT)) for p in PO_FILES]


def test_there_are_english_catalogues():
    english = [p for p in PO_FILES if p.parts[-3] == "en"]
    assert ROOT / "locale/en/LC_MESSAGES/django.po" in english
    assert len(english) >= 2


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_catalogue_lives_where_django_reads_it(po):
    """locale/<lang>/LC_MESSAGES/<domain>.po in LOCALE_PATHS or an installed app; no compendia."""
    assert po.parent.name == "LC_MESSAGES" and po.parents[2].name == "locale", (
        f"{po.relative_to(ROOT)} is not in a locale/<lang>/LC_MESSAGES directory; merge it into "
        "locale/en/LC_MESSAGES/django.po (or the app's catalogue) and delete it")
    locale_dir = po.parents[2].resolve()
    read_by_django = {Path(p).resolve() for p in settings.LOCALE_PATHS}
    read_by_django |= {(Path(app.path) / "locale").resolve() for app in apps.get_app_configs()}
    assert locale_dir in read_by_django, f"Django does not read {locale_dir}"


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_every_entry_is_translated(po):
    entries, header = parse_po(po)
    assert header is not None and "charset=UTF-8" in header.msgstr[0]
    forms = nplurals(header)
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    empty = [e.label for e in entries if not all(e.msgstr.values())]
    wrong_forms = [e.label for e in entries
                   if e.msgid_plural and sorted(e.msgstr) != list(range(forms))]
    assert not fuzzy, f"fuzzy entries in {po.relative_to(ROOT)} ({HOW_TO_FIX}): {fuzzy}"
    assert not empty, f"untranslated entries in {po.relative_to(ROOT)} ({HOW_TO_FIX}): {empty}"
    assert not wrong_forms, f"entries without {forms} plural forms: {wrong_forms}"


NAMED = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACED = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}")


def placeholders(text, python_format):
    """The format placeholders of a text, as a sorted list (so a lost or doubled one shows)."""
    found = [f"%({name})" for name in NAMED.findall(text)]
    found += BRACED.findall(text)
    if python_format:
        found += POSITIONAL.findall(NAMED.sub("", text.replace("%%", "")))
    return sorted(found)


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_placeholders_survive_translation(po):
    entries, _header = parse_po(po)
    broken = []
    for e in entries:
        python_format = "python-format" in e.flags
        for index, text in e.msgstr.items():
            source = e.msgid_plural if (e.msgid_plural and index > 0) else e.msgid
            if placeholders(text, python_format) != placeholders(source, python_format):
                broken.append(f"{e.label} -> {text[:70]!r}")
    assert not broken, f"placeholders differ in {po.relative_to(ROOT)}: {broken}"


@pytest.mark.parametrize("po", PO_FILES, ids=PO_IDS)
def test_compiled_mo_matches_the_po(po):
    """The committed .mo (what Django loads) holds exactly the .po's translations."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: {HOW_TO_FIX}"
    with mo.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)  # the header
    entries, _header = parse_po(po)
    expected = {}
    for e in entries:
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural:
            expected.update({(msgid, index): text for index, text in e.msgstr.items()})
        else:
            expected[msgid] = e.msgstr[0]
    translated = sum(1 for e in entries if all(e.msgstr.values()) and "fuzzy" not in e.flags)
    singular_keys = {key[0] if isinstance(key, tuple) else key for key in compiled}
    assert len(singular_keys) == translated, f"{mo.relative_to(ROOT)} is stale: {HOW_TO_FIX}"
    stale = sorted(str(k)[:70] for k in expected.keys() ^ compiled.keys())
    stale += sorted(str(k)[:70] for k in expected.keys() & compiled.keys()
                    if expected[k] != compiled[k])
    assert not stale, f"{mo.relative_to(ROOT)} differs from its .po ({HOW_TO_FIX}): {stale[:10]}"


def test_one_dutch_text_has_one_english_text():
    """Django merges all catalogues of a language, so a second translation would be lost."""
    seen, conflicts = {}, []
    for po in PO_FILES:
        entries, _header = parse_po(po)
        for e in entries:
            where = f"{po.relative_to(ROOT)} {e.label}"
            translation = tuple(sorted(e.msgstr.items()))
            first = seen.setdefault((po.parts[-3], e.key), (translation, where))
            if first[0] != translation:
                conflicts.append(f"{where} vs {first[1]}")
    assert not conflicts, conflicts


# --- the strings in the source, found the way makemessages finds them ----------------------

KEYWORDS = {  # name: (index of context or None, indexes of msgid and msgid_plural)
    "_": (None, (0,)), "gettext": (None, (0,)), "gettext_lazy": (None, (0,)),
    "gettext_noop": (None, (0,)), "ngettext": (None, (0, 1)), "ngettext_lazy": (None, (0, 1)),
    "pgettext": (0, (1,)), "pgettext_lazy": (0, (1,)), "npgettext": (0, (1, 2)),
    "npgettext_lazy": (0, (1, 2)),
}


def _calls(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in KEYWORDS:
            continue
        context_at, ids_at = KEYWORDS[name]
        wanted = [*ids_at, *([context_at] if context_at is not None else [])]
        args = node.args
        literal = [isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args]
        if len(args) <= max(wanted) or not all(literal[i] for i in wanted):
            continue
        msgid = args[ids_at[0]].value
        if msgid:
            plural = args[ids_at[1]].value if len(ids_at) > 1 else ""
            yield (args[context_at].value if context_at is not None else None, msgid, plural)


def _template_strings(text):
    """The gettext calls that Django's templatize() writes for a template, as keys."""
    code = templatize(text)
    for match in re.finditer(r"\b(?:n?p?gettext|_)\(", code):
        closing = match.end()
        while (closing := code.find(")", closing)) != -1:
            try:
                tree = ast.parse(code[match.start():closing + 1], mode="eval")
            except SyntaxError:
                closing += 1
                continue
            yield from _calls(tree)
            break


def _catalogue_for(source):
    """The catalogue makemessages writes a source file's strings to: nearest locale/ upwards."""
    for folder in source.parents:
        if (folder / "locale").is_dir() and folder != ROOT:
            return folder / "locale/en/LC_MESSAGES/django.po"
        if folder == ROOT:
            break
    return ROOT / "locale/en/LC_MESSAGES/django.po"


def test_every_source_string_has_english_in_its_catalogue():
    catalogues = {}
    missing = []
    for source in _files({".py", ".html", ".txt"}):
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".py":
            try:
                keys = set(_calls(ast.parse(text)))
            except SyntaxError:  # someone is half-way through an edit; ruff will say so
                continue
        else:
            keys = set(_template_strings(text))
        if not keys:
            continue
        po = _catalogue_for(source)
        if po not in catalogues:
            entries, _header = parse_po(po) if po.exists() else ([], None)
            catalogues[po] = {e.key for e in entries
                              if all(e.msgstr.values()) and "fuzzy" not in e.flags}
        for ctx, msgid, plural in sorted(keys, key=str):
            if (ctx, msgid, plural) not in catalogues[po]:
                missing.append(
                    f"{source.relative_to(ROOT)}: {msgid[:70]!r} -> {po.relative_to(ROOT)}")
    assert not missing, (f"{len(missing)} strings without English ({HOW_TO_FIX}):\n"
                         + "\n".join(missing))


# --- a page in English ------------------------------------------------------------------------

@pytest.mark.django_db
def test_language_cookie_renders_english_navigation(client_for, bestuurder):
    client = client_for(bestuurder)
    dutch = client.get("/").content.decode()
    assert "Voorstellen" in dutch and "Geschillen" in dutch

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert '<html lang="en"' in english
    for label in ("Proposals", "Disputes", "Institutions", "Programmes", "Work agenda", "Log out"):
        assert label in english, label
    for label in ("Voorstellen", "Geschillen", "Opleidingen", "Uitloggen"):
        assert label not in english, label
