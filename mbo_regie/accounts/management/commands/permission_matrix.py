"""Print the permission matrix (mbo_regie/permission_matrix.py) as Markdown."""
from django.core.management.base import BaseCommand

from mbo_regie.permission_matrix import render_markdown


class Command(BaseCommand):
    help = ("Print the role × action permission matrix as Markdown "
            "(redirect it to docs/permission-matrix.md).")

    def handle(self, *args, **options):
        self.stdout.write(render_markdown(), ending="")
