"""A statement's address changes: the old one sends readers on, its cached pages go, and a
withdrawal takes every address down."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_statement, make_user
from tests.publishing.conftest import EVERYWHERE, FROM_HINDI, soup
from translations import languages
from workflow import services
from workflow.exceptions import InvalidInput, NotPermitted
from workflow.models import FormerSlug, Statement

NEW = "delhi-construction-wages-survey"


def test_an_old_address_redirects_in_every_language_and_its_cached_page_is_gone(
    client, demo_site, users
):
    statement = demo_site[EVERYWHERE]
    for code in languages.CODES:  # every language's page is in the cache
        assert client.get(f"/{code}/statements/{EVERYWHERE}/").status_code == 200
    title_hi = soup(client.get(f"/hi/statements/{EVERYWHERE}/")).h1.get_text()

    services.statement_rename(statement=statement, actor=users["editor"], slug=NEW)

    for code in languages.CODES:
        old = client.get(f"/{code}/statements/{EVERYWHERE}/")
        assert old.status_code == 301, code
        assert old["Location"] == f"/{code}/statements/{NEW}/"
    assert soup(client.get(f"/hi/statements/{NEW}/")).h1.get_text() == title_hi
    # The lists link to the new address.
    home = client.get("/hi/").content.decode()
    assert f"/hi/statements/{NEW}/" in home and f"/statements/{EVERYWHERE}/" not in home
    assert FormerSlug.objects.get(slug=EVERYWHERE).statement == statement


def test_a_withdrawal_takes_every_address_down(client, demo_site, users):
    statement = demo_site[EVERYWHERE]
    services.statement_rename(statement=statement, actor=users["editor"], slug=NEW)
    assert client.get(f"/ur/statements/{NEW}/").status_code == 200  # cached at the new one
    services.statement_withdraw(
        statement=Statement.objects.get(pk=statement.pk), actor=users["editor"], note="Retracted."
    )
    for code in languages.CODES:
        assert client.get(f"/{code}/statements/{NEW}/").status_code == 404
        assert client.get(f"/{code}/statements/{EVERYWHERE}/").status_code == 404


def test_a_former_address_and_its_lookalikes_stay_with_their_statement(demo_site, users):
    services.statement_rename(statement=demo_site[EVERYWHERE], actor=users["editor"], slug=NEW)
    for taken in (EVERYWHERE, EVERYWHERE.upper(), EVERYWHERE.replace("-", "_")):
        with pytest.raises(InvalidInput, match="taken by another statement"):
            services.statement_create(
                author=users["author"], source_language="en", title="New", body="B.", slug=taken
            )
        with pytest.raises(InvalidInput, match="taken"):
            services.statement_rename(
                statement=demo_site[FROM_HINDI], actor=users["editor"], slug=taken
            )
    # Its own statement may have it back.
    back = services.statement_rename(
        statement=Statement.objects.get(slug=NEW), actor=users["editor"], slug=EVERYWHERE
    )
    assert back.slug == EVERYWHERE
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == [NEW]


def test_only_its_author_or_an_editor_renames_a_statement(demo_site, users):
    statement = make_statement(users["author"])
    before = statement.slug
    other_author = make_user("author2", roles=["author"], languages=["en"])
    for who in (other_author, users["translator_hi"], users["reviewer"]):
        with pytest.raises(NotPermitted):
            services.statement_rename(statement=statement, actor=who, slug="other-slug")
    assert Statement.objects.get(pk=statement.pk).slug == before
    for bad in ("desk", "-", "a b", "मज़दूरी"):
        with pytest.raises(InvalidInput):
            services.statement_rename(statement=statement, actor=users["author"], slug=bad)
    assert Statement.objects.get(pk=statement.pk).slug == before


def test_the_admin_renames_through_the_same_rule(client, demo_site, users):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    statement = demo_site[EVERYWHERE]
    url = f"/admin/workflow/statement/{statement.pk}/change/"
    form = soup(client.get(url)).select_one("form#statement_form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        if field.name == "select":
            data[field["name"]] = [o["value"] for o in field.select("option[selected]")]
        elif field.get("type") in ("checkbox",):
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "on")
        elif field.get("type") not in ("submit",):
            data[field["name"]] = field.get("value", "") if field.name == "input" else field.text
    refused = client.post(url, {**data, "slug": "admin"})
    assert refused.status_code == 200 and "site&#x27;s own addresses" in refused.content.decode()
    assert Statement.objects.get(pk=statement.pk).slug == EVERYWHERE

    renamed = client.post(url, {**data, "slug": NEW})
    assert renamed.status_code == 302, renamed.content.decode()[:2000]
    assert Statement.objects.get(pk=statement.pk).slug == NEW
    assert client.get(f"/en/statements/{EVERYWHERE}/")["Location"] == f"/en/statements/{NEW}/"
