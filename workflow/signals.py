"""Signals the workflow sends so that readers' caches can follow (publishing listens)."""

from django.dispatch import Signal

# kwargs: variant, statement_id. Sent after the publishing transaction commits.
variant_published = Signal()
# kwargs: statement_id. Sent after the withdrawal commits.
statement_withdrawn = Signal()
