"""Who may do what to which language version, through the API and through the desk.

The tables below (VERSION_EXPECTED, STATEMENT_EXPECTED) say, for every role, action and
whether the version is in one of the actor's working languages, what must happen:

- ``allowed``: API 2xx, desk 200 or a redirect onwards, and the action really happened
  (state, transition record, text, comment);
- ``forbidden``: API 403 ``not_permitted``, desk 403, and nothing changed;
- ``refused``: the role may act but a guard says no (the editor "claiming" a version they
  cannot translate): API 409, the desk sends the person back with the reason; nothing changed;
- ``hidden``: 404 on both, as if the version did not exist; nothing changed.

They are written out by hand from the state table (workflow/states.py, the README's
"Variant states") and selectors.may_open, not computed from the code, so a wrong rule
fails here. Each cell runs on fresh state built with the services, once per channel.
Cells where the code disagrees with the table are xfail(strict=True) with the reason: the
bug stays visible and the suite fails as soon as it is fixed (then drop the mark).

Beyond the matrix: statements (create, submit for translation, publish) through the API, the
desk's new-statement page and the admin, the source version, the admin's variant pages,
the right role in the wrong state, self-review, the work queues, anonymous callers and
tokens, and what readers (public API, reader pages) must never see.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_statement, make_user
from workflow import services
from workflow.choices import Role
from workflow.models import (
    Comment,
    Organisation,
    Segment,
    Statement,
    Topic,
    Transition,
    TranslatorProfile,
    Variant,
    WorkingLanguage,
)
from workflow.services import segment_save

pytestmark = pytest.mark.django_db

A, F, R, H = "allowed", "forbidden", "refused", "hidden"

# ---- the expected tables --------------------------------------------------------------------

# The language of the version each (role, same_language) cell acts on. "Same" is one of the
# actor's working languages, "other" one they do not work in. Editors and the all-language
# reviewer have no "other"; nobody has no "same".
LANGUAGE = {
    ("editor", True): "hi",
    ("reviewer", True): "ur",
    ("reviewer_bn", True): "bn",
    ("reviewer_bn", False): "hi",
    ("translator_hi", True): "hi",
    ("translator_hi", False): "bn",
    ("translator_hi2", True): "hi",  # hi, claimed by translator_hi where a claim is needed
    ("translator_hi2", False): "ur",
    ("translator_bn", True): "bn",
    ("translator_bn", False): "ur",
    ("translator_ur", True): "ur",
    ("translator_ur", False): "hi",
    ("translator_en", True): "en",  # English as a target: the statement is written in Hindi
    ("translator_en", False): "bn",
    ("author", True): "hi",
    ("author", False): "bn",
    ("author_other", True): "en",  # statements only: an author who did not write this one
    ("nobody", False): "hi",
}
# Who holds the claim when an action needs a version in translation.
CLAIMANT = {
    "hi": "translator_hi",
    "bn": "translator_bn",
    "ur": "translator_ur",
    "en": "translator_en",
}

VERSION_ACTIONS = ("view", "claim", "save", "submit", "request_changes", "approve", "publish")
# The state each action finds the version in ("translated": in translation, every sentence
# filled in by the claimant; "approved": with the source already published).
STATE_FOR = {
    "view": "in_review",
    "claim": "ready",
    "save": "in_translation",
    "submit": "translated",
    "request_changes": "in_review",
    "approve": "in_review",
    "publish": "approved",
}

# Claim: ready -> in_translation, translator of the language (or an editor assigning a
# translator: an editor claiming for themselves fails the assignee guard). Save/submit:
# only the claimant. Request changes/approve: reviewer or editor of the language. Publish:
# editors. Any action on a version the desk would not show the person: hidden.
# fmt: off
_ROWS = {
    #  (role, same_language)        view claim save submit req_ch approve publish
    ("editor", True):               (A,  R,    F,   F,     A,     A,      A),
    ("reviewer", True):             (A,  F,    F,   F,     A,     A,      F),
    ("reviewer_bn", True):          (A,  F,    F,   F,     A,     A,      F),
    ("reviewer_bn", False):         (H,  H,    H,   H,     H,     H,      H),
    ("translator_hi", True):        (A,  A,    A,   A,     F,     F,      F),
    ("translator_hi", False):       (H,  H,    H,   H,     H,     H,      H),
    ("translator_hi2", True):       (A,  A,    F,   F,     F,     F,      F),
    ("translator_hi2", False):      (H,  H,    H,   H,     H,     H,      H),
    ("translator_bn", True):        (A,  A,    A,   A,     F,     F,      F),
    ("translator_bn", False):       (H,  H,    H,   H,     H,     H,      H),
    ("translator_ur", True):        (A,  A,    A,   A,     F,     F,      F),
    ("translator_ur", False):       (H,  H,    H,   H,     H,     H,      H),
    ("translator_en", True):        (A,  A,    A,   A,     F,     F,      F),
    ("translator_en", False):       (H,  H,    H,   H,     H,     H,      H),
    ("author", True):               (H,  H,    H,   H,     H,     H,      H),
    ("author", False):              (H,  H,    H,   H,     H,     H,      H),
    ("nobody", False):              (H,  H,    H,   H,     H,     H,      H),
}
# fmt: on
ROLES = tuple(dict.fromkeys(role for role, _ in _ROWS))
VERSION_EXPECTED: dict[tuple[str, str, bool], str] = {
    (role, action, same): outcome
    for (role, same), outcomes in _ROWS.items()
    for action, outcome in zip(VERSION_ACTIONS, outcomes, strict=True)
}

# Statements: create (authors and editors, in any source language); submit for translation
# (editors, and the author who wrote it: the API shows a desk statement to no one else);
# publish every approved language (editors; its author sees it but may not). The
# "language" is the statement's source language.
# Revise a published statement: the same people as submitting it.
STATEMENT_ACTIONS = ("create", "submit_translation", "publish_statement", "revise")
# fmt: off
_STATEMENT_ROWS = {
    #  (role, same_language)        create submit_tr publish_statement revise
    ("editor", True):               (A,    A,        A,                 A),
    ("author", True):               (A,    A,        F,                 A),
    # Authors write in any language; author_other is an author, not this statement's.
    ("author", False):              (A,    A,        F,                 A),
    ("author_other", True):         (A,    H,        H,                 H),
    ("reviewer", True):             (F,    H,        H,                 H),
    ("reviewer_bn", True):          (F,    H,        H,                 H),
    ("reviewer_bn", False):         (F,    H,        H,                 H),
    ("translator_hi", True):        (F,    H,        H,                 H),
    ("translator_hi", False):       (F,    H,        H,                 H),
    ("translator_hi2", True):       (F,    H,        H,                 H),
    ("translator_hi2", False):      (F,    H,        H,                 H),
    ("translator_bn", True):        (F,    H,        H,                 H),
    ("translator_bn", False):       (F,    H,        H,                 H),
    ("translator_ur", True):        (F,    H,        H,                 H),
    ("translator_ur", False):       (F,    H,        H,                 H),
    ("translator_en", True):        (F,    H,        H,                 H),
    ("translator_en", False):       (F,    H,        H,                 H),
    ("nobody", False):              (F,    H,        H,                 H),
}
# fmt: on
STATEMENT_EXPECTED: dict[tuple[str, str, bool], str] = {
    (role, action, same): outcome
    for (role, same), outcomes in _STATEMENT_ROWS.items()
    for action, outcome in zip(STATEMENT_ACTIONS, outcomes, strict=True)
}


def web_expected(role: str, action: str, same: bool) -> str:
    """The desk's answer where it differs from the API's by design (see the report)."""
    expected = {**VERSION_EXPECTED, **STATEMENT_EXPECTED}[(role, action, same)]
    if action in ("publish", "publish_statement") and role != "editor":
        # The dashboard's actions check the editor role before looking the version up: 403
        # for every non-editor, which tells no one whether the version exists.
        return F
    return expected


# Cells of the version matrix where the code disagrees with the tables, per channel:
# (role, action, same) -> reason. None at the time of writing; the admin, the queues and the
# wrong-state tests further down have their own.
KNOWN_BUGS: dict[str, dict[tuple[str, str, bool], str]] = {"api": {}, "web": {}}


def _param(channel: str, role: str, action: str, same: bool, outcome: str):
    reason = KNOWN_BUGS[channel].get((role, action, same))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    lang = LANGUAGE[(role, same)]
    case_id = f"{channel}-{role}-{action}-{'same' if same else 'other'}:{lang}-{outcome}"
    return pytest.param(channel, role, action, same, outcome, marks=marks, id=case_id)


def version_cases():
    for (role, action, same), outcome in VERSION_EXPECTED.items():
        yield _param("api", role, action, same, outcome)
        yield _param("web", role, action, same, web_expected(role, action, same))


def statement_cases(action: str, channel: str | None = None, bugs: dict | None = None):
    """Parameters (channel?, role, same, outcome) for one column of STATEMENT_EXPECTED."""
    for (role, act, same), outcome in STATEMENT_EXPECTED.items():
        if act != action:
            continue
        if channel == "web":
            outcome = web_expected(role, act, same)
        reason = (bugs or {}).get(role)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        prefix = f"{channel}-" if channel else ""
        case_id = f"{prefix}{role}-{'same' if same else 'other'}:{LANGUAGE[(role, same)]}-{outcome}"
        values = (channel, role, same, outcome) if channel else (role, same, outcome)
        yield pytest.param(*values, marks=marks, id=case_id)


# ---- people ---------------------------------------------------------------------------------

# The people of tests/conftest.py's ``users`` fixture: same names, roles and languages.
PEOPLE: dict[str, tuple[list[str], list[str]]] = {
    "author": (["author"], ["en", "hi"]),
    "editor": (["editor"], ["en", "hi", "bn", "ur"]),
    "reviewer": (["reviewer"], ["en", "hi", "bn", "ur"]),
    "reviewer_bn": (["reviewer"], ["bn"]),
    "translator_hi": (["translator"], ["hi"]),
    "translator_hi2": (["translator"], ["hi"]),
    "translator_bn": (["translator"], ["bn"]),
    "translator_ur": (["translator"], ["ur"]),
    "translator_en": (["translator"], ["en"]),
    "nobody": ([], []),
}


@pytest.fixture
def users(db):
    """Overrides the shared fixture with the same people made in six queries, not ~150: this
    module needs them for some four hundred cases (test_people_are_the_shared_ones checks)."""
    User = get_user_model()
    password = make_password("test-password-123")
    made = User.objects.bulk_create(
        User(username=name, email=f"{name}@example.org", password=password) for name in PEOPLE
    )
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        Membership(user_id=user.pk, group_id=groups[role].pk)
        for user in made
        for role in PEOPLE[user.username][0]
    )
    profiles = TranslatorProfile.objects.bulk_create(TranslatorProfile(user=user) for user in made)
    WorkingLanguage.objects.bulk_create(
        WorkingLanguage(profile=profile, code=code)
        for profile in profiles
        for code in PEOPLE[profile.user.username][1]
    )
    return {user.username: user for user in made}


def test_people_are_the_shared_ones(users):
    """The override above makes what tests/conftest.py's ``users`` makes."""
    from tests import conftest
    from workflow import roles

    def described(people: dict) -> dict:
        found = {}
        for name, user in people.items():
            user = get_user_model().objects.get(pk=user.pk)  # nothing cached
            found[name] = (
                roles.role_names(user),
                roles.working_languages(user),
                user.email,
                user.check_password("test-password-123"),
                (user.is_active, user.is_staff, user.is_superuser),
            )
        return found

    ours = described(users)
    get_user_model().objects.all().delete()
    shared = described(conftest.users.__wrapped__(None))
    assert ours == shared
    assert set(ours) == set(PEOPLE)


# ---- building state with the services ---------------------------------------------------------

# One short text in each language, with no numbers or markup for QA to stop on; used as the
# source of a statement written in that language and as the translation into it.
TEXT = {
    "en": {"title": "Statement on wages", "body": "We demand that the dues be paid at once."},
    "hi": {"title": "मज़दूरी पर बयान", "body": "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।"},
    "bn": {"title": "মজুরি নিয়ে বিবৃতি", "body": "আমরা দাবি করছি যে বকেয়া অবিলম্বে মেটানো হোক।"},
    "ur": {"title": "اجرت پر بیان", "body": "ہم مطالبہ کرتے ہیں کہ واجبات فوراً ادا کیے جائیں۔"},
}
NOTE = "Checked against the source."
CHANGES_NOTE = "Please say 'dues' the way the glossary does."


@contextmanager
def committed():
    """Run what the code leaves for after the commit (Celery tasks run eagerly in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


@contextmanager
def built():
    """committed() for building state: the same tasks, minus the notices to people (most of
    the cost, and not what this module tests)."""
    with mock.patch("workflow.notices.queue_for"), committed():
        yield


def source_for(lang: str) -> str:
    """The source language of a statement with a ``lang`` version to translate."""
    return "hi" if lang == "en" else "en"


def other_language(lang: str) -> str:
    return "hi" if lang == "bn" else "bn"


def new_statement(author, source_language: str, **extra) -> Statement:
    return make_statement(
        author, source_language=source_language, **{**TEXT[source_language], **extra}
    )


def translate(variant: Variant, translator, texts: dict[str, str] | None = None) -> None:
    texts = texts or TEXT[variant.language]
    for segment in variant.segments.order_by("position"):
        segment_save(
            segment=segment,
            actor=translator,
            text=texts[segment.field],
            expected_version=segment.version,
        )


def version_in(users, lang: str, state: str) -> Variant:
    """A fresh statement with one ``lang`` version driven to ``state`` by the services."""
    statement = new_statement(users["author"], source_for(lang))
    with built():
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=[lang]
        )
    variant = statement.variants.get(language=lang)
    assert variant.state == "ready"
    claimant = users[CLAIMANT[lang]]
    with built():
        if state != "ready":
            services.variant_claim(variant=variant, actor=claimant)
        if state in ("translated", "in_review", "approved"):
            translate(variant, claimant)
        if state in ("in_review", "approved"):
            services.variant_submit_for_review(variant=variant, actor=claimant)
        if state == "approved":
            source = services.source_variant(statement)
            services.variant_approve(variant=source, actor=users["reviewer"])
            services.variant_publish(variant_id=source.pk, actor=users["editor"])
            services.variant_approve(variant=variant, actor=users["reviewer"])
    variant = Variant.objects.select_related("statement").get(pk=variant.pk)
    assert variant.state == {"translated": "in_translation"}.get(state, state)
    return variant


def snapshot(variant: Variant) -> dict:
    """Everything an action on ``variant`` could change."""
    fresh = Variant.objects.get(pk=variant.pk)
    statement = Statement.objects.get(pk=variant.statement_id)
    return {
        "row": (fresh.state, fresh.version, fresh.assignee_id, fresh.reviewer_id),
        "text": fresh.text(),
        "transitions": list(Transition.objects.filter(variant=fresh).values_list("pk", flat=True)),
        "segments": list(fresh.segments.order_by("pk").values_list("pk", "target", "version")),
        "comments": Comment.objects.filter(variant=fresh).count(),
        "published": getattr(statement, f"title_{variant.language}"),
        "variants": list(Variant.objects.values_list("pk", "state", "version")),
        "statements": Statement.objects.count(),
    }


def body_segment(variant: Variant) -> Segment:
    return variant.segments.filter(field="body").order_by("position").first()


# ---- the two channels -------------------------------------------------------------------------

DESK_API = "/api/v1/desk"


def api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def web_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# What each version action posts, on both channels.
ACTION_DATA = {
    "claim": {},
    "submit": {"note": NOTE},
    "request_changes": {"note": CHANGES_NOTE},
    "approve": {"note": NOTE},
    "publish": {},
}


def save_data(variant: Variant, segment) -> dict:
    return {"text": TEXT[variant.language]["body"], "version": segment.version}


def api_act(client: APIClient, action: str, variant: Variant) -> list:
    url = f"{DESK_API}/versions/{variant.pk}/"
    if action == "view":
        segment = variant.segments.order_by("position").first()
        return [
            client.get(url),
            client.get(f"{url}segments/"),
            client.get(f"{DESK_API}/segments/{segment.pk}/"),
        ]
    if action == "save":
        segment = body_segment(variant)
        data = save_data(variant, segment)
        return [client.patch(f"{DESK_API}/segments/{segment.pk}/", data, format="json")]
    data = ACTION_DATA[action]
    path = action.replace("_", "-")
    return [client.post(f"{url}{path}/", data, format="json")]


def web_act(client: Client, action: str, variant: Variant) -> list:
    url = f"/desk/versions/{variant.pk}/"
    if action == "view":
        return [client.get(url), client.get(f"{url}review/")]
    if action == "save":
        segment = body_segment(variant)
        data = save_data(variant, segment)
        return [client.post(f"/desk/sentences/{segment.pk}/save/", data)]
    data = ACTION_DATA[action]
    path = action.replace("_", "-")
    return [client.post(f"{url}{path}/", data)]


API_OK = {"publish": 202}


def assert_api_answer(responses: list, action: str, outcome: str) -> None:
    for response in responses:
        if outcome == A:
            assert response.status_code == API_OK.get(action, 200), response.content
            continue
        wanted, code = {F: (403, "not_permitted"), H: (404, "not_found"), R: (409, None)}[outcome]
        assert response.status_code == wanted, response.content
        error = response.json()["error"]
        assert set(error) >= {"code", "message", "fields"}
        if code:
            assert error["code"] == code
        else:
            assert error["code"] in {"guard_failed", "illegal_transition"}


def assert_web_answer(responses: list, action: str, outcome: str) -> None:
    for response in responses:
        status = response.status_code
        if outcome == A and action == "view":
            assert status == 200
        elif outcome == A:
            assert status == 302 and not response["Location"].startswith("/accounts/login/")
        elif outcome == R:
            # The desk sends the person back with the reason as a message.
            assert status == 302 and not response["Location"].startswith("/accounts/login/")
            assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))
        else:
            assert status == {F: 403, H: 404}[outcome]


def assert_effect(action: str, variant: Variant, actor, before: dict) -> None:
    """What an allowed action must have changed (and recorded)."""
    fresh = Variant.objects.select_related("statement").get(pk=variant.pk)
    moves = Transition.objects.filter(variant=fresh).order_by("pk")
    new = [t for t in moves if t.pk not in before["transitions"]]
    if action == "view":
        assert snapshot(variant) == before
        return
    if action == "save":
        segment = Segment.objects.get(pk=body_segment(variant).pk)
        assert segment.target == TEXT[variant.language]["body"]
        assert segment.origin == "human"
        assert fresh.version > before["row"][1] and fresh.state == "in_translation"
        assert new == []  # a save is not a move
        return
    wanted = {
        "claim": ("ready", "in_translation"),
        "submit": ("in_translation", "in_review"),
        "request_changes": ("in_review", "changes_requested"),
        "approve": ("in_review", "approved"),
        "publish": ("approved", "published"),
    }[action]
    assert fresh.state == wanted[1]
    assert [(t.from_state, t.to_state, t.actor_id) for t in new] == [(*wanted, actor.pk)]
    if action == "claim":
        assert fresh.assignee_id == actor.pk
    elif action == "submit":
        assert fresh.translated_by_id == actor.pk and NOTE in new[0].note
    elif action == "request_changes":
        assert new[0].note == CHANGES_NOTE and fresh.reviewer_id == actor.pk
        comment = Comment.objects.get(variant=fresh)
        assert (comment.text, comment.author_id) == (CHANGES_NOTE, actor.pk)
    elif action == "approve":
        assert fresh.reviewer_id == actor.pk and fresh.approved_at is not None
    elif action == "publish":
        text = fresh.statement.published_text(fresh.language)
        assert (text.language, text.title) == (fresh.language, fresh.title)


# ---- the version matrix ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_mt_and_no_throttle(settings):
    settings.ANUVAD_MT_ENABLED = False
    cache.clear()  # throttle counters and cached reader pages from earlier tests
    yield
    cache.clear()


@pytest.mark.parametrize(("channel", "role", "action", "same", "outcome"), list(version_cases()))
def test_version_matrix(users, channel, role, action, same, outcome):
    lang = LANGUAGE[(role, same)]
    variant = version_in(users, lang, STATE_FOR[action])
    actor = users[role]
    before = snapshot(variant)
    with committed():  # publication is queued for after the commit
        if channel == "api":
            responses = api_act(api_client(actor), action, variant)
        else:
            responses = web_act(web_client(actor), action, variant)
    if channel == "api":
        assert_api_answer(responses, action, outcome)
    else:
        assert_web_answer(responses, action, outcome)
    if outcome == A:
        assert_effect(action, variant, actor, before)
    else:
        assert snapshot(variant) == before


def test_the_tables_cover_every_person_and_language():
    assert {role for role, _ in _ROWS} == set(PEOPLE)
    assert {role for role, _ in _STATEMENT_ROWS} == set(PEOPLE) | {"author_other"}
    for (role, same), lang in LANGUAGE.items():
        assert (lang in PEOPLE.get(role, ([], ["en", "hi"]))[1]) is same, (role, same)
    assert set(VERSION_EXPECTED.values()) | set(STATEMENT_EXPECTED.values()) == {A, F, R, H}


# ---- statements: create and submit for translation ------------------------------------------


def _statement_actor(users, role: str):
    if role == "author_other":
        return make_user("author_other", roles=["author"], languages=["en", "hi"])
    return users[role]


@pytest.mark.parametrize(("role", "same", "outcome"), list(statement_cases("create")))
def test_api_create_statement(users, role, same, outcome):
    actor = _statement_actor(users, role)
    lang = LANGUAGE[(role, same)]
    count = Statement.objects.count()
    data = {"source_language": lang, **TEXT[lang], "slug": "matrix-create"}
    response = api_client(actor).post(f"{DESK_API}/statements/", data, format="json")
    if outcome == A:
        assert response.status_code == 201, response.content
        statement = Statement.objects.get(slug="matrix-create")
        assert (statement.created_by_id, statement.source_language) == (actor.pk, lang)
        source = statement.variants.get()
        assert (source.language, source.state) == (lang, "draft")
        move = Transition.objects.get(variant=source)
        assert (move.from_state, move.to_state, move.actor_id) == ("", "draft", actor.pk)
    else:
        assert response.status_code == 403, response.content
        assert response.json()["error"]["code"] == "not_permitted"
        assert Statement.objects.count() == count


def _statement_state(statement: Statement) -> tuple:
    return (
        list(statement.variants.order_by("pk").values_list("language", "state", "version")),
        Transition.objects.filter(variant__statement=statement).count(),
        statement.revisions.count(),
    )


@pytest.mark.parametrize(("role", "same", "outcome"), list(statement_cases("submit_translation")))
def test_api_submit_for_translation(users, role, same, outcome):
    actor = _statement_actor(users, role)
    lang = LANGUAGE[(role, same)]
    statement = new_statement(users["author"], lang)
    target = other_language(lang)
    before = _statement_state(statement)
    client = api_client(actor)
    with committed():
        response = client.post(
            f"{DESK_API}/statements/{statement.pk}/submit/", {"targets": [target]}, format="json"
        )
    if outcome == A:
        assert response.status_code == 200, response.content
        source = services.source_variant(statement)
        assert source.state == "in_review"
        assert statement.variants.get(language=target).state == "ready"  # MT off: to the pool
        move = Transition.objects.filter(variant=source).latest("pk")
        assert (move.to_state, move.actor_id) == ("in_review", actor.pk)
    else:
        wanted = {F: 403, H: 404}[outcome]
        assert response.status_code == wanted, response.content
        assert _statement_state(statement) == before
    # Reading the statement on the desk follows the same rule.
    read = client.get(f"{DESK_API}/statements/{statement.pk}/")
    assert read.status_code == (200 if outcome == A else 404)


@pytest.mark.parametrize(
    ("channel", "role", "same", "outcome"),
    [
        *statement_cases("publish_statement", "api"),
        *statement_cases("publish_statement", "web"),
    ],
)
def test_publish_statement(users, channel, role, same, outcome):
    actor = _statement_actor(users, role)
    lang = LANGUAGE[(role, same)]
    statement = new_statement(users["author"], lang)
    with built():
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=[other_language(lang)]
        )
        source = services.source_variant(statement)
        services.variant_approve(variant=source, actor=users["reviewer"])
    before = _statement_state(statement)
    with committed():
        if channel == "api":
            url = f"{DESK_API}/statements/{statement.pk}/publish/"
            response = api_client(actor).post(url)
        else:
            response = web_client(actor).post(f"/desk/statements/{statement.pk}/publish/")
    if outcome == A:
        assert response.status_code == (202 if channel == "api" else 302)
        source = services.source_variant(statement)
        assert source.state == "published"
        move = Transition.objects.filter(variant=source).latest("pk")
        assert (move.from_state, move.to_state, move.actor_id) == (
            "approved",
            "published",
            actor.pk,
        )
        assert (
            Statement.objects.get(pk=statement.pk).published_text(lang).title == TEXT[lang]["title"]
        )
    else:
        assert response.status_code == {F: 403, H: 404}[outcome]
        assert _statement_state(statement) == before


@pytest.mark.parametrize(
    ("channel", "role", "same", "outcome"),
    [*statement_cases("revise", "api"), *statement_cases("revise", "web")],
)
def test_revise_statement(users, channel, role, same, outcome):
    actor = _statement_actor(users, role)
    lang = LANGUAGE[(role, same)]
    statement = new_statement(users["author"], lang)
    with built():
        services.statement_submit_for_translation(
            statement=statement, actor=users["author"], targets=[other_language(lang)]
        )
        source = services.variant_approve(
            variant=services.source_variant(statement), actor=users["reviewer"]
        )
        services.variant_publish(variant_id=source.pk, actor=users["editor"])
    before = _statement_state(statement)
    with committed():
        if channel == "api":
            response = api_client(actor).post(f"{DESK_API}/statements/{statement.pk}/revise/")
        else:
            response = web_client(actor).post(f"/desk/statements/{statement.pk}/revise/")
    if outcome == A:
        assert response.status_code == (200 if channel == "api" else 302)
        source = services.source_variant(statement)
        move = Transition.objects.filter(variant=source).latest("pk")
        assert (move.from_state, move.to_state, move.actor_id) == ("published", "draft", actor.pk)
        # Readers keep the live text while the revision is written.
        live = Statement.objects.get(pk=statement.pk).published_text(lang)
        assert live.title == TEXT[lang]["title"]
    else:
        assert response.status_code == {F: 403, H: 404}[outcome]
        assert _statement_state(statement) == before


# The source version of a statement in draft, through the API: may_open, plus its own
# author (api/desk.py open_variant(authors_source=True)). Only authors and editors edit a
# source (services.variant_save_text); the desk has no page for authors at all.
# fmt: off
SOURCE_EXPECTED = {
    #  role               api read  api edit  desk read
    "editor":            (A,        A,        A),
    "author":            (A,        A,        H),
    "author_other":      (H,        H,        H),
    "reviewer":          (A,        F,        A),
    "translator_en":     (A,        F,        A),  # works in English, the source language
    "translator_hi":     (H,        H,        H),
    "nobody":            (H,        H,        H),
}
# fmt: on


@pytest.mark.parametrize(
    ("role", "read", "edit", "desk_read"),
    [
        pytest.param(role, *row, id=f"{role}-{'-'.join(row)}")
        for role, row in SOURCE_EXPECTED.items()
    ],
)
def test_source_version(users, role, read, edit, desk_read):
    actor = _statement_actor(users, role)
    statement = new_statement(users["author"], "en")
    source = services.source_variant(statement)
    url = f"{DESK_API}/versions/{source.pk}/"
    client = api_client(actor)
    assert_api_answer([client.get(url)], "view", read)
    desk = web_client(actor).get(f"/desk/versions/{source.pk}/review/")
    assert_web_answer([desk], "view", desk_read)
    before = snapshot(source)
    data = {"title": "Statement on unpaid wages", "version": source.version}
    assert_api_answer([client.patch(url, data, format="json")], "edit", edit)
    if edit == A:
        saved = Variant.objects.get(pk=source.pk)
        assert (saved.title, saved.version) == (data["title"], source.version + 1)
    else:
        assert snapshot(source) == before


# ---- the web way to write statements: the desk's new-statement page --------------------------

# Every role is staff here, as in the demo (workflow/demo/users.py), so the admin's add page is
# closed by its own rule (statements are written on the desk, where their source version is
# made), not by the staff flag.


def staff(user):
    get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


def new_statement_form(lang: str) -> dict:
    """Every field of the desk's form, as a browser posts it."""
    topics = [Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}") for n in (1, 2)]
    orgs = [Organisation.objects.create(slug=f"org-{n}", name=f"Organisation {n}") for n in (1, 2)]
    return {
        "source_language": lang,
        **TEXT[lang],
        "summary": "Dues unpaid for three months.",
        "byline": "The union",
        "dateline": "Delhi",
        "kind": "joint",
        "priority": "urgent",
        "issued_on": "2026-11-20",
        "deadline": "2026-11-25T18:00",
        "topics": [topics[1].pk],
        "signatories": [orgs[1].pk, orgs[0].pk],  # they sign in this order
    }


@pytest.mark.parametrize(("role", "same", "outcome"), list(statement_cases("create")))
def test_desk_new_statement(users, role, same, outcome):
    actor = staff(_statement_actor(users, role))
    lang = LANGUAGE[(role, same)]
    data = new_statement_form(lang)
    count = Statement.objects.count()
    client = web_client(actor)
    url = reverse("workspace:statement_new")
    page = client.get(url)
    posted = client.post(url, data)
    if outcome == A:
        assert page.status_code == 200
        assert posted.status_code == 302
        statement = Statement.objects.get(created_by=actor)
        assert posted["Location"] == reverse("workspace:statement_source", args=[statement.pk])
        assert (statement.source_language, statement.kind, statement.priority) == (
            lang,
            "joint",
            "urgent",
        )
        assert [t.pk for t in statement.topics.all()] == data["topics"]
        signed = statement.signatory_set.order_by("position").values_list("organisation_id")
        assert [pk for (pk,) in signed] == data["signatories"]
        source = statement.variants.get()
        assert (source.language, source.state, source.title, source.body) == (
            lang,
            "draft",
            TEXT[lang]["title"],
            TEXT[lang]["body"],
        )
        move = Transition.objects.get(variant=source)
        assert (move.from_state, move.to_state, move.actor_id) == ("", "draft", actor.pk)
    else:
        assert (page.status_code, posted.status_code) == (403, 403)
        assert Statement.objects.count() == count
    # The admin's add page stays closed to everyone, whatever their group may add.
    count = Statement.objects.count()
    admin_page = client.get("/admin/workflow/statement/add/")
    admin_post = client.post("/admin/workflow/statement/add/", {"slug": "admin-made"})
    assert (admin_page.status_code, admin_post.status_code) == (403, 403)
    assert Statement.objects.count() == count


def test_admin_is_closed_to_people_who_are_not_staff(users):
    for role in ("editor", "author", "translator_hi", "reviewer", "nobody"):
        response = web_client(users[role]).get("/admin/workflow/statement/add/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = Client().get("/admin/workflow/statement/add/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    ("role", "same", "outcome"),
    list(statement_cases("submit_translation")),
)
def test_admin_submit_for_translation(users, role, same, outcome):
    actor = staff(_statement_actor(users, role))
    lang = LANGUAGE[(role, same)]
    statement = new_statement(users["author"], lang)
    before = _statement_state(statement)
    data = {"action": "submit_for_translation", "_selected_action": [statement.pk], "index": 0}
    with committed():
        response = web_client(actor).post("/admin/workflow/statement/", data)
    if outcome == A:
        assert response.status_code == 302
        assert services.source_variant(statement).state == "in_review"
        assert statement.variants.count() == 4
    else:
        # Staff with view_statement (every role but nobody) see the statement in the admin
        # and get the service's refusal as a message; the others get 403.
        assert response.status_code in (302, 403)
        assert _statement_state(statement) == before


# The admin's variant pages must not show a version the desk hides.
def admin_view_cases():
    for (role, action, same), outcome in VERSION_EXPECTED.items():
        if action != "view":
            continue
        lang = LANGUAGE[(role, same)]
        case_id = f"{role}-{'same' if same else 'other'}:{lang}-{outcome}"
        yield pytest.param(role, same, outcome, id=case_id)


@pytest.mark.parametrize(("role", "same", "outcome"), list(admin_view_cases()))
def test_admin_variant_page_follows_the_desk(users, role, same, outcome):
    variant = version_in(users, LANGUAGE[(role, same)], "in_review")
    client = web_client(staff(users[role]))
    link = f"/admin/workflow/variant/{variant.pk}/change/"
    page = client.get(link)
    listing = client.get("/admin/workflow/variant/").content.decode()
    # The statement's page lists its versions; the log lists their moves (reviewers and
    # editors hold view_transition, the others get 403).
    statement_page = client.get(f"/admin/workflow/statement/{variant.statement_id}/change/")
    log = client.get("/admin/workflow/transition/")
    moves = [
        f"/admin/workflow/transition/{pk}/change/"
        for pk in Transition.objects.filter(variant=variant).values_list("pk", flat=True)
    ]
    if outcome == A:
        assert page.status_code == 200
        assert TEXT[variant.language]["body"] in page.content.decode()
        assert link in listing
        assert link in statement_page.content.decode()
        if log.status_code == 200:
            assert all(move in log.content.decode() for move in moves)
    else:
        assert page.status_code in (302, 403, 404)
        assert TEXT[variant.language]["body"] not in page.content.decode()
        assert link not in listing
        assert link not in statement_page.content.decode()
        assert not any(move in log.content.decode() for move in moves)


# ---- right role, wrong state: a conflict, not a refusal of the person ----------------------

WRONG_STATE = [
    # (role, action, state the version is in)
    ("translator_hi", "claim", "in_review"),
    ("translator_hi", "submit", "in_review"),
    ("reviewer", "approve", "in_translation"),
    ("reviewer", "request_changes", "ready"),
    ("editor", "publish", "in_review"),
]


@pytest.mark.parametrize(("role", "action", "state"), WRONG_STATE)
def test_the_right_role_in_the_wrong_state_is_a_conflict(users, role, action, state):
    variant = version_in(users, "hi", state)
    before = snapshot(variant)
    if action == "submit":  # by the claimant, after they sent it
        role = CLAIMANT["hi"]
    with committed():
        api = api_act(api_client(users[role]), action, variant)
        web = web_act(web_client(users[role]), action, variant)
    assert_api_answer(api, action, R)
    assert_web_answer(web, action, R)
    assert snapshot(variant) == before


# ---- self-review --------------------------------------------------------------------------

TWO_HATS = {
    "translator_reviewer": ["translator", "reviewer"],
    "translator_editor": ["translator", "editor"],
}


@pytest.mark.parametrize("channel", ["api", "web"])
@pytest.mark.parametrize("who", list(TWO_HATS))
def test_nobody_approves_their_own_translation(users, channel, who):
    person = make_user(who, roles=TWO_HATS[who], languages=["hi"])
    variant = version_in(users, "hi", "ready")
    with built():
        services.variant_claim(variant=variant, actor=person)
        translate(variant, person)
        services.variant_submit_for_review(variant=variant, actor=person)
    before = snapshot(variant)
    with committed():
        if channel == "api":
            client = api_client(person)
            (response,) = api_act(client, "approve", variant)
            assert response.status_code == 409
            assert response.json()["error"]["code"] == "guard_failed"
            assert "someone else must approve" in response.json()["error"]["message"]
            queue = client.get(f"{DESK_API}/versions/to-review/").json()
            assert variant.pk not in [v["id"] for v in queue["results"]]
        else:
            client = web_client(person)
            (response,) = web_act(client, "approve", variant)
            assert_web_answer([response], "approve", R)
            messages = [str(m) for m in get_messages(response.wsgi_request)]
            assert any("someone else must approve" in m for m in messages)
            page = client.get(f"/desk/versions/{variant.pk}/review/").content.decode()
            assert f"/desk/versions/{variant.pk}/approve/" not in page
    assert snapshot(variant) == before
    # Someone else may.
    services.variant_approve(variant=variant, actor=users["reviewer"])
    assert Variant.objects.get(pk=variant.pk).state == "approved"


# ---- lists: what the queues show must be what the person may open ----------------------------


def queue_world(users) -> list[Variant]:
    """Every language ready in one statement, claimed in a second and in review in a third."""
    made = []
    for source, targets in (("en", ["hi", "bn", "ur"]), ("hi", ["en"])):
        statements = [new_statement(users["author"], source) for _ in range(3)]
        with built():
            for statement in statements:
                services.statement_submit_for_translation(
                    statement=statement, actor=users["author"], targets=targets
                )
        ready, held, in_review = (list(s.variants.exclude(language=source)) for s in statements)
        with built():
            for variant in held + in_review:
                services.variant_claim(variant=variant, actor=users[CLAIMANT[variant.language]])
            for variant in in_review:
                claimant = users[CLAIMANT[variant.language]]
                translate(variant, claimant)
                services.variant_submit_for_review(variant=variant, actor=claimant)
        made += ready + held + in_review
    states = sorted(Variant.objects.filter(pk__in=[v.pk for v in made]).values_list("state"))
    assert states == [("in_review",)] * 4 + [("in_translation",)] * 4 + [("ready",)] * 4
    return made


def _queue_leaks(channel: str, actor, made: list[Variant]) -> list[int]:
    """Versions hidden from ``actor`` that their queues (API) or /desk/ (web) show."""
    from workflow.permissions import may_open

    hidden = {v.pk for v in made if not may_open(actor, v)}
    if channel == "api":
        client = api_client(actor)
        listed = set()
        for queue in ("claimable", "mine", "to-review"):
            response = client.get(f"{DESK_API}/versions/{queue}/")
            assert response.status_code == 200
            listed |= {v["id"] for v in response.json()["results"]}
        return sorted(hidden & listed)
    page = web_client(actor).get("/desk/").content.decode()
    return sorted(pk for pk in hidden if f"/desk/versions/{pk}/" in page)


@pytest.mark.parametrize("channel", ["api", "web"])
def test_queues_list_only_versions_the_person_may_open(users, channel):
    made = queue_world(users)
    leaks = {role: _queue_leaks(channel, users[role], made) for role in ROLES}
    assert {role: pks for role, pks in leaks.items() if pks} == {}


@pytest.mark.parametrize("channel", ["api", "web"])
def test_ready_to_claim_lists_what_the_person_could_claim(users, channel):
    """The claim column of the table, read as a list: a claim button the person could use."""
    from workflow import roles

    made = [v.pk for v in queue_world(users)]
    ready = list(Variant.objects.filter(pk__in=made, state="ready"))
    wrong = {}
    for role in ROLES:
        actor = users[role]
        wanted = {
            v.pk
            for v in ready
            if VERSION_EXPECTED[(role, "claim", roles.works_in(actor, v.language))] == A
        }
        if channel == "api":
            response = api_client(actor).get(f"{DESK_API}/versions/claimable/")
            listed = {v["id"] for v in response.json()["results"]}
        else:
            page = web_client(actor).get("/desk/").content.decode()
            listed = {v.pk for v in ready if f"/desk/versions/{v.pk}/claim/" in page}
        if listed != wanted:
            wrong[role] = (sorted(listed), sorted(wanted))
    assert wrong == {}


# ---- people who are not logged in ---------------------------------------------------------


def test_anonymous_gets_401_from_every_desk_endpoint(users):
    variant = version_in(users, "hi", "in_translation")
    segment = body_segment(variant)
    statement = variant.statement
    before = snapshot(variant)
    v, s = f"{DESK_API}/versions/{variant.pk}", f"{DESK_API}/statements/{statement.pk}"
    calls = [
        ("post", f"{DESK_API}/statements/", {"source_language": "en", "title": "x"}),
        ("get", f"{s}/", None),
        ("post", f"{s}/submit/", {}),
        ("post", f"{s}/publish/", None),
        ("get", f"{DESK_API}/versions/claimable/", None),
        ("get", f"{DESK_API}/versions/mine/", None),
        ("get", f"{DESK_API}/versions/to-review/", None),
        ("get", f"{v}/", None),
        ("patch", f"{v}/", {"title": "x", "version": variant.version}),
        *(("post", f"{v}/{a}/", {"note": "x"}) for a in ("claim", "release", "submit")),
        *(("post", f"{v}/{a}/", {"note": "x"}) for a in ("approve", "request-changes")),
        ("post", f"{v}/publish/", None),
        ("get", f"{v}/segments/", None),
        ("get", f"{DESK_API}/segments/{segment.pk}/", None),
        ("patch", f"{DESK_API}/segments/{segment.pk}/", {"text": "x", "version": 1}),
    ]
    client = APIClient()
    with committed():
        for method, url, data in calls:
            response = getattr(client, method)(url, data, format="json")
            assert response.status_code == 401, (method, url, response.status_code)
            assert response.json()["error"]["code"] == "not_authenticated", url
            assert response["WWW-Authenticate"].startswith("Token"), url
    # A wrong or revoked token is no better than none.
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert client.get(f"{v}/").status_code == 401
    assert snapshot(variant) == before


def test_a_token_from_the_token_endpoint_carries_the_persons_rights(users):
    hindi, bengali = version_in(users, "hi", "ready"), version_in(users, "bn", "ready")
    client = APIClient()
    wrong = {"username": "translator_hi", "password": "not-the-password"}
    refused = client.post("/api/v1/auth/token/", wrong, format="json")
    assert refused.status_code == 400 and "token" not in refused.json()
    right = {"username": "translator_hi", "password": "test-password-123"}
    token = client.post("/api/v1/auth/token/", right, format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with committed():
        assert client.post(f"{DESK_API}/versions/{bengali.pk}/claim/").status_code == 404
        assert client.post(f"{DESK_API}/versions/{hindi.pk}/claim/").status_code == 200
    assert Variant.objects.get(pk=hindi.pk).assignee == users["translator_hi"]
    assert Variant.objects.get(pk=bengali.pk).state == "ready"


def test_a_deactivated_persons_token_stops_working(users):
    variant = version_in(users, "hi", "ready")
    person = users["translator_hi"]
    client = api_client(person)
    assert client.get(f"{DESK_API}/versions/{variant.pk}/").status_code == 200
    get_user_model().objects.filter(pk=person.pk).update(is_active=False)
    assert client.post(f"{DESK_API}/versions/{variant.pk}/claim/").status_code == 401
    assert Variant.objects.get(pk=variant.pk).state == "ready"


def test_anonymous_is_sent_to_log_in_by_every_desk_page(users):
    variant = version_in(users, "hi", "in_translation")
    segment = body_segment(variant)
    before = snapshot(variant)
    v = f"/desk/versions/{variant.pk}"
    pages = ["/desk/", "/desk/dashboard/", f"{v}/", f"{v}/review/", f"{v}/po/"]
    pages.append("/desk/statements/new/")
    forms = [
        "/desk/statements/new/",
        *(f"{v}/{a}/" for a in ("claim", "release", "renew", "submit", "approve")),
        *(f"{v}/{a}/" for a in ("request-changes", "comments", "assign", "publish")),
        f"/desk/sentences/{segment.pk}/save/",
        f"/desk/statements/{variant.statement_id}/publish/",
    ]
    client = Client()
    with committed():
        for url in pages:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
        for url in forms:
            response = client.post(url, {"note": "x", "text": "x", "version": 1})
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    assert snapshot(variant) == before


# ---- readers: what the public API and the reader pages never show ----------------------------

SECRET = "zqx"  # every string below that readers must never see contains it


def _secret_people():
    def person(name, roles, languages):
        user = make_user(f"zqx_{name}", roles=roles, languages=languages)
        user.email = f"zqx-{name}-mail@leak.invalid"
        user.first_name, user.last_name = f"Zqxgiven{name}", f"Zqxfamily{name}"
        user.save()
        return user

    return {
        "author": person("author", ["author"], ["en", "hi"]),
        "editor": person("editor", ["editor"], ["en", "hi", "bn", "ur"]),
        "reviewer": person("reviewer", ["reviewer"], ["en", "hi", "bn", "ur"]),
        "hi": person("hi", ["translator"], ["hi"]),
        "bn": person("bn", ["translator"], ["bn"]),
        "ur": person("ur", ["translator"], ["ur"]),
    }


@pytest.fixture
def desk_with_secrets(db):
    """A published English statement whose other languages are still on the desk.

    hi is in review, bn approved but not published, ur half translated; a statement that is
    a draft and one whose source is in review. Notes, comments, working texts, names and
    emails all carry SECRET.
    """
    p = _secret_people()
    live = new_statement(p["author"], "en")
    with committed():
        services.statement_submit_for_translation(
            statement=live, actor=p["author"], targets=["hi", "bn", "ur"]
        )
    with committed():
        source = services.source_variant(live)
        services.variant_approve(variant=source, actor=p["reviewer"], note="zqx source note")
        services.variant_publish(variant_id=source.pk, actor=p["editor"])

        hindi = live.variants.get(language="hi")
        services.variant_claim(variant=hindi, actor=p["hi"])
        translate(hindi, p["hi"], {"title": "zqxhititle बयान", "body": "zqxhibody माँग।"})
        services.variant_submit_for_review(
            variant=hindi, actor=p["hi"], note="zqx submit note", override="zqx override"
        )
        services.comment_add(variant=hindi, actor=p["reviewer"], text="zqx comment on hindi")

        bengali = live.variants.get(language="bn")
        services.variant_claim(variant=bengali, actor=p["bn"])
        translate(bengali, p["bn"], {"title": "zqxbntitle বিবৃতি", "body": "zqxbnbody দাবি।"})
        services.variant_submit_for_review(variant=bengali, actor=p["bn"], note="zqx bn note")
        services.variant_request_changes(
            variant=bengali, actor=p["reviewer"], note="zqx changes note"
        )
        services.variant_submit_for_review(variant=bengali, actor=p["bn"], note="zqx again")
        services.variant_approve(variant=bengali, actor=p["reviewer"], note="zqx approve note")

        urdu = live.variants.get(language="ur")
        services.variant_claim(variant=urdu, actor=p["ur"])
        segment = urdu.segments.filter(field="body").first()
        segment_save(segment=segment, actor=p["ur"], text="zqxurbody بیان۔", expected_version=1)

        new_statement(p["author"], "en", title="zqx draft title", slug="hidden-draft")
        in_review = new_statement(p["author"], "en", title="zqx review title", slug="hidden-rev")
        services.statement_submit_for_translation(
            statement=in_review, actor=p["author"], targets=["hi"]
        )
    # The secrets are there to be leaked: working texts, notes, comments, names, emails.
    assert all(SECRET in v.title + v.body for v in live.variants.exclude(language="en"))
    assert Transition.objects.filter(note__startswith=SECRET).count() == 6
    assert Comment.objects.filter(text__startswith=SECRET).count() == 2
    assert get_user_model().objects.filter(email__startswith=SECRET).count() == 6
    assert [v.state for v in live.variants.order_by("language")] == [
        "approved",
        "published",
        "in_review",
        "in_translation",
    ]
    cache.clear()
    return live


def _public_get(client: Client, url: str, params: dict | None = None):
    response = client.get(url, params or {})
    assert SECRET not in response.content.decode().lower(), url
    return response


def test_the_public_api_shows_published_text_only(desk_with_secrets):
    live = desk_with_secrets
    client = Client()  # no session, no token: a reader
    base = "/api/v1/statements/"
    listed = _public_get(client, base).json()
    assert [s["slug"] for s in listed["results"]] == [live.slug]
    assert listed["results"][0]["languages"] == ["en"]
    for lang in ("en", "hi", "bn", "ur"):
        found = _public_get(client, base, {"language": lang}).json()["results"]
        assert [s["slug"] for s in found] == ([live.slug] if lang == "en" else [])
        detail = _public_get(client, f"{base}{live.slug}/", {"language": lang})
        assert detail.status_code == 200
        data = detail.json()
        assert data["languages"] == ["en"]
        assert [v["language"] for v in data["versions"]] == ["en"]
        assert data["title"] == TEXT["en"]["title"]
        assert SECRET not in json.dumps(data, ensure_ascii=False).lower()
    for slug in ("hidden-draft", "hidden-rev"):
        assert _public_get(client, f"{base}{slug}/").status_code == 404
    # A desk token changes nothing about what the public endpoints give out.
    editor = get_user_model().objects.get(username="zqx_editor")
    token = Token.objects.create(user=editor).key
    for slug in ("hidden-draft", "hidden-rev"):
        response = client.get(f"{base}{slug}/", HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 404
    response = client.get(base, HTTP_AUTHORIZATION=f"Token {token}")
    assert SECRET not in response.content.decode().lower()


def test_reader_pages_show_published_text_only(desk_with_secrets):
    live = desk_with_secrets
    client = Client()
    for lang in ("en", "hi", "bn", "ur"):
        assert _public_get(client, f"/{lang}/").status_code == 200
        page = _public_get(client, f"/{lang}/statements/{live.slug}/")
        assert page.status_code == 200
        body = page.content.decode()
        assert TEXT["en"]["body"] in body
        for slug in ("hidden-draft", "hidden-rev"):
            assert _public_get(client, f"/{lang}/statements/{slug}/").status_code == 404
        for feed in ("rss.xml", "atom.xml"):
            assert _public_get(client, f"/{lang}/feeds/{feed}").status_code == 200
        search = _public_get(client, f"/{lang}/search/", {"q": "wages"})
        assert search.status_code == 200
    sitemap = _public_get(client, "/sitemap.xml").content.decode()
    assert "hidden-draft" not in sitemap and "hidden-rev" not in sitemap


def test_admin_statements_follow_the_desk(users, django_user_model):
    """Another author neither lists nor changes a statement; its own author changes it."""
    other = staff(django_user_model.objects.create_user("author_other", password="x"))
    other.groups.add(Group.objects.get(name="author"))
    statement = new_statement(users["author"], "en")
    link = f"/admin/workflow/statement/{statement.pk}/change/"
    theirs = web_client(other)
    assert link not in theirs.get("/admin/workflow/statement/").content.decode()
    assert statement.slug not in theirs.get("/admin/workflow/statement/").content.decode()
    assert theirs.get(link).status_code in (302, 404)
    before = Statement.objects.values().get(pk=statement.pk)
    theirs.post(link, {"slug": "taken-over", "priority": "urgent"})
    assert Statement.objects.values().get(pk=statement.pk) == before
    # The author's own statement is listed and its page answers for them.
    own = web_client(staff(users["author"]))
    assert link in own.get("/admin/workflow/statement/").content.decode()
    assert own.get(link).status_code == 200
