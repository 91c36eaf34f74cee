"""Print where the local desk listens and the demo logins (used by `make run`)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from workflow.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the local URLs and demo logins."

    def handle(self, *args, **options) -> None:
        out = self.stdout
        out.write("")
        out.write("Anuvad is starting:")
        out.write("  Reader site  http://127.0.0.1:8000/en/  (also /hi/ /bn/ /ur/)")
        out.write("  Desk         http://127.0.0.1:8000/desk/  (translators, reviewers, editors)")
        out.write("  Admin        http://127.0.0.1:8000/admin/")
        out.write(f"  Redis        {settings.REDIS_URL}")
        out.write(f"  Database     {settings.DATABASES['default']['NAME']}")
        out.write("Demo logins (local development only):")
        for user in DEMO_USERS:
            langs = ",".join(user.languages) or "-"
            out.write(f"  {user.username:<14} {user.password:<18} {user.role:<10} {langs}")
        out.write("Ctrl-C stops everything.")
        out.write("")
