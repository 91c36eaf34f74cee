"""A person's notifications and their choice of what to hear about."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Kind


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
    if request.method == "POST":
        services.set_preferences(
            user=request.user,
            choices={
                kind: (f"{kind}:email" in request.POST, f"{kind}:in_app" in request.POST)
                for kind in Kind.values
            },
        )
        messages.success(request, _("Your choices are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(
        request,
        "notifications/preferences.html",
        {"rows": selectors.preferences_for(request.user)},
    )
