"""Public pages: the latest statements and one statement, in the reader's language."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from translations import languages
from workflow.selectors import statements_public


def home(request: HttpRequest) -> HttpResponse:
    lang = get_language()
    statements = statements_public().order_by("-issued_on", "-created_at")[:20]
    items = [(s, s.published_text(lang)) for s in statements]
    return render(request, "publishing/home.html", {"items": items})


def statement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lang = get_language()
    statement = statements_public().filter(slug=slug).first()
    if statement is None:
        raise Http404("No such statement.")
    text = statement.published_text(lang)
    available = [languages.get(code) for code in statement.published_languages()]
    return render(
        request,
        "publishing/statement.html",
        {
            "statement": statement,
            "text": text,
            "text_language": languages.get(text.language),
            "available": available,
        },
    )
