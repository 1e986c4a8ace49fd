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

from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import is_number, join_words

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


COMPONENTS = ("strategy", "structure", "people", "processes", "technology")
PHASES = ("current", "target")
SCALE_MIN, SCALE_MAX = 1, 5
MAX_DEPENDENCIES = 2

# The anchors describe how well a component is *defined, shared and kept up to date*, not
# how big or sophisticated it is: a two-tool shop whose tools fit its work can score 5.
SCALE = {
    1: "Ad hoc or unclear",
    2: "Partly defined, followed by some",
    3: "Defined and mostly followed",
    4: "Clear, shared and used in daily decisions",
    5: "Clear, shared and reviewed regularly",
}


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    ship_part: str
    question: str
    low: str  # what a 1 looks like in an SMB
    high: str  # what a 5 looks like in an SMB


COMPONENT_GUIDE = {
    "strategy": Component(
        "strategy",
        "Strategy",
        "the destination and the route",
        "Where are we going, for which customers, and what will we say no to?",
        "Goals live in the owner's head, change with the week, and staff guess them.",
        "Two or three written goals that every employee can explain, checked every "
        "quarter against a few numbers and adjusted when the market moves.",
    ),
    "structure": Component(
        "structure",
        "Structure",
        "the hull and decks",
        "Who does what, who decides what, and who reports to whom?",
        "Everyone does a bit of everything; decisions wait for the owner.",
        "Every recurring task and decision has a named owner and a limit, and roles "
        "are redrawn when the strategy changes.",
    ),
    "people": Component(
        "people",
        "People",
        "the crew",
        "Do we have the skills, the motivation and the numbers the strategy needs?",
        "Key skills sit with one person each; nobody knows who could cover.",
        "The skills the strategy needs are listed, each has a backup, and training "
        "time is planned, not squeezed in.",
    ),
    "processes": Component(
        "processes",
        "Processes",
        "the routines and the navigation",
        "How does work flow from a customer's request to the finished job?",
        "Each person does it their own way; hand-offs rely on memory and goodwill.",
        "The core workflows are written on a page, owned by the people who run them, "
        "and improved after every review.",
    ),
    "technology": Component(
        "technology",
        "Technology",
        "the engine and the instruments",
        "Do our tools and data support the way we work and where we are going?",
        "Tools were bought one at a time; data is retyped between them; few use them well.",
        "A small set of tools that fit the processes, used by everyone, with data "
        "entered once and checked when needs change.",
    ),
}

LABELS = {key: guide.label for key, guide in COMPONENT_GUIDE.items()}

# A common pattern, used by the "typical links" button and to suggest what to check when a
# learner marks no dependencies. Structure follows strategy (Chandler, 1962); tools only
# help a defined process used by trained people.
TYPICAL_DEPENDENCIES = {
    "strategy": ["people"],
    "structure": ["strategy"],
    "people": ["strategy", "structure"],
    "processes": ["structure", "people"],
    "technology": ["processes", "people"],
}

# The five first steps of the lesson (topic 8); every suggested step belongs to one.
FIRST_STEP_THEMES = (
    "Assess",
    "Set clear goals",
    "Open communication",
    "Empower employees",
    "Adopt technology step by step",
)

FIRST_STEPS = {
    "strategy": (
        ("Set clear goals", "Write the strategy on one page: two or three goals for the "
         "next 12 months in SMART form, plus one thing you will stop or say no to."),
        ("Open communication", "Present it in a 20-minute team meeting and ask each person "
         "what it changes in their work next month; write the answers down."),
        ("Assess", "Pick three numbers that show progress (for example revenue share of a "
         "new service, repeat customers, margin) and review them every quarter."),
    ),
    "structure": (
        ("Assess", "List the ten decisions your team makes most often and who really makes "
         "each one today; circle the ones that wait for the owner."),
        ("Empower employees", "Give each recurring decision one named owner and a limit "
         "(for example: refunds up to 100 without asking)."),
        ("Set clear goals", "Change the smallest thing first: one role or one owner for "
         "the new work, not a new department, and check it against the strategy."),
    ),
    "people": (
        ("Assess", "Build a skills grid: the five to eight skills the strategy needs against "
         "your people, marked 0 (no), 1 (can with help) or 2 (can teach)."),
        ("Empower employees", "Give every skill that only one person has a trained backup "
         "within three months, and protect the training time in the rota."),
        ("Open communication", "Hold a 15-minute one-to-one with each person every month: "
         "goals, obstacles, one idea. Check that what you praise and pay for matches "
         "the goals."),
    ),
    "processes": (
        ("Assess", "Map the one workflow that annoys customers most, with the people who do "
         "it, on a wall with sticky notes; mark every hand-off and every wait."),
        ("Empower employees", "Let the people who run it redesign it and write the new "
         "version as a one-page checklist with one owner."),
        ("Adopt technology step by step", "Run the new process on paper for two to four "
         "weeks before you choose or change any software for it."),
    ),
    "technology": (
        ("Assess", "List every tool you pay for, who uses it and for which process; cancel "
         "or merge what nobody uses, and note where data is typed in twice."),
        ("Adopt technology step by step", "Pilot one tool with one team for four to six "
         "weeks, with a success measure agreed before you start."),
        ("Empower employees", "Name a tool champion, budget training time (two hours a "
         "person is a start), and let users report what does not fit their work."),
    ),
}

WEAKEST_LINK_RULE = (
    "The weakest link is the component with the lowest current score: what works badly "
    "today holds back every component that leans on it, however ambitious the targets. "
    "Ties go to the larger gap to target, then to the component more others depend on, "
    "then to the order strategy, structure, people, processes, technology."
)


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

EXAMPLE_NAME = "Larkspur Bakery"

EXAMPLE_STORY = (
    "Larkspur Bakery is a 14-person bakery with two shops. In January the owner, Maya, "
    "added catering for offices and family events: it brings 11 % of revenue today and "
    "she wants 25 % by the end of next year. Orders arrive by phone, e-mail, Instagram and "
    "at the counter; in March Maya bought an online booking tool, but only she uses it. "
    "Nobody owns catering: bakers fit it between shop orders, and Maya answers requests "
    "at night. Her three shift leads and she rated the five components together and "
    "agreed one set of scores."
)

EXAMPLE_RATINGS = {
    "strategy": {"current": 4, "target": 5},
    "structure": {"current": 2, "target": 4},
    "people": {"current": 3, "target": 4},
    "processes": {"current": 2, "target": 5},
    "technology": {"current": 3, "target": 4},
}

EXAMPLE_DEPENDENCIES = {
    "strategy": ["people"],
    "structure": ["strategy"],
    "people": ["structure", "processes"],
    "processes": ["structure"],
    "technology": ["processes", "people"],
}
