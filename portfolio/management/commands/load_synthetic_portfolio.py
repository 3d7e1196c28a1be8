"""manage.py load_synthetic_portfolio: the seeded, clearly labelled synthetic portfolio."""
from django.core.management.base import BaseCommand

from portfolio.importing import count_lines
from portfolio.services import synthetic_portfolio_load


class Command(BaseCommand):
    help = ("Genereert het synthetische landelijke aanbod (locaties, aanbod, inschrijvingen) op de "
            "echte instellingen, opleidingen en gemeenten. Idempotent; DUO-imports blijven staan.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, seed: int, **options):
        for line in count_lines(synthetic_portfolio_load(seed=seed)):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Synthetisch aanbod geladen (label: synthetisch)."))
