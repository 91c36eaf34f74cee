"""Reader URLs (mounted under /<lang>/)."""

from django.urls import path

from . import feeds, views
from .cache import cached_page, list_page_key

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement"),
    path("search/", views.search, name="search"),
    path(
        "feeds/rss.xml", cached_page(list_page_key("all"))(feeds.LatestStatementsFeed()), name="rss"
    ),
    path(
        "feeds/atom.xml",
        cached_page(list_page_key("all"))(feeds.LatestStatementsAtom()),
        name="atom",
    ),
]
