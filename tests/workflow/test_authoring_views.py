"""The authoring pages: write a statement, edit its source, send it for translation, revise it."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_statement, make_user
from workflow import services
from workflow.models import Organisation, Signatory, Statement, Topic, Transition, Variant

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "hi": {
        "title": "निर्माण मज़दूरों की बकाया मज़दूरी पर बयान",
        "body": "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।\n\n"
        "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
    },
    "bn": {
        "title": "চা বাগানের শ্রমিকদের মজুরি নিয়ে বিবৃতি",
        "body": "উত্তরবঙ্গের চা বাগানে শ্রমিকরা তিন মাস ধরে মজুরি পাননি।\n\n"
        "আমরা দাবি করছি যে বকেয়া অবিলম্বে মেটানো হোক।",
    },
    "ur": {
        "title": "چکن کاری کاریگروں کی اجرت پر بیان",
        "body": "لکھنؤ میں چکن کاری کے کاریگروں کو تین مہینے سے اجرت نہیں ملی۔\n\n"
        "ہم مطالبہ کرتے ہیں کہ واجبات فوراً ادا کیے جائیں۔",
    },
}
NEW = reverse("workspace:statement_new")


@pytest.fixture(autouse=True)
def _engines_off(settings):
    settings.ANUVAD_MT_ENABLED = False


def form(language: str = "hi", **changes) -> dict:
    data = {
        "source_language": language,
        **TEXT[language],
        "summary": "",
        "byline": "",
        "dateline": "",
        "kind": "press",
        "priority": "normal",
        "issued_on": "2025-03-01",
        "deadline": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def source_of(statement: Statement) -> Variant:
    return statement.variants.get(language=statement.source_language)


def url(name: str, statement: Statement) -> str:
    return reverse(f"workspace:{name}", args=[statement.pk])


# ---- writing a statement -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["hi", "bn", "ur"])
def test_an_author_writes_a_statement_in_their_language(client, users, language):
    login(client, users["author"])
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, form(language, byline="जन अधिकार मंच", dateline="दिल्ली"))
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("statement_source", statement)
    source = source_of(statement)
    assert (statement.source_language, statement.created_by) == (language, users["author"])
    assert (source.state, source.title, source.body) == (
        "draft",
        TEXT[language]["title"],
        TEXT[language]["body"],
    )
    assert str(statement.issued_on) == "2025-03-01"
    assert statement.variants.count() == 1
    # Nothing is live until it is published.
    assert statement.published_text(language) is None
    page = client.get(response["Location"]).content.decode()
    assert TEXT[language]["title"] in page and "Draft" in page


def test_topics_deadline_and_signatories_in_the_order_given(client, users):
    wages = Topic.objects.create(slug="wages", name="Wages")
    unions = [Organisation.objects.create(slug=s, name=s.title()) for s in ("aa", "bb", "cc")]
    login(client, users["editor"])
    data = form(
        "hi",
        topics=[wages.pk],
        signatories=[unions[2].pk, unions[0].pk],
        deadline="2025-03-02T18:30",
        priority="urgent",
    )
    assert client.post(NEW, data).status_code == 302
    statement = Statement.objects.get()
    assert list(statement.topics.all()) == [wages]
    signed = Signatory.objects.filter(statement=statement).order_by("position")
    assert [s.organisation.slug for s in signed] == ["cc", "aa"]
    assert statement.priority == "urgent"
    assert statement.deadline.isoformat().startswith("2025-03-02T13:00")  # 18:30 in Kolkata


@pytest.mark.parametrize("who", ["translator_hi", "reviewer", "nobody"])
def test_only_authors_and_editors_write(client, users, who):
    login(client, users[who])
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, form())
    assert response.status_code == 403
    assert "Only authors and editors" in response.content.decode()
    assert not Statement.objects.exists() and not Variant.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, users):
    statement = make_statement(users["author"], source_language="hi")
    for target in (NEW, url("statement_source", statement)):
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert client.post(NEW, form()).status_code == 302
    assert client.post(url("statement_submit", statement), {"targets": ["bn"]}).status_code == 302
    assert Statement.objects.count() == 1 and statement.variants.count() == 1


BAD_FORMS = [
    ({"title": None}, "title"),
    ({"title": "   "}, "title"),
    ({"source_language": "xx"}, "source_language"),
    ({"topics": ["999999"]}, "topics"),
    ({"signatories": ["not-a-number"]}, "signatories"),
    ({"kind": "rumour"}, "kind"),
    ({"issued_on": "1850-01-01"}, "issued_on"),
    ({"deadline": "tomorrow-ish"}, "deadline"),
    ({"title": "क" * 301}, "title"),
]


@pytest.mark.parametrize(("changes", "field"), BAD_FORMS)
def test_a_form_with_errors_creates_nothing(client, users, changes, field):
    login(client, users["author"])
    response = client.post(NEW, form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert 'class="errorlist' in page and "Nothing was saved" in page
    # What the author typed is still there.
    assert TEXT["hi"]["body"].split("\n")[0] in page
    assert not Statement.objects.exists() and not Transition.objects.exists()


def test_markup_in_a_title_is_kept_as_typed_and_shown_as_text(client, users):
    # As through the API: the source is Markdown, stored as written; pages escape it.
    title = "<script>alert(1)</script> मज़दूरी पर बयान"
    login(client, users["author"])
    response = client.post(NEW, form(title=title))
    statement = Statement.objects.get()
    assert source_of(statement).title == title
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    home = client.get(reverse("workspace:my_work")).content.decode()
    assert "<script>alert(1)" not in home


def test_csrf_is_enforced(users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["author"])
    assert browser.post(NEW, form()).status_code == 403
    assert not Statement.objects.exists()
    browser.get(NEW)
    token = browser.cookies[django_settings.CSRF_COOKIE_NAME].value
    assert browser.post(NEW, {**form(), "csrfmiddlewaretoken": token}).status_code == 302
    assert Statement.objects.count() == 1


# ---- the source page ---------------------------------------------------------------------


@pytest.fixture
def hindi(users) -> Statement:
    return make_statement(users["author"], source_language="hi", title=TEXT["hi"]["title"])


@pytest.mark.parametrize(
    ("who", "status"),
    [("author", 200), ("editor", 200), ("author2", 404), ("translator_hi", 404), ("reviewer", 404)],
)
def test_the_source_page_is_for_its_author_and_editors(client, users, hindi, who, status):
    users["author2"] = make_user("author2", roles=["author"], languages=["hi"])
    login(client, users[who])
    assert client.get(url("statement_source", hindi)).status_code == status
    source = source_of(hindi)
    posts = {
        "statement_save": {"title": "बदला हुआ", "body": "नया।", "version": source.version},
        "statement_submit": {"targets": ["bn"]},
        "statement_revise": {},
    }
    for name, data in posts.items():
        response = client.post(url(name, hindi), data)
        if status == 404:
            assert response.status_code == 404, name
    if status == 404:
        after = source_of(hindi)
        assert (after.title, after.version, after.state) == (source.title, source.version, "draft")
        assert hindi.variants.count() == 1


def test_the_author_saves_the_source_text(client, users, hindi):
    login(client, users["author"])
    page = client.get(url("statement_source", hindi)).content.decode()
    assert 'lang="hi"' in page and reverse("workspace:statement_save", args=[hindi.pk]) in page
    source = source_of(hindi)
    text = {
        "title": "बकाया मज़दूरी पर संशोधित बयान",
        "summary": "तीन महीने से मज़दूरी नहीं मिली।",
        "body": TEXT["hi"]["body"],
        "byline": "जन अधिकार मंच",
        "dateline": "नई दिल्ली",
    }
    response = client.post(url("statement_save", hindi), {**text, "version": source.version})
    assert response.status_code == 302
    saved = source_of(hindi)
    assert saved.text() == text and saved.version == source.version + 1


def test_a_stale_save_is_refused_and_keeps_what_the_author_typed(client, users, hindi):
    source = source_of(hindi)
    opened = source.version
    newer = services.variant_save_text(
        variant=source,
        actor=users["editor"],
        expected_version=opened,
        title="संपादक का शीर्षक",
        body="संपादक का पाठ।",
    )
    login(client, users["author"])
    typed = {"title": "लेखक का शीर्षक", "body": "लेखक का पाठ।", "version": opened}
    response = client.post(url("statement_save", hindi), typed)
    assert response.status_code == 409
    page = response.content.decode()
    assert "your change was not saved" in page
    assert "लेखक का शीर्षक" in page and "लेखक का पाठ।" in page  # the author's text, kept
    assert "संपादक का शीर्षक" in page  # and the newer one beside it
    assert f'name="version" value="{newer.version}"' in page
    after = source_of(hindi)
    assert (after.title, after.body, after.version) == ("संपादक का शीर्षक", "संपादक का पाठ।", 2)


def test_a_save_with_errors_changes_nothing(client, users, hindi):
    login(client, users["author"])
    source = source_of(hindi)
    response = client.post(url("statement_save", hindi), {"title": "", "version": source.version})
    assert response.status_code == 400
    assert "title" in response.context["text_form"].errors
    assert source_of(hindi).text() == source.text()


def test_submit_for_translation_creates_the_chosen_versions(client, users, hindi):
    login(client, users["author"])
    page = client.get(url("statement_source", hindi)).content.decode()
    for code in ("en", "bn", "ur"):
        assert f'name="targets" value="{code}"' in page
    response = client.post(url("statement_submit", hindi), {"targets": ["bn", "ur"]})
    assert response.status_code == 302
    states = dict(hindi.variants.values_list("language", "state"))
    # The machine step ran (eagerly, engines off): both are ready for translators.
    assert states == {"hi": "in_review", "bn": "ready", "ur": "ready"}
    page = client.get(url("statement_source", hindi)).content.decode()
    assert reverse("workspace:statement_save", args=[hindi.pk]) not in page  # no more edits
    # English can still be added; Bengali and Urdu are on their way.
    assert 'name="targets" value="en"' in page and 'name="targets" value="bn"' not in page


def test_submit_with_no_language_chosen_sends_nothing(client, users, hindi):
    login(client, users["author"])
    response = client.post(url("statement_submit", hindi), {}, follow=True)
    assert "Choose at least one language." in response.content.decode()
    assert hindi.variants.count() == 1 and source_of(hindi).state == "draft"


def test_an_editor_sees_links_to_the_versions(client, users, hindi):
    services.statement_submit_for_translation(
        statement=hindi, actor=users["author"], targets=["bn"]
    )
    bengali = hindi.variants.get(language="bn")
    login(client, users["editor"])
    page = client.get(url("statement_source", hindi)).content.decode()
    assert reverse("workspace:review", args=[bengali.pk]) in page
    login(client, users["author"])
    page = client.get(url("statement_source", hindi)).content.decode()
    assert reverse("workspace:review", args=[bengali.pk]) not in page  # not theirs to open
    assert "Ready to claim" in page


# ---- revising a published statement -------------------------------------------------------


def published(users, statement: Statement) -> Statement:
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["bn"]
    )
    source = source_of(statement)
    services.variant_approve(variant=source, actor=users["reviewer"])
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    statement.refresh_from_db()
    return statement


def test_revising_a_published_statement_keeps_the_live_text(client, users, hindi):
    statement = published(users, hindi)
    assert source_of(statement).state == "published"
    assert statement.title_hi == TEXT["hi"]["title"]
    login(client, users["author"])
    page = client.get(url("statement_source", statement)).content.decode()
    assert reverse("workspace:statement_revise", args=[statement.pk]) in page
    assert reverse("workspace:statement_save", args=[statement.pk]) not in page

    note = "संख्या सुधारी गई"
    assert client.post(url("statement_revise", statement), {"note": note}).status_code == 302
    source = source_of(statement)
    assert source.state == "draft"
    assert source.transitions.order_by("-at", "-pk").first().note == note
    page = client.get(url("statement_source", statement)).content.decode()
    assert reverse("workspace:statement_save", args=[statement.pk]) in page
    assert "Readers see the published text until this revision is published." in page

    revised = {"title": "बकाया मज़दूरी पर संशोधित बयान", "body": "संशोधित पाठ।"}
    client.post(url("statement_save", statement), {**revised, "version": source.version})
    statement.refresh_from_db()
    assert source_of(statement).title == revised["title"]
    assert statement.title_hi == TEXT["hi"]["title"]  # readers still get the published text
    assert statement.published_text("hi").title == TEXT["hi"]["title"]


def test_revise_is_refused_before_publication(client, users, hindi):
    login(client, users["author"])
    response = client.post(url("statement_revise", hindi), {"note": ""}, follow=True)
    assert response.redirect_chain[-1][0] == url("statement_source", hindi)
    assert source_of(hindi).state == "draft"
    assert source_of(hindi).transitions.count() == 1


# ---- the desk home and languages ----------------------------------------------------------


def test_my_work_lists_my_statements_and_a_link_to_write_one(client, users, hindi):
    other = make_statement(users["editor"], source_language="ur", title=TEXT["ur"]["title"])
    gone = make_statement(users["author"], source_language="bn", title=TEXT["bn"]["title"])
    services.statement_withdraw(statement=gone, actor=users["editor"], note="ভুল করে লেখা")
    login(client, users["author"])
    page = client.get(reverse("workspace:my_work")).content.decode()
    mine = page.split('id="h-statements"')[1].split("</section>")[0]
    assert NEW in mine
    assert reverse("workspace:statement_source", args=[hindi.pk]) in mine
    assert TEXT["hi"]["title"] in mine and "Draft" in mine
    assert TEXT["ur"]["title"] not in mine and url("statement_source", other) not in mine
    assert TEXT["bn"]["title"] not in mine
    login(client, users["translator_hi"])
    assert 'id="h-statements"' not in client.get(reverse("workspace:my_work")).content.decode()


def test_my_statements_cost_the_same_queries_for_more_statements(
    client, users, django_assert_max_num_queries
):
    login(client, users["author"])
    make_statement(users["author"], source_language="hi")
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("workspace:my_work"))
    for _ in range(5):
        make_statement(users["author"], source_language="hi")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workspace:my_work"))


def test_the_pages_render_right_to_left_in_urdu(client, users, hindi):
    login(client, users["author"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ur"
    for page in (NEW, url("statement_source", hindi), reverse("workspace:my_work")):
        html = client.get(page).content.decode()
        assert '<html lang="ur" dir="rtl">' in html, page
    # The Hindi text keeps its own direction inside the Urdu page.
    html = client.get(url("statement_source", hindi)).content.decode()
    assert 'lang="hi" dir="ltr"' in html
