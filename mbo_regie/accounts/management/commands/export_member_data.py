"""manage.py export_member_data USER: the zip of everything that user may see in the portal."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mbo_regie.accounts.models import User
from mbo_regie.export import member_export, member_export_filename


class Command(BaseCommand):
    help = "Exporteert alles wat een gebruiker in het portaal mag zien naar een zip-bestand."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Gebruikersnaam.")
        parser.add_argument("--output", "-o", type=Path, default=None,
                            help="Doelbestand (standaard: mbo-regie-export-<naam>-<datum>.zip).")

    def handle(self, *args, username: str, output: Path | None, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker {username!r} bestaat niet.")
        output = output or Path(member_export_filename(user))
        output.write_bytes(member_export(user))
        self.stdout.write(self.style.SUCCESS(f"Export van {username} geschreven naar {output}."))
