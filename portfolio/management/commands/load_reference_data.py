"""manage.py load_reference_data: load the derived reference files (idempotent, atomic)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.importing import ImportFailed, count_lines
from portfolio.services import REFERENCE_DIR, reference_data_load


class Command(BaseCommand):
    help = "Laadt provincies, arbeidsmarktregio's, gemeenten, btg's, opleidingen en instellingen."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=REFERENCE_DIR,
                            help="Map met de afgeleide referentiebestanden.")

    def handle(self, *args, dir: Path, **options):
        try:
            counts = reference_data_load(directory=dir)
        except ImportFailed as exc:
            raise CommandError(exc.message) from None
        for line in count_lines(counts):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Referentiedata geladen."))
