"""The reader page of a draft, before anyone may read it: the public template with the desk's
text, for the people who may work on the statement, never cached or indexed."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import ORGANISATIONS, make_organisations, make_statement, make_user
from workflow import services
from workflow.models import Organisation, Topic

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "मज़दूरों की हड़ताल पर संयुक्त बयान"
BODY = "दिल्ली में 1,413 निर्माण मज़दूर आज हड़ताल पर हैं।\n\nहम उनकी माँगों का समर्थन करते हैं।"


@pytest.fixture(autouse=True)
def _engines_off(settings):
    settings.ANUVAD_MT_ENABLED = False


@pytest.fixture
def orgs() -> list[Organisation]:
    return make_organisations(*ORGANISATIONS[:3])


@pytest.fixture
def draft(users, orgs):
    topic = Topic.objects.create(slug="strikes", name="हड़ताल")
    return make_statement(
        users["author"],
        source_language="hi",
        title=TITLE,
        body=BODY,
        summary="निर्माण मज़दूरों की हड़ताल।",
        byline="जन अधिकार मंच",
        dateline="नई दिल्ली",
        topics=[topic],
        signatories=[orgs[2], orgs[0], orgs[1]],
    )


def preview_url(statement) -> str:
    return reverse("statement_preview", args=[statement.pk])


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def signed(html: BeautifulSoup) -> list[str]:
    return [li.get_text(strip=True) for li in html.select(".signatories li")]


@pytest.mark.parametrize("who", ["author", "editor", "reviewer"])
def test_the_desk_people_of_a_draft_see_its_reader_page(client, users, draft, who):
    client.force_login(users[who])
    response = client.get(preview_url(draft))
    html = soup(response)
    assert html.select_one("article.statement h1").get_text() == TITLE
    text = html.select_one("article.statement .text")
    assert text["lang"] == "hi" and "1,413 निर्माण मज़दूर" in text.get_text()
    assert html.select_one(".byline").get_text() == "जन अधिकार मंच"
    assert "नई दिल्ली" in html.select_one("article.statement").get_text()
    assert signed(html) == ["مزدور اتحاد", "जन अधिकार मंच", "শ্রমিক সংঘ"]
    assert [a.get_text() for a in html.select(".topics a")] == ["हड़ताल"]
    assert "Preview: readers cannot see this page yet" in html.get_text()
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_preview_shows_the_text_as_last_saved(client, users, draft):
    source = services.source_variant(draft)
    services.variant_save_text(
        variant=source,
        actor=users["author"],
        expected_version=source.version,
        title="हड़ताल पर संशोधित बयान",
        body=BODY,
    )
    client.force_login(users["author"])
    html = soup(client.get(preview_url(draft)))
    assert html.select_one("article.statement h1").get_text() == "हड़ताल पर संशोधित बयान"


def test_the_draft_is_still_not_public(client, draft):
    assert client.get(f"/hi/statements/{draft.slug}/").status_code == 404


def test_anonymous_people_are_sent_to_log_in(client, draft):
    response = client.get(preview_url(draft))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who", ["author2", "translator_ur", "translator_bn", "reviewer_bn", "nobody"]
)
def test_other_people_are_refused(client, users, draft, who):
    users["author2"] = make_user("author2", roles=["author"], languages=["hi"])
    client.force_login(users[who])
    response = client.get(preview_url(draft))
    assert response.status_code == 404
    assert TITLE not in response.content.decode()


def test_an_unknown_statement_is_404(client, users):
    client.force_login(users["editor"])
    assert client.get(reverse("statement_preview", args=[999999])).status_code == 404


def test_the_source_page_links_to_the_preview(client, users, draft):
    client.force_login(users["author"])
    page = client.get(reverse("workspace:statement_source", args=[draft.pk])).content.decode()
    assert preview_url(draft) in page


def test_signatories_read_in_their_order_on_the_published_page(client, users, draft, orgs):
    services.statement_change_details(
        statement=draft,
        actor=users["author"],
        slug=draft.slug,
        kind=draft.kind,
        priority=draft.priority,
        deadline=None,
        topics=list(draft.topics.all()),
        signatories=[orgs[1], orgs[2], orgs[0]],
    )
    services.statement_submit_for_translation(
        statement=draft, actor=users["author"], targets=["bn"]
    )
    source = services.source_variant(draft)
    services.variant_approve(variant=source, actor=users["reviewer"])
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    html = soup(client.get(f"/hi/statements/{draft.slug}/"))
    assert signed(html) == ["শ্রমিক সংঘ", "مزدور اتحاد", "जन अधिकार मंच"]
    assert "Preview" not in html.select_one("main").get_text()
