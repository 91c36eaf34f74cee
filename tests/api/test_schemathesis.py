"""Schemathesis fuzzes every documented operation on a live server on 127.0.0.1.

It checks for server errors, undocumented status codes and content types, responses that
break the schema, and invalid requests that are accepted. Figures and a JUnit report go to
test-artifacts/schemathesis/. ANUVAD_SCHEMATHESIS_SEED and _EXAMPLES change the run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.integration

ARTIFACTS = Path(
    os.environ.get("ANUVAD_TEST_ARTIFACTS", Path(__file__).parents[2] / "test-artifacts")
)
# Checks that need more than a schema can say: positive_data_acceptance expects any
# schema-valid body to succeed, but a statement's topics must exist and a login must be
# right; the other two follow resources across operations through links we do not declare.
NOT_APPLICABLE = "positive_data_acceptance,use_after_free,ensure_resource_availability"


def test_every_operation_survives_schemathesis(live_server, transactional_db, monkeypatch):
    assert live_server.url.startswith("http://127.0.0.1:")
    # Fuzzing is not abuse: lift the anonymous rate limit for this run.
    monkeypatch.setattr(AnonRateThrottle, "rate", "100000/min", raising=False)
    call_command("load_demo")
    editor = get_user_model().objects.get(username="editor")
    token = Token.objects.create(user=editor).key
    out = ARTIFACTS / "schemathesis"
    out.mkdir(parents=True, exist_ok=True)
    seed = os.environ.get("ANUVAD_SCHEMATHESIS_SEED", "20261122")
    examples = os.environ.get("ANUVAD_SCHEMATHESIS_EXAMPLES", "25")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
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
