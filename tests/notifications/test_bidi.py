"""Isolating names and titles: FSI…PDI in text, balanced and escaped <bdi> in HTML."""

from __future__ import annotations

from notifications.bidi import FSI, PDI, isolate, isolates_as_html, without_isolates


def test_each_line_is_isolated_on_its_own():
    # A line break ends an isolate in plain text: each line gets its own pair.
    assert isolate("पहली पंक्ति\n\nদ্বিতীয়") == f"{FSI}पहली पंक्ति{PDI}\n\n{FSI}দ্বিতীয়{PDI}"
    assert isolate("") == ""
    assert without_isolates(isolate("اجرت پر بیان")) == "اجرت پر بیان"


def test_html_is_escaped_and_every_isolate_becomes_a_balanced_bdi():
    title = '<script>alert("x")</script> & मज़दूरी'
    html = isolates_as_html(f"تیار: “{isolate(title)}”")
    assert html == (
        "تیار: “<bdi>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; मज़दूरी</bdi>”"
    )
    # A stray PDI is dropped; an FSI left open (a subject cut at 300 characters) is closed.
    assert isolates_as_html(f"a{PDI}b{FSI}c") == "ab<bdi>c</bdi>"
