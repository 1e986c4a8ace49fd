"""Frameworks and growth: a "fixes that fail" simulation, Greiner's phases and the diagnostic.

Logic for the lesson "Frameworks and growth" (workshops/intermediate/frameworks-and-growth):

1. **Systems thinking: overtime as a fix that fails.** `overtime_simulation` runs a small
   stock-and-flow model of a team with a backlog. The quick fix (overtime whenever the team
   is behind) clears the backlog fast, but fatigue builds up with a delay, productivity falls
   and defects come back as rework, so the team ends up stuck behind target on permanent
   overtime. The alternative (a temporary extra person while behind) is slower at first and
   reaches the target. The parameters are illustrative, chosen to show the shape of the
   archetype, not estimated from data.
   **Lean: a value stream.** `value_stream_table` and `value_stream_summary` turn the steps
   of a process (work or waiting, in working hours) into lead time, work time and
   process-cycle efficiency; `QUOTE_STREAM` is the lesson's quote for a kitchen refit.
2. **Greiner's phases of growth.** Greiner, L. E. (1972). Evolution and revolution as
   organizations grow. *Harvard Business Review*, 50(4), 37-46; reprinted with the author's
   commentary in *HBR* 76(3), 1998, 55-68. Five phases, each a period of calm growth that
   ends in its own crisis: creativity (leadership), direction (autonomy), delegation
   (control), coordination (red tape), collaboration (left open in 1972; in 1998 an internal
   growth crisis, answered by a sixth phase of growth through extra-organizational
   solutions such as alliances and networks). `PHASES` describes them in our own words;
   the simpler stages of the source text map onto them: startup = phase 1, growth = phases
   2-3, maturity = phases 4-5.
3. **The growth-phase diagnostic.** Eleven questions written for the kit (headcount, age,
   management layers, who decides, coordination, control, rewards, leaders' focus, the
   recurring frustration, what happens when the top person is away, recent growth). Each
   answer points to one phase with a stated weight (headcount and age 1 point, the others 2;
   growth pace none, it only sets the tempo). `diagnose` adds the points up, places the
   business in the phase with the most points (ties go to the earlier phase: a crisis is
   over only once the new practices are in place), names the crisis that ends it, says how
   clear the placement is ("clear", "transition" between neighbors, or "mixed signals"),
   lists which answer pointed where, and links the alignment moves and the kit's lessons.
   The weights and the headcount and age bands are our heuristics, not Greiner's: he tied
   the phases to an organization's age and size and to its industry's growth rate, with no
   fixed numbers.

Plain data and functions that a test can reach without a kernel.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


# ---------------------------------------------------------------------------------------
# 1. Systems thinking: overtime as a fix that fails
# ---------------------------------------------------------------------------------------

QUICK_FIX = "Quick fix: overtime when behind"
FUNDAMENTAL_FIX = "Extra person while behind"
POLICIES = (QUICK_FIX, FUNDAMENTAL_FIX)


@dataclass(frozen=True)
class TeamModel:
    """A team's weekly work, in jobs. Rates are shares (0.3 = 30 %)."""

    weeks: int = 26
    demand: float = 100.0  # new jobs a week
    capacity: float = 100.0  # jobs a week at normal hours and full productivity
    start_backlog: float = 150.0  # after a surge of orders
    target_backlog: float = 50.0  # half a week of work in hand is normal
    max_overtime: float = 0.30  # at most 30 % extra hours (a 52-hour week)
    # Fatigue follows overtime with a delay (first-order, about `fatigue_weeks` to catch
    # up); it is measured like overtime, so 0.3 means "as tired as 30 % overtime makes you".
    fatigue_weeks: float = 4.0
    productivity_loss: float = 0.35  # output per hour falls by 0.35 x fatigue (~10 % at 0.3)
    base_defects: float = 0.03  # share of jobs that come back as rework when rested
    fatigue_defects: float = 0.35  # defects rise by 0.35 x fatigue (to ~13.5 % at 0.3)
    rework_delay: int = 3  # weeks before a defective job comes back
    extra_person: float = 0.10  # one more person in a team of ten


def overtime_simulation(policy: str, model: TeamModel = TeamModel()) -> pd.DataFrame:
    """Week by week: backlog, overtime and defects under one policy (week 0 = the start).

    Each week the team works normal hours plus overtime (quick fix) or plus one temporary
    person (the alternative), only while the backlog is above target. Fatigue follows the
    overtime with a delay; it lowers output per hour and raises the share of defective jobs,
    which return to the backlog `rework_delay` weeks later.
    """
    if policy not in POLICIES:
        raise ValueError(f"Unknown policy {policy!r}; use one of: {', '.join(POLICIES)}.")
    backlog, fatigue = model.start_backlog, 0.0
    returning = [0.0] * model.rework_delay

    def row(week: int, overtime: float, defects: float) -> dict:
        return {
            "week": week,
            "policy": policy,
            "backlog": round(backlog, 1),
            "overtime_pct": round(100 * overtime, 1),
            "defect_pct": round(100 * defects, 1),
        }

    rows = [row(0, 0.0, model.base_defects)]
    for week in range(1, model.weeks + 1):
        behind = max(0.0, backlog - model.target_backlog)
        if policy == QUICK_FIX:
            overtime = min(model.max_overtime, behind / model.capacity)
            extra = 0.0
        else:
            overtime = 0.0
            extra = model.extra_person if behind > 0 else 0.0
        fatigue += (overtime - fatigue) / model.fatigue_weeks
        productivity = 1 - model.productivity_loss * fatigue
        done = min(model.capacity * (1 + overtime + extra) * productivity, backlog + model.demand)
        defects = model.base_defects + model.fatigue_defects * fatigue
        returning.append(done * defects)
        backlog = backlog + model.demand - done + returning.pop(0)
        rows.append(row(week, overtime, defects))
    return pd.DataFrame(rows)


def compare_policies(model: TeamModel = TeamModel()) -> pd.DataFrame:
    """Both policies, one after the other (54 rows for weeks 0-26): ready for a chart."""
    return pd.concat([overtime_simulation(p, model) for p in POLICIES], ignore_index=True)


def simulation_summary(frame: pd.DataFrame, model: TeamModel = TeamModel()) -> pd.DataFrame:
    """Per policy: backlog after 4 weeks and at the end, first week at target, overtime, defects.

    "Last weeks" is the final quarter of the run (the last 6 or 7 weeks of 26).
    """
    rows = []
    for policy in POLICIES:
        one = frame[(frame["policy"] == policy) & (frame["week"] > 0)].set_index("week")
        last = int(one.index.max())
        at_target = one.index[one["backlog"] <= model.target_backlog]
        final_quarter = one[one.index > last - max(1, round(last / 4))]
        rows.append(
            {
                "Policy": policy,
                "Backlog after 4 weeks": float(one.loc[min(4, last), "backlog"]),
                f"Backlog after {last} weeks": float(one.loc[last, "backlog"]),
                "First week at target": int(at_target[0]) if len(at_target) else "not reached",
                "Overtime, last weeks (%)": round(float(final_quarter["overtime_pct"].mean()), 1),
                "Defects, last weeks (%)": round(float(final_quarter["defect_pct"].mean()), 1),
            }
        )
    return pd.DataFrame(rows).set_index("Policy")


def describe_simulation(frame: pd.DataFrame, model: TeamModel = TeamModel()) -> str:
    """The text alternative of the simulation chart, with the numbers that matter."""
    summary = simulation_summary(frame, model)
    weeks = int(frame["week"].max())
    parts = []
    for policy, row in summary.iterrows():
        reached = row["First week at target"]
        parts.append(
            f"{policy}: {row['Backlog after 4 weeks']:g} jobs waiting after 4 weeks, "
            f"{row[f'Backlog after {weeks} weeks']:g} after {weeks} weeks; "
            + (
                f"target of {model.target_backlog:g} first reached in week {reached}; "
                if reached != "not reached"
                else f"the target of {model.target_backlog:g} is never reached; "
            )
            + f"overtime in the last weeks {row['Overtime, last weeks (%)']:g} %, "
            f"defects {row['Defects, last weeks (%)']:g} %."
        )
    return (
        f"Starting from {model.start_backlog:g} jobs waiting, with {model.demand:g} new jobs a "
        "week. " + " ".join(parts)
    )


# ---------------------------------------------------------------------------------------
# 1b. Lean: a value stream, work against waiting
# ---------------------------------------------------------------------------------------

WORKING_DAY_HOURS = 8.0


@dataclass(frozen=True)
class Step:
    name: str
    kind: str  # "work" (someone adds value or does needed work) or "wait" (nothing happens)
    hours: float  # working hours the step takes, from the customer's point of view


# A quote for a restaurant kitchen refit at a 30-person kitchen-fitting firm, walked with the
# people who do it. Invented for the kit; the shape (minutes of work, days of waiting) is the
# usual finding of a first value-stream walk.
QUOTE_STREAM = tuple(Step(**entry) for entry in load_content("growth")["quote_stream"])


def _check_steps(steps: Sequence[Step]) -> None:
    if not steps:
        raise ValueError("A value stream needs at least one step.")
    for step in steps:
        if step.kind not in ("work", "wait"):
            raise ValueError(
                f"Step {step.name!r}: kind must be 'work' or 'wait', not {step.kind!r}."
            )
        if not step.hours >= 0:
            raise ValueError(f"Step {step.name!r}: hours must be 0 or more.")


def format_hours(hours: float) -> str:
    """0.25 -> '15 min', 1.5 -> '1.5 h', 24 -> '24 h'."""
    if hours < 1:
        return f"{round(hours * 60):d} min"
    return f"{hours:g} h"


def value_stream_table(steps: Sequence[Step] = QUOTE_STREAM) -> pd.DataFrame:
    """The steps with their hours and running total (for `text_table`)."""
    _check_steps(steps)
    rows, elapsed = [], 0.0
    for number, step in enumerate(steps, start=1):
        elapsed += step.hours
        rows.append(
            {
                "#": number,
                "Step": step.name,
                "Work or wait": step.kind,
                "Time": format_hours(step.hours),
                "Elapsed (working days)": round(elapsed / WORKING_DAY_HOURS, 1),
            }
        )
    return pd.DataFrame(rows).set_index("#")


@dataclass(frozen=True)
class StreamSummary:
    lead_hours: float
    work_hours: float

    @property
    def wait_hours(self) -> float:
        return self.lead_hours - self.work_hours

    @property
    def lead_days(self) -> float:
        return self.lead_hours / WORKING_DAY_HOURS

    @property
    def efficiency_pct(self) -> float:
        """Process-cycle efficiency: work time as a share of lead time, in percent."""
        return 100 * self.work_hours / self.lead_hours if self.lead_hours else 0.0

    @property
    def text(self) -> str:
        return (
            f"Lead time {self.lead_hours:g} working hours ({self.lead_days:.1f} working days), "
            f"of which {self.work_hours:g} hours of work and {self.wait_hours:g} hours of "
            f"waiting: a process-cycle efficiency of {self.efficiency_pct:.1f} %."
        )


def value_stream_summary(steps: Sequence[Step] = QUOTE_STREAM) -> StreamSummary:
    _check_steps(steps)
    return StreamSummary(
        lead_hours=sum(s.hours for s in steps),
        work_hours=sum(s.hours for s in steps if s.kind == "work"),
    )


# ---------------------------------------------------------------------------------------
# 2. Greiner's phases of growth
# ---------------------------------------------------------------------------------------

STAGES = {"startup": "Startup", "growth": "Growth", "maturity": "Maturity"}


@dataclass(frozen=True)
class LessonLink:
    title: str
    path: str  # relative to the workshops folder, e.g. "fundamentals/smart-goals.ipynb"

    @property
    def href(self) -> str:
        """The link from any lesson, which sits one folder below the workshops folder."""
        return "../" + self.path


# The lessons, phases, questions and pace notes live in content/growth.yaml, where a trainer
# can change them (widgets.core.content).
LESSONS = {key: LessonLink(**entry) for key, entry in load_content("growth")["lessons"].items()}


@dataclass(frozen=True)
class Phase:
    number: int
    name: str  # "Creativity"
    stage: str  # a key of STAGES
    focus: str
    structure: str
    style: str
    control: str
    reward: str
    crisis: str  # "leadership"
    crisis_name: str  # "Crisis of leadership"
    crisis_text: str
    moves: tuple[str, ...]
    lessons: tuple[str, ...]  # keys of LESSONS

    @property
    def title(self) -> str:
        return f"Growth through {self.name.lower()}"

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]


PHASES = {
    entry["number"]: Phase(**{**entry, "moves": tuple(entry["moves"]), "lessons": tuple(entry["lessons"])})
    for entry in load_content("growth")["phases"]
}

PHASE_NUMBERS = tuple(PHASES)
CRISES = {phase.crisis: phase.number for phase in PHASES.values()}

SIXTH_PHASE: str = load_content("growth")["sixth_phase"]


def phase_table() -> pd.DataFrame:
    """Greiner's five phases side by side, in our own words (for `text_table`)."""
    return pd.DataFrame(
        [
            {
                "Phase": f"{p.number}. {p.title}",
                "Simple stage": p.stage_label,
                "Leaders focus on": p.focus,
                "Structure": p.structure,
                "Top management": p.style,
                "Control": p.control,
                "Reward": p.reward,
                "The crisis that ends it": f"{p.crisis_name}. {p.crisis_text}",
            }
            for p in PHASES.values()
        ]
    ).set_index("Phase")


# ---------------------------------------------------------------------------------------
# 3. The growth-phase diagnostic
# ---------------------------------------------------------------------------------------

CORE_WEIGHT = 2
WEAK_WEIGHT = 1  # headcount and age: weak signs, as Greiner tied phases to no fixed size


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    phase: int | None  # the phase this answer points to; None: no points
    note: str = ""  # why an answer gives no points, or a caution


@dataclass(frozen=True)
class Question:
    key: str
    title: str  # short, for lists of problems and the evidence table
    text: str
    weight: int
    options: tuple[Option, ...]

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


_WEIGHTS = {"core": CORE_WEIGHT, "weak": WEAK_WEIGHT, "none": 0}  # as the bank names them

QUESTIONS = tuple(
    Question(
        **{
            **entry,
            "weight": _WEIGHTS[entry["weight"]],
            "options": tuple(Option(**option) for option in entry["options"]),
        }
    )
    for entry in load_content("growth")["questions"]
)

QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}
SCORED_QUESTIONS = tuple(q for q in QUESTIONS if q.weight > 0)
MAX_POINTS = sum(q.weight for q in SCORED_QUESTIONS)

# How close the runner-up may come before the placement is called a transition or mixed:
# within one core answer.
CLOSE_MARGIN = CORE_WEIGHT

PACE_NOTES = dict(load_content("growth")["pace_notes"])

STATUS_LABELS = dict(load_content("growth")["status_labels"])


class GrowthInputError(InputProblems):
    """Answers that cannot be diagnosed; `problems` holds one friendly sentence per problem."""


@dataclass(frozen=True)
class Evidence:
    number: int
    question: str  # the question's short title
    answer: str  # the chosen option's label
    phase: int | None
    points: int
    note: str

    @property
    def points_to(self) -> str:
        if self.phase is None:
            return "no phase"
        return f"Phase {self.phase}: {PHASES[self.phase].name}"


@dataclass(frozen=True)
class Diagnosis:
    phase: int
    scores: dict[int, int]
    status: str  # "clear", "transition" or "mixed"
    runner_up: int | None
    evidence: tuple[Evidence, ...]
    frustration_phase: int | None
    pace: str

    @property
    def info(self) -> Phase:
        return PHASES[self.phase]

    @property
    def stage(self) -> str:
        return self.info.stage

    @property
    def stage_label(self) -> str:
        return self.info.stage_label

    @property
    def crisis(self) -> str:
        return self.info.crisis

    @property
    def crisis_name(self) -> str:
        return self.info.crisis_name

    @property
    def total_points(self) -> int:
        return sum(self.scores.values())

    @property
    def headline(self) -> str:
        return (
            f"Phase {self.phase} of 5, {self.info.title.lower()} (the "
            f"{self.stage_label.lower()} stage). Likely crisis: the "
            f"{self.crisis_name.lower()}."
        )

    @property
    def status_text(self) -> str:
        return status_text(self)

    @property
    def frustration_note(self) -> str | None:
        return frustration_note(self)

    @property
    def pace_note(self) -> str:
        return PACE_NOTES[self.pace]

    @property
    def extra_phase(self) -> int | None:
        """A second phase whose moves are worth reading: the frustration's, if different."""
        if self.frustration_phase is not None and self.frustration_phase != self.phase:
            return self.frustration_phase
        if self.status != "clear" and self.runner_up is not None:
            return self.runner_up
        return None

    @property
    def summary(self) -> str:
        """The whole result as plain text (the widget's `.feedback`)."""
        parts = [self.headline, self.status_text]
        if self.frustration_note:
            parts.append(self.frustration_note)
        parts.append(self.pace_note)
        return " ".join(parts)


def option_labels(question: Question) -> list[tuple[str, str]]:
    """(label, key) pairs, in order: the options a view offers."""
    return [(o.label, o.key) for o in question.options]


def validate(answers: Mapping | None) -> list[str]:
    """Every problem with a set of answers, in question order; [] when it can be diagnosed."""
    if answers is None:
        answers = {}
    if not isinstance(answers, Mapping):
        return ["The answers should map each question to one of its options."]
    problems, unanswered = [], []
    for number, question in enumerate(QUESTIONS, start=1):
        value = answers.get(question.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            unanswered.append(f"{number}. {question.title}")
        elif not isinstance(value, str) or question.option(value) is None:
            problems.append(
                f"{number}. {question.title}: {value!r} is not one of the answers to this "
                "question."
            )
    if unanswered:
        if len(unanswered) == len(QUESTIONS):
            problems.insert(0, "No question is answered yet: choose one answer for each "
                               "question, then ask for the diagnosis.")
        else:
            problems[:0] = [f"{title}: not answered yet" for title in unanswered]
    unknown = [str(key) for key in answers if key not in QUESTIONS_BY_KEY]
    if unknown:
        problems.append("Not a question of the diagnostic: " + ", ".join(sorted(unknown)) + ".")
    return problems


def close_phases(scores: Mapping[int, int]) -> list[int]:
    """The phases within CLOSE_MARGIN points of the best score (and above 0), in order."""
    best = max(scores.values())
    return [p for p in sorted(scores) if scores[p] and scores[p] >= best - CLOSE_MARGIN]


def _place(scores: Mapping[int, int]) -> tuple[int, int | None, str]:
    """The phase, the runner-up and the status, from the points per phase.

    The phase with most points wins; ties go to the earlier phase. The runner-up is the best
    of the others (again the earlier on a tie), None if no other phase has points. The
    status depends on the phases within CLOSE_MARGIN points of the best: only the winner
    is "clear"; the winner and one neighbor is a "transition"; anything else (a distant
    phase, or three phases or more) is "mixed" signals.
    """
    ranked = sorted(scores, key=lambda p: (-scores[p], p))
    phase, runner_up = ranked[0], ranked[1]
    if not scores[runner_up]:
        runner_up = None
    close = close_phases(scores)
    if close == [phase]:
        return phase, runner_up, "clear"
    if len(close) == 2 and abs(close[0] - close[1]) == 1:
        return phase, runner_up, "transition"
    return phase, runner_up, "mixed"


def diagnose(answers: Mapping) -> Diagnosis:
    """Place a business in a phase; raises GrowthInputError listing every problem."""
    problems = validate(answers)
    if problems:
        raise GrowthInputError(problems)
    scores = {p: 0 for p in PHASE_NUMBERS}
    evidence = []
    for number, question in enumerate(QUESTIONS, start=1):
        option = question.option(answers[question.key])
        points = question.weight if option.phase is not None else 0
        if points:
            scores[option.phase] += points
        evidence.append(
            Evidence(number, question.title, option.label, option.phase if points else None,
                     points, option.note)
        )
    phase, runner_up, status = _place(scores)
    frustration = QUESTIONS_BY_KEY["frustration"].option(answers["frustration"]).phase
    return Diagnosis(
        phase=phase,
        scores=scores,
        status=status,
        runner_up=runner_up,
        evidence=tuple(evidence),
        frustration_phase=frustration,
        pace=answers["pace"],
    )


def status_text(diagnosis: Diagnosis) -> str:
    """How clear the placement is, in words, with the points that make it so."""
    phase, scores, other = diagnosis.phase, diagnosis.scores, diagnosis.runner_up
    mine = f"{scores[phase]} of {MAX_POINTS} possible points"
    if diagnosis.status == "clear":
        runner = (
            f"; the next best, phase {other}, has {scores[other]}" if other is not None else ""
        )
        return f"Your answers point clearly to phase {phase} ({mine}{runner})."
    if diagnosis.status == "transition":
        tie = scores[phase] == scores[other]
        return (
            f"Your answers are split between phase {phase} ({scores[phase]} points) and its "
            f"neighbor, phase {other} ({scores[other]}). That is typical of a business in "
            "transition: some practices of one phase are in place, some of the other. "
            + (
                f"On a tie the earlier phase counts, because a crisis is over only once the "
                f"new practices work, so you are placed in phase {phase}."
                if tie
                else f"Phase {phase} has the edge, so that is where you are placed."
            )
        )
    listing = ", ".join(f"phase {p} ({scores[p]} points)" for p in close_phases(scores))
    return (
        f"Mixed signals: your answers point in different directions: {listing}. That can "
        "be real. One part of the business may be at a different stage from another (a "
        "young unit inside an established firm), or the structure has grown while the "
        "habits have not (a 90-person firm where the founder still decides everything). "
        f"The placement in phase {phase} is the best guess (on a tie the earlier phase "
        "counts); read which answers pointed where, and talk it through before you act."
    )


def frustration_note(diagnosis: Diagnosis) -> str | None:
    """A word on the frustration when it belongs to another phase than the placement."""
    felt = diagnosis.frustration_phase
    if felt is None or felt == diagnosis.phase:
        return None
    crisis = PHASES[felt].crisis_name.lower()
    if felt < diagnosis.phase:
        return (
            f"Your recurring frustration is the {crisis}, which belongs to phase {felt}. A "
            "crisis that was never resolved travels with the firm as it grows: the moves "
            f"for phase {felt} are listed too."
        )
    return (
        f"Your recurring frustration is the {crisis}, which belongs to phase {felt}, ahead "
        "of where the other answers place you. Perhaps one part of the business has moved on, "
        f"or phase {felt} practices arrived early: the moves for phase {felt} are listed too."
    )


def evidence_table(diagnosis: Diagnosis) -> pd.DataFrame:
    """Which answer pointed where, and with how many points (for `text_table`)."""
    return pd.DataFrame(
        [
            {
                "#": e.number,
                "Question": e.question,
                "Your answer": e.answer,
                "Points to": e.points_to,
                "Points": e.points,
            }
            for e in diagnosis.evidence
        ]
    ).set_index("#")


def scores_table(diagnosis: Diagnosis) -> pd.DataFrame:
    """Points per phase, with the placement marked in words."""
    return pd.DataFrame(
        [
            {
                "Phase": f"{p}. {PHASES[p].name}",
                "Simple stage": PHASES[p].stage_label,
                "Points": diagnosis.scores[p],
                "Placement": "your phase" if p == diagnosis.phase else "",
            }
            for p in PHASE_NUMBERS
        ]
    ).set_index("Phase")


def describe_scores(diagnosis: Diagnosis) -> str:
    """The text alternative of the points chart."""
    listing = "; ".join(
        f"phase {p} ({PHASES[p].name}) {diagnosis.scores[p]}" for p in PHASE_NUMBERS
    )
    return (
        f"Bar chart of the diagnostic's points per Greiner phase, out of {MAX_POINTS} "
        f"possible for each: {listing}. Placed in phase {diagnosis.phase} "
        f"({PHASES[diagnosis.phase].name}): {STATUS_LABELS[diagnosis.status].lower()}."
    )


def moves_for(diagnosis: Diagnosis) -> list[tuple[int, tuple[str, ...]]]:
    """(phase, moves) for the placed phase, then for the extra phase worth reading."""
    phases = [diagnosis.phase] + (
        [diagnosis.extra_phase] if diagnosis.extra_phase is not None else []
    )
    return [(p, PHASES[p].moves) for p in phases]


def lessons_for(diagnosis: Diagnosis) -> list[LessonLink]:
    """The kit's lessons for the placed phase (and the extra phase), without repeats."""
    keys: list[str] = []
    for phase, _ in moves_for(diagnosis):
        keys += [k for k in PHASES[phase].lessons if k not in keys]
    return [LESSONS[k] for k in keys]


# Worked example: Brannock Kitchenworks (the kit's fictional kitchen-equipment firm) as its
# management team might answer in early 2025. From the data sets: about 118 people in six
# teams on three sites, headcount flat over 2023-2024, OKRs with a monthly management review
# and a 12-KPI dashboard from January 2024 (after a 2023 in which only 39 % of projects were
# linked to a company goal). Assumed, as the data is silent: the firm's age (over 15 years)
# and the bonus scheme.
BRANNOCK_ANSWERS = {
    "headcount": "51_150",
    "age": "over_15",
    "layers": "two",
    "decisions": "approvals",
    "coordination": "systems",
    "control": "dashboards",
    "rewards": "individual_bonus",
    "focus": "consolidation",
    "frustration": "control",
    "away": "units_fine",
    "pace": "shrunk_flat",
}
