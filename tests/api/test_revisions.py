"""Revisions through the API: a partner sees which translations are being updated and why;
a newsroom tool starts a revision and reads which sentences changed."""

from __future__ import annotations

import pytest

from tests.support.revising import CHANGED, SENTENCES, body_with, finish_revision, human, revise
from workflow.choices import State

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_detail_names_updates_and_outdated_translations(
    published, users, run_after_commit, api
):
    before = api.get(f"/api/v1/statements/{published.slug}/").json()
    assert before["updates"] == []
    assert {v["language"]: v["outdated"] for v in before["versions"]} == dict.fromkeys(
        ("en", "hi", "bn", "ur"), False
    )

    revise(published, users, run_after_commit, body=body_with(6, CHANGED), note="Inquiry added.")

    data = api.get(f"/api/v1/statements/{published.slug}/").json()
    assert [(u["revision"], u["change_note"]) for u in data["updates"]] == [(2, "Inquiry added.")]
    versions = {v["language"]: v for v in data["versions"]}
    assert versions["en"]["outdated"] is False and CHANGED in versions["en"]["body"]
    for code in ("hi", "bn", "ur"):
        assert versions[code]["outdated"] is True
        assert human(code, 7) in versions[code]["body"]  # the live text, not the work
    assert data["last_revised_at"] is not None


def test_a_tool_starts_a_revision_and_reads_the_changed_sentences(
    published, users, run_after_commit, as_user
):
    author = as_user("author")
    answer = author.post(f"/api/v1/desk/statements/{published.pk}/revise/", {"note": "Typo."})
    assert answer.status_code == 200
    source = next(v for v in answer.json()["variants"] if v["language"] == "en")
    assert source["state"] == State.DRAFT
    again = author.post(f"/api/v1/desk/statements/{published.pk}/revise/", {})
    assert again.status_code == 409 and again.json()["error"]["code"]
    refused = as_user("translator_hi").post(f"/api/v1/desk/statements/{published.pk}/revise/")
    assert refused.status_code == 404  # not their statement: as if it did not exist

    finish_revision(published, users, run_after_commit, body=body_with(6, CHANGED))

    hindi = published.variants.get(language="hi")
    rows = as_user("translator_hi").get(f"/api/v1/desk/versions/{hindi.pk}/segments/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    changed = [r for r in rows if r["changed_in_revision"] == 2]
    assert [(r["source"], r["previous_source"], r["previous_target"]) for r in changed] == [
        (CHANGED, SENTENCES[6], human("hi", 7))
    ]
    assert sum(1 for r in rows if r["changed_in_revision"] is None) == 19
