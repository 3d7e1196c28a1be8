"""Importers for DUO's open MBO data, so a portal with real files gets a real portfolio.

Each importer reads one DUO file (`;` or `,` separated, UTF-8 or cp1252/latin-1), validates
every row first and raises ImportFailed listing every bad cell (file, line, column) without
writing anything; otherwise it writes in one transaction and returns a DuoReport with counts
(nieuw / gewijzigd / ongewijzigd / verwijderd) and notes. Re-running a file changes nothing.
Column specifications: shared/data/raw/duo_open_data_catalogus_mbo.json (DUO's CKAN datasets
adressen_mbo, mbo_opleidingsaanbod, mbo-studenten-per-instelling, RIO).

kinds (manage.py import_duo <kind> <file>):
  adressen           instellingenmbo.csv: institutions and their main location
  aanbod             mbo_opleidingsaanbod.csv: locations and offerings, replaces synthetic ones
  studenten          …-studenten-per-instelling-… 03 (per opleiding) or 01 (check only)
  onderwijslocaties  RIO onderwijslocaties.csv: addresses and coordinates of known locations
"""
from .aanbod import aanbod_import_duo
from .adressen import instellingen_import_duo
from .common import DuoReport
from .onderwijslocaties import locaties_import_duo
from .studenten import inschrijvingen_import_duo

IMPORTERS = {
    "adressen": instellingen_import_duo,
    "aanbod": aanbod_import_duo,
    "studenten": inschrijvingen_import_duo,
    "onderwijslocaties": locaties_import_duo,
}

__all__ = ["IMPORTERS", "DuoReport", "aanbod_import_duo", "inschrijvingen_import_duo",
           "instellingen_import_duo", "locaties_import_duo"]
