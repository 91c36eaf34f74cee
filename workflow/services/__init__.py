"""Workflow actions: every write the desk makes to statements and versions goes through one
of these functions (the state machine itself, ``workflow.states``, and the machine side,
``workflow.pipeline``, aside).

- ``statements``: write, revise and submit statements
- ``claims``: claim, assign, renew and release versions
- ``editing``: change a version's words (a field, a sentence; PO files in ``po_exchange``)
- ``review``: submit for review, comment, send back, approve
- ``publication``: publish, roll back, withdraw, change notes
- ``machine``: send versions on without waiting for machine translation
"""

from .claims import (
    release_expired_claims,
    variant_assign,
    variant_claim,
    variant_release,
    variant_renew_claim,
)
from .editing import (
    cleaned_text,
    is_editable_by,
    locked_for_editing,
    segment_save,
    variant_save_text,
)
from .machine import statement_send_to_translators
from .publication import (
    copy_to_published_fields,
    publish,
    rollback,
    set_change_note,
    statement_publish_approved,
    statement_request_publication,
    statement_withdraw,
    variant_publish,
    variant_request_publication,
    variant_withdraw,
)
from .review import (
    MAX_COMMENT_CHARS,
    comment_add,
    variant_approve,
    variant_request_changes,
    variant_submit_for_review,
)
from .statements import (
    DETAIL_FIELDS,
    check_slug,
    default_slug,
    source_variant,
    statement_change_details,
    statement_create,
    statement_rename,
    statement_revise,
    statement_submit_for_translation,
)

__all__ = [
    "DETAIL_FIELDS",
    "MAX_COMMENT_CHARS",
    "check_slug",
    "cleaned_text",
    "comment_add",
    "copy_to_published_fields",
    "default_slug",
    "is_editable_by",
    "locked_for_editing",
    "publish",
    "release_expired_claims",
    "rollback",
    "segment_save",
    "set_change_note",
    "source_variant",
    "statement_change_details",
    "statement_create",
    "statement_publish_approved",
    "statement_rename",
    "statement_request_publication",
    "statement_revise",
    "statement_send_to_translators",
    "statement_submit_for_translation",
    "statement_withdraw",
    "variant_approve",
    "variant_assign",
    "variant_claim",
    "variant_publish",
    "variant_release",
    "variant_renew_claim",
    "variant_request_changes",
    "variant_request_publication",
    "variant_save_text",
    "variant_submit_for_review",
    "variant_withdraw",
]
