"""Named workflow errors; each message is written for the person who caused it.

An error keeps its message as a translatable template and its values; ``str(error)``
renders it in the active language, so it reads in the language of whoever is shown it.
"""

from __future__ import annotations

from .messages import render


class WorkflowError(Exception):
    """Base of every refusal the workflow gives. ``str(error)`` is shown to people."""

    def __init__(self, message: object = "", **params: object) -> None:
        super().__init__(message)
        self.template = message
        self.params = params

    def __str__(self) -> str:
        return render(self.template, self.params)


class IllegalTransition(WorkflowError):
    """The state table has no such move from the variant's current state."""


class AlreadyClaimed(IllegalTransition):
    """Somebody else holds the claim."""


class NotPermitted(WorkflowError):
    """The actor's role or languages do not allow this action."""


class GuardFailed(WorkflowError):
    """The move is allowed in principle but a condition is not met."""


class NoteRequired(GuardFailed):
    pass


class SelfReview(GuardFailed):
    """A reviewer may never approve a version they translated."""


class SourceNotPublished(GuardFailed):
    pass


class IncompleteText(GuardFailed):
    pass


class InvalidAssignee(GuardFailed):
    pass


class QABlocked(GuardFailed):
    """QA found errors and the translator gave no override note."""

    def __init__(self, message: object, *, problems: list | None = None, **params) -> None:
        super().__init__(message, **params)
        self.problems = problems or []


class StaleEdit(WorkflowError):
    """An edit was based on an older version than the one stored."""

    def __init__(self, message: object, *, current: object = None, **params) -> None:
        super().__init__(message, **params)
        self.current = current


class InvalidInput(WorkflowError):
    """Bad values for a statement (unknown language, empty title, ...)."""
