"""Named workflow errors; each message is written for the person who caused it."""


class WorkflowError(Exception):
    """Base of every refusal the workflow gives. ``str(error)`` is shown to people."""


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

    def __init__(self, message: str, *, problems: list | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StaleEdit(WorkflowError):
    """An edit was based on an older version than the one stored."""

    def __init__(self, message: str, *, current: object = None) -> None:
        super().__init__(message)
        self.current = current


class InvalidInput(WorkflowError):
    """Bad values for a statement (unknown language, empty title, ...)."""
