"""The sitemap: every public statement in each language it is published in, with alternates."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from workflow.models import Statement

from . import links, selectors


class _ReaderSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # Addresses as the pages themselves give them (ANUVAD_SITE_URL), whoever asks.
    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.ANUVAD_SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.ANUVAD_SITE_URL).netloc

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Django adds x-default only when English is among an item's languages; a statement
        # written in Hindi and not yet in English has one too: the address without a prefix.
        for info in urls:
            if info["alternates"] and not any(
                a["lang_code"] == "x-default" for a in info["alternates"]
            ):
                first = urlsplit(info["alternates"][0]["location"])
                info["alternates"].append(
                    {
                        "location": links.absolute(links.unprefixed(first.path)),
                        "lang_code": "x-default",
                    }
                )
        return urls


class HomeSitemap(_ReaderSitemap):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["publishing:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class StatementSitemap(_ReaderSitemap):
    def items(self):
        return list(selectors.listing())

    def get_languages_for_item(self, item: Statement) -> list[str]:
        return item.published_languages()

    def location(self, item: Statement) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Statement):
        return item.updated_at


SITEMAPS = {"home": HomeSitemap, "statements": StatementSitemap}
