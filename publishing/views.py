"""Public pages: the latest statements, topics, search and one statement, in the reader's language.

Nothing here depends on who is asking, so every page but search is cached (publishing.cache).
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from translations import languages, romanise

from . import links, selectors
from .cache import cached_page, list_page_key, statement_page_key


def _page(request: HttpRequest, items) -> object:
    paginator = Paginator(items, settings.ANUVAD_READER_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page.") from None


def _entries(statements) -> list[tuple]:
    """Each statement with its text for this reader and the languages it is live in."""
    lang = get_language()
    return [(s, s.published_text(lang), s.published_languages()) for s in statements]


def _listing(request: HttpRequest, template: str, statements, **context) -> HttpResponse:
    page = _page(request, statements)
    path = request.path if page.number == 1 else f"{request.path}?page={page.number}"
    return render(
        request,
        template,
        {
            "page": page,
            "entries": _entries(page.object_list),
            **links.head(path, links.page_alternates(path)),
            **context,
        },
    )


@require_safe
@cached_page(list_page_key("all"))
def home(request: HttpRequest) -> HttpResponse:
    return _listing(request, "publishing/home.html", selectors.listing())


@require_safe
@cached_page(list_page_key("topic:{slug}"))
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.topic_by_slug(slug)
    if found is None:
        raise Http404("No such topic.")
    return _listing(request, "publishing/topic.html", selectors.listing(topic=found), topic=found)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    lang = get_language()
    query = selectors.clean_query(request.GET.get("q", ""), lang)
    results = selectors.search(query, lang)
    try:
        wanted = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        wanted = 1
    # The page and the number of results in one query.
    results.expect(wanted, settings.ANUVAD_READER_PAGE_SIZE)
    page = _page(request, results) if query else None
    return render(
        request,
        "publishing/search.html",
        {
            "query": query,
            # Latin letters also find words that sound alike: say why those results are there.
            "sounds_alike": lang != "en" and romanise.has_latin(query),
            "page_query": urlencode({"q": query}) + "&",
            "page": page,
            "entries": _entries(page or ()),
            **links.head(request.path, links.page_alternates(request.path)),
        },
    )


@require_safe
@cached_page(statement_page_key)
def statement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lang = get_language()
    statement = selectors.statement_for_reader(slug)
    if statement is None:
        if new := selectors.renamed_to(slug):
            # An old link: the same page at the statement's new address.
            return HttpResponsePermanentRedirect(reverse("publishing:statement", args=[new]))
        raise Http404("No such statement.")
    text = statement.published_text(lang)
    # A page showing the source in place of a translation points search engines at the source.
    canonical = statement.get_absolute_url(text.language)
    return render(
        request,
        "publishing/statement.html",
        {
            "statement": statement,
            "text": text,
            "text_language": languages.get(text.language),
            **links.head(canonical, links.statement_alternates(statement)),
            "topics": list(statement.topics.all()),
            "signatories": [s.organisation for s in statement.signatory_set.all()],
            "updated_on": _updated_on(statement),
            # Revisions after the first publication, newest first, with their change notes.
            "updates": statement.updates,
            "being_updated": not text.is_fallback and statement.translation_behind(lang),
            "original": languages.get(statement.source_language),
            "original_url": statement.get_absolute_url(statement.source_language),
        },
    )


def _updated_on(statement):
    """When the source was revised after it first went out, else None."""
    first, revised = statement.first_published_at, statement.last_revised_at
    if first and revised and revised > first:
        return revised
    return None


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /desk/",
        "Disallow: /accounts/",
        *(f"Disallow: /{code}/search/" for code in languages.CODES),
        "",
        f"Sitemap: {links.absolute(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("reader/favicon.svg"))
