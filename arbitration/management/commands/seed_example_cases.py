"""manage.py seed_example_cases: labelled example cases on every part of the ladder."""
from django.core.management.base import BaseCommand, CommandError

from arbitration.services.examples import example_stages, examples_seed
from mbo_regie.errors import DomainError


class Command(BaseCommand):
    help = ("Maakt voorbeeldzaken (titel 'Voorbeeld: …') in verschillende stappen van de "
            "ladder, waaronder één met een gepubliceerde uitspraak, op de referentiedata en "
            "het (synthetische) aanbod. Idempotent; voorbeelden sturen geen e-mail.")

    def handle(self, *args, **options):
        try:
            created = examples_seed()
        except DomainError as exc:
            raise CommandError(exc.message)
        for titel, stap in example_stages().items():
            mark = "+" if titel in created else " "
            self.stdout.write(f" {mark} {titel} – {stap}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(created)} voorbeeldza(a)k(en) aangemaakt." if created
            else "Alle voorbeeldzaken bestonden al."))
