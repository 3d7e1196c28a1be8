"""manage.py import_werkagenda [--source FILE] [--dry-run]: load the Werkagenda into the portal.

Without --source it loads the shipped data/werkagenda/werkagenda_2025.json (the parser's output
for the real report; `make run` calls this). With --source it loads another JSON file, or
re-parses a text extraction of the progress report (.txt). Idempotent and atomic.
"""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mbo_regie.errors import DomainError
from werkagenda.importer.parse import parse_text
from werkagenda.services import werkagenda_import

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "data" / "werkagenda" / "werkagenda_2025.json"


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Lees de Werkagenda mbo in (standaard: de meegeleverde JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                            help="JSON van de parser, of de tekst van het voortgangsrapport (.txt)")
        parser.add_argument("--dry-run", action="store_true",
                            help="Alleen tellen wat er zou veranderen; niets opslaan.")

    def handle(self, *args, source: Path, dry_run: bool, **options):
        if not source.exists():
            raise CommandError(f"Bron niet gevonden: {source}")
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".json":
            data = json.loads(text)
        else:
            data, report = parse_text(text, source=source.name)
            for line in report.corrections:
                if line.startswith("NOT APPLIED"):
                    self.stderr.write(self.style.WARNING(line))
        try:
            with transaction.atomic():
                result = werkagenda_import(data=data)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        verb = "zou" if dry_run else "is"
        self.stdout.write(self.style.SUCCESS(
            f"Werkagenda {verb} ingelezen uit {source.name}: {len(data['acties'])} acties; "
            f"{result.created} nieuw, {result.updated} gewijzigd, {result.unchanged} ongewijzigd."))
