"""Live workshop sessions: codes, keys, what a participant may submit, and the room's aggregate.

A trainer opens a session with a short code; participants submit anonymously from their own
devices; the facilitator dashboard shows the room's combined result once enough people have
answered. Everything here is pure (no database, no widgets), so the rules are tested without
a kernel and the same code runs in every Voila kernel process.

Three activities reuse the lessons' instruments:
- ``culture``: the culture-archetype assessment of the Competing Values Framework (Cameron &
  Quinn), 100 points per dimension, Now and Preferred (widgets.core.culture);
- ``components``: the five-component self-assessment (widgets.core.components);
- ``pulse``: a three-statement pulse check written for this kit.
Three more evaluate the session (widgets.core.evaluation): ``check_before`` and ``check_after``,
one lesson's knowledge check at the start and the end (the session stores the lesson), and
``reaction``, the reaction form (relevance, confidence, recommendation, two free texts).

Anonymity (ARCHITECTURE.md rule 7): an aggregate is shown only when at least ``min_group_size``
people answered that activity (default 5, never below 3, at most ``MAX_GROUP_SIZE``), and it
holds only summaries (means, counts per answer, and quartiles only from twice the threshold),
never a row or an extreme that belongs to one person. Against differencing, the room's
aggregate is refreshed only when at least the threshold of answers are new or changed since
the one last shown (``refresh_due``): two aggregates the room saw never differ by fewer people
than the threshold, so subtracting one from the other never gives one person's answers.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import statistics
import unicodedata
from collections.abc import Mapping, Sequence
from functools import partial
from numbers import Integral, Real

from widgets.core import components as five
from widgets.core import culture, evaluation
from widgets.core.content import load_content
from widgets.core.evaluation import CHECKS, LiveInputError
from widgets.core.survey import (
    ABSOLUTE_MIN_GROUP_SIZE,
    ANSWER_LABELS,
    LIKERT_MAX,
    LIKERT_MIN,
    MIN_GROUP_SIZE,
)

ACTIVITIES = {
    "culture": "Culture archetypes (Now and Preferred)",
    "components": "Five-component self-assessment",
    "pulse": "Pulse check",
    "check_before": "Knowledge check: before the session",
    "check_after": "Knowledge check: after the session",
    "reaction": "Your reaction to the session",
}

# Our own statements (content/live.yaml, where a trainer can reword them); a 1-5 agreement
# scale like the engagement survey's.
PULSE_ITEMS = dict(load_content("live")["pulse"])

# Codes avoid look-alike characters (0/O, 1/I/L) because people type them from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8 = 8.5e11 codes: not guessable by trying, short enough to type.
_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# The threshold is a number of people in a room; a bound keeps it the same on every database
# (PostgreSQL's INTEGER stops at 2**31 - 1) and catches a typo of extra zeros.
MAX_GROUP_SIZE = 10_000
QUOTE_LIMIT = 60  # a message quotes at most this many characters of a bad value
TITLE_LENGTH = 200
# What one submission may hold before it is read at all: its nesting, its size, its numbers.
_MAX_DEPTH, _MAX_ITEMS, _MAX_DIGITS = 6, 200, 15


class LiveSessionError(LiveInputError):
    """The session itself refuses: unknown, closed, or without that activity."""


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of a text, "…" when cut, invisible characters escaped.

    Lone surrogates, NUL and other control characters are shown as escapes (\\ud800, \\x00),
    so a message that quotes a bad value can always be encoded, printed and stored.
    """
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:limit])
    return shown + "…" if len(text) > limit else shown


def quote(value, limit: int = QUOTE_LIMIT) -> str:
    """A bad value for a message, as Python would show it but never longer than about `limit`."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** _MAX_DIGITS:
        digits = len(str(abs(value)))
        return f"{'-' if value < 0 else ''}{str(abs(value))[:8]}… (a number of {digits:,} digits)"
    if isinstance(value, str):
        more = f" ({len(value):,} characters)" if len(value) > limit else ""
        return f"'{clip(value, limit)}'{more}"
    return clip(repr(value), limit)


def unusable_characters(text: str) -> list[str]:
    """Why a text cannot be stored as it is: lone surrogates, NUL and control characters."""
    problems = []
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        problems.append("a broken character (a lone UTF-16 surrogate)")
    if "\x00" in text:
        problems.append("a NUL character")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\x00\t\n\r" for ch in text):
        problems.append("an invisible control character")
    return problems


# ---------------------------------------------------------------------------------------------
# Codes and keys
# ---------------------------------------------------------------------------------------------

def new_session_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """ABCD-EFGH: easier to read aloud and copy from a slide."""
    return f"{code[:4]}-{code[4:]}"


def normalize_code(text) -> str:
    """The code as stored, from what a person typed or a URL carried; raises LiveInputError."""
    if not isinstance(text, str) or not text.strip():
        raise LiveInputError(["Please give the session code your trainer showed (for example ABCD-EFGH)."])
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise LiveInputError([
            f"“{clip(text.strip(), 20)}” is not a session code: a code has {CODE_LENGTH} letters and "
            "digits, like ABCD-EFGH. Please check it with your trainer."
        ])
    return code


def new_key() -> str:
    """A random key: a participant's identity within a session, or a trainer's secret.

    Never starting with "-", so that ``--key KEY`` on a command line is not read as an option.
    """
    while True:
        key = secrets.token_urlsafe(18)
        if not key.startswith("-"):
            return key


def check_key(key, what: str = "participant key") -> str:
    if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
        raise LiveInputError([f"The {what} is missing or malformed; please reload the page."])
    return key


def hash_key(key: str) -> str:
    """Trainer keys are stored only as a hash, so a copied database does not open dashboards."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key, stored_hash: str) -> bool:
    if not isinstance(key, str) or not key or len(key) > 256 or unusable_characters(key):
        return False
    return hmac.compare_digest(hash_key(key), stored_hash)


def check_activities(activities, lesson: str | None = None) -> tuple[str, ...]:
    """The chosen activities in the kit's order; raises LiveInputError if none or unknown.

    With a lesson (already checked by `evaluation.check_lesson`) the knowledge check's two
    activities are added; without one, neither may be chosen.
    """
    if isinstance(activities, str):
        activities = [part.strip() for part in activities.split(",") if part.strip()]
    chosen = list(activities or [])
    if lesson is not None:
        chosen += [a for a in CHECKS if a not in chosen]
    elif any(a in CHECKS for a in chosen):
        raise LiveInputError(["A knowledge check needs its lesson: choose the lesson whose questions it asks."])
    unknown = list(dict.fromkeys(a for a in chosen if not isinstance(a, str) or a not in ACTIVITIES))
    problems = [f"Unknown activity {quote(a)}; choose from {', '.join(ACTIVITIES)}." for a in unknown[:3]]
    if len(unknown) > 3:
        problems.append(f"… and {len(unknown) - 3:,} more unknown activities.")
    if not chosen:
        problems.append("Choose at least one activity for the session.")
    if problems:
        raise LiveInputError(problems)
    return tuple(a for a in ACTIVITIES if a in chosen)


def check_threshold(min_group_size) -> int:
    """The anonymity threshold: a whole number from 3 to MAX_GROUP_SIZE, or LiveInputError."""
    value = min_group_size
    whole = not isinstance(value, bool) and (
        isinstance(value, Integral) or (isinstance(value, Real) and math.isfinite(value) and value == int(value)))
    if not whole:
        raise LiveInputError([f"The minimum group size must be a whole number of people (got {quote(value)})."])
    size = int(value)
    if size > MAX_GROUP_SIZE:
        raise LiveInputError([
            f"The minimum group size cannot be above {MAX_GROUP_SIZE:,} (got {quote(size)}): it is a "
            f"number of people in the room. The usual setting is {MIN_GROUP_SIZE}."
        ])
    if size < ABSOLUTE_MIN_GROUP_SIZE:
        raise LiveInputError([
            f"The minimum group size cannot be below {ABSOLUTE_MIN_GROUP_SIZE} (got {quote(size)}): with "
            f"groups of 1 or 2, people can be identified from their answers. The usual setting is {MIN_GROUP_SIZE}."
        ])
    return size


def check_title(title) -> str:
    """A session's title as stored: trimmed, at most TITLE_LENGTH characters, a default if empty.

    Refuses text that no database stores as typed (lone surrogates; NUL, which PostgreSQL
    refuses), so SQLite and PostgreSQL accept the same titles.
    """
    if title is None:
        title = ""
    if not isinstance(title, str):
        raise LiveInputError([f"The session title must be text (got {quote(title)})."])
    title = " ".join(title.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" "))
    problems = unusable_characters(title)
    if problems:
        raise LiveInputError([f"The session title {quote(title)} contains {' and '.join(problems)}; "
                              "please type it again."])
    return title.strip()[:TITLE_LENGTH].strip() or "Workshop session"


def parse_query(query_string: str) -> dict[str, str]:
    """The page's query string as single values (the last one wins), ignoring empty ones."""
    from urllib.parse import parse_qsl

    return {k: v for k, v in parse_qsl(query_string or "", keep_blank_values=False)}


# ---------------------------------------------------------------------------------------------
# Validating one participant's answers
# ---------------------------------------------------------------------------------------------

def _plain_number(value):
    return int(value) if float(value).is_integer() else float(value)


def validate_culture(answers) -> dict:
    if not isinstance(answers, Mapping) or set(answers) != {"now", "preferred"}:
        raise LiveInputError(["The culture assessment needs a Now and a Preferred part."])
    problems = []
    for phase in ("now", "preferred"):
        label = "Now" if phase == "now" else "Preferred"
        problems += [f"{label}: {p}" for p in culture.validate_allocation(answers[phase])]
    if problems:
        raise LiveInputError(problems)
    return {
        phase: {d: {t: _plain_number(answers[phase][d][t]) for t in culture.CULTURE_TYPES}
                for d in culture.DIMENSIONS}
        for phase in ("now", "preferred")
    }


def validate_components(answers) -> dict:
    problems = five.validate_response(answers)
    if problems:
        raise LiveInputError(problems)
    return {
        "ratings": five.normalize(answers["ratings"]),
        "dependencies": five.normalize_dependencies(answers.get("dependencies")),
    }


def validate_pulse(answers) -> dict:
    if not isinstance(answers, Mapping):
        raise LiveInputError(["The pulse check needs an answer to each statement."])
    problems = [f"Unknown statement {quote(k)}." for k in answers if k not in PULSE_ITEMS]
    clean = {}
    for item, statement in PULSE_ITEMS.items():
        value = answers.get(item)
        if value is None:
            problems.append(f"Please answer: “{statement}”")
        elif isinstance(value, bool) or not isinstance(value, Integral) or not LIKERT_MIN <= value <= LIKERT_MAX:
            problems.append(f"“{statement}” needs an answer from {LIKERT_MIN} to {LIKERT_MAX}.")
        else:
            clean[item] = int(value)
    if problems:
        raise LiveInputError(problems)
    return clean


VALIDATORS = {"culture": validate_culture, "components": validate_components, "pulse": validate_pulse,
              "check_before": partial(evaluation.validate_check, "check_before"),
              "check_after": partial(evaluation.validate_check, "check_after"),
              "reaction": evaluation.validate_reaction}
# Free-text answers (their top-level keys): the screen leaves their length and characters to
# the activity's own rule, which names the field and allows up to evaluation.TEXT_LIMIT.
FREE_TEXT = {"reaction": tuple(evaluation.TEXTS)}


def screen_answers(answers, free_text: Sequence[str] = ()) -> list[str]:
    """Problems that stop a submission before its content is read: too deep, too many items,
    keys or texts too long or with unusable characters, numbers far too large.

    What passes is small enough that every later message quotes it in a few characters. The
    texts under the top-level keys `free_text` are left to the activity's rule (never quoted).
    """
    problems: list[str] = []
    if free_text and isinstance(answers, Mapping):
        answers = {k: ("" if k in free_text and isinstance(v, str) else v) for k, v in answers.items()}

    def visit(value, depth: int) -> None:
        if len(problems) >= 3:
            return
        if depth > _MAX_DEPTH:
            problems.append("The answers are nested too deeply to be read.")
        elif isinstance(value, Mapping | list | tuple):
            if len(value) > _MAX_ITEMS:
                problems.append(f"The answers hold {len(value):,} items in one place; that is too many to read.")
                return
            for key in value if isinstance(value, Mapping) else ():
                visit(key, depth + 1)
            for item in value.values() if isinstance(value, Mapping) else value:
                visit(item, depth + 1)
        elif isinstance(value, str):
            unusable = unusable_characters(value)
            if unusable:
                problems.append(f"{quote(value)} contains {' and '.join(unusable)}.")
            elif len(value) > QUOTE_LIMIT:
                problems.append(f"{quote(value)} is far longer than any answer here.")
        elif isinstance(value, Integral) and not isinstance(value, bool) and abs(value) >= 10 ** _MAX_DIGITS:
            problems.append(f"{quote(value)} is far too large a number for an answer.")
        elif isinstance(value, float) and not math.isfinite(value):
            problems.append(f"{quote(value)} is not a number that can be used.")

    visit(answers, 0)
    return problems


def validate_submission(activity: str, answers, *, lesson: str | None = None) -> dict:
    """The answers in their stored form, or LiveInputError listing every problem.

    `lesson` is the session's knowledge-check lesson (needed by the two check activities).
    """
    if not isinstance(activity, str) or activity not in VALIDATORS:
        raise LiveInputError([f"Unknown activity {quote(activity)}."])
    problems = screen_answers(answers, FREE_TEXT.get(activity, ()))
    if problems:
        raise LiveInputError(problems)
    try:
        if activity in CHECKS:
            return VALIDATORS[activity](answers, lesson)
        return VALIDATORS[activity](answers)
    except LiveInputError:
        raise
    except (OverflowError, ValueError, TypeError, RecursionError):
        raise LiveInputError(["These answers cannot be read; please send them again from the page."]) from None


# ---------------------------------------------------------------------------------------------
# One participant's own result (shown only to them)
# ---------------------------------------------------------------------------------------------

def own_feedback(activity: str, answers: Mapping) -> dict:
    """The participant's own result: {"text": ...}, and for a knowledge check "sections" (lists
    of lines under a heading: right/total per objective; after "check_after", the rationale)."""
    if activity in CHECKS:
        return evaluation.check_own_result(activity, answers)
    if activity == "reaction":
        return evaluation.reaction_own_result(answers)
    return {"text": own_result(activity, answers)}


def own_result(activity: str, answers: Mapping) -> str:
    """A sentence or two about the participant's own answers, for their confirmation."""
    if activity in CHECKS or activity == "reaction":
        return own_feedback(activity, answers)["text"]
    if activity == "culture":
        now, preferred = culture.profile(answers["now"]), culture.profile(answers["preferred"])
        return culture.describe_profiles(now, preferred)
    if activity == "components":
        return five.summary(answers["ratings"], answers["dependencies"])
    parts = [f"{ANSWER_LABELS[answers[i]]} ({answers[i]}) with “{s}”" for i, s in PULSE_ITEMS.items()]
    return "You answered: " + "; ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# The room's aggregate
# ---------------------------------------------------------------------------------------------

def _spread(values: Sequence[float], min_group_size: int = MIN_GROUP_SIZE) -> dict[str, float]:
    """The mean, and the middle half of the answers only from twice the threshold.

    No minimum or maximum: an extreme is always one person's answer. Quartiles of fewer than
    2 × threshold answers are themselves individual answers (of 5 answers, min, quartiles,
    median and max are all five), so below that only the mean is given.
    """
    result = {"mean": statistics.fmean(values)}
    if len(values) >= 2 * min_group_size:
        q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
        result.update(q1=q1, median=median, q3=q3)
    return result


def aggregate_culture(responses: Sequence[Mapping], min_group_size: int = MIN_GROUP_SIZE) -> dict:
    now = [culture.profile(r["now"]) for r in responses]
    preferred = [culture.profile(r["preferred"]) for r in responses]
    team_now, team_preferred = culture.team_profile(now), culture.team_profile(preferred)
    spread = [
        {"type": t, "phase": phase, **_spread([p[t] for p in profiles], min_group_size)}
        for t in culture.CULTURE_TYPES
        for phase, profiles in (("Now", now), ("Preferred", preferred))
    ]
    return {
        "now": team_now,
        "preferred": team_preferred,
        "spread": spread,
        "gaps_to_discuss": [
            {"type": g.culture_type, "now": g.now, "preferred": g.preferred, "change": g.preferred - g.now}
            for g in culture.gaps_to_discuss(team_now, team_preferred)
        ],
        "description": culture.describe_profiles(team_now, team_preferred),
    }


def aggregate_components(responses: Sequence[Mapping], min_group_size: int = MIN_GROUP_SIZE) -> dict:
    means = {
        c: {phase: statistics.fmean(r["ratings"][c][phase] for r in responses) for phase in five.PHASES}
        for c in five.COMPONENTS
    }
    weakest = five.weakest_link(means)
    return {
        "means": means,
        "spread": [
            {"component": c, "label": five.LABELS[c],
             **_spread([r["ratings"][c]["current"] for r in responses], min_group_size)}
            for c in five.COMPONENTS
        ],
        "weakest_link": weakest,
        "description": five.describe_gaps(means, weakest["component"]),
    }


def aggregate_pulse(responses: Sequence[Mapping], min_group_size: int = MIN_GROUP_SIZE) -> dict:
    rows = []
    for item, statement in PULSE_ITEMS.items():
        answers = [r[item] for r in responses]
        counts = {value: answers.count(value) for value in range(LIKERT_MIN, LIKERT_MAX + 1)}
        rows.append({
            "item": item,
            "statement": statement,
            "counts": counts,
            "mean": statistics.fmean(answers),
            "agree_share": sum(counts[v] for v in (4, 5)) / len(answers),
        })
    lines = [
        f"“{row['statement']}”: {round(100 * row['agree_share'])}% agree, mean {row['mean']:.1f} of 5."
        for row in rows
    ]
    return {"items": rows, "description": " ".join(lines)}


AGGREGATORS = {"culture": aggregate_culture, "components": aggregate_components, "pulse": aggregate_pulse,
               "check_before": partial(evaluation.aggregate_check, "check_before"),
               "check_after": partial(evaluation.aggregate_check, "check_after"),
               "reaction": evaluation.aggregate_reaction}


def room_aggregate(activity: str, responses: Sequence[Mapping], min_group_size: int = MIN_GROUP_SIZE) -> dict:
    """The room's aggregate for one activity, or a status saying how many more answers it needs.

    Always returns {"count", "min_group_size", "shown", ...}; the summaries are present only
    when `shown` is True, so a caller cannot display them by mistake below the threshold.
    This is the aggregate of exactly `responses`; which answers the room may see, and when,
    is decided by `refresh_due` (the store keeps the answers last shown).
    """
    threshold = check_threshold(min_group_size)
    count = len(responses)
    result = {"activity": activity, "count": count, "min_group_size": threshold, "shown": count >= threshold}
    if not result["shown"]:
        missing = threshold - count
        result["status"] = (
            f"{count} answer{'s' if count != 1 else ''} so far. The room's result appears when "
            f"{threshold} people have answered ({missing} more), so that no one's answers can be picked out."
        )
        return result
    result.update(AGGREGATORS[activity](responses, threshold))
    return result


# ---------------------------------------------------------------------------------------------
# When the room's aggregate may change (against differencing)
# ---------------------------------------------------------------------------------------------
# An answer is identified by its row and its revision (sending again makes a new revision), so
# "versions" map a row id to its revision. The room saw the aggregate of the versions last shown;
# it may see a new one only when at least the threshold of rows are new or changed since, so no
# two aggregates the room ever saw differ by fewer people than the threshold. Revisions only grow,
# so this holds between any two aggregates shown, not only consecutive ones.

def changed_since(shown: Mapping[int, int] | None, current: Mapping[int, int]) -> int:
    """How many answers are new, changed or gone between the versions shown and the current ones."""
    shown = shown or {}
    return sum(1 for row in set(shown) | set(current) if shown.get(row) != current.get(row))


def refresh_due(shown: Mapping[int, int] | None, current: Mapping[int, int], min_group_size: int) -> bool:
    """Whether the room's aggregate may move from the versions shown to the current ones.

    The first time: when the threshold has answered. After that: when at least the threshold of
    answers are new or changed. Closing the session changes nothing here: an update at closing
    with fewer new answers would give them away by subtraction (they stay in the trainer's CSV).
    """
    threshold = check_threshold(min_group_size)
    if not shown:
        return len(current) >= threshold
    return changed_since(shown, current) >= threshold


def shown_aggregate(activity: str, shown_answers: Sequence[Mapping] | None, shown: Mapping[int, int] | None,
                    current: Mapping[int, int], min_group_size: int, *, is_open: bool = True) -> dict:
    """What the room sees: the aggregate of the answers last shown, and when it next changes.

    `count` is every answer now in; `shown_count` those in the aggregate; `waiting` those new or
    changed since; `next_update_after` how many more it takes (0 when an update is due).
    """
    threshold = check_threshold(min_group_size)
    count = len(current)
    if not shown_answers:
        result = room_aggregate(activity, [], threshold)
        result["count"] = count
        missing = max(threshold - count, 0)
        result["status"] = (
            f"{count} answer{'s' if count != 1 else ''} so far. The room's result appears when "
            f"{threshold} people have answered ({missing} more), so that no one's answers can be picked out."
        )
        result.update(shown_count=0, waiting=count, next_update_after=missing)
        return result
    result = room_aggregate(activity, shown_answers, threshold)
    waiting = changed_since(shown, current)
    result.update(count=count, shown_count=len(shown_answers), waiting=waiting,
                  next_update_after=max(threshold - waiting, 0))
    result["update_status"] = update_status(len(shown_answers), waiting, threshold, is_open=is_open)
    return result


def update_status(shown_count: int, waiting: int, min_group_size: int, *, is_open: bool = True) -> str:
    """"12 answers shown; the next update comes after 5 more." for the dashboard."""
    shown = f"{shown_count} answer{'s' if shown_count != 1 else ''} shown"
    more = max(min_group_size - waiting, 0)
    if not is_open:
        if waiting:
            return (f"{shown}. The session is closed; the {waiting} answer{'s' if waiting != 1 else ''} that "
                    f"came after the last update stay{'s' if waiting == 1 else ''} out of the room's view, so "
                    "that no one's answers can be picked out (the exported CSV has every answer).")
        return f"{shown}: every answer. The session is closed."
    if more == 0:
        return f"{shown}; an update is due."
    return (f"{shown}; the next update comes after {more} more "
            f"(new or changed answers are shown {min_group_size} at a time, so no one's can be picked out).")


# ---------------------------------------------------------------------------------------------
# Links the facilitator hands out
# ---------------------------------------------------------------------------------------------

def page_link(page: str, code: str, *, host: str = "", port: str = "", script_name: str = "",
              token: str | None = None, trainer_key: str | None = None) -> str:
    """A link to a sibling page of `script_name` (the page being served) for a session.

    With a host it is absolute (for the projector); without, relative to the current page.
    The room's access token, when the server has one, is carried along so the link opens.
    """
    from urllib.parse import urlencode

    query = {"session": format_code(code)}
    if trainer_key:
        query["key"] = trainer_key
    if token:
        query["token"] = token
    folder = script_name.rsplit("/", 1)[0] + "/" if "/" in script_name else ""
    path = f"{folder}{page}?{urlencode(query)}"
    if not host:
        return path
    default_port = port in ("", "80", "443")
    return f"http://{host}{'' if default_port else ':' + port}{path}"


def join_link(code: str, *, host: str = "", port: str = "", base_url: str = "/", token: str | None = None) -> str:
    """The participant page of a session, served without a kernel: `/aligned/join/ABCD-EFGH`.

    With a host it is absolute (for the projector); the room's access token, when the server
    has one, is carried along so the link opens.
    """
    from urllib.parse import urlencode

    path = "/" + "/".join(p for p in (base_url.strip("/"), "aligned", "join", format_code(code)) if p)
    if token:
        path += "?" + urlencode({"token": token})
    if not host:
        return path
    default_port = port in ("", "80", "443")
    return f"http://{host}{'' if default_port else ':' + port}{path}"


def problem_field(activity: str, problem: str, lesson: str | None = None) -> str | None:
    """The form field a refusal is about, so a page can show it beside that field.

    The core's sentences name their place first ("Now: Organization glue: 20 points left",
    "Strategy (target): no score yet", "Please answer: “<statement>”"); the field names are
    those of the participant page (`culture.now.<dimension>`, `components.<component>`,
    `pulse.<item>`, `check_before.<question>`, `reaction.<field>`). None when a problem is about
    the whole form.
    """
    if activity in CHECKS:
        return evaluation.check_problem_field(activity, problem, lesson)
    if activity == "reaction":
        return evaluation.reaction_problem_field(problem)
    if activity == "culture":
        for phase, label in (("now", "Now: "), ("preferred", "Preferred: ")):
            if problem.startswith(label):
                rest = problem[len(label):]
                for dimension, title in culture.DIMENSIONS.items():
                    if rest.startswith(title + ":"):
                        return f"culture.{phase}.{dimension}"
                return f"culture.{phase}"
        return None
    if activity == "components":
        for component, label in five.LABELS.items():
            if problem.startswith((label + ":", label + " (", label + " cannot")):
                return f"components.{component}"
        return None
    if activity == "pulse":
        for item, statement in PULSE_ITEMS.items():
            if f"“{statement}”" in problem:
                return f"pulse.{item}"
    return None
