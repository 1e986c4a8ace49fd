"""The one error a learner can fix: input that cannot be used yet, with every reason.

Every activity's logic raises `InputProblems` (or a subclass named after the activity) with
one friendly sentence per problem; every view shows them as a list through
`widgets.activity.handler`. Anything else that goes wrong is a bug, and the learner sees
`widgets.ui.failure_html` instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class InputProblems(ValueError):
    """Input that cannot be used yet; `problems` holds one sentence per problem, in order.

    A single sentence may be given as a string. The message is the sentences joined by a space,
    so `str(error)` reads as a short paragraph.
    """

    def __init__(self, problems: Iterable[str] | str):
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(self.problems))
