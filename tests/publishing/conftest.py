"""The demo's statements, published through the real services, for the reader pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command

from publishing.cache import forget_local
from workflow.models import Statement

# Published in all four languages, from an English, a Hindi and a Bengali source.
EVERYWHERE = "construction-workers-wage-survey-delhi"
FROM_HINDI = "flood-relief-appeal-north-bihar"
# Published in its source language only.
URDU_ONLY = "chikankari-artisans-piece-rates-lucknow"
ENGLISH_ONLY = "release-journalist-farhan-qureshi"
# Not public: in translation, and a draft.
IN_TRANSLATION = "gulmohar-basti-eviction-notice"
DRAFT = "air-pollution-advisory-outdoor-workers"


@pytest.fixture
def demo_site(transactional_db, settings) -> dict[str, Statement]:
    settings.ANUVAD_SITE_URL = "https://statements.example.org"
    call_command("load_demo")
    cache.clear()  # loading published pages, leaving purge markers behind
    forget_local()
    return {s.slug: s for s in Statement.objects.all()}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response
    return BeautifulSoup(response.content.decode(), "html.parser")
