"""The five core components of dynamic alignment: a self-assessment and its analysis.

Model: the five components (strategy, structure, people, processes, technology) are a
simplification of older organization-design models, chiefly H. J. Leavitt's diamond (1965:
task, structure, people, technology) and J. R. Galbraith's Star Model (strategy, structure,
processes, rewards, people; *Designing Organizations*, 3rd ed., Jossey-Bass, 2014). Their
shared claim is congruence: the parts must fit one another, and a change in one forces
changes in the others. The five-component version leaves out Galbraith's rewards (metrics,
incentives, recognition); the lesson says so.

Data formats, all plain dicts and lists so that a response can be stored as JSON and
aggregated in a live session:

    ratings = {"strategy": {"current": 3, "target": 4}, ..., "technology": {...}}
    dependencies = {"technology": ["processes", "people"], ...}

`ratings` holds one entry per component, each with a `current` and a `target` score on the
1-5 SCALE (whole numbers from a person; averages of a team may be fractional).
`dependencies[X]` lists the components X depends on most (at most MAX_DEPENDENCIES); a
missing key or an empty list means "nothing in particular". If X depends on Y, a weak Y
holds X back: X is a knock-on effect of Y.

The rule for the weakest link (explained to learners in WEAKEST_LINK_RULE): the lowest
*current* score, because what works badly today limits every component that leans on it,
whatever the ambitions. Ties go to the larger gap to target, then to the component more
others depend on, then to the lesson's order (strategy first: it sits upstream).

Everything here is pure Python (pandas only for tables), so it is unit-tested without a
kernel and can run on a live-session server.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

from widgets.core import plan
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import is_number, join_words

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


COMPONENTS = ("strategy", "structure", "people", "processes", "technology")
PHASES = ("current", "target")
SCALE_MIN, SCALE_MAX = 1, 5
MAX_DEPENDENCIES = 2

# The wording (scale anchors, component guide, typical links, first steps, the weakest-link
# rule and the worked example) lives in content/components.yaml, where a trainer can change it
# (widgets.core.content); the component keys and the arithmetic stay here.
_BANK = load_content("components")

# The anchors describe how well a component is *defined, shared and kept up to date*, not
# how big or sophisticated it is: a two-tool shop whose tools fit its work can score 5.
SCALE = dict(enumerate(_BANK["scale"], start=SCALE_MIN))


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    ship_part: str
    question: str
    low: str  # what a 1 looks like in an SMB
    high: str  # what a 5 looks like in an SMB


COMPONENT_GUIDE = {key: Component(key, **_BANK["components"][key]) for key in COMPONENTS}

LABELS = {key: guide.label for key, guide in COMPONENT_GUIDE.items()}

# A common pattern, used by the "typical links" button and to suggest what to check when a
# learner marks no dependencies. Structure follows strategy (Chandler, 1962); tools only
# help a defined process used by trained people.
TYPICAL_DEPENDENCIES = {key: list(needs) for key, needs in _BANK["typical_dependencies"].items()}

# The five first steps of the lesson (topic 8); every suggested step belongs to one.
FIRST_STEP_THEMES = tuple(_BANK["first_step_themes"])

FIRST_STEPS = {
    key: tuple((entry["theme"], entry["step"]) for entry in steps)
    for key, steps in _BANK["first_steps"].items()
}

WEAKEST_LINK_RULE: str = _BANK["weakest_link_rule"]


class InvalidResponse(InputProblems):
    """Ratings or dependencies that cannot be analysed; `problems` lists every reason."""


# -- small helpers ---------------------------------------------------------------------

def _plain(value: Real) -> int | float:
    """A score as a JSON-friendly Python number: 3 stays 3, 3.5 stays 3.5."""
    number = float(value)
    return int(number) if number.is_integer() else number


def format_score(value) -> str:
    """A score as a person writes it: 3, 3.5, -1.25."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def format_gap(value) -> str:
    """A signed gap: +2, 0, -1."""
    number = float(value)
    return format_score(number) if number <= 0 else "+" + format_score(number)


def _phase_word(phase: str) -> str:
    return "now" if phase == "current" else "target"


# -- validation ------------------------------------------------------------------------


def validate(ratings) -> list[str]:
    """Every reason why `ratings` cannot be analysed, in friendly words; [] if it can.

    A target below the current score is allowed (see `notes`).
    """
    if not isinstance(ratings, Mapping):
        return [
            "The ratings must list the five components, each with a current and a target "
            f"score from {SCALE_MIN} to {SCALE_MAX}."
        ]
    problems = []
    for key in ratings:
        if key not in COMPONENTS:
            problems.append(
                f"{key!r} is not one of the five components "
                f"({join_words(list(COMPONENTS))})."
            )
    for component in COMPONENTS:
        label = LABELS[component]
        entry = ratings.get(component)
        if entry is None:
            problems.append(f"{label}: not rated yet. Choose a score for now and a target.")
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"{label}: expected a current and a target score, got {entry!r}.")
            continue
        for field in entry:
            if field not in PHASES:
                problems.append(
                    f"{label}: unknown field {field!r} (expected 'current' and 'target')."
                )
        missing = [p for p in PHASES if entry.get(p) is None]
        if len(missing) == 2:
            problems.append(f"{label}: not rated yet. Choose a score for now and a target.")
            continue
        for phase in PHASES:
            value = entry.get(phase)
            where = f"{label} ({_phase_word(phase)})"
            if value is None:
                problems.append(
                    f"{where}: no score yet. Choose one from {SCALE_MIN} to {SCALE_MAX}."
                )
            elif not is_number(value):
                problems.append(
                    f"{where}: {value!r} is not a number. Choose a score from {SCALE_MIN} "
                    f"to {SCALE_MAX}."
                )
            elif not SCALE_MIN <= value <= SCALE_MAX:
                problems.append(
                    f"{where}: {format_score(value)} is outside the scale. Choose a score "
                    f"from {SCALE_MIN} to {SCALE_MAX}."
                )
    return problems


def validate_dependencies(dependencies) -> list[str]:
    """Every reason why `dependencies` cannot be used; [] if it can (empty is fine)."""
    if dependencies is None:
        return []
    if not isinstance(dependencies, Mapping):
        return [
            "The dependencies must map each component to a list of the components it "
            "depends on."
        ]
    problems = []
    for component, needs in dependencies.items():
        if component not in COMPONENTS:
            problems.append(
                f"{component!r} is not one of the five components ({join_words(list(COMPONENTS))})."
            )
            continue
        label = LABELS[component]
        if needs is None:
            continue
        if isinstance(needs, (str, bytes)) or not isinstance(needs, (list, tuple)):
            problems.append(
                f"{label}: list the components it depends on, e.g. ['people'], "
                f"not {needs!r}."
            )
            continue
        seen = set()
        for need in needs:
            if need not in COMPONENTS:
                problems.append(f"{label}: {need!r} is not one of the five components.")
            elif need == component:
                problems.append(f"{label} cannot depend on itself; choose another component.")
            elif need in seen:
                problems.append(f"{label}: {LABELS[need]} is chosen twice; choose it once.")
            else:
                seen.add(need)
        if len(needs) > MAX_DEPENDENCIES:
            problems.append(
                f"{label}: choose at most {MAX_DEPENDENCIES} components it depends on "
                f"most, not {len(needs)}."
            )
    return problems


def validate_response(response) -> list[str]:
    """A whole response, {"ratings": ..., "dependencies": ...}, as stored in a live session."""
    if not isinstance(response, Mapping):
        return ["A response must hold 'ratings' and, optionally, 'dependencies'."]
    problems = [
        f"Unknown part {key!r} in the response (expected 'ratings' and 'dependencies')."
        for key in response
        if key not in ("ratings", "dependencies")
    ]
    return problems + validate(response.get("ratings")) + validate_dependencies(
        response.get("dependencies")
    )


def _require(ratings, dependencies=None) -> None:
    problems = validate(ratings) + validate_dependencies(dependencies)
    if problems:
        raise InvalidResponse(problems)


def normalize(ratings) -> dict[str, dict[str, int | float]]:
    """Valid ratings as plain Python numbers, in the lesson's component order."""
    _require(ratings)
    return {
        c: {phase: _plain(ratings[c][phase]) for phase in PHASES} for c in COMPONENTS
    }


def normalize_dependencies(dependencies) -> dict[str, list[str]]:
    """Valid dependencies with every component present, each list in the lesson's order."""
    _require_dependencies(dependencies)
    dependencies = dependencies or {}
    return {
        c: [n for n in COMPONENTS if n in (dependencies.get(c) or ())] for c in COMPONENTS
    }


def _require_dependencies(dependencies) -> None:
    problems = validate_dependencies(dependencies)
    if problems:
        raise InvalidResponse(problems)


# -- analysis --------------------------------------------------------------------------


def notes(ratings) -> list[str]:
    """Things worth a second look that do not stop the analysis: targets below now."""
    ratings = normalize(ratings)
    found = []
    for component in COMPONENTS:
        current, target = ratings[component]["current"], ratings[component]["target"]
        if target < current:
            found.append(
                f"{LABELS[component]}: the target ({format_score(target)}) is below the "
                f"current score ({format_score(current)}). The scale measures how clear, "
                "shared and up to date a component is, so a lower target is unusual: check "
                "that the two were not swapped. If it is deliberate, it counts as no gap to "
                "close."
            )
    return found


def gaps(ratings) -> list[dict]:
    """One row per component: current, target, gap (target - current) and gap to close."""
    ratings = normalize(ratings)
    rows = []
    for component in COMPONENTS:
        current, target = ratings[component]["current"], ratings[component]["target"]
        gap = _plain(target - current)
        if gap > 0:
            status = "to raise"
        elif gap == 0:
            status = "on target"
        else:
            status = "target below now"
        rows.append(
            {
                "component": component,
                "label": LABELS[component],
                "current": current,
                "target": target,
                "gap": gap,
                "to_close": max(gap, 0),
                "status": status,
            }
        )
    return rows


def gap_table(ratings) -> pd.DataFrame:
    """The gaps as a table for a notebook: one row per component, in the lesson's order."""
    rows = gaps(ratings)
    return pd.DataFrame(
        {
            "now": [r["current"] for r in rows],
            "target": [r["target"] for r in rows],
            "gap": [r["gap"] for r in rows],
            "status": [r["status"] for r in rows],
        },
        index=pd.Index([r["label"] for r in rows], name="component"),
    )


def dependents(dependencies) -> dict[str, list[str]]:
    """The reverse map: for each component, the components that depend on it."""
    dependencies = normalize_dependencies(dependencies)
    return {
        c: [other for other in COMPONENTS if c in dependencies[other]] for c in COMPONENTS
    }


def weakest_link(ratings, dependencies=None) -> dict:
    """The component with the lowest current score, ties broken as WEAKEST_LINK_RULE says.

    Returns a plain dict: component, label, current, target, to_close, tied (every
    component at the lowest current score, in order), decided_by ("lowest current",
    "larger gap", "more dependents" or "order") and reason (a sentence for learners).
    """
    _require(ratings, dependencies)
    rows = {row["component"]: row for row in gaps(ratings)}
    depended_on = {c: len(d) for c, d in dependents(dependencies).items()}
    lowest = min(row["current"] for row in rows.values())
    tied = [c for c in COMPONENTS if rows[c]["current"] == lowest]
    score = format_score(lowest)
    if len(tied) == 1:
        chosen, decided_by = tied[0], "lowest current"
        reason = f"{LABELS[chosen]} has the lowest current score ({score} of {SCALE_MAX})."
    else:
        reason = (
            f"All five components share the same current score ({score})."
            if len(tied) == len(COMPONENTS)
            else f"{join_words([LABELS[c] for c in tied])} share the lowest current score ({score})."
        )
        pool, decided_by = tied, "order"
        biggest = max(rows[c]["to_close"] for c in pool)
        pool = [c for c in pool if rows[c]["to_close"] == biggest]
        if len(pool) == 1:
            decided_by = "larger gap"
            reason += (
                f" {LABELS[pool[0]]} is named because its gap to target is the largest "
                f"({format_gap(biggest)}, against "
                f"{join_words([format_gap(rows[c]['to_close']) for c in tied if c != pool[0]])})."
            )
        else:
            same_gap = (
                f"Of these, {join_words([LABELS[c] for c in pool])} have the largest gap to "
                f"target ({format_gap(biggest)})"
                if len(pool) < len(tied)
                else f"Their gaps to target are equal ({format_gap(biggest)})"
            )
            most = max(depended_on[c] for c in pool)
            leaders = [c for c in pool if depended_on[c] == most]
            if len(leaders) == 1:
                decided_by = "more dependents"
                reason += (
                    f" {same_gap}, so {LABELS[leaders[0]]} is named because more components "
                    f"depend on it ({most}, against "
                    f"{join_words([str(depended_on[c]) for c in pool if c != leaders[0]])})."
                )
            else:
                reason += (
                    f" {same_gap} and as many components depend on them, so "
                    f"{LABELS[leaders[0]]} is named because it comes first in the lesson's "
                    "order (upstream components first)."
                )
            pool = leaders
        chosen = pool[0]
        reason += f" Treat {join_words([LABELS[c] for c in tied if c != chosen])} as a close second."
    row = rows[chosen]
    label = row["label"]
    return {
        "component": chosen,
        "label": label,
        "current": row["current"],
        "target": row["target"],
        "to_close": row["to_close"],
        "tied": tied,
        "decided_by": decided_by,
        "reason": reason,
    }


def largest_gap(ratings) -> dict | None:
    """The component with the most to close (ties: lower current, then order); None if none."""
    rows = [row for row in gaps(ratings) if row["to_close"] > 0]
    if not rows:
        return None
    return min(rows, key=lambda r: (-r["to_close"], r["current"], COMPONENTS.index(r["component"])))


def knock_on(dependencies, component: str) -> list[dict]:
    """The components a weak `component` holds back, nearest first.

    Direct dependents have distance 1; components that depend on one of them, distance 2,
    and so on. `path` runs from `component` to the affected one. Cycles are followed once.
    """
    if component not in COMPONENTS:
        raise InvalidResponse([f"{component!r} is not one of the five components."])
    reverse = dependents(dependencies)
    found: dict[str, dict] = {}
    queue = deque([(component, [component])])
    while queue:
        current, path = queue.popleft()
        for other in reverse[current]:
            if other == component or other in found:
                continue
            found[other] = {
                "component": other,
                "label": LABELS[other],
                "distance": len(path),
                "path": [*path, other],
            }
            queue.append((other, [*path, other]))
    return sorted(found.values(), key=lambda r: (r["distance"], COMPONENTS.index(r["component"])))


def first_steps(component: str) -> list[dict]:
    """Two or three concrete first steps for an SMB, each tied to one of the five themes."""
    if component not in COMPONENTS:
        raise InvalidResponse([f"{component!r} is not one of the five components."])
    return [{"theme": theme, "step": step} for theme, step in FIRST_STEPS[component]]


def describe_knock_on(effects: list[dict], component: str) -> str:
    """Knock-on effects in one sentence."""
    label = LABELS[component]
    if not effects:
        return f"No component depends on {label} in these links."
    direct = [e["label"] for e in effects if e["distance"] == 1]
    second = [
        f"{e['label']} (through {LABELS[e['path'][1]]})"
        for e in effects
        if e["distance"] == 2
    ]
    further = [e["label"] for e in effects if e["distance"] > 2]
    verb = "feels" if len(direct) == 1 else "feel"
    text = f"If {label} stays weak, {join_words(direct)} {verb} it first, because "
    text += ("it depends" if len(direct) == 1 else "they depend") + f" on {label}"
    if second:
        text += f"; then {join_words(second)}"
    if further:
        text += f"; and further down the line, {join_words(further)}"
    return text + "."


def describe_gaps(ratings, weakest: str | None = None) -> str:
    """The gap chart in words: every component's scores, then the weakest link."""
    rows = gaps(ratings)
    parts = [
        f"{r['label']}: now {format_score(r['current'])}, target {format_score(r['target'])}"
        + (
            f" (gap {format_gap(r['gap'])})"
            if r["gap"] > 0
            else " (on target)"
            if r["gap"] == 0
            else f" (target {format_score(-r['gap'])} below now)"
        )
        for r in rows
    ]
    text = (
        f"Scores from {SCALE_MIN} ({SCALE[SCALE_MIN].lower()}) to {SCALE_MAX} "
        f"({SCALE[SCALE_MAX].lower()}). " + ". ".join(parts) + "."
    )
    if weakest is not None:
        text += f" Weakest link: {LABELS[weakest]}."
    return text


def analyze(ratings, dependencies=None) -> dict:
    """The whole analysis as plain, JSON-serializable data.

    Raises InvalidResponse (with `.problems`) if the ratings or dependencies are invalid.
    If the learner gave no dependencies at all, `knock_on` is empty and `typical_knock_on`
    shows what the common pattern would predict; the summary says which one it uses.
    """
    _require(ratings, dependencies)
    deps = normalize_dependencies(dependencies)
    weakest = weakest_link(ratings, deps)
    component = weakest["component"]
    biggest = largest_gap(ratings)
    effects = knock_on(deps, component)
    typical = knock_on(TYPICAL_DEPENDENCIES, component)
    rows = gaps(ratings)
    report = {
        "ratings": normalize(ratings),
        "dependencies": deps,
        "gaps": rows,
        "weakest_link": weakest,
        "largest_gap": biggest,
        "knock_on": effects,
        "typical_knock_on": typical,
        "dependencies_given": any(deps.values()),
        "first_steps": first_steps(component),
        "notes": notes(ratings),
    }
    knock_text, shown = _knock_on_text(report)
    report["knock_on_text"] = knock_text
    report["knock_on_shown"] = shown
    report["gap_text"] = _gap_text(report)
    first = report["first_steps"][0]
    report["summary"] = " ".join(
        [
            f"Weakest link: {weakest['label']} (now {format_score(weakest['current'])} of "
            f"{SCALE_MAX}, target {format_score(weakest['target'])}).",
            weakest["reason"],
            knock_text,
            report["gap_text"],
            f"A first step ({first['theme'].lower()}): {first['step']}",
        ]
    )
    return report


def _knock_on_text(report: dict) -> tuple[str, list[dict]]:
    """The knock-on sentence, and the effects to list: the learner's, or else the typical."""
    weakest = report["weakest_link"]
    component, label = weakest["component"], weakest["label"]
    typical = report["typical_knock_on"]
    if not report["dependencies_given"]:
        return (
            "You marked no dependencies, so here are the typical links. "
            + describe_knock_on(typical, component),
            typical,
        )
    if report["knock_on"]:
        return describe_knock_on(report["knock_on"], component), report["knock_on"]
    direct = [e["label"] for e in typical if e["distance"] == 1]
    text = f"You marked no component as depending on {label}."
    if direct:
        text += f" In many SMBs {join_words(direct)} do: check whether yours really do not."
    return text, typical


def _gap_text(report: dict) -> str:
    weakest, biggest = report["weakest_link"], report["largest_gap"]
    if biggest is None:
        return "Every target is already met: the job is to keep it that way."
    if weakest["to_close"] < biggest["to_close"]:
        return (
            f"Your largest gap is elsewhere: {biggest['label']} "
            f"({format_gap(biggest['to_close'])}). Work on it too, but expect it to move "
            f"faster once {weakest['label']} is stronger."
        )
    if sum(row["to_close"] == biggest["to_close"] for row in report["gaps"]) == 1:
        return f"It is also your largest gap ({format_gap(biggest['to_close'])})."
    return f"Its gap ({format_gap(biggest['to_close'])}) is as large as any other."


def summary(ratings, dependencies=None) -> str:
    """The analysis in a short paragraph of plain text."""
    return analyze(ratings, dependencies)["summary"]


# -- the case data: tools ahead of people ----------------------------------------------

SCORE_COLUMNS = ("strategy", "capability", "structure", "process", "technology", "culture")


def technology_ahead(frame: pd.DataFrame, threshold: float = 1.5) -> pd.DataFrame:
    """Compare firms whose technology runs ahead of their people with the rest.

    Uses the `digital_alignment` case data: a firm is "technology ahead" when its
    technology score exceeds the mean of its capability and culture scores by `threshold`
    points or more. Returns one row per group with the number of firms and the mean
    scores and outcomes.
    """
    missing = [
        c
        for c in (*SCORE_COLUMNS, "revenue_growth_pct", "customer_satisfaction",
                  "employee_turnover_pct")
        if c not in frame.columns
    ]
    if missing:
        raise ValueError(f"The table has no column {', '.join(map(repr, missing))}.")
    lead = frame["technology"] - (frame["capability"] + frame["culture"]) / 2
    group = lead.ge(threshold).map(
        {True: "technology ahead", False: "the rest"}
    ).rename("group")
    table = (
        frame.assign(
            customer_satisfaction=frame["customer_satisfaction"].astype(float),
        )
        .groupby(group)
        .agg(
            firms=("technology", "size"),
            technology=("technology", "mean"),
            capability=("capability", "mean"),
            process=("process", "mean"),
            culture=("culture", "mean"),
            revenue_growth_pct=("revenue_growth_pct", "mean"),
            customer_satisfaction=("customer_satisfaction", "mean"),
            employee_turnover_pct=("employee_turnover_pct", "mean"),
        )
        .round(1)
    )
    order = [g for g in ("technology ahead", "the rest") if g in table.index]
    return table.loc[order]


# -- the worked example ----------------------------------------------------------------

_EXAMPLE = _BANK["example"]
EXAMPLE_NAME: str = _EXAMPLE["name"]
EXAMPLE_STORY: str = _EXAMPLE["story"]
EXAMPLE_RATINGS = {key: dict(scores) for key, scores in _EXAMPLE["ratings"].items()}
EXAMPLE_DEPENDENCIES = {key: list(needs) for key, needs in _EXAMPLE["dependencies"].items()}


# -- the personal action plan (widgets/core/plan.py) ---------------------------------------


def plan_entry(report: Mapping) -> plan.Entry:
    """The component map (an `analyze` report) as an entry of the learner's plan: the ratings,
    the weakest link with its reason, and its first step."""
    weakest = report["weakest_link"]
    first = report["first_steps"][0] if report["first_steps"] else None
    return plan.entry("components", "Five components: my alignment map", {
        "gaps": [{"component": r["component"], "label": r["label"], "current": _plain(r["current"]),
                  "target": _plain(r["target"]), "gap": _plain(r["gap"])} for r in report["gaps"]],
        "weakest": {"component": weakest["component"], "label": weakest["label"],
                    "current": _plain(weakest["current"]), "target": _plain(weakest["target"]),
                    "reason": weakest["reason"]},
        "first_step": {"theme": first["theme"], "step": first["step"]} if first else None,
    })
