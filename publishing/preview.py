"""The reader page of a statement as its source stands on the desk, before anyone may read it.

The same template as the public page, shown to the desk people who may work on the
statement (``permissions.may_preview``); never cached, never indexed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from translations import languages
from translations.sanitise import strip_bidi_overrides
from workflow import permissions
from workflow.models import TEXT_FIELDS, PublishedText, Signatory, Statement

from . import links


@login_required
@require_safe
def statement_preview(request: HttpRequest, pk: int) -> HttpResponse:
    statement = (
        Statement.objects.filter(pk=pk)
        .prefetch_related(
            "topics",
            Prefetch(
                "signatory_set",
                queryset=Signatory.objects.select_related("organisation").order_by("position"),
            ),
        )
        .first()
    )
    source = statement and statement.variants.filter(language=statement.source_language).first()
    if source is None or not permissions.may_preview(request.user, source):
        raise Http404("No such statement.")
    code = statement.source_language
    text = PublishedText(
        requested=code,
        language=code,
        **{name: strip_bidi_overrides(getattr(source, name)) for name in TEXT_FIELDS},
    )
    response = render(
        request,
        "publishing/statement.html",
        {
            "preview": True,
            "statement": statement,
            "text": text,
            "text_language": languages.get(code),
            **links.head(statement.get_absolute_url(code), []),
            "topics": list(statement.topics.all()),
            "signatories": [s.organisation for s in statement.signatory_set.all()],
            "updated_on": None,
            "updates": [],
            "being_updated": False,
            "original": languages.get(code),
            "original_url": statement.get_absolute_url(code),
        },
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
