"""/api/docs/ in chromium: Redoc, from our own files, renders the schema under our CSP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"chromium not found at {CHROMIUM}"),
]

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push({
  blockedURI: e.blockedURI, directive: e.violatedDirective,
}));
"""
# Refusals the page expects, and why they are harmless:
EXPECTED = {
    # Redoc's bundle writes its scrollbar styles as it loads, before it is given the nonce;
    # api/docs.js writes them again with it (asserted below).
    ("style-src-elem", "inline"),
    # The "API docs by Redocly" link's logo, from Redocly's CDN: not shown, link still there.
    ("img-src", "https://cdn.redoc.ly/redoc/logo-mini.svg"),
}
STYLES = """() => [...document.querySelectorAll("style")].map(
  (s) => ({nonce: !!s.nonce, rules: s.sheet ? s.sheet.cssRules.length : -1,
           text: s.textContent.slice(0, 20)}))"""


def test_redoc_renders_the_schema_from_this_site_only(browser, live_server, shot):
    context = browser.new_context(locale="en-GB")
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector("text=Download OpenAPI specification", timeout=30000)
    assert "Anuvad API" in page.inner_text("h1")
    page.get_by_text("/api/v1/statements/", exact=False).first.wait_for(timeout=30000)
    page.wait_for_timeout(500)  # the search index is built in a worker after the first render
    shot(page, "docs")
    violations = page.evaluate("() => window.__cspViolations")
    styles = page.evaluate(STYLES)
    (ARTIFACTS / "api-docs-report.json").write_text(json.dumps([violations, styles], indent=1))

    assert {(v["directive"], v["blockedURI"]) for v in violations} <= EXPECTED, violations
    assert "Something went wrong" not in page.inner_text("body")
    assert styles and all(s["nonce"] and s["rules"] > 0 for s in styles), styles
    assert any(s["text"].startswith(".ps{") for s in styles), "scrollbar styles missing"
    # Nothing fetched from another host: the one address tried elsewhere was refused above.
    refused = {v["blockedURI"] for v in violations}
    others = [url for url in requested if not url.startswith((live_server.url, "blob:", "data:"))]
    assert set(others) <= refused, others
    context.close()
