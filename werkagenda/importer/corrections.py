"""Explicit, documented decisions the layout rules cannot make on their own.

Every entry names the source (objective + the start of the text) and says why. The parse report
lists each correction that was applied, so a reviewer can check it against the PDF text.
A correction that no longer matches anything is reported too (the source changed).
"""

from __future__ import annotations

WAT, WIE, WANNEER, STATUS, VOORTGANG = range(5)

# Lines on which the extraction merged the cells of several columns, and no rule can tell
# where one cell ends and the next begins. Key: the exact line (without trailing space).
LINE_SPLITS: dict[str, list[tuple[int, str]]] = {
    # 3.2, first action: all five columns on one line.
    "De minister herijkt de kwalificatie-eisen voor OCW 2023-2024 Hiervoor is een duidelijkere "
    "grondslag nodig Het rapport ‘Burgerschapsonderwijs in": [
        (WAT, "De minister herijkt de kwalificatie-eisen voor"),
        (WIE, "OCW"),
        (WANNEER, "2023-2024"),
        (STATUS, "Hiervoor is een duidelijkere grondslag nodig"),
        (VOORTGANG, "Het rapport ‘Burgerschapsonderwijs in"),
    ],
    # 3.3, "We zorgen ervoor dat het werken in het mbo aantrekkelijk is": all five columns;
    # Wie continues on the next page ("Raad, (bekostigde) mbo-scholen, ...").
    "We zorgen ervoor dat het werken in het mbo OCW, MBO Doorlopend Lerarenorganisaties AOb, "
    "CNV Onderwijs, In 2024 is onderzoek uitgevoerd naar": [
        (WAT, "We zorgen ervoor dat het werken in het mbo"),
        (WIE, "OCW, MBO"),
        (WANNEER, "Doorlopend"),
        (STATUS, "Lerarenorganisaties AOb, CNV Onderwijs,"),
        (VOORTGANG, "In 2024 is onderzoek uitgevoerd naar"),
    ],
    # 3.4, first action: all five columns on one line.
    "Het mbo krijgt en benut vaker mogelijkheden OCW Doorlopend Er volgt een verkenning naar "
    "praktijkgericht In de kamerbrief december 2024 is de": [
        (WAT, "Het mbo krijgt en benut vaker mogelijkheden"),
        (WIE, "OCW"),
        (WANNEER, "Doorlopend"),
        (STATUS, "Er volgt een verkenning naar praktijkgericht"),
        (VOORTGANG, "In de kamerbrief december 2024 is de"),
    ],
    # 3.1, "We hebben speciale aandacht voor groepen": the end of the Status cell ("...
    # inzetten op groepen die extra | ondersteund dienen te worden.") and a Voortgang line
    # ("... ontvangen instellingen ... in | totaal €47,2 miljoen via de lumpsumbekostiging").
    "ondersteund dienen te worden. totaal €47,2 miljoen via de": [
        (STATUS, "ondersteund dienen te worden."),
        (VOORTGANG, "totaal €47,2 miljoen via de"),
    ],
    # 1.2, "We sluiten aan bij de bestaande integrale aanpak": the end of the Wie cell
    # ("Andere partijen: VWS, GGD'en") and the end of the Status cell.
    "VWS, GGD’en vanuit Welbevinden op School.": [
        (WIE, "VWS, GGD’en"),
        (STATUS, "vanuit Welbevinden op School."),
    ],
    # 2.1, "OCW zorgt voor een voortzetting van de financiering" (Meld- en Expertisepunt
    # Specialistisch Vakmanschap): the Status and the Voortgang cell on one line.
    "Financiering is gecontinueerd. Financiering is structureel": [
        (STATUS, "Financiering is gecontinueerd."),
        (VOORTGANG, "Financiering is structureel"),
    ],
}

# Boxes whose column (and whether they continue the previous page's row) the width and order
# costs cannot decide. Key: (objective, start of the box text) -> ("cont" | "new", column).
LABELS: dict[tuple[str, str], tuple[str, int]] = {
    # 1.1: the top of page 2 holds one box before the next action ("We starten een
    # verkenning"). Width and order fit both "rest of the Status cell of 'Concrete
    # aandachtspunten ...'" and "first paragraph of the next Wat". It reports a result in the
    # past tense (restitutie, studietoeslag: points named in that action's Wat), and a new row's
    # Wat would have been merged into one box with it, as at every other page top.
    ("1.1", "Verkenning naar automatische restitutie"): ("cont", STATUS),
    # 2.3, "UWV en SBB ontwikkelen ... skillstaal": the Wat cell lists three intents ("Deze
    # skillstaal wordt open beschikbaar gesteld.", "SBB verkent ...", "VNO-NCW stimuleert
    # werkgevers ...") whose Voortgang counterparts follow on the same page ("o.a. VNO-NCW zet
    # in op ...", "SBB gaat in 2025 beginnen ..."). The width fits Wat and Status alike.
    ("2.3", "VNO-NCW stimuleert werkgevers om hun"): ("cont", WAT),
}

# Objectives whose row in the report opens with a text of the objective itself, before the
# first action's Wat (no Wie of its own). Key: objective -> start of that paragraph.
# 2.1: "Bij iedere bekostigde mbo-school neemt de investering in ... LOB ... toe." states the
#      goal; the first action is "OCW investeert in de verbetering en versterking van LOB".
# 3.3: "Mbo-scholen maken – in samenspraak met de OR – ambitieuze en realistische plannen ...
#      De sociale partners kunnen ..." states the goal; the first action is "Mbo-scholen
#      besteden in hun kwaliteitsplan ...".
OBJECTIVE_TEXTS: dict[str, str] = {
    "2.1": "Bij iedere bekostigde mbo-school neemt de investering",
    "3.3": "Mbo-scholen maken – in samenspraak met de",
}

# Paragraphs the extraction put at the bottom of a page, away from the row they belong to
# (link texts and late additions are drawn last). (objective, start of paragraph) ->
# (start of the target action's Wat, column).
MOVES: dict[tuple[str, str], tuple[str, int]] = {
    # Printed after "Idem." of "Scholen en studenten gaan met elkaar in gesprek ...", where it
    # contradicts "unchanged". It names the research that the next action's Voortgang
    # describes ("heeft OCW -ism VNG en MBO Raad- onderzoek aanbesteed ... basisinfrastructuur
    # ... Onderzoek wordt januari 2026 opgeleverd").
    ("1.2", "AEF voert onderzoek uit in opdracht van"): (
        "De MBO Raad, NRTO en de VNG werken samen", VOORTGANG),
    # Printed after the monitor row ("We werken aan een representatieve monitor"), which has
    # nothing to do with it; it is the address of the Kennisbank Studentenwelzijn that the
    # row above reports on ("De Kennisbank Studentenwelzijn is uitgebreid ...").
    ("1.2", "https://kennisbankstudentenwelzijn.nl/"): (
        "OCW geeft o.a. opdracht om vanuit de NPO", VOORTGANG),
}

_used_labels: set[tuple[str, str]] = set()


def label_for(objective: str, text: str) -> tuple[str, int] | None:
    """The pinned label for a box, if a correction names it."""
    for (obj, prefix), label in LABELS.items():
        if obj == objective and text.startswith(prefix):
            _used_labels.add((obj, prefix))
            return label
    return None


def unused_labels() -> list[tuple[str, str]]:
    """Corrections that matched no box (reported, so stale entries are noticed)."""
    return [key for key in LABELS if key not in _used_labels]
