"""The Werkagenda parser: small hand-made extracts, the rules, and the real report.

The tests on the real report need its text: `WERKAGENDA_SOURCE` or ../shared/seeds next to the
repository. The shipped JSON is checked against a fresh parse, so it stays the parser's product.
"""
import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

from werkagenda.importer import corrections, kamerbrief, normalise
from werkagenda.importer.labelling import CLOSED, DANGLING, OPEN, cell_state, text_width
from werkagenda.importer.layout import STATUS, WANNEER, WAT, WIE, Line, read_pages
from werkagenda.importer.parse import parse_text
from werkagenda.importer.rows import parse_rows

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SOURCE = Path(os.environ.get("WERKAGENDA_SOURCE", SEEDS / "werkagenda-mbo-voortgang-2025.txt"))
SHIPPED = REPO / "data" / "werkagenda" / "werkagenda_2025.json"
needs_source = pytest.mark.skipif(not SOURCE.exists(), reason=f"report text not at {SOURCE}")

EXPECTED_PER_OBJECTIVE = {
    "1.1": 10, "1.2": 7, "1.3": 5, "1.4": 3, "1.5": 2, "2.1": 9,
    "2.2": 2, "2.3": 9, "3.1": 5, "3.2": 7, "3.3": 9, "3.4": 10,
}

# A two-page extract in the report's layout: a merged "Wanneer Status" line, a Wat cell that
# runs over the page break, the next row starting in the same box as that continuation (after
# a forced line break), and a merged "Wie Wanneer" line.
EXTRACT = """ Wat? Wie? Wanneer? Status zomer 2024 Voortgang?

Prioriteit 1
Doelstelling 1.1
We vergroten de bekendheid van het mbo-
studentenfonds onder studenten, docenten~
en studieadviseurs, en werken daarbij~

OCW, MBO~
Raad, JOB

2023 Mbo-scholen worden ieder kwartaal~
geattendeerd op het studentenfonds via de~
OCW-nieuwsbrief.

Scholen worden nog steeds via de~
nieuwsbrief geattendeerd op het fonds.



samen met de scholen.
OCW zorgt voor een wetsvoorstel waarin~
staat dat de minister geregeld in overleg dient
te treden met de belangenorganisaties.

OCW Start van~
wetgevingstr
aject 2023

Uitgevoerd middels reparatiewet OCW 2024
""".replace("~", " ")  # "~" marks a trailing space (a soft wrap)


def _lines(*texts, hard=False):
    return [Line(text=t, hard=hard, lineno=i) for i, t in enumerate(texts, start=1)]


# --- rules ------------------------------------------------------------------------------------

def test_pages_are_split_on_two_blank_lines_and_boxes_on_one():
    pages = read_pages("a \nb\n\nc\n\n\n\nd\n")
    assert [[[line.text for line in box] for box in page] for page in pages] == [
        [["a", "b"], ["c"]], [["d"]]]
    assert pages[0][0][0].hard is False and pages[0][0][1].hard is True


def test_a_hyphen_at_a_forced_break_continues_the_word():
    vocab = {"scholen", "studenten"}
    lines = [Line("OCW, mbo-", True, 1), Line("scholen en ", False, 2), Line("VNO-", True, 3),
             Line("NCW", True, 4)]
    assert normalise.join_lines(lines, vocab, narrow=True) == "OCW, mbo-scholen en VNO-NCW"


def test_a_word_broken_in_a_narrow_column_is_glued_but_two_words_are_not():
    vocab = {"positief", "met", "kosteloze"}
    broken = [Line("Start van ", False, 1), Line("wetgevingstr", True, 2),
              Line("aject 2023", True, 3)]
    assert normalise.join_lines(broken, vocab, narrow=True) == "Start van wetgevingstraject 2023"
    words = [Line("bij positief", True, 1), Line("resultaat", True, 2)]
    assert normalise.join_lines(words, vocab, narrow=True) == "bij positief resultaat"
    assert normalise.join_lines(words, vocab, narrow=False) == "bij positief resultaat"


def test_list_items_keep_their_own_line():
    text = normalise.join_lines(_lines("Taal:", "-In mei 2025 is het rapport ", "aangeboden.",
                                       "- Ook adviseert de groep"), set())
    assert text == "Taal:\n-In mei 2025 is het rapport aangeboden.\n- Ook adviseert de groep"


def test_a_paragraph_broken_mid_sentence_is_rejoined():
    assert normalise.join_paragraphs(["• Voldoende stageplekken. (het", "tegengaan)", "Nieuw."]) \
        == "• Voldoende stageplekken. (het tegengaan)\n\nNieuw."


@pytest.mark.parametrize(("wie", "expected"), [
    ("OCW, mbo-scholen, gemeenten, werkgevers, JOB.",
     [("ocw", False), ("mbo-scholen", False), ("gemeenten", False), ("werkgevers", False),
      ("job", False)]),
    ("OCW (primair), bekostigde mbo-scholen, JOB",
     [("ocw", True), ("mbo-scholen", False), ("job", False)]),
    ("Primair OCW. SBB, VNO-NCW / MKB-Nederland",
     [("ocw", True), ("sbb", False), ("vno-ncw", False), ("mkb-nederland", False)]),
    ("Bekostigde mbo-scholen (primair), OCW, SZW werkgevers en gemeenten",
     [("mbo-scholen", True), ("ocw", False), ("szw", False), ("werkgevers", False),
      ("gemeenten", False)]),
    ("OCW (primair), MBO Raad Andere partijen: zorg- en welzijnsinstellingen",
     [("ocw", True), ("mbo-raad", False), ("zorg-welzijn", False)]),
    ("Gemeenten (primair), OCW, UVW, Ingrado",
     [("gemeenten", True), ("ocw", False), ("uwv", False), ("ingrado", False)]),
])
def test_parties_are_read_from_the_wie_cell(wie, expected):
    parties, unknown = normalise.parse_parties(wie)
    assert parties == expected
    assert unknown == []


def test_an_unknown_party_is_reported_not_dropped():
    parties, unknown = normalise.parse_parties("OCW, Stichting Onbekend")
    assert parties == [("ocw", False)]
    assert unknown == ["Stichting Onbekend"]


@pytest.mark.parametrize(("wanneer", "expected"), [
    ("Doorlopend: 2023 – 2027", (2023, 2027, True)),
    ("Doorlopend", (None, None, True)),
    ("2022 e.v.", (2022, None, False)),
    ("Vanaf 2023 e.v.", (2023, None, False)),
    ("2023", (2023, 2023, False)),
    ("Start in 2023", (2023, None, False)),
    ("Tranche 1: 2022-2024. Tranche 2: 2025-2030", (2022, 2030, False)),
    ("2023/2024: voorbereidingen 2024/2025: eerste cohort", (2023, 2025, False)),
])
def test_years_are_read_from_the_wanneer_cell(wanneer, expected):
    assert normalise.parse_years(wanneer) == expected


@pytest.mark.parametrize(("text", "category"), [
    ("", normalise.ONBEKEND),
    ("Het is het onderwijs en bedrijfsleven niet gelukt om tot een aanpak te komen.",
     normalise.VERTRAAGD),
    ("Wetsvoorstel is aangenomen door beide Kamers en treedt in werking op 1 januari 2026.",
     normalise.AFGEROND),
    ("Subsidieregeling afgerond. Investeringen bij scholen lopen.", normalise.OP_SCHEMA),
    ("Er volgt een verkenning naar praktijkgericht onderzoek.", normalise.NIET_GESTART),
    ("Het programma loopt.", normalise.OP_SCHEMA),
    ("Zomaar een zin.", normalise.ONBEKEND),
])
def test_status_categories_follow_the_keyword_rules(text, category):
    assert normalise.status_category(text)[0] == category


def test_idem_means_unchanged():
    assert normalise.is_idem("Idem.") and normalise.is_idem("Idem. En meer.")
    assert not normalise.is_idem("Identiek aan eerder")


def test_cells_ending_mid_sentence_are_open():
    assert cell_state("is gedeeld.", STATUS) == CLOSED
    assert cell_state("zie de Kamerbrief over", STATUS) == DANGLING
    assert cell_state("van zomer 2024", STATUS) == OPEN
    assert cell_state("MKB Nederland,", WIE) == CLOSED  # stray commas end party lists
    assert cell_state("Voorjaar 2023", WANNEER) == OPEN


def test_widths_are_measured_in_em_not_characters():
    assert text_width("iiii") < text_width("mmmm")
    assert text_width("é") == text_width("e")


# --- a hand-made extract ----------------------------------------------------------------------

def test_the_extract_gives_two_rows_with_their_cells():
    table = parse_rows(EXTRACT)
    assert table.priorities == ["1"] and table.objectives == ["1.1"]
    assert len(table.rows) == 2
    first, second = table.rows

    def text(row, col):
        return [" ".join(line.text for line in p) for p in row.cells.get(col, [])]

    assert text(first, WAT)[0].endswith("en werken daarbij samen met de scholen.")
    assert text(first, WANNEER) == ["2023"]
    assert text(first, STATUS)[0].startswith("Mbo-scholen worden ieder kwartaal")
    assert text(first, 4) == ["Scholen worden nog steeds via de nieuwsbrief geattendeerd op het "
                              "fonds."]
    assert text(second, WAT)[0].startswith("OCW zorgt voor een wetsvoorstel")
    assert text(second, WIE) == ["OCW"]
    assert text(second, WANNEER) == ["Start van wetgevingstr aject 2023"]  # glued later
    assert text(second, STATUS) == ["Uitgevoerd middels reparatiewet OCW 2024"]


def test_the_extract_parses_to_actions_with_codes():
    data, _ = parse_text(EXTRACT)
    assert [a["code"] for a in data["acties"]] == ["1.1.1", "1.1.2"]
    second = data["acties"][1]
    assert second["wanneer"] == "Start van wetgevingstraject 2023"
    assert (second["startjaar"], second["eindjaar"]) == (2023, None)
    assert second["voortgang"][0]["categorie"] == normalise.AFGEROND
    assert second["voortgang"][1] == {
        "tekst": "", "idem": False, "categorie": "onbekend", "regel": "geen tekst",
        "ronde": "najaar-2025"}


# --- the real report --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report_text():
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(report_text):
    return parse_text(report_text, source=SOURCE.name)


@needs_source
def test_every_source_line_is_used_exactly_once(report_text):
    """Nothing lost, nothing used twice: each line sits in one cell; split lines give their
    pieces back in order."""
    table = parse_rows(report_text)
    places = defaultdict(list)
    for index, row in enumerate(table.rows):
        for col, paragraphs in row.cells.items():
            for paragraph in paragraphs:
                for line in paragraph:
                    places[line.lineno].append((index, col, line.text))
    for lineno, raw in enumerate(report_text.splitlines(), start=1):
        text = raw.replace("\u00a0", " ").strip()
        if not text:
            continue
        if re.match(r"^(Wat\?|Prioriteit \d|Doelstelling \d\.\d)", text):
            assert lineno not in places, f"heading line {lineno} used as text"
            continue
        pieces = places.get(lineno)
        assert pieces, f"line {lineno} lost: {text!r}"
        assert " ".join(p[2] for p in pieces).split() == text.split(), f"line {lineno}"
        if len(pieces) > 1:  # only lines merged across columns may be split
            assert len({(p[0], p[1]) for p in pieces}) == len(pieces)


@needs_source
def test_the_report_has_3_priorities_12_objectives_and_78_actions(parsed):
    data, _ = parsed
    assert [p["nummer"] for p in data["prioriteiten"]] == [1, 2, 3]
    assert [d["code"] for d in data["doelstellingen"]] == list(EXPECTED_PER_OBJECTIVE)
    counts = defaultdict(int)
    for action in data["acties"]:
        counts[action["doelstelling"]] += 1
    assert dict(counts) == EXPECTED_PER_OBJECTIVE


@needs_source
def test_every_correction_was_applied(parsed):
    _, report = parsed
    assert not [c for c in report.corrections if c.startswith("NOT APPLIED")]
    assert corrections.unused_labels() == []


@needs_source
def test_the_shipped_json_is_the_parsers_product(parsed):
    data, _ = parsed
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(data, ensure_ascii=False))


def _action(code):
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return next(a for a in data["acties"] if a["code"] == code)


def test_sample_action_1_1_2_field_by_field():
    action = _action("1.1.2")
    assert action["wat"].startswith("Concrete aandachtspunten voor een gelijkwaardige positie")
    assert action["wat"].endswith("onnodige verschillen in monitoring.")
    assert action["wie_origineel"] == "OCW, gemeenten"
    assert [p["partij"] for p in action["wie"]] == ["ocw", "gemeenten"]
    assert action["wanneer"] == "Doorlopend" and action["doorlopend"] is True
    status, progress = action["voortgang"]
    assert status["tekst"].startswith("Mogelijkheden om deel te nemen aan studentenleven")
    assert status["tekst"].endswith("Aanpassing studietoeslag lijkt niet gewenst, Kamer is "
                                    "hierover geïnformeerd.")
    assert progress["tekst"] == ("JOBmbo is ook aangesloten bij het Landelijk Platform "
                                 "Studentenhuisvesting.")


def test_sample_action_1_3_3_field_by_field():
    action = _action("1.3.3")
    assert action["wat"].startswith("Scholen geven extra begeleiding aan studenten")
    assert action["wat"].endswith("Tot die tijd wordt de subsidieregeling nazorg verlengd")
    assert [(p["partij"], p["primair"]) for p in action["wie"]] == [
        ("mbo-scholen", True), ("ocw", False), ("szw", False), ("werkgevers", False),
        ("gemeenten", False)]
    assert action["wanneer"] == (
        "De structurele inbedding van nazorg is voorzien medio 2025. Tot die tijd wordt de "
        "subsidieregeling nazorg verlengd. Internetconsultatie wetsvoorstel voor de zomer 2023.")
    assert (action["startjaar"], action["eindjaar"]) == (2023, 2025)
    assert action["voortgang"][1]["tekst"] == (
        "Wetsvoorstel is aangenomen door beide Kamers en treedt in werking op 1 januari 2026.")
    assert action["voortgang"][1]["categorie"] == "afgerond"


def test_sample_action_2_1_8_split_from_one_line():
    action = _action("2.1.8")
    assert action["wie_origineel"] == "OCW, SBB"
    assert action["wanneer"] == "Vanaf 2023 e.v."
    assert [p["tekst"] for p in action["voortgang"]] == [
        "Financiering is gecontinueerd.", "Financiering is structureel gecontinueerd."]


def test_sample_action_3_2_1_from_a_five_column_line():
    action = _action("3.2.1")
    assert action["wat"].startswith("De minister herijkt de kwalificatie-eisen voor burgerschap "
                                    "en past het Examen- en")
    assert action["wie_origineel"] == "OCW" and action["wanneer"] == "2023-2024"
    assert action["voortgang"][0]["tekst"].startswith(
        "Hiervoor is een duidelijkere grondslag nodig in de WEB")
    assert action["voortgang"][1]["tekst"].startswith(
        "Het rapport ‘Burgerschapsonderwijs in een veranderende samenleving’")


def test_sample_action_3_3_8_wie_continues_after_the_page_break():
    action = _action("3.3.8")
    assert action["wie_origineel"] == (
        "OCW, MBO Raad, (bekostigde) mbo-scholen, lerarenopleidingen")
    assert action["wat"].endswith("rapporteert in het sociaal jaarverslag.")
    assert action["voortgang"][1]["tekst"].startswith(
        "In 2024 is onderzoek uitgevoerd naar administratieve lasten in het mbo.")


def test_sample_action_1_2_1_idem_is_carried_over():
    action = _action("1.2.1")
    status, progress = action["voortgang"]
    assert progress["tekst"] == "Idem." and progress["idem"] is True
    assert progress["categorie"] == status["categorie"]


def test_objectives_2_1_and_3_3_have_their_own_text():
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    texts = {d["code"]: d["tekst"] for d in data["doelstellingen"]}
    assert texts["2.1"].startswith("Bij iedere bekostigde mbo-school neemt de investering")
    assert texts["3.3"].startswith("Mbo-scholen maken – in samenspraak met de OR")
    assert [c for c, t in texts.items() if t] == ["2.1", "3.3"]
    assert _action("2.1.1")["wat"].startswith("OCW investeert in de verbetering")


def test_indicator_figures_are_quoted_from_their_sources():
    kamerbrief_file = SEEDS / "kamerbrief-kwaliteitsagendas-werkagenda.txt"
    if not kamerbrief_file.exists() or not SOURCE.exists():
        pytest.skip("seed texts not available")
    corpus = " ".join((kamerbrief_file.read_text(encoding="utf-8") + " "
                       + SOURCE.read_text(encoding="utf-8")).split())
    for indicator in kamerbrief.INDICATORS:
        for quote in indicator["citaten"]:
            assert quote in corpus, (indicator["code"], quote)
