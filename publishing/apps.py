"""Reader-facing app: public statement pages in four languages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
