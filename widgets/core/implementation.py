"""Implementing alignment: readiness for a change, automation arithmetic, the Brannock rota.

Logic for the lesson "Implementing alignment" (workshops/intermediate/implementing-alignment):

1. **The implementation-readiness checklist.** Twelve yes / partly / no questions in four
   areas (the process first, the people, the levers that reinforce the change, and how it
   will be sustained) for any planned change: a new tool, an automated workflow, a new way
   of working. `score_readiness` turns a set of answers into points per area, a verdict and
   the next steps, in the checklist's order. One rule overrides the total: a "no" in the
   process area means "fix the process first", because automating or rolling out a broken
   process makes it fail faster and more consistently.
2. **Automation payback.** `automation_payback` compares the monthly hours a task takes by
   hand with the hours left once the normal cases are automated and the exceptions still
   land on people; `exception_rate_table` shows how the saving shrinks, and can turn
   negative, as the share of exceptions grows.
3. **The Brannock warehouse rota (worked example).** The kit's fictional kitchen-equipment
   firm replaced fixed warehouse shifts with a rotating pattern in March 2024. The checklist
   as the change was actually made (`ROTA_CASE`, each answer tied to evidence in the data
   sets), voluntary turnover before and after (through `widgets.core.turnover`), and the
   operations KPIs around the change (`rota_kpis`).

Plain data and functions that a test can reach without a kernel. Firms and people are
invented; the checklist's wording was written for the kit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

from widgets.core import turnover
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")

# ---------------------------------------------------------------------------------------
# 1. The implementation-readiness checklist
# ---------------------------------------------------------------------------------------

AREAS = ("process", "people", "reinforcement", "sustain")

# The areas' and answers' labels live in content/implementation.yaml (widgets.core.content).
AREA_LABELS = dict(load_content("implementation")["area_labels"])

ANSWER_POINTS = {"yes": 2, "partly": 1, "no": 0}
ANSWER_LABELS = dict(load_content("implementation")["answer_labels"])

READY_PERCENT = 80
GAPS_PERCENT = 50


class ReadinessInputError(InputProblems):
    """Answers that cannot be scored; `problems` holds one friendly sentence per problem."""


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    area: str
    question: str
    why: str
    fix: str


# The checklist and the rota case live in content/implementation.yaml, where a trainer can
# change them (widgets.core.content).
CHECKLIST = tuple(ChecklistItem(**entry) for entry in load_content("implementation")["checklist"])

ITEMS = {item.key: item for item in CHECKLIST}


@dataclass(frozen=True)
class AreaScore:
    area: str
    label: str
    points: int
    max_points: int

    @property
    def percent(self) -> float:
        return 100 * self.points / self.max_points


@dataclass(frozen=True)
class Verdict:
    key: str  # "fix_process_first", "ready", "ready_with_gaps", "not_ready"
    title: str
    text: str


@dataclass(frozen=True)
class Readiness:
    answers: dict[str, str]
    points: int
    max_points: int
    by_area: tuple[AreaScore, ...]
    weakest_area: str
    verdict: Verdict
    next_steps: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100 * self.points / self.max_points

    @property
    def summary(self) -> str:
        areas = ", ".join(f"{a.label} {a.points}/{a.max_points}" for a in self.by_area)
        return (
            f"{self.points} of {self.max_points} points ({self.percent:.0f} %): "
            f"{self.verdict.title}. By area: {areas}. Weakest area: "
            f"{AREA_LABELS[self.weakest_area]}."
        )


def normalize_answer(value) -> str | None:
    """'Yes', ' partly ', 'NO' -> 'yes', 'partly', 'no'; anything else -> None."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return text if text in ANSWER_POINTS else None


def validate_answers(answers: Mapping) -> list[str]:
    """Every problem with a set of answers, in checklist order; [] if they can be scored."""
    if not isinstance(answers, Mapping):
        return [
            "The answers should be a dictionary from checklist item to 'yes', 'partly' or 'no'."
        ]
    problems = []
    for number, item in enumerate(CHECKLIST, start=1):
        value = answers.get(item.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(
                f"Question {number} ({item.key}) has no answer yet: choose yes, partly or no."
            )
        elif normalize_answer(value) is None:
            problems.append(
                f"Question {number} ({item.key}): {value!r} is not an answer; use 'yes', "
                "'partly' or 'no'."
            )
    unknown = [str(key) for key in answers if key not in ITEMS]
    if unknown:
        problems.append(
            "Not on the checklist: " + ", ".join(repr(k) for k in unknown)
            + ". Check the spelling against checklist_table()."
        )
    return problems


def _verdict(by_area: Sequence[AreaScore], answers: Mapping[str, str], percent: float) -> Verdict:
    process_noes = [i for i in CHECKLIST if i.area == "process" and answers[i.key] == "no"]
    if process_noes:
        return Verdict(
            "fix_process_first",
            "Fix the process first",
            "At least one process question is a plain no. Whatever the total, automating or "
            "rolling out a process you have not mapped, counted or cleaned up locks its "
            "problems in: start there.",
        )
    any_no = any(value == "no" for value in answers.values())
    if percent >= READY_PERCENT and not any_no:
        return Verdict(
            "ready",
            "Ready to go, with the gaps below in view",
            "The groundwork is in place. Keep the review date: readiness is a forecast, the "
            "review is the result.",
        )
    if percent >= GAPS_PERCENT:
        return Verdict(
            "ready_with_gaps",
            "Nearly ready: close the gaps before go-live",
            "Most of the groundwork is there. Each 'no' below is a known way for the change "
            "to stall; close those first, then the 'partly' ones.",
        )
    return Verdict(
        "not_ready",
        "Not ready yet",
        "Too much is missing for the change to stick. Postpone the go-live date rather than "
        "launch and lose people's trust in the next change too.",
    )


def score_readiness(answers: Mapping) -> Readiness:
    """Score a complete set of answers; raises ReadinessInputError listing every problem."""
    problems = validate_answers(answers)
    if problems:
        raise ReadinessInputError(problems)
    clean = {item.key: normalize_answer(answers[item.key]) for item in CHECKLIST}
    by_area = tuple(
        AreaScore(
            area=area,
            label=AREA_LABELS[area],
            points=sum(ANSWER_POINTS[clean[i.key]] for i in CHECKLIST if i.area == area),
            max_points=2 * sum(1 for i in CHECKLIST if i.area == area),
        )
        for area in AREAS
    )
    points = sum(a.points for a in by_area)
    max_points = 2 * len(CHECKLIST)
    # Ties go to the earlier area: the process comes first, because the rest builds on it.
    weakest = min(by_area, key=lambda a: (a.percent, AREAS.index(a.area))).area
    steps = tuple(
        ITEMS[key].fix
        for wanted in ("no", "partly")
        for key, value in clean.items()
        if value == wanted
    )
    return Readiness(
        answers=clean,
        points=points,
        max_points=max_points,
        by_area=by_area,
        weakest_area=weakest,
        verdict=_verdict(by_area, clean, 100 * points / max_points),
        next_steps=steps,
    )


def checklist_table() -> pd.DataFrame:
    """The checklist as a table of sentences (for `widgets.tables.text_table`)."""
    return pd.DataFrame(
        [
            {
                "#": number,
                "Area": AREA_LABELS[item.area],
                "Key": item.key,
                "Question": item.question,
                "Why it matters": item.why,
            }
            for number, item in enumerate(CHECKLIST, start=1)
        ]
    ).set_index("#")


def blank_answers() -> dict[str, str | None]:
    """A template for self-study: every checklist key, no answer yet."""
    return {item.key: None for item in CHECKLIST}


def readiness_table(result: Readiness, evidence: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per question: the answer, its points and (optionally) the evidence for it."""
    rows = []
    for number, item in enumerate(CHECKLIST, start=1):
        answer = result.answers[item.key]
        row = {
            "#": number,
            "Area": AREA_LABELS[item.area],
            "Question": item.question,
            "Answer": ANSWER_LABELS[answer],
            "Points": ANSWER_POINTS[answer],
        }
        if evidence is not None:
            row["Evidence"] = evidence.get(item.key, "")
        rows.append(row)
    return pd.DataFrame(rows).set_index("#")


def report(result: Readiness) -> str:
    """The result as plain text: total, verdict, areas, and the numbered next steps."""
    lines = [
        f"Readiness: {result.points} of {result.max_points} points ({result.percent:.0f} %).",
        f"Verdict: {result.verdict.title}. {result.verdict.text}",
        "By area: " + "; ".join(
            f"{a.label} {a.points} of {a.max_points}" for a in result.by_area
        ) + f". Weakest: {AREA_LABELS[result.weakest_area]}.",
    ]
    if result.next_steps:
        lines.append("Next steps, most urgent first:")
        lines += [f"{n}. {step}" for n, step in enumerate(result.next_steps, start=1)]
    else:
        lines.append("No open gaps. Keep the review date.")
    return "\n".join(lines)


def readiness_text(answers: Mapping) -> str:
    """The report for a complete set of answers, or a friendly note on what is missing.

    Never raises for bad answers, so a self-study cell can call it on a half-filled template.
    """
    problems = validate_answers(answers)
    if not problems:
        return report(score_readiness(answers))
    if isinstance(answers, Mapping) and all(
        answers.get(item.key) is None for item in CHECKLIST
    ) and not set(answers) - set(ITEMS):
        return (
            "Nothing to score yet. In JupyterLab, replace each None with \"yes\", \"partly\" or "
            "\"no\" and run the cell again. In a workshop, use the checklist on paper."
        )
    return "Almost there. Please fix these first:\n- " + "\n- ".join(problems)


# ---------------------------------------------------------------------------------------
# 2. Automation payback: the normal path is automated, the exceptions are not
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutomationCase:
    """A task done by hand today, and what is left of it once the normal cases are automated.

    `minutes_per_case` is the manual time per case today; after automation a normal case
    still takes `check_minutes` of a person's time (a glance, an approval) and an exception
    takes `minutes_per_exception` (usually more than a manual case: the person picks it up
    cold). Costs are per month, in the same currency as `hourly_cost`.
    """

    name: str
    cases_per_month: float
    minutes_per_case: float
    exception_rate: float
    minutes_per_exception: float
    check_minutes: float
    tool_cost_per_month: float
    setup_hours: float
    hourly_cost: float


@dataclass(frozen=True)
class Payback:
    hours_now: float
    hours_after: float
    hours_saved: float
    monthly_saving: float  # value of the hours saved minus the tool's monthly cost
    setup_cost: float
    payback_months: float | None  # None when the monthly saving is 0 or negative


def _check_case(case: AutomationCase) -> list[str]:
    problems = []
    for field in (
        "cases_per_month",
        "minutes_per_case",
        "minutes_per_exception",
        "check_minutes",
        "tool_cost_per_month",
        "setup_hours",
        "hourly_cost",
    ):
        value = getattr(case, field)
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            problems.append(f"{field} must be a number (got {value!r}).")
        elif value < 0:
            problems.append(f"{field} cannot be negative (got {value!r}).")
    rate = case.exception_rate
    if isinstance(rate, bool) or not isinstance(rate, Real) or not 0 <= rate <= 1:
        problems.append(
            f"exception_rate is a share between 0 and 1, e.g. 0.25 for 25 % (got {rate!r})."
        )
    return problems


def automation_payback(case: AutomationCase) -> Payback:
    """Hours and money saved a month, and the months until the set-up cost is paid back."""
    problems = _check_case(case)
    if problems:
        raise ValueError(" ".join(problems))
    hours_now = case.cases_per_month * case.minutes_per_case / 60
    exceptions = case.cases_per_month * case.exception_rate
    normal = case.cases_per_month - exceptions
    hours_after = (normal * case.check_minutes + exceptions * case.minutes_per_exception) / 60
    hours_saved = hours_now - hours_after
    monthly_saving = hours_saved * case.hourly_cost - case.tool_cost_per_month
    setup_cost = case.setup_hours * case.hourly_cost
    payback = setup_cost / monthly_saving if monthly_saving > 0 else None
    return Payback(hours_now, hours_after, hours_saved, monthly_saving, setup_cost, payback)


def with_exception_rate(case: AutomationCase, rate: float) -> AutomationCase:
    return AutomationCase(**{**case.__dict__, "exception_rate": rate})


def exception_rate_table(
    case: AutomationCase, rates: Sequence[float] = (0.05, 0.10, 0.25, 0.40, 0.55)
) -> pd.DataFrame:
    """The same automation at different exception rates: where the saving goes."""
    rows = []
    for rate in rates:
        result = automation_payback(with_exception_rate(case, rate))
        rows.append(
            {
                "Exceptions": f"{100 * rate:.0f} %",
                "Hours a month before": round(result.hours_now, 1),
                "Hours a month after": round(result.hours_after, 1),
                "Hours saved": round(result.hours_saved, 1),
                "Saving a month after the tool (EUR)": round(result.monthly_saving),
                "Payback (months)": (
                    "never" if result.payback_months is None else round(result.payback_months, 1)
                ),
            }
        )
    return pd.DataFrame(rows).set_index("Exceptions")


# Brannock's Finance & HR team matches supplier invoices to purchase orders and delivery
# notes by hand. A quarter of the invoices arrive without a purchase-order number or with a
# price that differs from the order, and those cannot be matched automatically.
INVOICE_MATCHING = AutomationCase(
    name="Supplier invoice matching",
    cases_per_month=600,
    minutes_per_case=6,
    exception_rate=0.25,
    minutes_per_exception=12,
    check_minutes=1,
    tool_cost_per_month=250,
    setup_hours=40,
    hourly_cost=35,
)

# The same task after fixing the process first: suppliers are asked to quote the purchase-
# order number, and price changes are agreed before delivery. Exceptions fall to 8 %.
INVOICE_MATCHING_FIXED = with_exception_rate(INVOICE_MATCHING, 0.08)


def payback_text(case: AutomationCase) -> str:
    """One paragraph on a case, in words, for a lesson or a facilitator."""
    result = automation_payback(case)
    if result.payback_months is None:
        ending = (
            "The tool costs more than the time it saves, so it never pays back: fix the "
            "process first."
        )
    else:
        ending = f"The set-up pays back in {result.payback_months:.1f} months."
    return (
        f"{case.name}: {case.cases_per_month:g} cases a month take {result.hours_now:.1f} "
        f"hours by hand. Automated, with {100 * case.exception_rate:.0f} % exceptions still "
        f"handled by people, they take {result.hours_after:.1f} hours: {result.hours_saved:.1f} "
        f"hours saved, worth EUR {result.monthly_saving:,.0f} a month after the tool's EUR "
        f"{case.tool_cost_per_month:,.0f}. The set-up costs EUR {result.setup_cost:,.0f}. "
        + ending
    )


# ---------------------------------------------------------------------------------------
# 3. Worked example: Brannock's warehouse rota, as the change was actually made
# ---------------------------------------------------------------------------------------

ROTA_CHANGE = turnover.SHIFT_CHANGE  # March 2024: rotating shifts with weekends

# The checklist answered for the rota change as it happened, each answer tied to evidence
# in the kit's data sets (comments from the October 2024 engagement survey, Warehouse team,
# 25 respondents; numbers from hr_headcount and kpis). Where the data is silent, the answer
# is "partly" and the evidence says so.
ROTA_CASE = {
    key: (entry["answer"], entry["evidence"])
    for key, entry in load_content("implementation")["rota_case"].items()
}

ROTA_ANSWERS = {key: answer for key, (answer, _) in ROTA_CASE.items()}
ROTA_EVIDENCE = {key: evidence for key, (_, evidence) in ROTA_CASE.items()}


def rota_turnover_table(headcount: pd.DataFrame) -> pd.DataFrame:
    """Voluntary turnover (% of average headcount) of the Warehouse and the rest, 2023 and 2024.

    Annual rate = voluntary separations in the year / mean of the monthly average headcount,
    as in `widgets.core.turnover` (the turnover lesson explains the choice).
    """
    in_warehouse = headcount["team"] == "Warehouse"
    groups = (
        ("Warehouse", headcount[in_warehouse]),
        ("All other teams", headcount[~in_warehouse]),
        ("Whole company", headcount),
    )
    rows = []
    for label, rows_of_group in groups:
        row = {"Team": label}
        for year in (2023, 2024):
            result, _ = turnover.data_turnover(
                rows_of_group, turnover.COMPANY, f"{year}-01-01", f"{year}-12-01"
            )
            row[f"Voluntary turnover {year} (%)"] = round(result.voluntary_rate, 1)
            row[f"Voluntary leavers {year}"] = result.voluntary
        rows.append(row)
    return pd.DataFrame(rows).set_index("Team")


ROTA_KPIS = ("on_time_delivery", "order_cycle_time", "cost_per_order", "enps", "voluntary_turnover")

ROTA_PERIODS = (
    ("Jan-Mar 2024 (before)", "2024-01-01", "2024-03-01"),
    ("Apr-Aug 2024 (after)", "2024-04-01", "2024-08-01"),
    ("Sep-Dec 2024 (recovery)", "2024-09-01", "2024-12-01"),
)


def rota_kpis(kpis: pd.DataFrame, kpi_ids: Sequence[str] = ROTA_KPIS) -> pd.DataFrame:
    """Mean of each KPI in the months before, after and well after the rota change."""
    missing = [c for c in ("date", "kpi_id", "kpi", "unit", "value", "target", "direction")
               if c not in kpis.columns]
    if missing:
        raise ValueError(
            "This needs the kpis data set; the table has no column "
            + ", ".join(repr(c) for c in missing) + "."
        )
    unknown = sorted(set(kpi_ids) - set(map(str, kpis["kpi_id"].unique())))
    if unknown:
        raise ValueError(f"No KPI called {', '.join(unknown)} in the data.")
    dates = pd.to_datetime(kpis["date"])
    rows = []
    for kpi_id in kpi_ids:
        one = kpis[kpis["kpi_id"] == kpi_id]
        first = one.iloc[0]
        row = {
            "KPI": str(first["kpi"]),
            "Unit": str(first["unit"]),
            "Target": float(first["target"]),
            "Better when": "higher" if first["direction"] == "higher_is_better" else "lower",
        }
        for label, start, end in ROTA_PERIODS:
            inside = one[(dates[one.index] >= start) & (dates[one.index] <= end)]
            row[label] = round(float(inside["value"].mean()), 1)
        rows.append(row)
    return pd.DataFrame(rows).set_index("KPI")
