"""Late submissions: nbgrader's LateSubmissionPlugin, with a penalty per started day.

nbgrader compares each submission's ``timestamp.txt`` with the assignment's due date in the
gradebook (set with ``aligned-grade release <assignment> --due 2025-03-01T17:00``) and asks
the plugin configured as ``AssignLatePenalties.plugin_class`` for a penalty, in points, per
notebook. Ours, configured in the course settings (``late`` in aligned-course.json):

- up to ``grace_minutes`` late (default 15): no penalty;
- after that: ``percent_per_day`` (default 10) of the notebook's score per started day late;
- later than ``zero_after_days`` (default 7; null for never): the score is zero.

Submissions without a timestamp are on time; the penalty is shown in the feedback and the
export as points subtracted.
"""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float


def late_penalty(
    score: float,
    seconds_late: float,
    *,
    grace_minutes: float = 15.0,
    percent_per_day: float = 10.0,
    zero_after_days: float | None = 7.0,
) -> float:
    """Points to subtract from ``score`` for a notebook handed in ``seconds_late`` late."""
    if score is None or score <= 0 or seconds_late <= grace_minutes * 60:
        return 0.0
    days = seconds_late / 86400
    if zero_after_days is not None and zero_after_days >= 0 and days > zero_after_days:
        return float(score)
    started_days = math.ceil(days)
    return round(min(float(score), float(score) * percent_per_day / 100 * started_days), 4)


class LatePenalty(LateSubmissionPlugin):
    """A percentage of the score per started day late, after a grace period."""

    grace_minutes = Float(15.0, help="Minutes late that still count as on time.").tag(config=True)
    percent_per_day = Float(10.0, help="Percent of the score lost per started day late.").tag(config=True)
    zero_after_days = Float(7.0, help="Days late after which the score is zero (negative: never).").tag(
        config=True
    )

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float):
        penalty = late_penalty(
            score,
            total_seconds_late,
            grace_minutes=self.grace_minutes,
            percent_per_day=self.percent_per_day,
            zero_after_days=None if self.zero_after_days < 0 else self.zero_after_days,
        )
        self.log.info("Late by %.0f s: penalty %.2f of %.2f points", total_seconds_late, penalty, score)
        return penalty
