"""The demo's statements, published through the real services, for the reader pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from publishing.cache import forget_local
from tests.support.demo import load_demo_once
from workflow.models import Organisation, Signatory, Statement, Topic, Variant

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
    load_demo_once()
    cache.clear()  # loading published pages, leaving purge markers behind
    forget_local()
    return {s.slug: s for s in Statement.objects.all()}


def grow(demo_site: dict[str, Statement]) -> None:
    """More statements, topics, signatories and languages on the same pages.

    Five published copies of EVERYWHERE sharing FROM_HINDI's topics; FROM_HINDI gains four
    signatories and four topics.
    """
    statement = demo_site[FROM_HINDI]
    for n in range(5):
        extra = Statement.objects.get(pk=demo_site[EVERYWHERE].pk)
        extra.pk = None
        extra.slug = f"copy-{n}"
        extra.save()
        extra.topics.set(statement.topics.all())
        for variant in Variant.objects.filter(statement_id=demo_site[EVERYWHERE].pk):
            variant.pk = None
            variant.statement = extra
            variant.save()
    for n in range(4):
        org = Organisation.objects.create(slug=f"org-{n}", name=f"Organisation {n}")
        Signatory.objects.create(statement=statement, organisation=org, position=10 + n)
        statement.topics.add(Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}"))


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response
    return BeautifulSoup(response.content.decode(), "html.parser")
