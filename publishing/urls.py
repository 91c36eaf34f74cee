"""Reader URLs (mounted under /<lang>/)."""

from django.urls import path

from . import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement"),
]
