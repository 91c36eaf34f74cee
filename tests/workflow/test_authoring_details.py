"""A draft's address, kind, priority, deadline, topics and signatories: a readable address
from a title in any script, changed while the source is a draft, and signatories in order."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import make_organisations, make_statement, make_user
from workflow import services
from workflow.exceptions import IllegalTransition, InvalidInput, NotPermitted
from workflow.models import FormerSlug, Organisation, Signatory, Statement, TextEdit, Topic

pytestmark = pytest.mark.django_db(transaction=True)

NEW = reverse("workspace:statement_new")
TITLES = {
    "hi": ("मज़दूरों की हड़ताल पर संयुक्त बयान", "mazduron-ki-hartal-par-sanyukt-bayan"),
    "bn": ("শ্রমিকদের ধর্মঘট নিয়ে যৌথ বিবৃতি", "shromikder-dhormoghot-niye-jouth-bibriti"),
    "ur": ("مزدوروں کی ہڑتال پر مشترکہ بیان", "mazdoron-ki-hartal-par-mashtarka-bayan"),
}
BODY = {
    "hi": "दिल्ली में निर्माण मज़दूर आज हड़ताल पर हैं।",
    "bn": "কলকাতায় নির্মাণ শ্রমিকরা আজ ধর্মঘটে।",
    "ur": "لکھنؤ میں تعمیراتی مزدور آج ہڑتال پر ہیں۔",
}


@pytest.fixture(autouse=True)
def _engines_off(settings):
    settings.ANUVAD_MT_ENABLED = False


def new_form(language: str, **changes) -> dict:
    data = {
        "source_language": language,
        "title": TITLES[language][0],
        "body": BODY[language],
        "kind": "joint",
        "priority": "normal",
        "issued_on": "2026-12-02",
    }
    data.update(changes)
    return data


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def orgs() -> list[Organisation]:
    return make_organisations()


# ---- the address --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["hi", "bn", "ur"])
def test_a_title_in_any_script_gives_a_readable_address(client, users, language):
    client.force_login(users["editor"])
    assert client.post(NEW, new_form(language)).status_code == 302
    assert Statement.objects.get().slug == TITLES[language][1]


def test_a_second_statement_with_the_same_title_gets_a_suffix(users):
    title = TITLES["hi"][0]
    first = make_statement(users["author"], source_language="hi", title=title)
    second = make_statement(users["author"], source_language="hi", title=title)
    third = make_statement(users["author"], source_language="hi", title=title)
    base = TITLES["hi"][1]
    assert (first.slug, second.slug, third.slug) == (base, f"{base}-2", f"{base}-3")
    # A former address counts as taken too: it still sends readers on.
    services.statement_rename(statement=first, actor=users["author"], slug="hartal-2026")
    fourth = make_statement(users["author"], source_language="hi", title=title)
    assert fourth.slug == f"{base}-4"


def test_the_author_chooses_the_address_when_writing(client, users):
    client.force_login(users["author"])
    form = page(client.get(NEW))
    assert form.select_one("input[name=slug]") is not None
    response = client.post(NEW, new_form("hi", slug="delhi-hartal-bayan"))
    assert response.status_code == 302
    assert Statement.objects.get().slug == "delhi-hartal-bayan"


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("desk", "one of the site&#x27;s own addresses"),
        ("मज़दूर", "cannot be an address"),
        ("a b", "cannot be an address"),
        ("taken-one", "taken by another statement"),
        ("Taken_One", "taken by another statement"),
    ],
)
def test_a_bad_address_is_refused_on_the_field_and_nothing_is_saved(client, users, slug, message):
    make_statement(users["author"], source_language="hi", slug="taken-one")
    client.force_login(users["author"])
    response = client.post(NEW, new_form("ur", slug=slug))
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors
    assert message in response.content.decode()
    assert Statement.objects.count() == 1


# ---- details while a draft ----------------------------------------------------------------


def details_url(statement: Statement) -> str:
    return reverse("workspace:statement_details", args=[statement.pk])


def details(statement: Statement, **changes) -> dict:
    data = {
        "slug": statement.slug,
        "kind": statement.kind,
        "priority": statement.priority,
        "deadline": "",
        "topics": [],
        "signatories": [],
    }
    data.update(changes)
    return data


def test_a_drafts_details_change_on_its_source_page(client, users, orgs):
    wages = Topic.objects.create(slug="wages", name="मज़दूरी")
    statement = make_statement(users["author"], source_language="hi", title=TITLES["hi"][0])
    client.force_login(users["author"])
    source_page = page(client.get(reverse("workspace:statement_source", args=[statement.pk])))
    form = source_page.select_one(f'form[action="{details_url(statement)}"]')
    assert form.select_one("input[name=slug]")["value"] == TITLES["hi"][1]

    data = details(
        statement,
        slug="hartal-sanyukt-bayan",
        kind="joint",
        priority="urgent",
        deadline="2026-12-05T18:30",
        topics=[wages.pk],
        signatories=[orgs[2].pk, orgs[0].pk, orgs[1].pk],
    )
    assert client.post(details_url(statement), data).status_code == 302
    statement.refresh_from_db()
    assert (statement.slug, statement.kind, statement.priority) == (
        "hartal-sanyukt-bayan",
        "joint",
        "urgent",
    )
    assert statement.deadline.isoformat().startswith("2026-12-05T13:00")  # 18:30 in Kolkata
    assert list(statement.topics.all()) == [wages]
    signed = Signatory.objects.filter(statement=statement).order_by("position")
    assert [s.organisation for s in signed] == [orgs[2], orgs[0], orgs[1]]
    # The old address keeps pointing here; the change is in the source's edit log.
    assert FormerSlug.objects.get().slug == TITLES["hi"][1]
    edit = TextEdit.objects.filter(variant__statement=statement).latest("pk")
    assert (edit.actor, set(edit.fields)) == (
        users["author"],
        {"slug", "kind", "priority", "deadline", "topics", "signatories"},
    )


def test_signatories_keep_their_order_through_the_form(client, users, orgs):
    statement = make_statement(
        users["author"], source_language="bn", signatories=[orgs[3], orgs[1], orgs[0]]
    )
    client.force_login(users["author"])
    source_page = page(client.get(reverse("workspace:statement_source", args=[statement.pk])))
    places = source_page.select(f'form[action="{details_url(statement)}"] select[name=signatories]')
    chosen = [p.select_one("option[selected]") for p in places]
    assert [o["value"] for o in chosen if o is not None] == [
        str(orgs[3].pk),
        str(orgs[1].pk),
        str(orgs[0].pk),
    ]
    assert len(places) == 3 + 3  # the chosen, and room for three more
    # Saved back as shown, with the empty places left empty: the same order.
    data = details(
        statement, signatories=[str(orgs[3].pk), str(orgs[1].pk), str(orgs[0].pk), "", ""]
    )
    assert client.post(details_url(statement), data).status_code == 302
    signed = Signatory.objects.filter(statement=statement).order_by("position")
    assert [s.organisation for s in signed] == [orgs[3], orgs[1], orgs[0]]
    # Reordered: the last signs first; one named twice signs once.
    data = details(statement, signatories=[orgs[0].pk, orgs[3].pk, orgs[0].pk])
    client.post(details_url(statement), data)
    signed = Signatory.objects.filter(statement=statement).order_by("position")
    assert [(s.organisation, s.position) for s in signed] == [(orgs[0], 0), (orgs[3], 1)]


def test_details_are_refused_once_the_source_is_submitted(client, users, orgs):
    statement = make_statement(users["author"], source_language="ur", signatories=[orgs[2]])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["hi"]
    )
    before = Statement.objects.get(pk=statement.pk)
    client.force_login(users["author"])
    source_page = client.get(reverse("workspace:statement_source", args=[statement.pk]))
    assert details_url(statement) not in source_page.content.decode()
    response = client.post(
        details_url(statement),
        details(
            statement, slug="changed-after-submit", priority="urgent", signatories=[orgs[0].pk]
        ),
        follow=True,
    )
    assert "is in review and cannot be edited now" in response.content.decode()
    after = Statement.objects.get(pk=statement.pk)
    assert (after.slug, after.priority, after.updated_at) == (
        before.slug,
        before.priority,
        before.updated_at,
    )
    assert [s.organisation for s in Signatory.objects.filter(statement=statement)] == [orgs[2]]
    assert not FormerSlug.objects.exists()

    with pytest.raises(IllegalTransition, match="cannot be edited now"):
        services.statement_change_details(
            statement=after,
            actor=users["editor"],
            **{**details(after), "signatories": [], "topics": [], "deadline": None},
        )


def test_details_open_again_when_the_reviewer_sends_the_source_back(users):
    statement = make_statement(users["author"], source_language="hi")
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=["bn"]
    )
    services.variant_request_changes(
        variant=services.source_variant(statement), actor=users["reviewer"], note="तारीख़ जोड़ें।"
    )
    changed = services.statement_change_details(
        statement=statement,
        actor=users["author"],
        **{
            **details(statement),
            "priority": "urgent",
            "signatories": [],
            "topics": [],
            "deadline": None,
        },
    )
    assert changed.priority == "urgent"


def test_only_its_author_or_an_editor_changes_the_details(client, users):
    statement = make_statement(users["author"], source_language="hi")
    other = make_user("author2", roles=["author"], languages=["hi"])
    values = {
        **details(statement),
        "priority": "urgent",
        "signatories": [],
        "topics": [],
        "deadline": None,
    }
    for who in (other, users["translator_hi"], users["reviewer"]):
        with pytest.raises(NotPermitted):
            services.statement_change_details(statement=statement, actor=who, **values)
        client.force_login(who)
        assert (
            client.post(details_url(statement), details(statement, priority="urgent")).status_code
            == 404
        )
    assert Statement.objects.get(pk=statement.pk).priority == "normal"
    editor = services.statement_change_details(statement=statement, actor=users["editor"], **values)
    assert editor.priority == "urgent"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "rumour"}, "kind"),
        ({"priority": "whenever"}, "priority"),
        ({"slug": "admin"}, "slug"),
        ({"slug": ""}, "slug"),
        ({"deadline": "1850-01-01T10:00"}, "deadline"),
        ({"signatories": ["999999"]}, "signatories"),
    ],
)
def test_bad_details_are_refused_and_change_nothing(client, users, changes, field):
    statement = make_statement(users["author"], source_language="hi")
    client.force_login(users["author"])
    response = client.post(
        details_url(statement), details(statement, **{"priority": "urgent", **changes})
    )
    assert response.status_code == 400
    assert field in response.context["details_form"].errors
    after = Statement.objects.get(pk=statement.pk)
    assert (after.slug, after.priority, after.kind) == (statement.slug, "normal", "press")


def test_the_service_refuses_an_unknown_kind_with_nothing_changed(users):
    statement = make_statement(users["author"], source_language="bn")
    values = {**details(statement), "signatories": [], "topics": [], "deadline": None}
    with pytest.raises(InvalidInput, match="not a kind"):
        services.statement_change_details(
            statement=statement,
            actor=users["author"],
            **{**values, "kind": "rumour", "slug": "new-address"},
        )
    after = Statement.objects.get(pk=statement.pk)
    assert (after.kind, after.slug) == ("press", statement.slug)
    assert not FormerSlug.objects.exists()
