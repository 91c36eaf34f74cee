"""The system message of the ``openai`` engine: what a human translator would want to know.

Source and target language with their scripts, the statement's title and summary as
context, the register the target language's readers expect, the glossary terms that occur
in the batch, and the rules of the wire contract (placeholders kept, one JSON object back).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from translations import languages

from .context import Context, Hint

# How a prompt names each script: the model should write the target's, and only it.
SCRIPT_NAMES = {
    "Latn": "the Latin script",
    "Deva": "the Devanagari script",
    "Beng": "the Bengali script",
    "Arab": "the Perso-Arabic script as Urdu writes it (Nastaliq), right to left",
}


# The longest title and summary put in a prompt; context, not text to translate.
CONTEXT_CHARS = 1500


def language_line(code: str) -> str:
    language = languages.get(code)
    return f"{language.name} ({language.native_name}), written in {SCRIPT_NAMES[language.script]}"


def system_prompt(
    *,
    source: str,
    target: str,
    register: Mapping[str, str],
    context: Context,
    hints: Mapping[str, Sequence[Hint]],
) -> str:
    """The system message for one batch; ``hints``: glossary hints by segment id."""
    lines = [
        "You are a professional translator at a newsroom that publishes public statements.",
        f"Translate from {language_line(source)}",
        f"into {language_line(target)}.",
        "Translate faithfully and completely: keep every fact, name, number and date;"
        " add, drop and explain nothing.",
    ]
    style = register.get(target, "")
    if style:
        lines += ["", f"Register: {style}"]
    if context.title or context.summary:
        lines += ["", "The statement these sentences come from (context only; do not translate):"]
        if context.title:
            lines.append(f"Title: {_short(context.title)}")
        if context.summary:
            lines.append(f"Summary: {_short(context.summary)}")
    lines += _glossary_lines(hints)
    lines += [
        "",
        "Placeholders such as {1} or {2} stand for names, terms, links or markup. Copy each"
        " one exactly as it is, once, where it belongs in the translation; never translate,"
        " renumber, add or drop one.",
        "",
        'The user message is one JSON object: {"segments": [{"id": "...", "text": "..."}]}.',
        'Reply with exactly one JSON object and nothing else: {"translations": [{"id": "...",'
        ' "text": "..."}]}, one item for every segment, with the same ids, in the same order,'
        " each text the translation of that segment alone.",
    ]
    return "\n".join(lines)


def _glossary_lines(hints: Mapping[str, Sequence[Hint]]) -> list[str]:
    terms: dict[tuple[str, str, str], Hint] = {}
    placeholders: list[str] = []
    for segment_id, found in hints.items():
        for hint in found:
            terms.setdefault((hint.kind, hint.source, hint.rendering), hint)
            if hint.placeholder:
                placeholders.append(
                    f"- in {segment_id}, {hint.placeholder} stands for “{hint.rendering}”"
                )
    if not terms:
        return []
    lines = ["", "Glossary (terms in these segments; follow it exactly):"]
    for (kind, source, rendering), _hint in terms.items():
        if kind == "keep":
            lines.append(f"- “{source}”: keep as is, untranslated")
        elif kind == "fixed":
            lines.append(f"- “{source}”: always “{rendering}”")
        else:
            lines.append(f"- “{source}”: never “{rendering}”")
    if placeholders:
        lines += ["Where a term is a placeholder, it is already rendered:", *placeholders]
    return lines


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[: CONTEXT_CHARS - 1] + "…"


def rating_prompt(*, source: str, target: str, context: Context) -> str:
    """The system message asking the model to rate translations (the optional AI check)."""
    lines = [
        "You are a senior reviewer at a newsroom that publishes public statements.",
        f"Rate translations from {language_line(source)}",
        f"into {language_line(target)}.",
        "For each pair, judge accuracy (meaning kept, nothing added or dropped), terminology"
        " (names and fixed terms right) and numbers (every figure, date and amount the same).",
        "Score 5 when all three are right, 1 when the translation is wrong or misleading.",
        "Placeholders such as {1} stand for names, terms or markup; they are correct as they are.",
    ]
    if context.title:
        lines += ["", f"The statement's title (context only): {_short(context.title)}"]
    lines += [
        "",
        'The user message is one JSON object: {"pairs": [{"id": "...", "source": "...",'
        ' "translation": "..."}]}.',
        'Reply with exactly one JSON object and nothing else: {"ratings": [{"id": "...",'
        ' "score": 1-5, "reason": "..."}]}, one item for every pair, with the same ids; the'
        " reason is one short sentence in English naming what is wrong, or empty for a 5.",
    ]
    return "\n".join(lines)
