"""Root URLs: the admin, the workspace, accounts, and the reader pages under a language prefix."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/", include("workflow.urls")),
    path("desk/notifications/", include("notifications.urls")),
]
urlpatterns += i18n_patterns(path("", include("publishing.urls")))
