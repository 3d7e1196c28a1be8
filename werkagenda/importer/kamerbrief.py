"""Indicators of the Werkagenda with baseline, target and measurements.

The progress table has no figures; these come from the Kamerbrief on the kwaliteitsagenda's
(seeds/kamerbrief-kwaliteitsagendas-werkagenda.txt) and, for the BBL target, from the
Werkagenda itself (action 2.3.1). Each entry quotes its source sentence; a test checks that
the quote occurs in the seed text, so a figure cannot drift from its source.
"""

KAMERBRIEF = "Kamerbrief kwaliteitsagenda's mbo (Werkagenda en Stagepact), 2025"
WERKAGENDA = "Werkagenda mbo, voortgangsoverzicht (actie 2.3.1)"

INDICATORS = [
    {
        "code": "vsv",
        "naam": "Aantal nieuwe voortijdig schoolverlaters (vsv'ers)",
        "doelstelling": "1.3",
        "eenheid": "aantal",
        "richting": "dalen",
        "basis_waarde": 30000,
        "basis_jaar": None,
        "basis_toelichting": "circa; 'de huidige cijfers' ten tijde van de Kamerbrief",
        "streef_waarde": 20000,
        "streef_jaar": 2027,
        "streef_toelichting": "minder dan 20.000 (ambitie instellingen); de Kamer stelde als "
                              "doel minder dan 18.000 in 2026",
        "metingen": [],
        "bron": KAMERBRIEF,
        "citaten": [
            "willen terugdringen naar minder dan 20.000 in 2027",
            "huidige cijfers van circa 30.000 vsv’ers",
            "laten dalen naar minder dan 18.000",
        ],
    },
    {
        "code": "mentaal-welzijn",
        "naam": "Aandeel studenten dat zich mentaal slecht zegt te voelen",
        "doelstelling": "1.2",
        "eenheid": "procent",
        "richting": "dalen",
        "basis_waarde": 22,
        "basis_jaar": 2022,
        "basis_toelichting": "",
        "streef_waarde": None,
        "streef_jaar": None,
        "streef_toelichting": "geen streefwaarde genoemd",
        "metingen": [{"jaar": 2024, "waarde": 13, "toelichting": ""}],
        "bron": KAMERBRIEF,
        "citaten": ["is gedaald van 22% in 2022 naar 13% in 2024"],
    },
    {
        "code": "practoraten",
        "naam": "Aantal practoraten",
        "doelstelling": "3.4",
        "eenheid": "aantal",
        "richting": "stijgen",
        "basis_waarde": 76,
        "basis_jaar": 2023,
        "basis_toelichting": "",
        "streef_waarde": 141,
        "streef_jaar": 2027,
        "streef_toelichting": "gezamenlijk streven van de instellingen",
        "metingen": [],
        "bron": KAMERBRIEF,
        "citaten": ["practoraten van 76 in 2023 naar 141 in 2027"],
    },
    {
        "code": "bbl-aandeel",
        "naam": "Aandeel mbo-studenten in de BBL",
        "doelstelling": "2.3",
        "eenheid": "procent",
        "richting": "stijgen",
        "basis_waarde": None,
        "basis_jaar": None,
        "basis_toelichting": "",
        "streef_waarde": 35,
        "streef_jaar": 2027,
        "streef_toelichting": "35% van het totale aantal mbo-studenten volgt een BBL-traject "
                              "(looptijd Werkagenda)",
        "metingen": [{"jaar": 2023, "waarde": 31,
                      "toelichting": "instroom in de BBL, studiejaar 2023–2024 (DUO-telling)"}],
        "bron": f"{WERKAGENDA}; {KAMERBRIEF}",
        "citaten": [
            "dat 35% van het totale aantal mbo-studenten een BBLtraject volgt",
            "in het studiejaar 2023–2024 al opgelopen naar 31%",
        ],
    },
]
