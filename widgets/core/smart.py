"""SMART goals: check a goal against the five criteria and write it as one sentence.

Model: G. T. Doran (1981), "There's a S.M.A.R.T. way to write management's goals and
objectives", *Management Review* 70(11). Doran's letters are Specific, Measurable,
Assignable, Realistic and Time-related. Later writers changed some of them (Achievable,
Relevant, Time-bound; SMARTER adds Evaluated and Reviewed). This module keeps Doran's
"Assignable", because a goal with nobody's name on it is the commonest gap in small firms,
and reads R as Realistic, with the optional link to a shared goal (the modern "Relevant")
reported alongside it.

The checks are deliberately simple and explainable: word lists, numbers and dates. They are
a coach's checklist, not a judge: a goal can pass every check and still be the wrong goal,
and the feedback says why something needs work so that a person can overrule it.

Everything here is pure Python, so it can be tested without a kernel. `evaluate` never
raises on text typed by a person: any input gives five results.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from numbers import Real

from widgets.core import plan
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


# The five criteria's letters and names live in content/smart.yaml (widgets.core.content).
CRITERIA = tuple((entry["letter"], entry["name"]) for entry in load_content("smart")["criteria"])

MIN_ACTION_WORDS = 3  # fewer words name an aim ("reduce waste"), not an action
BIG_CHANGE = 0.5  # a change of more than half the baseline needs a feasibility note
SMALL_CHANGE = 0.05  # under 5 % the goal may be too safe to motivate (Locke & Latham)
MAX_YEARS_AHEAD = 3  # beyond this, a deadline stops shaping this year's work
MAX_QUOTE = 60  # longest piece of a person's text quoted back in feedback

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Goal:
    """A goal as a person writes it: every field may be empty, text or (for numbers) a number.

    action: what will be done, starting with a verb ("bake to the huddle's order count").
    metric: the number that will show progress ("waste"); unit: its unit ("% of items baked").
    baseline, target: where the metric is now and where it should be (numbers or text).
    owner: one named person or role. resources: what it will take and why it is feasible.
    deadline: a date, or text such as "2026-03-31". relevance: optional, why it matters or
    which shared goal it serves.
    """

    action: str = ""
    metric: str = ""
    unit: str = ""
    baseline: float | str | None = None
    target: float | str | None = None
    owner: str = ""
    resources: str = ""
    deadline: date | str | None = None
    relevance: str = ""


@dataclass(frozen=True)
class CriterionResult:
    letter: str
    name: str
    met: bool
    reason: str
    hint: str = ""


@dataclass(frozen=True)
class GoalExample:
    """A vague goal, how a person might fill the form from it, a SMART version, and why."""

    business: str
    topic: str
    vague: str
    vague_goal: Goal
    better: Goal
    why: str


# ---------------------------------------------------------------------------------------
# Text helpers


def _text(value) -> str:
    """Any field value as stripped text; None is empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = str(value)
        except Exception:  # an object whose str() fails is as good as empty
            return ""
    return " ".join(text.split())


def _quote(text: str) -> str:
    text = _text(text)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f"“{text}”"


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text)


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


# Vague words, each with the advice that fixes it ({word} is the phrase as the person typed
# it). Patterns are matched case-insensitively on whole words. They live in content/smart.yaml,
# where a trainer can change them (widgets.core.content), with the examples below.
VAGUE_TERMS: tuple[tuple[str, str], ...] = tuple(
    (entry["pattern"], entry["hint"]) for entry in load_content("smart")["vague_terms"]
)
_VAGUE_COMPILED = tuple((re.compile(pattern, re.I), hint) for pattern, hint in VAGUE_TERMS)


def _vague_matches(text) -> list[tuple[str, str]]:
    """(phrase as typed, hint) for each kind of vague wording in a text, in VAGUE_TERMS order."""
    text = _text(text)
    found = []
    for pattern, hint in _VAGUE_COMPILED:
        match = pattern.search(text)
        if match:
            found.append((match.group(0), hint.format(word=match.group(0))))
    return found


def vague_words(text) -> list[str]:
    """The vague words and phrases in a text, as typed: "Improve sales ASAP" -> ["Improve",
    "ASAP"]. One per kind of vagueness, in the order of VAGUE_TERMS."""
    return [phrase for phrase, _hint in _vague_matches(text)]


_REDUCE = re.compile(
    r"\b(reduc\w*|cut\w*|lower\w*|decreas\w*|shrink\w*|halv\w*|drop\w*|less|fewer|"
    r"bring down|get down|down to|minimi[sz]\w*|eliminat\w*|shorten\w*|avoid\w*)\b",
    re.I,
)
_INCREASE = re.compile(
    r"\b(increas\w*|rais\w*|grow\w*|lift\w*|boost\w*|doubl\w*|expand\w*|more|"
    r"higher|maximi[sz]\w*)\b",
    re.I,
)
_MAINTAIN = re.compile(
    r"\b(keep\w*|maintain\w*|sustain\w*|stay\w*|hold\w* (?:\w+ )?(?:at|steady))\b", re.I
)


def intended_direction(text) -> str | None:
    """"down", "up" or "keep" when the words clearly say so, else None."""
    text = _text(text)
    down, up = bool(_REDUCE.search(text)), bool(_INCREASE.search(text))
    if _MAINTAIN.search(text) and not (down or up):
        return "keep"
    if down and not up:
        return "down"
    if up and not down:
        return "up"
    return None


# ---------------------------------------------------------------------------------------
# Numbers


_CURRENCY = "€$£¥₹"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_number(value) -> float:
    """A baseline or target as a float. Accepts 12, "12.5", "12,5", "1,200", "12 %", "€3k".

    Raises ValueError with a message a person can act on for anything else, including
    words ("about ten"), ranges ("8-10") and numbers that are not finite.
    """
    if isinstance(value, bool):
        raise ValueError("Type a number, such as 12 or 8.5.")
    if isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("Type an ordinary number, such as 12 or 8.5.")
        return number
    text = _text(value)
    if not text:
        raise ValueError("This is empty: type a number, such as 12 or 8.5.")
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.strip(_CURRENCY + "%")
    cleaned = cleaned.lstrip(_CURRENCY)
    multiplier = 1.0
    if cleaned[-1:] in ("k", "K"):
        multiplier, cleaned = 1000.0, cleaned[:-1]
    if re.fullmatch(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")  # thousands separators: 1,200 or 12,500.5
    elif re.fullmatch(r"[+-]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 12,5
    if not _NUMBER.fullmatch(cleaned):
        if re.fullmatch(r"(?:much |far |a lot |a bit )?(?:less|more|lower|higher|fewer|better|"
                        r"worse|up|down|smaller|bigger|faster|slower)", text.lower()):
            raise ValueError(f"{_quote(text)} is a direction, not a number: type the number "
                             "you want to reach.")
        if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?", text.strip("%")):
            raise ValueError(f"{_quote(text)} is a range: pick one number.")
        raise ValueError(
            f"{_quote(text)} is not a number I can read: type digits, such as 12 or 8.5."
        )
    number = float(cleaned) * multiplier
    if not math.isfinite(number):
        raise ValueError(f"{_quote(text)} is too large to be a sensible number.")
    return number


def _try_number(value) -> float | None:
    try:
        return parse_number(value)
    except ValueError:
        return None


def format_number(number: float) -> str:
    """12.0 -> "12", 10.71 -> "10.71", 1200 -> "1,200"."""
    if not math.isfinite(number):
        return str(number)
    if abs(number) >= 1e15:
        return f"{number:.3g}"
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def with_unit(number: float, unit: str, last: bool = True) -> str:
    """A number with its unit: "8%", "8% of items baked", "€24,000", "20 minutes".

    With last=False (the "from" number of a range) only a % sign or a currency sign is kept,
    so that "from 12% to 8% of items baked" does not repeat the words.
    """
    unit = _text(unit)
    shown = format_number(number)
    if not unit:
        return shown
    if unit.startswith("%"):
        return shown + ("%" + unit[1:] if last else "%")
    if unit[0] in _CURRENCY:
        rest = unit[1:].strip()
        return unit[0] + shown + (f" {rest}" if rest and last else "")
    return f"{shown} {unit}" if last else shown


def with_article(phrase: str) -> str:
    """"a 25% cut", "an 8% cut", "an 18% rise": the article as the number is spoken."""
    spoken_vowel = phrase.startswith("8") or re.match(r"1[18](?:\D|$)", phrase)
    return ("an " if spoken_vowel else "a ") + phrase


def change_ratio(baseline: float, target: float) -> float | None:
    """(target - baseline) / |baseline|, or None when the baseline is 0."""
    if baseline == 0:
        return None
    return (target - baseline) / abs(baseline)


# ---------------------------------------------------------------------------------------
# Dates

_VAGUE_DATE = re.compile(
    r"\b(asap|soon|someday|some day|eventually|later|whenever|tbd|tbc|next (?:week|month|"
    r"quarter|year)|this (?:week|month|quarter|year)|end of (?:the )?(?:year|quarter|month)|"
    r"q[1-4]|ongoing|when possible|as soon as possible|immediately|now|today|tomorrow)\b",
    re.I,
)
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES.update({name[:3].lower(): number for name, number in list(_MONTH_NAMES.items())})
_MONTH_NAMES["sept"] = 9


def long_date(day: date) -> str:
    """date(2026, 3, 31) -> "31 March 2026" (no locale involved)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{_quote(text)} is not a real date: check the day and the month."
        ) from None


def parse_date(value) -> date:
    """A deadline as a date. Accepts a date, "2026-03-31", "31 March 2026", "March 31, 2026",
    and "31/03/2026" or "31.03.2026" when the day cannot be mistaken for the month.

    Raises ValueError with a message a person can act on for anything else.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise ValueError("No deadline yet.")
    if _VAGUE_DATE.search(text):
        raise ValueError(f"{_quote(text)} is not a date that everyone reads the same way.")
    lowered = text.lower().strip(" .")
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", lowered)
    if match:
        year, month, day = map(int, match.groups())
        return _make_date(year, month, day, text)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", lowered)
    if match:
        first, second, year = map(int, match.groups())
        if first > 12 and second <= 12:
            return _make_date(year, second, first, text)
        if second > 12 and first <= 12:
            return _make_date(year, first, second, text)
        if first == second:
            return _make_date(year, first, first, text)
        if first <= 12 and second <= 12:
            raise ValueError(
                f"{_quote(text)} could mean {first} {MONTHS[second - 1]} or "
                f"{second} {MONTHS[first - 1]}."
            )
        raise ValueError(f"{_quote(text)} is not a real date: check the day and the month.")
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})", lowered)
    if match and match.group(2) in _MONTH_NAMES:
        day, month, year = int(match.group(1)), _MONTH_NAMES[match.group(2)], int(match.group(3))
        return _make_date(year, month, day, text)
    match = re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", lowered)
    if match and match.group(1) in _MONTH_NAMES:
        day, month, year = int(match.group(2)), _MONTH_NAMES[match.group(1)], int(match.group(3))
        return _make_date(year, month, day, text)
    raise ValueError(f"{_quote(text)} is not a date I can read.")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, or beyond the calendar's end
        try:
            return day.replace(year=day.year + years, day=28)
        except ValueError:
            return date.max


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 61:
        return f"about {round(days / 7)} weeks"
    return f"about {round(days / 30.44)} months"


# ---------------------------------------------------------------------------------------
# The five criteria


def _specific(goal: Goal) -> CriterionResult:
    letter, name = "S", "Specific"
    action = _text(goal.action)
    if not action or not _has_letters(action):
        return CriterionResult(
            letter, name, False, "There is no action yet: nobody can tell what will be done.",
            "Write what will be done, starting with a verb, e.g. “bake each day's bread to "
            "the morning huddle's order count”.",
        )
    vague = _vague_matches(action + " " + _text(goal.metric))
    if vague:
        listed = ", ".join(f"“{word}”" for word, _hint in vague)
        return CriterionResult(
            letter, name, False,
            f"Vague word{'s' if len(vague) > 1 else ''}: {listed}. Each person can read "
            "something different into it.",
            vague[0][1],
        )
    if len(_words(action)) < MIN_ACTION_WORDS:
        return CriterionResult(
            letter, name, False,
            f"{_quote(action)} names an aim, not an action: it does not say what anyone will "
            "do differently.",
            "Add the how, starting with a verb: what will someone do, to what, where? "
            "e.g. “bake to the morning huddle's order count”.",
        )
    return CriterionResult(letter, name, True, f"Says what will be done: {_quote(action)}.")


def _share_unit(unit: str) -> bool:
    """A unit such as "% of orders": a share, which cannot go below 0 or above 100."""
    unit = unit.lower()
    return unit.startswith("%") and " of " in f" {unit[1:]} "


def _measurable(goal: Goal) -> CriterionResult:
    letter, name = "M", "Measurable"
    metric, unit = _text(goal.metric), _text(goal.unit)
    problems: list[tuple[str, str]] = []
    if not metric or not _has_letters(metric):
        problems.append((
            "No metric: how will anyone know it worked?",
            "Name one number you can count or read off a report, e.g. “waste”, “wait at the "
            "till”, “orders delivered on time and in full”.",
        ))
    if not unit:
        problems.append((
            "No unit.",
            "Add the unit, e.g. “% of items baked”, “minutes”, “orders a week” or "
            "“€ a month”.",
        ))
    numbers = {}
    for field, label in (("baseline", "baseline"), ("target", "target")):
        raw = getattr(goal, field)
        if _text(raw) == "":
            if field == "baseline":
                problems.append((
                    "No baseline: where are you starting from?",
                    "Look up today's value (e.g. the last three months). Without it nobody "
                    "can tell whether the target is a stretch or a give-away.",
                ))
            else:
                problems.append(("No target: where should the number be?",
                                 "Type the number you want to reach by the deadline."))
            continue
        try:
            numbers[field] = parse_number(raw)
        except ValueError as error:
            problems.append((f"The {label}: {error}", "Type digits only, such as 12 or 8.5."))
    baseline, target = numbers.get("baseline"), numbers.get("target")
    if _share_unit(unit):
        for field, value in numbers.items():
            if not 0 <= value <= 100:
                problems.append((
                    f"A {field} of {format_number(value)}% is impossible for a share "
                    f"({_quote(unit)}).",
                    "A share lies between 0% and 100%: check the number.",
                ))
    if baseline is not None and target is not None:
        direction = intended_direction(_text(goal.action) + " " + metric)
        if baseline == target and direction != "keep":
            problems.append((
                f"Baseline and target are the same ({format_number(target)}): the goal asks "
                "for no change.",
                "If the aim is to hold the level, say so in the action (“keep … at”); "
                "otherwise type the number you want to reach.",
            ))
        elif direction == "down" and target > baseline:
            problems.append((
                f"The words say “reduce”, but the target ({format_number(target)}) is higher "
                f"than the baseline ({format_number(baseline)}).",
                "Check which number is where you are now: perhaps they are swapped.",
            ))
        elif direction == "up" and target < baseline:
            problems.append((
                f"The words say “increase”, but the target ({format_number(target)}) is lower "
                f"than the baseline ({format_number(baseline)}).",
                "Check which number is where you are now: perhaps they are swapped.",
            ))
    if problems:
        return CriterionResult(
            letter, name, False,
            " ".join(problem for problem, _hint in problems),
            " ".join(dict.fromkeys(hint for _problem, hint in problems)),
        )
    ratio = change_ratio(baseline, target)
    size = "" if ratio is None or ratio == 0 else ", " + with_article(
        f"{abs(ratio):.0%} {'cut' if ratio < 0 else 'rise'}"
    )
    return CriterionResult(
        letter, name, True,
        f"Tracked by {_quote(metric)}: from {with_unit(baseline, unit, last=False)} to "
        f"{with_unit(target, unit)}{size}.",
    )


_COLLECTIVE = re.compile(
    r"(?:(?:the|our|my|whole|entire|all|of|every|in|at|this|team|shop|company|business)\s+)*"
    r"(?:team|teams|staff|everyone|everybody|all|we|us|management|managers|people|employees|"
    r"crew|company|business|shop|bakery|department|someone|somebody|anyone|anybody|whoever|"
    r"nobody|no one|none|tbd|tbc|n/?a|unknown|us all|all of us|each of us|members?)"
    r"(?:\s+(?:members?|here|together|involved))?",
    re.I,
)


def assignable(goal: Goal) -> CriterionResult:
    letter, name = "A", "Assignable"
    owner = _text(goal.owner)
    hint = ("Name one person or role who answers for it, e.g. “Maria (head baker)”. Others can "
            "help; one person keeps it moving and raises the alarm if it slips.")
    if not owner:
        return CriterionResult(letter, name, False, "No owner: a goal that is everyone's job is "
                               "nobody's job.", hint)
    if not _has_letters(owner):
        return CriterionResult(letter, name, False, f"{_quote(owner)} does not name anyone.", hint)
    plain = re.sub(r"[^\w/ ]+", " ", owner).strip()
    plain = " ".join(plain.split())
    if _COLLECTIVE.fullmatch(plain):
        return CriterionResult(
            letter, name, False,
            f"{_quote(owner)} is a group, so no one in particular will feel it is theirs.", hint,
        )
    if re.search(r"\bteam\s*$", plain, re.I):
        return CriterionResult(
            letter, name, False,
            f"{_quote(owner)} is a group: the team can do the work, but who answers for it?",
            "Name the person who leads it, e.g. “Priya (warehouse lead)”.",
        )
    if re.search(r"\band\b|&|\+|/|,", owner, re.I) and not re.search(r"\(.*[,/&].*\)", owner):
        return CriterionResult(
            letter, name, True, f"Owned by {owner}.",
            "Two or more owners: agree which one answers for it if it slips.",
        )
    return CriterionResult(letter, name, True, f"Owned by {owner}.")


_VAGUE_RESOURCES = re.compile(
    r"(?:none|nothing|no|n/?a|tbd|tbc|unknown|not sure|don'?t know|we'?ll see|somehow|"
    r"whatever it takes|hard work|effort|time|money|budget|\?+|-+|\.+|ok|yes)",
    re.I,
)


def _realistic(goal: Goal) -> CriterionResult:
    letter, name = "R", "Realistic"
    resources = _text(goal.resources)
    relevance = _text(goal.relevance)
    baseline, target = _try_number(goal.baseline), _try_number(goal.target)
    ratio = change_ratio(baseline, target) if baseline is not None and target is not None else None
    big = ratio is not None and abs(ratio) > BIG_CHANGE
    small = ratio is not None and 0 < abs(ratio) < SMALL_CHANGE
    relevance_hint = (
        "" if relevance else
        " Optional: add why it matters, or which shared goal it serves (the modern “R”, "
        "Relevant)."
    )
    jump = with_article(
        f"{abs(ratio):.0%} {'cut' if ratio < 0 else 'jump'}"
    ).capitalize() if big else ""
    vague_note = _VAGUE_RESOURCES.fullmatch(resources.strip(" .!"))
    if not resources or not _has_letters(resources) or vague_note:
        reason = (
            f"{jump} with no note on how: possibly unrealistic." if big else
            "No resources or feasibility note: what will it take, and why is it doable?"
            if not resources else
            f"{_quote(resources)} does not say what it will take."
        )
        return CriterionResult(
            letter, name, False, reason,
            "Say whose time, how much money, which tools, and why you believe the target can be "
            "reached (a pilot, a good month, another shop's figures)." + relevance_hint,
        )
    reason = f"Resources named: {_quote(resources)}."
    if relevance:
        reason += f" Why it matters: {_quote(relevance)}."
    if big:
        return CriterionResult(
            letter, name, True, reason + f" {jump} is ambitious.",
            "Make sure the note says why it is feasible: a pilot, a benchmark, extra people."
            + relevance_hint,
        )
    if small:
        return CriterionResult(
            letter, name, True, reason,
            with_article(f"{abs(ratio):.0%} change").capitalize()
            + " is small: is it a stretch? Specific, challenging goals tend to beat safe ones."
            + relevance_hint,
        )
    return CriterionResult(letter, name, True, reason, relevance_hint.strip())


def _time_related(goal: Goal, today: date) -> CriterionResult:
    letter, name = "T", "Time-related"
    hint = "Pick a date, e.g. the end of a quarter, and write it as YYYY-MM-DD (2026-03-31)."
    try:
        deadline = parse_date(goal.deadline)
    except ValueError as error:
        return CriterionResult(letter, name, False, str(error), hint)
    if deadline <= today:
        when = "is today" if deadline == today else "has already passed"
        return CriterionResult(
            letter, name, False,
            f"{long_date(deadline)} {when} (today is {long_date(today)}).",
            "Choose a date after today that leaves time to act and to see the result.",
        )
    if deadline > _add_years(today, MAX_YEARS_AHEAD):
        return CriterionResult(
            letter, name, False,
            f"{long_date(deadline)} is more than {MAX_YEARS_AHEAD} years away: too far to shape "
            "this year's work.",
            "Set a nearer milestone (within a year is typical) and review the goal on that date.",
        )
    days = (deadline - today).days
    return CriterionResult(
        letter, name, True, f"Due {long_date(deadline)}, in {_span(days)}.",
        "That is very soon: is there time to act and to see a result?" if days < 7 else "",
    )


def evaluate(goal: Goal, today: date) -> list[CriterionResult]:
    """Feedback on each of S, M, A, R and T, in that order. Never raises on a person's input.

    `today` decides whether a deadline is in the past or too far away; the widget passes
    date.today(), tests and worked examples pass a fixed date.
    """
    if not isinstance(goal, Goal):
        raise TypeError("evaluate() needs a Goal")
    if isinstance(today, datetime):
        today = today.date()
    checks = (
        lambda: _specific(goal),
        lambda: _measurable(goal),
        lambda: assignable(goal),
        lambda: _realistic(goal),
        lambda: _time_related(goal, today),
    )
    results = []
    for (letter, name), check in zip(CRITERIA, checks):
        try:
            results.append(check())
        except Exception:  # a checklist must not crash on odd input: say so instead
            results.append(CriterionResult(
                letter, name, False, "This part could not be checked.",
                "Rewrite it in plain words and numbers, then check again.",
            ))
    return results


def is_smart(results: Iterable[CriterionResult]) -> bool:
    return all(result.met for result in results)


def summary(results: Sequence[CriterionResult]) -> str:
    """One line: how many criteria are met, and which need work."""
    met = sum(result.met for result in results)
    if met == len(results):
        return f"All {len(results)} criteria met: this goal is SMART."
    todo = ", ".join(result.name for result in results if not result.met)
    return f"{met} of {len(results)} criteria met. Needs work: {todo}."


def feedback_frame(results: Sequence[CriterionResult]) -> pd.DataFrame:
    """The results as a table for a notebook: criterion, status, reason, hint."""
    return pd.DataFrame(
        {
            "Criterion": [f"{r.letter} · {r.name}" for r in results],
            "Status": ["✓ met" if r.met else "✗ needs work" for r in results],
            "Reason": [r.reason for r in results],
            "Hint": [r.hint for r in results],
        }
    ).set_index("Criterion")


# ---------------------------------------------------------------------------------------
# The goal as one sentence

_LOWER_FIRST = {
    "the", "a", "an", "our", "my", "their", "his", "her", "its", "one", "two", "three", "four",
    "five", "ten", "new", "extra", "existing", "current", "daily", "weekly", "monthly", "each",
    "every", "some", "half", "about",
}
_LINKERS = ("using ", "with ", "by ", "through ", "thanks to ", "via ", "from ")


def _clause(text: str) -> str:
    return _text(text).rstrip(" .;,:!")


def _verb_first(action: str) -> str:
    """"Bake to order" -> "bake to order"; leaves "USB", "Maria" and "I" alone."""
    if re.match(r"[A-Z][a-z]+\b", action):
        return action[0].lower() + action[1:]
    return action


def _resources_clause(resources: str) -> str:
    first = resources.split(" ", 1)[0]
    linked = resources.lower().startswith(_LINKERS)
    if (first.lower() in _LOWER_FIRST or linked) and first[:1].isupper() and first[1:].islower():
        resources = resources[0].lower() + resources[1:]
    if linked:
        return f", {resources}"
    return f", using {resources}"


def goal_sentence(goal: Goal) -> str:
    """The goal as one sentence to copy into a plan, e.g.

    "By 31 December 2025, the baker will bake each day's bread to the morning huddle's order
    count, to cut waste from 10.7% to 8% of items baked, using the huddle's order sheet."

    Missing parts appear as [brackets], so a draft shows what is still to be decided.
    Never raises on a person's input.
    """
    try:
        deadline = long_date(parse_date(goal.deadline))
    except ValueError:
        deadline = "[deadline]"
    owner = _clause(goal.owner) or "[owner]"
    action = _verb_first(_clause(goal.action)) or "[what will be done]"
    if action.lower().startswith("will "):
        action = action[5:]
    metric = _clause(goal.metric) or "[metric]"
    unit = _clause(goal.unit)
    baseline, target = _try_number(goal.baseline), _try_number(goal.target)
    if target is not None and baseline is not None:
        start, end = with_unit(baseline, unit, last=False), with_unit(target, unit)
        if target < baseline:
            measure = f"to cut {metric} from {start} to {end}"
        elif target > baseline:
            measure = f"to raise {metric} from {start} to {end}"
        else:
            measure = f"to keep {metric} at {with_unit(target, unit)}"
    elif target is not None:
        measure = f"to bring {metric} to {with_unit(target, unit)}"
    else:
        measure = f"to move {metric} from [baseline] to [target]" + (f" {unit}" if unit else "")
    sentence = f"By {deadline}, {owner} will {action}, {measure}"
    resources = _clause(goal.resources)
    if resources:
        sentence += _resources_clause(resources)
    relevance = _clause(goal.relevance)
    if relevance:
        sentence += f" (why it matters: {relevance})"
    return sentence + "."


# ---------------------------------------------------------------------------------------
# Baselines from data


def _window(frame: pd.DataFrame, start=None, end=None, products=None) -> pd.DataFrame:
    """The rows from start to end (inclusive dates), optionally of some products only."""
    dates = pd.to_datetime(frame["date"])
    keep = pd.Series(True, index=frame.index)
    if start is not None:
        keep &= dates >= pd.Timestamp(start)
    if end is not None:
        keep &= dates <= pd.Timestamp(end)
    if products is not None:
        wanted = [products] if isinstance(products, str) else list(products)
        keep &= frame["product"].astype(str).isin(wanted)
    return frame[keep]


def period_share(
    frame: pd.DataFrame, part: str, whole: str, start=None, end=None, products=None
) -> float:
    """sum(part) / sum(whole) over the days from start to end (inclusive): a pooled share,
    e.g. waste as a share of items baked, or large orders on time as a share of large orders.
    NaN when the whole is 0 in that window."""
    window = _window(frame, start, end, products)
    total = float(window[whole].sum())
    return float(window[part].sum()) / total if total else math.nan


def per_day(frame: pd.DataFrame, column: str, start=None, end=None, products=None) -> float:
    """The daily average of a count (summed over products), e.g. complaints a day."""
    window = _window(frame, start, end, products)
    days = window["date"].nunique()
    return float(window[column].sum()) / days if days else math.nan


def monthly_share(
    frame: pd.DataFrame, part: str, whole: str, start=None, end=None, products=None
) -> pd.DataFrame:
    """Per calendar month: the sums of whole and part, and part as a % of whole."""
    window = _window(frame, start, end, products)
    months = pd.to_datetime(window["date"]).dt.to_period("M")
    table = window.groupby(months)[[whole, part]].sum().astype("int64")
    table.index = table.index.strftime("%Y-%m")
    table.index.name = "month"
    table[f"{part} (% of {whole})"] = (100 * table[part] / table[whole]).round(1)
    return table


def sold_out_share(frame: pd.DataFrame, start=None, end=None, products=None) -> float:
    """The share of product-days with nothing left at closing (wasted == 0). A sold-out day
    may have turned customers away: the counter-metric to watch next to a waste goal."""
    window = _window(frame, start, end, products)
    return float((window["wasted"] == 0).mean()) if len(window) else math.nan


# ---------------------------------------------------------------------------------------
# The lesson's examples: vague goals from four kinds of small business, and SMART versions.
# They live in content/smart.yaml. Dates are in late 2025 and 2026; tests evaluate them with
# today = EXAMPLES_AS_OF.

EXAMPLES_AS_OF = date(2025, 8, 29)

EXAMPLES: tuple[GoalExample, ...] = tuple(
    GoalExample(**{**entry, "vague_goal": Goal(**entry["vague_goal"]), "better": Goal(**entry["better"])})
    for entry in load_content("smart")["examples"]
)


# ---------------------------------------------------------------------------------------
# The personal action plan (widgets/core/plan.py)


def plan_entry(goal: Goal, results: Sequence[CriterionResult]) -> plan.Entry:
    """The checked goal as an entry of the learner's plan: its sentence and the five criteria."""
    metric = _text(goal.metric)
    deadline = goal.deadline.isoformat() if isinstance(goal.deadline, date) else _text(goal.deadline)
    return plan.entry("smart", f"SMART goal: {metric}" if metric else "SMART goal", {
        "sentence": goal_sentence(goal),
        "met": sum(bool(r.met) for r in results),
        "criteria": [{"letter": r.letter, "name": r.name, "met": bool(r.met), "reason": r.reason} for r in results],
        "owner": _text(goal.owner),
        "deadline": deadline,
    })
