"""manage.py seed_example_proposals: labelled example proposals for the local portal."""
from django.core.management.base import BaseCommand, CommandError

from mbo_regie.errors import DomainError
from portfolio.proposals.services.examples import examples_seed


class Command(BaseCommand):
    help = ("Maakt enkele voorbeeldvoorstellen (titel 'Voorbeeld: …') in verschillende "
            "statussen en een regionaal overleg, op de referentiedata en het (synthetische) "
            "aanbod. Idempotent; voorbeelden sturen geen e-mail.")

    def handle(self, *args, **options):
        try:
            created = examples_seed()
        except DomainError as exc:
            raise CommandError(exc.message)
        for titel in created:
            self.stdout.write(f"  {titel}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} voorbeeld(en) aangemaakt." if created
            else "Alle voorbeelden bestonden al."))
