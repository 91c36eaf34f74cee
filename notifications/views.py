"""A person's notifications and their choice of what to hear about."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations import languages

from . import selectors, services
from .forms import PreferencesForm
from .models import Frequency


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.mark_read(user=request.user, ids=ids or None)
    return HttpResponseRedirect(reverse("notifications:inbox"))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    language = services.language_of(request.user) or get_language()
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return _preferences_page(request, language, status=400)
        with transaction.atomic():
            if form.cleaned_data["language"]:  # absent: keep the language as it is
                services.set_language(user=request.user, code=form.cleaned_data["language"])
            services.set_preferences(
                user=request.user, choices=form.channels(), frequencies=form.frequencies()
            )
        messages.success(request, _("Your choices are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))
    return _preferences_page(request, language)


def _preferences_page(request: HttpRequest, language: str, status: int = 200) -> HttpResponse:
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": selectors.preferences_for(request.user),
            "language": language,
            "languages": languages.LANGUAGES,
            "frequencies": Frequency.choices,
        },
        status=status,
    )
