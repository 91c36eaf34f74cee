"""QA flags stored on a segment, shown in the page's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from translations import check_messages

register = template.Library()


@register.filter
def flag_message(flag: Mapping[str, Any]) -> str:
    """``{{ flag|flag_message }}``: the stored code and parameters rendered as text."""
    return check_messages.render_stored(flag)
