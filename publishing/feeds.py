"""RSS and Atom feeds of the statements published in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from translations import languages, markup

from . import links, selectors

FEED_SIZE = 20


class LatestStatementsFeed(Feed):
    """Newest first; only statements whose text in this language is live (no fallbacks)."""

    url_name = "publishing:rss"

    def title(self) -> str:
        return _("Anuvad: statements in %(language)s") % {
            "language": languages.name_in(get_language(), get_language())
        }

    def description(self) -> str:
        return _("The latest statements published in this language.")

    def link(self) -> str:
        return links.absolute(reverse("publishing:home"))

    def feed_url(self) -> str:
        return links.absolute(reverse(self.url_name))

    def items(self):
        return list(selectors.newest_first(selectors.published_in(get_language()))[:FEED_SIZE])

    def item_title(self, item) -> str:
        return item.published_text(get_language()).title

    def item_description(self, item) -> str:
        # Feed readers decode the description (RSS) and summary (Atom, type="html") as
        # HTML: they get the page's own sanitised rendering, never the raw text.
        return markup.render(item.published_text(get_language()).summary)

    def item_link(self, item) -> str:
        return links.absolute(item.get_absolute_url(get_language()))

    def item_pubdate(self, item) -> dt.datetime | None:
        lang = get_language()
        return next(
            (v.published_at for v in item.variants.all() if v.language == lang),
            item.first_published_at,
        )

    def item_updateddate(self, item) -> dt.datetime | None:
        return item.last_revised_at or self.item_pubdate(item)

    def item_author_name(self, item) -> str:
        return item.published_text(get_language()).byline


class LatestStatementsAtom(LatestStatementsFeed):
    feed_type = Atom1Feed
    url_name = "publishing:atom"

    def subtitle(self) -> str:
        return self.description()
