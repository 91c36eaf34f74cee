"""Signals the workflow sends: notices follow every move, readers' caches follow publication."""

from django.dispatch import Signal

# kwargs: variant, statement_id. Sent after the publishing transaction commits.
variant_published = Signal()
# kwargs: statement_id. Sent after the withdrawal commits.
statement_withdrawn = Signal()
# kwargs: statement_id, old_slug. Sent after a statement's new address commits.
statement_renamed = Signal()
# kwargs: transition_id. Sent after a state change commits (workflow.notices listens).
variant_moved = Signal()
