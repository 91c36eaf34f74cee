"""Signals the workflow sends: notices follow every move, readers' caches follow publication."""

from django.dispatch import Signal

# kwargs: variant, statement_id. Sent after the publishing transaction commits.
variant_published = Signal()
# kwargs: statement_id. Sent after the withdrawal commits.
statement_withdrawn = Signal()
# kwargs: statement_id, old_slug. Sent after a statement's new address commits.
statement_renamed = Signal()
# kwargs: transition_id, statement_id, from_state, to_state. Sent inside the transaction
# that makes a state change, so that a receiver's records commit with it; what a receiver
# does outside the database waits for the commit (workflow.notices queues its task with
# dispatch.after_commit).
variant_moved = Signal()
