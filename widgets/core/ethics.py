"""Ethical alignment: the ethical decision canvas and the lesson's worked example.

The canvas lays an ethical dilemma out as a trade-off matrix, so that a manager can see who
gains and who pays under each option before choosing one. It does not choose: it shows the
trade-offs, three ways of reading them, and which options survive the values the firm has
stated.

A **dilemma** has
- two or more **options** (always include "keep things as they are": it has costs too);
- two or more **stakeholder groups**, each with a **salience** from 0 to 3: how many of
  Mitchell, Agle and Wood's (1997) three attributes (power, legitimacy, urgency) the group
  holds in the eyes of management;
- **values**, each with the rule it implies. A value is checked in one of two ways:
  - a *judgement*: the learner decides, option by option, whether the option breaks the
    rule ("No one loses their job without first being offered retraining for another
    role"), because only a person can read what an option means for it;
  - a *score rule*: a floor under the scores, checked automatically ("No option may leave
    customers worse off than today": a customer score below 0 breaks it). `stakeholder`
    None means the floor applies to every group.

A **response** is plain data, so it can be stored as JSON:

    scores = {option_key: {stakeholder_key: score, ...}, ...}   # -3 .. +3, None = not yet
    weights = {stakeholder_key: 0..3, ...}                      # optional; default salience
    judgements = {value_key: [option_key, ...], ...}            # options judged to break it

Three readings of the matrix (the *lenses*), none of them the answer:
- the **sum**: every group counts the same (a utilitarian reading);
- the **salience-weighted sum**: groups count by their salience. This describes whom
  managers tend to listen to, not whom they should, and the summary says so;
- the **worst-off group**: the option whose worst score is highest (Rawls's maximin).

An option is **dominated** when another option is at least as good for every group and
better for at least one: no group has a reason to prefer it.

Everything here is pure Python (pandas for tables), unit-tested without a kernel.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from widgets.core import plan, turnover
from widgets.core.content import load_content
from widgets.core.implementation import AutomationCase, automation_payback
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import is_number, join_words, plural

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")

SCORE_MIN, SCORE_MAX = -3, 3
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))
# What the scores and the salience classes mean: content/ethics.yaml (widgets.core.content).
SCORE_LABELS = dict(enumerate(load_content("ethics")["score_labels"], start=SCORE_MIN))

WEIGHT_MIN, WEIGHT_MAX = 0, 3
SALIENCE_ATTRIBUTES = ("power", "legitimacy", "urgency")
SALIENCE_CLASSES = dict(enumerate(load_content("ethics")["salience_classes"]))

MIN_OPTIONS, MIN_STAKEHOLDERS = 2, 2
MAX_NAME_LENGTH = 60

# Words the summary must never use about an option: the canvas shows, the learner decides.
VERDICT_WORDS = ("recommend", "you should choose", "the best option", "the right option")


class InvalidCanvas(InputProblems):
    """A dilemma or a response that cannot be analysed; `problems` lists every reason."""


# -- the dilemma -------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Stakeholder:
    key: str
    name: str
    salience: int = 1  # how many of power, legitimacy and urgency the group holds (0-3)
    description: str = ""


@dataclass(frozen=True)
class Value:
    """A stated value and the rule it implies.

    With `minimum` None the rule is a judgement the learner makes per option. With a
    `minimum`, any score below it for `stakeholder` (every group when None) breaks it.
    """

    key: str
    name: str
    rule: str
    minimum: int | None = None
    stakeholder: str | None = None

    @property
    def is_judgement(self) -> bool:
        return self.minimum is None


@dataclass(frozen=True)
class Dilemma:
    key: str
    title: str
    story: str
    question: str
    options: tuple[Option, ...]
    stakeholders: tuple[Stakeholder, ...]
    values: tuple[Value, ...] = ()
    example_scores: Mapping | None = field(default=None, compare=False)
    example_judgements: Mapping | None = field(default=None, compare=False)
    example_note: str = ""

    @property
    def option_names(self) -> dict[str, str]:
        return {o.key: o.name for o in self.options}

    @property
    def stakeholder_names(self) -> dict[str, str]:
        return {s.key: s.name for s in self.stakeholders}

    @property
    def weights(self) -> dict[str, int]:
        """The default weights: each group's salience."""
        return {s.key: s.salience for s in self.stakeholders}

    @property
    def judgement_values(self) -> tuple[Value, ...]:
        return tuple(v for v in self.values if v.is_judgement)

    @property
    def score_rules(self) -> tuple[Value, ...]:
        return tuple(v for v in self.values if not v.is_judgement)


# -- small helpers -----------------------------------------------------------------------

def format_score(value) -> str:
    """A signed score as people write it: +2, 0, -1, +1.5."""
    number = float(value)
    text = str(int(number)) if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")
    return "+" + text if number > 0 else text


def score_label(value: int) -> str:
    """A scale point with its words, e.g. "+2 clear benefit"."""
    return f"{format_score(value)} {SCORE_LABELS[value]}"


def clean_name(text) -> str:
    """A name as typed, trimmed, with runs of white space folded to one space."""
    return re.sub(r"\s+", " ", str(text or "")).strip()


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


# -- customizing and validating a dilemma ------------------------------------------------


def customize(
    dilemma: Dilemma,
    option_names: Mapping[str, str] | None = None,
    stakeholder_names: Mapping[str, str] | None = None,
    value_rules: Mapping[str, str] | None = None,
) -> Dilemma:
    """The dilemma with the learner's names; an option or group named "" is left out.

    `value_rules` rewrites the rule of judgement values; a judgement value whose rule is
    empty is left out, and so is a score rule that protects a group that was left out.
    Unknown keys are ignored here (a view only sends the keys it shows).
    """
    option_names = option_names or {}
    stakeholder_names = stakeholder_names or {}
    value_rules = value_rules or {}
    options = tuple(
        replace(o, name=clean_name(option_names.get(o.key, o.name)))
        for o in dilemma.options
    )
    options = tuple(o for o in options if o.name)
    stakeholders = tuple(
        replace(s, name=clean_name(stakeholder_names.get(s.key, s.name)))
        for s in dilemma.stakeholders
    )
    stakeholders = tuple(s for s in stakeholders if s.name)
    kept_groups = {s.key for s in stakeholders}
    values = []
    for value in dilemma.values:
        if value.is_judgement:
            value = replace(value, rule=clean_name(value_rules.get(value.key, value.rule)))
            if value.rule:
                values.append(value)
        elif value.stakeholder is None or value.stakeholder in kept_groups:
            values.append(value)
    return replace(dilemma, options=options, stakeholders=stakeholders, values=tuple(values))


def _name_problems(kind: str, names: list[str]) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    for name in names:
        folded = name.casefold()
        if folded in seen:
            problems.append(
                f"Two {kind}s are both called “{name}”: give each a different name."
            )
        seen.setdefault(folded, name)
        if len(name) > MAX_NAME_LENGTH:
            problems.append(
                f"The {kind} name “{name[:30]}…” is {len(name)} characters long: keep it to "
                f"{MAX_NAME_LENGTH} or fewer, and put the detail in the discussion."
            )
    return problems


def validate_dilemma(dilemma: Dilemma) -> list[str]:
    """Every reason why a dilemma cannot be put on the canvas, in friendly words."""
    if not isinstance(dilemma, Dilemma):
        return ["The canvas needs a dilemma: its options, stakeholder groups and values."]
    problems = []
    options = [clean_name(o.name) for o in dilemma.options]
    groups = [clean_name(s.name) for s in dilemma.stakeholders]
    if len([n for n in options if n]) < MIN_OPTIONS:
        problems.append(
            "Name at least two options to compare (so far: "
            + (join_words(f"“{n}”" for n in options if n) or "none")
            + "). Include “keep things as they are”: doing nothing is an option too, "
            "with its own costs."
        )
    if len([n for n in groups if n]) < MIN_STAKEHOLDERS:
        problems.append(
            "Name at least two stakeholder groups: an ethical decision weighs the interests "
            "of more than one group (for example employees and customers)."
        )
    if any(not n for n in options) and len([n for n in options if n]) >= MIN_OPTIONS:
        problems.append("Every option needs a name.")
    if any(not n for n in groups) and len([n for n in groups if n]) >= MIN_STAKEHOLDERS:
        problems.append("Every stakeholder group needs a name.")
    problems += _name_problems("option", [n for n in options if n])
    problems += _name_problems("stakeholder group", [n for n in groups if n])
    for kind, keys in (
        ("option", [o.key for o in dilemma.options]),
        ("stakeholder group", [s.key for s in dilemma.stakeholders]),
        ("value", [v.key for v in dilemma.values]),
    ):
        if len(set(keys)) != len(keys):
            problems.append(f"Two {kind}s share a key; each needs its own.")
    group_keys = {s.key for s in dilemma.stakeholders}
    for stakeholder in dilemma.stakeholders:
        salience = stakeholder.salience
        if not is_number(salience) or not WEIGHT_MIN <= salience <= WEIGHT_MAX:
            problems.append(
                f"{stakeholder.name}: salience must be from {WEIGHT_MIN} to {WEIGHT_MAX} "
                f"(got {salience!r})."
            )
    for value in dilemma.values:
        if not clean_name(value.rule):
            problems.append(f"The value “{value.name}” needs the rule it implies.")
        if value.is_judgement:
            continue
        if value.minimum not in SCORES:
            problems.append(
                f"The value “{value.name}”: its floor must be a score from {SCORE_MIN} to "
                f"{SCORE_MAX} (got {value.minimum!r})."
            )
        if value.stakeholder is not None and value.stakeholder not in group_keys:
            problems.append(
                f"The value “{value.name}” protects a group that is not on the canvas "
                f"({value.stakeholder!r})."
            )
    return problems


# -- validating a response ---------------------------------------------------------------


def validate_scores(dilemma: Dilemma, scores) -> list[str]:
    """Every reason why `scores` cannot be analysed: missing, not numbers, out of range."""
    if not isinstance(scores, Mapping):
        return [
            "Score every option for every stakeholder group, from "
            f"{score_label(SCORE_MIN)} to {score_label(SCORE_MAX)}."
        ]
    options, groups = dilemma.option_names, dilemma.stakeholder_names
    problems = [
        f"{key!r} is not one of the options ({join_words(options.values())})."
        for key in scores
        if key not in options
    ]
    scale = f"Use a score from {score_label(SCORE_MIN)} to {score_label(SCORE_MAX)}."
    for option in dilemma.options:
        row = scores.get(option.key)
        if row is None:
            row = {}
        if not isinstance(row, Mapping):
            problems.append(f"{option.name}: expected one score per group, got {row!r}.")
            continue
        problems += [
            f"{option.name}: {key!r} is not one of the stakeholder groups."
            for key in row
            if key not in groups
        ]
        missing = [groups[g] for g in groups if row.get(g) is None]
        if len(missing) == len(groups):
            problems.append(f"{option.name}: not scored yet. Score its effect on every group.")
        elif missing:
            problems.append(f"{option.name}: no score yet for {join_words(missing)}.")
        for key, name in groups.items():
            value = row.get(key)
            if value is None:
                continue
            if not is_number(value):
                problems.append(f"{option.name}, {name}: {value!r} is not a number. {scale}")
            elif not SCORE_MIN <= value <= SCORE_MAX:
                problems.append(
                    f"{option.name}, {name}: {format_score(value)} is outside the scale. {scale}"
                )
    return problems


def validate_weights(dilemma: Dilemma, weights) -> list[str]:
    """Every reason why `weights` cannot be used; None means each group's salience."""
    if weights is None:
        weights = dilemma.weights
    if not isinstance(weights, Mapping):
        return [f"Give each stakeholder group a weight from {WEIGHT_MIN} to {WEIGHT_MAX}."]
    groups = dilemma.stakeholder_names
    problems = [
        f"{key!r} is not one of the stakeholder groups." for key in weights if key not in groups
    ]
    for key, name in groups.items():
        value = weights.get(key)
        if value is None:
            problems.append(f"{name}: no salience weight yet. Choose {WEIGHT_MIN} to {WEIGHT_MAX}.")
        elif not is_number(value) or not WEIGHT_MIN <= value <= WEIGHT_MAX:
            problems.append(
                f"{name}: the salience weight must be from {WEIGHT_MIN} to {WEIGHT_MAX} "
                f"(got {value!r})."
            )
    if not problems and all(weights[k] == 0 for k in groups):
        problems.append(
            "Every salience weight is 0, so the weighted total would count nobody. Give at "
            "least one group a weight."
        )
    return problems


def validate_judgements(dilemma: Dilemma, judgements) -> list[str]:
    """Every reason why `judgements` (value -> options judged to break it) cannot be used."""
    if judgements is None:
        return []
    if not isinstance(judgements, Mapping):
        return ["Judgements must list, for each value, the options that break it."]
    values = {v.key: v for v in dilemma.values}
    options = dilemma.option_names
    problems = []
    for key, broken in judgements.items():
        value = values.get(key)
        if value is None:
            problems.append(f"{key!r} is not one of the stated values.")
            continue
        if broken is None:
            continue
        if isinstance(broken, (str, bytes)) or not isinstance(broken, Iterable):
            problems.append(f"“{value.name}”: list the options that break it, not {broken!r}.")
            continue
        broken = list(broken)
        if broken and not value.is_judgement:
            problems.append(
                f"“{value.name}” is checked from the scores, not by judgement: change the "
                "scores if an option breaks it."
            )
        problems += [
            f"“{value.name}”: {option!r} is not one of the options."
            for option in broken
            if option not in options
        ]
    return problems


def validate(dilemma: Dilemma, scores, weights=None, judgements=None) -> list[str]:
    """Everything that stops the analysis, in friendly words; [] when it can run."""
    problems = validate_dilemma(dilemma)
    if problems:
        return problems
    return (
        validate_scores(dilemma, scores)
        + validate_weights(dilemma, weights)
        + validate_judgements(dilemma, judgements)
    )


# -- analysis ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    option: str
    value: str
    reason: str
    by_judgement: bool


@dataclass(frozen=True)
class OptionResult:
    key: str
    name: str
    scores: dict[str, float]
    total: float
    weighted_total: float
    worst_score: float
    worst_off: tuple[str, ...]  # the groups at the worst score
    flags: tuple[Flag, ...]
    dominated_by: tuple[str, ...]

    @property
    def passes(self) -> bool:
        return not self.flags


@dataclass(frozen=True)
class Analysis:
    dilemma: Dilemma
    weights: dict[str, float]
    results: tuple[OptionResult, ...]
    survivors: tuple[str, ...]
    largest_total: tuple[str, ...]
    largest_weighted: tuple[str, ...]
    best_worst_off: tuple[str, ...]

    def result(self, option: str) -> OptionResult:
        return next(r for r in self.results if r.key == option)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return tuple(f for r in self.results for f in r.flags)


def total(row: Mapping[str, float]) -> float:
    """The plain sum: every group counts the same."""
    return float(sum(row.values()))


def weighted_total(row: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The sum with each group's score multiplied by its salience weight."""
    return float(sum(score * weights[group] for group, score in row.items()))


def worst_off(row: Mapping[str, float]) -> tuple[float, tuple[str, ...]]:
    """The lowest score and the groups that get it (Rawls's worst-off)."""
    lowest = min(row.values())
    return float(lowest), tuple(g for g, s in row.items() if _close(s, lowest))


def dominates(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    """True when `a` is at least as good as `b` for every group and better for one."""
    return all(a[g] >= b[g] for g in b) and any(a[g] > b[g] for g in b)


def rule_flags(dilemma: Dilemma, option: str, row: Mapping[str, float]) -> list[Flag]:
    """The score rules an option breaks, each with the group and score that break it."""
    groups = dilemma.stakeholder_names
    name = dilemma.option_names[option]
    flags = []
    for value in dilemma.score_rules:
        protected = [value.stakeholder] if value.stakeholder else list(groups)
        below = [g for g in protected if row[g] < value.minimum]
        if below:
            scored = join_words(f"{groups[g]} {format_score(row[g])}" for g in below)
            flags.append(
                Flag(
                    option,
                    value.key,
                    f"{name} breaks “{value.name}”. Rule: {value.rule}. Scored: {scored}.",
                    by_judgement=False,
                )
            )
    return flags


def judgement_flags(dilemma: Dilemma, option: str, judgements) -> list[Flag]:
    """The judgement values the learner marked as broken by this option."""
    name = dilemma.option_names[option]
    judgements = judgements or {}
    return [
        Flag(
            option,
            value.key,
            f"{name} breaks “{value.name}”. Rule: {value.rule}. By your judgement.",
            by_judgement=True,
        )
        for value in dilemma.judgement_values
        if option in (judgements.get(value.key) or ())
    ]


def _best(results: Iterable[OptionResult], key) -> tuple[str, ...]:
    results = list(results)
    top = max(key(r) for r in results)
    return tuple(r.key for r in results if _close(key(r), top))


def analyze(dilemma: Dilemma, scores, weights=None, judgements=None) -> Analysis:
    """The trade-off matrix read three ways, the value flags and the dominated options.

    Raises InvalidCanvas (with every problem) when the input cannot be analysed.
    """
    problems = validate(dilemma, scores, weights, judgements)
    if problems:
        raise InvalidCanvas(problems)
    weights = {g: float(w) for g, w in (weights or dilemma.weights).items()}
    groups = list(dilemma.stakeholder_names)
    rows = {
        o.key: {g: float(scores[o.key][g]) for g in groups} for o in dilemma.options
    }
    results = []
    for option in dilemma.options:
        row = rows[option.key]
        lowest, at_lowest = worst_off(row)
        flags = rule_flags(dilemma, option.key, row) + judgement_flags(
            dilemma, option.key, judgements
        )
        order = {v.key: i for i, v in enumerate(dilemma.values)}
        flags.sort(key=lambda f: order[f.value])
        results.append(
            OptionResult(
                key=option.key,
                name=option.name,
                scores=row,
                total=total(row),
                weighted_total=weighted_total(row, weights),
                worst_score=lowest,
                worst_off=at_lowest,
                flags=tuple(flags),
                dominated_by=tuple(
                    other.key
                    for other in dilemma.options
                    if other.key != option.key and dominates(rows[other.key], row)
                ),
            )
        )
    return Analysis(
        dilemma=dilemma,
        weights=weights,
        results=tuple(results),
        survivors=tuple(r.key for r in results if r.passes),
        largest_total=_best(results, lambda r: r.total),
        largest_weighted=_best(results, lambda r: r.weighted_total),
        best_worst_off=_best(results, lambda r: r.worst_score),
    )


# -- words -------------------------------------------------------------------------------


def _names(analysis: Analysis, keys: Iterable[str], last: str = "and") -> str:
    names = analysis.dilemma.option_names
    return join_words((f"“{names[k]}”" for k in keys), last)


def _group_names(analysis: Analysis, keys: Iterable[str]) -> str:
    groups = analysis.dilemma.stakeholder_names
    return join_words(groups[k] for k in keys)


def option_line(analysis: Analysis, option: str) -> str:
    """One option in a sentence: whom it helps, whom it harms, what it breaks."""
    result = analysis.result(option)
    groups = analysis.dilemma.stakeholder_names
    helped = [f"{groups[g]} {format_score(s)}" for g, s in result.scores.items() if s > 0]
    harmed = [f"{groups[g]} {format_score(s)}" for g, s in result.scores.items() if s < 0]
    parts = []
    if helped:
        parts.append("helps " + join_words(helped))
    if harmed:
        parts.append("costs " + join_words(harmed))
    if not parts:
        parts.append("changes little for anyone")
    checks = (
        "passes every value check"
        if result.passes
        else "breaks " + join_words(f"“{_value_name(analysis, f.value)}”" for f in result.flags)
    )
    return (
        f"{result.name}: " + "; ".join(parts) + f". Sum {format_score(result.total)}, "
        f"worst-off {_group_names(analysis, result.worst_off)} "
        f"({format_score(result.worst_score)}); {checks}."
    )


def _value_name(analysis: Analysis, key: str) -> str:
    return next(v.name for v in analysis.dilemma.values if v.key == key)


def _lens_text(analysis: Analysis, keys: tuple[str, ...], figure) -> str:
    if len(keys) == len(analysis.results):
        return "all options tie"
    return _names(analysis, keys) + f" ({figure(analysis.result(keys[0]))})"


def summary(analysis: Analysis) -> list[str]:
    """The canvas's reading in paragraphs. It shows trade-offs; it never picks an option."""
    dilemma = analysis.dilemma
    paragraphs = []
    checks = len(dilemma.values)
    if checks == 0:
        paragraphs.append(
            "No values are stated, so nothing is checked against them. Write down the two "
            "or three values this decision must respect, and the rule each one implies."
        )
    elif len(analysis.survivors) == len(analysis.results):
        paragraphs.append(
            f"Every option passes all {plural(checks, 'value check')}: the values do not "
            "settle this one, so the trade-offs below carry the decision."
        )
    elif analysis.survivors:
        paragraphs.append(
            f"Options that pass all {plural(checks, 'value check')}: "
            f"{_names(analysis, analysis.survivors)}. The others break at least one stated "
            "value: choosing one of them means saying openly which value gives way, and why."
        )
    else:
        paragraphs.append(
            f"No option passes all {plural(checks, 'value check')}. That is information, "
            "not a dead end: look for a new option that keeps the values (a different "
            "timing, a hybrid, a different way of doing it), or ask honestly whether a value "
            "is a firm rule or a preference you are willing to trade."
        )
    by_sum = _lens_text(analysis, analysis.largest_total, lambda r: format_score(r.total))
    by_weight = _lens_text(
        analysis, analysis.largest_weighted, lambda r: format_score(r.weighted_total)
    )
    by_floor = _lens_text(
        analysis,
        analysis.best_worst_off,
        lambda r: f"its worst-off group is at {format_score(r.worst_score)}",
    )
    paragraphs.append(
        "Three readings of the matrix, three answers to “which is best?”. Largest sum, "
        f"every group counted the same: {by_sum}. Largest salience-weighted sum: "
        f"{by_weight}. Kindest to the worst-off group (Rawls's test): {by_floor}."
    )
    leaders = {analysis.largest_total, analysis.largest_weighted, analysis.best_worst_off}
    if len(leaders) == 1:
        paragraphs.append(
            "The three readings agree. Agreement makes a choice easier to explain; it does "
            "not make it right: check the value flags, and whether your scores would "
            "survive a conversation with the people you scored."
        )
    else:
        paragraphs.append(
            "The readings disagree, and that disagreement is the real trade-off to discuss: "
            "how much gain for some is worth how much loss for others, and who decides."
        )
    if len(analysis.largest_total) < len(analysis.results):
        for key in dict.fromkeys(analysis.largest_total + analysis.largest_weighted):
            if analysis.result(key).passes:
                continue
            sums = [
                name
                for name, leaders in (
                    ("plain", analysis.largest_total),
                    ("weighted", analysis.largest_weighted),
                )
                if key in leaders
            ]
            which = "both sums" if len(sums) == 2 else f"the {sums[0]} sum"
            paragraphs.append(
                f"{_names(analysis, [key])} leads on {which} but breaks a stated value: a "
                "large total does not cancel a broken promise to a few."
            )
    for result in analysis.results:
        if result.dominated_by:
            paragraphs.append(
                f"“{result.name}” is dominated by {_names(analysis, result.dominated_by, 'or')}, "
                "which is at least as good for every group and better for at least one. Unless "
                "something outside the matrix favors it, it is hard to defend."
            )
    groups = dilemma.stakeholder_names
    ignored = [g for g in groups if analysis.weights[g] == 0]
    if ignored:
        paragraphs.append(
            f"{join_words(groups[g] for g in ignored)} "
            + ("has" if len(ignored) == 1 else "have")
            + " a salience weight of 0, so the weighted sum ignores "
            + ("it" if len(ignored) == 1 else "them")
            + " entirely. Check the plain sum and the worst-off reading too."
        )
    if analysis.largest_weighted != analysis.largest_total:
        paragraphs.append(
            "The weighted and the plain sums disagree. Salience describes whom managers "
            "tend to listen to (Mitchell, Agle and Wood, 1997), not whom they owe the most: "
            "ask whether power is doing the deciding."
        )
    paragraphs.append(
        "The canvas does not decide for you. Write down which option you would choose, "
        "which value or trade-off decided it, what you will say to the groups that lose "
        "out, and when you will review the decision."
    )
    return paragraphs


def summary_text(analysis: Analysis) -> str:
    """The summary and one line per option, as plain text for a lesson cell."""
    lines = summary(analysis)
    return "\n\n".join(lines[:-1]) + "\n\n" + "\n".join(
        "- " + option_line(analysis, r.key) for r in analysis.results
    ) + "\n\n" + lines[-1]


def flag_reasons(analysis: Analysis) -> list[str]:
    """Every broken value, one sentence each, in option order."""
    return [flag.reason for flag in analysis.flags]


def describe_matrix(analysis: Analysis) -> str:
    """The text alternative of the trade-off chart: every cell, in words."""
    dilemma = analysis.dilemma
    groups = dilemma.stakeholder_names
    parts = [
        f"Trade-off matrix of {plural(len(analysis.results), 'option')} and "
        f"{plural(len(groups), 'stakeholder group')}, scored from {score_label(SCORE_MIN)} "
        f"to {score_label(SCORE_MAX)}."
    ]
    for result in analysis.results:
        cells = ", ".join(f"{groups[g]} {format_score(s)}" for g, s in result.scores.items())
        checks = (
            "passes every value check"
            if result.passes
            else f"breaks {plural(len(result.flags), 'value')}"
        )
        parts.append(
            f"{result.name}: {cells}; sum {format_score(result.total)}, worst-off "
            f"{_group_names(analysis, result.worst_off)} at {format_score(result.worst_score)}; "
            f"{checks}."
        )
    return " ".join(parts)


def option_label(result: OptionResult) -> str:
    """An option's row label, which says in words whether it breaks a value."""
    if result.passes:
        return result.name
    return f"{result.name} (breaks {plural(len(result.flags), 'value')})"


def matrix_table(analysis: Analysis) -> pd.DataFrame:
    """Options by stakeholder groups, with the three readings and the value checks."""
    groups = analysis.dilemma.stakeholder_names
    rows = []
    for result in analysis.results:
        row = {"Option": result.name}
        row.update({groups[g]: format_score(s) for g, s in result.scores.items()})
        row["Sum"] = format_score(result.total)
        row["Weighted sum"] = format_score(result.weighted_total)
        row["Worst-off group"] = (
            f"{_group_names(analysis, result.worst_off)} ({format_score(result.worst_score)})"
        )
        row["Value checks"] = (
            "passes all"
            if result.passes
            else "breaks " + join_words(_value_name(analysis, f.value) for f in result.flags)
        )
        rows.append(row)
    return pd.DataFrame(rows).set_index("Option")


def heatmap_data(analysis: Analysis) -> pd.DataFrame:
    """One row per cell of the matrix (options x groups), for the chart."""
    groups = analysis.dilemma.stakeholder_names
    return pd.DataFrame(
        [
            {
                "option": option_label(result),
                "group": groups[g],
                "score": score,
                "text": format_score(score),
                "meaning": SCORE_LABELS.get(int(score), "") if float(score).is_integer() else "",
            }
            for result in analysis.results
            for g, score in result.scores.items()
        ]
    )


def options_table(dilemma: Dilemma) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Option": o.name, "What it means": o.description} for o in dilemma.options]
    ).set_index("Option")


def stakeholders_table(dilemma: Dilemma) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Stakeholder group": s.name,
                "Salience": f"{s.salience} ({SALIENCE_CLASSES[s.salience].split(':')[0]})",
                "Why": s.description,
            }
            for s in dilemma.stakeholders
        ]
    ).set_index("Stakeholder group")


def values_table(dilemma: Dilemma) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Value": v.name,
                "The rule it implies": v.rule,
                "Checked by": "your judgement, option by option"
                if v.is_judgement
                else "the scores, automatically",
            }
            for v in dilemma.values
        ]
    ).set_index("Value")


def blank_scores(dilemma: Dilemma) -> dict[str, dict[str, None]]:
    """A response with nothing scored yet, for self-study in JupyterLab."""
    return {o.key: {s.key: None for s in dilemma.stakeholders} for o in dilemma.options}


# -- the salience scale in words ---------------------------------------------------------


def salience_label(weight: int) -> str:
    return f"{weight} · {SALIENCE_CLASSES[weight]}"


# -- built-in dilemmas -------------------------------------------------------------------

# The dilemmas live in content/ethics.yaml, where a trainer can change them
# (widgets.core.content).

# A floor every dilemma can share: no group may be seriously harmed.
NO_SERIOUS_HARM = Value(**load_content("ethics")["no_serious_harm"])


def _dilemma(entry: Mapping) -> Dilemma:
    """A dilemma of the bank; a value given as the key no_serious_harm is the shared floor."""
    examples = {}  # copies: the bank is shared by every caller
    if "example_scores" in entry:
        examples["example_scores"] = {key: dict(scores) for key, scores in entry["example_scores"].items()}
    if "example_judgements" in entry:
        examples["example_judgements"] = {key: list(keys) for key, keys in entry["example_judgements"].items()}
    return Dilemma(
        **{
            **entry,
            **examples,
            "options": tuple(Option(**option) for option in entry["options"]),
            "stakeholders": tuple(Stakeholder(**group) for group in entry["stakeholders"]),
            "values": tuple(
                NO_SERIOUS_HARM if isinstance(value, str) else Value(**value) for value in entry["values"]
            ),
        }
    )


BRANNOCK, BAKERY, OWN = (_dilemma(entry) for entry in load_content("ethics")["dilemmas"])

DILEMMAS = {d.key: d for d in (BRANNOCK, BAKERY, OWN)}


def example_analysis(dilemma: Dilemma = BRANNOCK) -> Analysis:
    """A built-in dilemma analysed with its example scores and judgements."""
    return analyze(dilemma, dilemma.example_scores, None, dilemma.example_judgements)


# -- the worked example's facts ----------------------------------------------------------

# Brannock's order entry: 2,400 orders a month at 11 minutes each by hand. With the tool,
# 70 % need only a one-minute check; the 30 % exceptions (odd items, changed prices,
# unreadable PDFs) take 15 minutes, as the clerk picks them up cold. The tool costs EUR
# 1,500 a month and about 400 hours of set-up (integration, testing, training).
ORDER_ENTRY = AutomationCase(
    name="Customer order entry",
    cases_per_month=2400,
    minutes_per_case=11,
    exception_rate=0.30,
    minutes_per_exception=15,
    check_minutes=1,
    tool_cost_per_month=1500,
    setup_hours=400,
    hourly_cost=35,
)


@dataclass(frozen=True)
class OrderErrors:
    """Wrong orders (wrong item, quantity or address) before and after the tool."""

    rate_before: float = 0.015
    rate_after: float = 0.005
    cost_each: float = 150.0  # collection, re-delivery and the hours spent sorting it out


ORDER_ERRORS = OrderErrors()
CLERKS = 4
HOURS_PER_FULL_TIME_MONTH = 150


def order_entry_facts(
    case: AutomationCase = ORDER_ENTRY,
    errors: OrderErrors = ORDER_ERRORS,
    clerks: int = CLERKS,
    hours_per_person: float = HOURS_PER_FULL_TIME_MONTH,
) -> pd.DataFrame:
    """The numbers behind the dilemma: hours, jobs, wrong orders and money a month."""
    payback = automation_payback(case)
    wrong_before = case.cases_per_month * errors.rate_before
    wrong_after = case.cases_per_month * errors.rate_after
    error_saving = (wrong_before - wrong_after) * errors.cost_each
    labor_saving = payback.hours_saved * case.hourly_cost
    rows = [
        ("Hours of order entry a month, by hand", f"{payback.hours_now:,.0f}"),
        ("Hours a month with the tool (checks and exceptions)", f"{payback.hours_after:,.0f}"),
        (
            "Hours freed a month",
            f"{payback.hours_saved:,.0f} (about {payback.hours_saved / hours_per_person:.1f} "
            f"of the {clerks} clerks' full-time jobs)",
        ),
        ("Wrong orders a month, before and after", f"{wrong_before:.0f} → {wrong_after:.0f}"),
        ("Saved on wrong orders a month (EUR)", f"{error_saving:,.0f}"),
        ("Value of the freed hours a month (EUR)", f"{labor_saving:,.0f}"),
        ("Tool cost a month (EUR)", f"{case.tool_cost_per_month:,.0f}"),
        ("Set-up cost, once (EUR)", f"{payback.setup_cost:,.0f}"),
        (
            "Net a month if the freed hours are cut (EUR)",
            f"{labor_saving + error_saving - case.tool_cost_per_month:,.0f}",
        ),
        (
            "Net a month if the freed hours are redeployed (EUR)",
            f"{error_saving - case.tool_cost_per_month:,.0f}, plus whatever the new work earns",
        ),
    ]
    return pd.DataFrame(rows, columns=["Quantity", "Value"]).set_index("Quantity")


def team_leavers(headcount: pd.DataFrame, team: str = "Customer Service") -> pd.DataFrame:
    """Leavers a year in one team (from `load("hr_headcount")`): how fast attrition works."""
    rows = []
    for year in sorted({d.year for d in headcount["date"]}):
        result, _ = turnover.data_turnover(headcount, team, f"{year}-01-01", f"{year}-12-01")
        rows.append(
            {
                "Year": year,
                "Average headcount": round(result.average_headcount, 1),
                "Leavers": result.separations,
                "Of whom resigned or retired": result.voluntary,
                "Turnover (%)": round(result.annualized, 1),
            }
        )
    return pd.DataFrame(rows).set_index("Year")


# -- the personal action plan (widgets/core/plan.py) ---------------------------------------


def plan_entry(analysis: Analysis, decision: str = "") -> plan.Entry:
    """The canvas as an entry of the learner's plan: the question, the learner's decision (the
    canvas never makes one), and the trade-offs: each option's sums, worst-off group and value
    checks, and the options each reading favours."""
    dilemma = analysis.dilemma
    options, groups = dilemma.option_names, dilemma.stakeholder_names
    return plan.entry("ethics", f"Ethical canvas: {dilemma.title}", {
        "question": dilemma.question,
        "decision": clean_name(decision),
        "pass_every_check": [options[k] for k in analysis.survivors],
        "largest_total": [options[k] for k in analysis.largest_total],
        "largest_weighted": [options[k] for k in analysis.largest_weighted],
        "best_worst_off": [options[k] for k in analysis.best_worst_off],
        "flags": flag_reasons(analysis),
        "options": [{"name": r.name, "total": r.total, "weighted_total": r.weighted_total,
                     "worst_off": [groups[g] for g in r.worst_off],
                     "checks": "passes every check" if r.passes else "breaks " + join_words(
                         f"“{_value_name(analysis, f.value)}”" for f in r.flags)}
                    for r in analysis.results],
    })
