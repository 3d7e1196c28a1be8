"""manage.py import_duo <kind> <file>: load a real DUO open-data file (atomic, idempotent)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.duo import IMPORTERS
from portfolio.importing import ImportFailed


class Command(BaseCommand):
    help = ("Importeert een DUO-bestand: adressen (instellingenmbo.csv), aanbod "
            "(mbo_opleidingsaanbod.csv), studenten (studenten-per-instelling 03 of 01) of "
            "onderwijslocaties (RIO onderwijslocaties.csv).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="Soort bestand.")
        parser.add_argument("file", type=Path, help="Het DUO-bestand (CSV).")
        parser.add_argument("--koppeling", type=Path, default=None,
                            help="aanbod: RIO relaties_onderwijsaanbieders_"
                                 "onderwijsinstellingserkenningen.csv (aanbieder → BRIN); "
                                 "zonder dit bestand wordt op naam gekoppeld.")
        parser.add_argument("--onbekende-crebo-overslaan", action="store_true",
                            help="aanbod: regels met een crebo die niet in het register staat "
                                 "overslaan in plaats van als fout melden.")

    def handle(self, *args, kind: str, file: Path, **options):
        kwargs = {"path": file}
        if kind == "aanbod":
            kwargs.update(koppeling=options["koppeling"],
                          skip_unknown_crebo=options["onbekende_crebo_overslaan"])
        elif options["koppeling"] or options["onbekende_crebo_overslaan"]:
            raise CommandError("--koppeling en --onbekende-crebo-overslaan horen bij aanbod.")
        try:
            report = IMPORTERS[kind](**kwargs)
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Import mislukt: {len(exc.errors)} fout(en), er is niets "
                               "opgeslagen.") from None
        for name, c in report.counts.items():
            self.stdout.write(f"{name:16} nieuw {c['nieuw']:6}  gewijzigd {c['gewijzigd']:6}  "
                              f"ongewijzigd {c['ongewijzigd']:6}  verwijderd {c['verwijderd']:6}")
        for note in report.notes:
            self.stdout.write(f"- {note}")
        self.stdout.write(self.style.SUCCESS(f"DUO-import {kind} klaar."))
