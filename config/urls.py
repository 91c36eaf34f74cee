"""Root URLs: the admin, the workspace, accounts, and the reader pages under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config.accounts import PasswordResetView
from publishing.cache import cached_page, sitemap_page_key
from publishing.preview import statement_preview
from publishing.sitemaps import SITEMAPS
from publishing.views import favicon, robots_txt

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before django.contrib.auth's own, which it replaces: the same form, throttled.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/statements/<int:pk>/preview/", statement_preview, name="statement_preview"),
    path("desk/", include("workflow.urls")),
    path("desk/notifications/", include("notifications.urls")),
    path("api/", include("api.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon),
    path(
        "sitemap.xml",
        cached_page(sitemap_page_key)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

urlpatterns += i18n_patterns(path("", include("publishing.urls")))
