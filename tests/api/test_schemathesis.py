"""Schemathesis fuzzes every documented operation on a live server on 127.0.0.1.

It checks for server errors, undocumented status codes and content types, responses that
break the schema, and invalid requests that are accepted. Figures and a JUnit report go to
test-artifacts/schemathesis/. ANUVAD_SCHEMATHESIS_SEED and _EXAMPLES change the run.

Generated ids name nothing, so an operation on ``{id}`` or ``{slug}`` would only ever meet
its 404. A config file (schemathesis.toml, written for the run) fixes each path parameter
to an object of the demo that the caller, the demo editor, may open, picked so that the
operation runs its service and answers with its success body at least once:

- statements/{id} (read, submit, publish): a draft statement made for this run: the first
  valid submit sends it to translation, later ones find every language already there;
- versions/{id} read and edit: the demo draft's source version, which an editor may edit
  (200 with the right ``version``, 409 with a stale one);
- versions/{id} segments, claim, release, submit, and segments/{id}: the demo's Hindi
  version in translation (claimed by translator_hi) and its first sentence: the editor
  reads them, releases the claim once, and is refused the claimant's moves;
- versions/{id} approve, request-changes, publish: a source version in review, which the
  editor approves, then publishes (or sends back);
- statements/{slug} (public): a published statement; statements/{id}/revise: the same
  statement, whose source the editor opens for a revision once (later calls are refused);

Every other parameter, and the bodies, are generated as before. A 412 counts as refusing
invalid data, as a 400 does: the API answers it to an If-Match that is not its ETag.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from publishing import selectors
from tests.factories import make_statement
from workflow.choices import State
from workflow.models import Variant

pytestmark = pytest.mark.integration

ARTIFACTS = Path(
    os.environ.get("ANUVAD_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)
# Checks that need more than a schema can say: positive_data_acceptance expects any
# schema-valid body to succeed, but a statement's topics must exist and a login must be
# right; the other two follow resources across operations through links we do not declare.
NOT_APPLICABLE = "positive_data_acceptance,use_after_free,ensure_resource_availability"
# What negative_data_rejection takes for a refusal by default (schemathesis 4).
REJECTED = [400, 401, 403, 404, 405, 406, 409, 415, 422, 428, 429, "5xx"]


def known_objects(editor) -> dict[tuple[str, ...], int | str]:
    """Operation ids -> the existing object their path parameter names (see the docstring)."""
    statement = make_statement(editor, slug="schemathesis-draft")
    sources = Variant.objects.filter(language=F("statement__source_language"))
    draft_source = sources.exclude(statement=statement).get(state=State.DRAFT)
    in_review = sources.filter(state=State.IN_REVIEW).order_by("pk").first()
    claimed = Variant.objects.filter(state=State.IN_TRANSLATION, language="hi").order_by("pk")[0]
    segment = claimed.segments.order_by("position").first()
    published = selectors.statements_public().order_by("pk").first()
    live_source = sources.filter(statement=published).get()
    assert None not in (in_review, segment, published)
    return {
        (
            "desk_statements_retrieve",
            "desk_statements_submit_create",
            "desk_statements_publish_create",
        ): statement.pk,
        ("desk_versions_retrieve", "desk_versions_partial_update"): draft_source.pk,
        (
            "desk_versions_segments_list",
            "desk_versions_claim_create",
            "desk_versions_release_create",
            "desk_versions_submit_create",
        ): claimed.pk,
        ("desk_segments_retrieve", "desk_segments_partial_update"): segment.pk,
        (
            "desk_versions_approve_create",
            "desk_versions_request_changes_create",
            "desk_versions_publish_create",
        ): in_review.pk,
        ("statements_retrieve",): published.slug,
        ("desk_statements_revise_create",): live_source.statement_id,
    }


def config_file(path: Path, objects: dict[tuple[str, ...], int | str]) -> Path:
    """A schemathesis.toml fixing each operation's path parameter to its object."""
    blocks = []
    for operation_ids, value in objects.items():
        name = "slug" if isinstance(value, str) else "id"
        ids = ", ".join(f'"{o}"' for o in operation_ids)
        blocks.append(
            f"[[operations]]\ninclude-operation-id = [{ids}]\n"
            f'parameters = {{ "path.{name}" = {json.dumps(value)} }}\n'
        )
    # A 412 (an If-Match that is not one of our ETags) refuses a write as surely as a 400.
    statuses = json.dumps([*REJECTED, 412])
    blocks.append(f"[checks.negative_data_rejection]\nexpected-statuses = {statuses}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def test_every_operation_survives_schemathesis(
    live_server, transactional_db, monkeypatch, settings, tmp_path
):
    assert live_server.url.startswith("http://127.0.0.1:")
    # Fuzzing is not abuse: lift the anonymous rate limit for this run.
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/min", raising=False)
    # A statement sent to translation would otherwise wait on engines that are not there.
    settings.ANUVAD_MT_ENABLED = False
    call_command("load_demo")
    editor = get_user_model().objects.get(username="editor")
    token = Token.objects.create(user=editor).key
    config = config_file(tmp_path / "schemathesis.toml", known_objects(editor))
    out = ARTIFACTS / "schemathesis"
    out.mkdir(parents=True, exist_ok=True)
    seed = os.environ.get("ANUVAD_SCHEMATHESIS_SEED", "20261122")
    examples = os.environ.get("ANUVAD_SCHEMATHESIS_EXAMPLES", "25")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        f"--config-file={config}",
        "run",
        f"{live_server.url}/api/schema/",
        "--checks=all",
        f"--exclude-checks={NOT_APPLICABLE}",
        # Revoking the token mid-run would leave the rest of the run unauthenticated.
        "--exclude-operation-id=auth_token_destroy",
        f"--max-examples={examples}",
        f"--seed={seed}",
        "--workers=1",
        "--request-timeout=20",
        f"--header=Authorization: Token {token}",
        "--report=junit",
        f"--report-dir={out}",
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    (out / "output.txt").write_text(run.stdout + run.stderr, encoding="utf-8")
    summary = run.stdout[-3000:]
    assert run.returncode == 0, f"schemathesis found failures (see {out}/output.txt):\n{summary}"
    assert re.search(r"(\d+) generated", run.stdout), summary
    # Every documented operation but the excluded one was exercised.
    schema = yaml.safe_load((Path(__file__).parents[2] / "api" / "openapi.yaml").read_text())
    operations = sum(len(item) for item in schema["paths"].values())
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert tested and int(tested.group(1)) == operations - 1, summary
    # ... and none of them only ever met a 404: the ids above exist.
    assert "Missing test data" not in run.stdout, summary
