"""Account pages that need more than django.contrib.auth gives: a throttled password reset."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse, HttpResponseRedirect

from . import security


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, sending a mail only while ``security.password_reset_allowed``.

    Past a limit the person sees the page a sent mail gives ("if an account exists…"):
    nothing tells a prober whether the address has an account or was limited.
    """

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not security.password_reset_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
