"""Load the demo users and statements (local development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workflow.demo import load_demo


class Command(BaseCommand):
    help = "Create demo users for every role and sample statements in four languages."

    def handle(self, *args, **options) -> None:
        if not settings.ANUVAD_DEMO:
            raise CommandError(
                "Demo users have published passwords: load_demo runs only with ANUVAD_DEMO=1 "
                "(on by default when DJANGO_DEBUG=1)."
            )
        created, skipped = load_demo()
        self.stdout.write(f"Demo data: {created} statement(s) created, {skipped} already there.")
