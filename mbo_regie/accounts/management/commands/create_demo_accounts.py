"""manage.py create_demo_accounts: the demo users of the local portal (DEBUG only)."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mbo_regie.accounts.services import demo_accounts_create
from mbo_regie.errors import DomainError


class Command(BaseCommand):
    help = "Maakt de demo-accounts aan (alleen met DEBUG aan)."

    def handle(self, *args, **options):
        try:
            users = demo_accounts_create()
        except DomainError as exc:
            raise CommandError(exc.message) from None
        for u in users:
            inst = f" – {u.instelling}" if u.instelling else ""
            self.stdout.write(f"  {u.username:12} {u.get_rol_display()}{inst}")
        self.stdout.write(self.style.SUCCESS(
            f"Demo-accounts klaar; wachtwoord: {settings.DEMO_PASSWORD} (DEMO_PASSWORD)"))
