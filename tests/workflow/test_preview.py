"""A version ready to claim can be read before claiming it: read-only, and nothing changes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import make_statement
from workflow import services
from workflow.choices import State
from workflow.models import Segment, Transition, Variant

pytestmark = pytest.mark.django_db(transaction=True)

HINDI = "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।"


@pytest.fixture
def hindi(users, settings) -> Variant:
    settings.ANUVAD_MT_ENABLED = False
    statement = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi", "bn"]
    )
    variant = statement.variants.get(language="hi")
    assert variant.state == State.READY
    return variant


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_my_work_opens_a_ready_version_read_only_and_claims_nothing(client, users, hindi):
    client.force_login(users["translator_hi"])
    moves = Transition.objects.filter(variant=hindi).count()
    edit_url = reverse("workspace:edit", args=[hindi.pk])

    claimable = page(client, reverse("workspace:my_work")).select_one("#h-claimable").parent
    assert claimable.select_one(f'a[href="{edit_url}"]') is not None

    editor = page(client, edit_url)
    areas = editor.select(".seg textarea[name=text]")
    assert len(areas) == hindi.segments.count()
    assert all(a.has_attr("readonly") and not a.has_attr("hx-post") for a in areas)
    assert not editor.select("button.save") and not editor.select("#qa")
    assert "Claim this version before editing it." in editor.select_one("#read-only").text
    claim = editor.select_one(f'form[action="{reverse("workspace:claim", args=[hindi.pk])}"]')
    assert claim is not None and claim.select_one("button").text == "Claim"

    hindi.refresh_from_db()
    assert (hindi.state, hindi.assignee) == (State.READY, None)
    assert Transition.objects.filter(variant=hindi).count() == moves


def test_a_save_while_previewing_is_refused_and_changes_nothing(client, users, hindi):
    client.force_login(users["translator_hi"])
    segment = hindi.segments.order_by("position").first()
    response = client.post(
        reverse("workspace:save_segment", args=[segment.pk]),
        {"text": HINDI, "version": segment.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    assert Segment.objects.get(pk=segment.pk).target == segment.target == ""
    assert Variant.objects.get(pk=hindi.pk).state == State.READY


def test_once_claimed_the_same_page_is_the_editor(client, users, hindi):
    client.force_login(users["translator_hi"])
    client.post(reverse("workspace:claim", args=[hindi.pk]))
    editor = page(client, reverse("workspace:edit", args=[hindi.pk]))
    areas = editor.select(".seg textarea[name=text]")
    assert areas and all(a.has_attr("hx-post") and not a.has_attr("readonly") for a in areas)
    assert editor.select_one("#read-only") is None


@pytest.mark.parametrize("who", ["reviewer", "editor", "translator_hi2"])
def test_only_someone_who_may_claim_is_told_to_claim(client, users, hindi, who):
    """Reviewers and editors read versions too; the claim note is for translators of it."""
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    client.force_login(users[who])
    editor = page(client, reverse("workspace:edit", args=[hindi.pk]))
    assert editor.select_one("#read-only") is None
    assert all(a.has_attr("readonly") for a in editor.select(".seg textarea[name=text]"))


def test_a_preview_in_another_language_is_not_found(client, users, hindi):
    client.force_login(users["translator_bn"])
    assert client.get(reverse("workspace:edit", args=[hindi.pk])).status_code == 404
