"""``manage.py mt_status``: the chain of each pair, configured and reachable, as a report."""

from __future__ import annotations

import re
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.support.processes import free_port
from translations.engines import registry


def mt_status(*args: str) -> str:
    out = StringIO()
    call_command("mt_status", *args, stdout=out)
    return out.getvalue()


def engine_line(output: str, pair: str, engine: str) -> str:
    """The line about ``engine`` in the section of ``pair``."""
    section = output.split(f"\n{pair} ", 1)[1].split("\n\n", 1)[0]
    return next(line for line in section.splitlines() if line.strip().startswith(engine + " "))


def test_reachable_engines_show_their_latency(mt_settings, mt_double):
    output = mt_status("--pair", "en>hi")

    assert "en>hi  English → Hindi  chain: google, mymemory" in output
    for name in ("google", "mymemory"):
        line = engine_line(output, "en>hi", name)
        assert re.search(r"configured, reachable \(translated a word en>hi, \d+ ms\)", line)
        assert mt_double.count(provider=name, target="hi") == 1  # one tiny request each
    assert "timeouts: connect 1 s, read 2 s" in output


def test_no_network_reports_configuration_only(mt_settings, mt_double):
    mt_settings.ANUVAD_MT_CHAINS = "en>hi=deepl,libretranslate,google"

    output = mt_status("--pair", "en>hi", "--no-network")

    assert mt_double.requests == []
    assert "not configured: DEEPL_API_KEY is not set" in engine_line(output, "en>hi", "deepl")
    assert engine_line(output, "en>hi", "google").endswith("configured (reachability not checked)")


def test_an_unreachable_engine_is_reported_not_raised(mt_settings, mt_double):
    engines = dict(mt_settings.ANUVAD_MT_ENGINES)
    engines["mymemory"] = {**engines["mymemory"], "url": f"http://127.0.0.1:{free_port()}/get"}
    mt_settings.ANUVAD_MT_ENGINES = engines

    output = mt_status("--pair", "bn>en")

    line = engine_line(output, "bn>en", "mymemory")
    assert re.search(
        r"NOT reachable after \d+ ms: mymemory: cannot reach .*connection refused", line
    )
    assert "reachable (" in engine_line(output, "bn>en", "google")


def test_hanging_engines_are_probed_at_once_within_the_timeout(mt_settings, mt_double):
    mt_double.hang()
    started = time.monotonic()

    output = mt_status("--pair", "en>ur")

    # Two engines, each given up after the 2 s read timeout, probed side by side.
    assert time.monotonic() - started < 3.5
    for name in ("google", "mymemory"):
        assert "no answer within 2 s" in engine_line(output, "en>ur", name)


def test_every_pair_is_listed_by_default(mt_settings):
    output = mt_status("--no-network")
    listed = re.findall(r"^(\w\w>\w\w)  ", output, flags=re.MULTILINE)
    assert sorted(listed) == sorted(f"{s}>{t}" for s, t in registry.pairs())


def test_a_pair_without_a_usable_engine_is_flagged(mt_settings):
    mt_settings.ANUVAD_MT_CHAINS = "bn>ur=deepl;bn>hi="
    output = mt_status("--pair", "bn>ur", "--pair", "bn>hi", "--no-network")
    assert "configured, but does not translate bn>ur" in output or "not configured" in output
    assert output.count("no usable engine") == 2
    assert "chain: (none)" in output


def test_apertium_in_the_hindi_urdu_chain(mt_settings):
    output = mt_status("--pair", "hi>ur", "--no-network")
    assert "chain: apertium, google, mymemory" in output
    configured, reason = registry.engine("apertium").configured()
    expected = (
        "configured (reachability not checked)" if configured else f"not configured: {reason}"
    )
    assert expected in engine_line(output, "hi>ur", "apertium")


@pytest.mark.parametrize("pair", ["en-hi", "en>fr", "hi>hi"])
def test_a_bad_pair_is_a_usage_error(pair):
    with pytest.raises(CommandError, match="--pair"):
        mt_status("--pair", pair, "--no-network")


def test_engines_every_worker_skips_are_listed_with_their_reason(mt_settings, redis_server):
    from config.cache import forget_failures
    from translations.engines import breaker
    from translations.engines.base import EngineUnavailable

    forget_failures()
    breaker.failed("google", EngineUnavailable("google: could not connect", engine="google"))
    output = mt_status("--pair", "en>hi", "--no-network")
    section = output.split("Skipped by every worker (cool-off)", 1)[1]
    assert re.search(r"google +for \d+ s more: google: could not connect", section)
    assert "mymemory" not in section
    breaker.forget(["google"])
    assert "Skipped by every worker" not in mt_status("--pair", "en>hi", "--no-network")
