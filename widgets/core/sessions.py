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

Anonymity (ARCHITECTURE.md rule 7): an aggregate is shown only when at least ``min_group_size``
people answered that activity (default 5, never below 3), and it holds only summaries (means,
quartiles, counts per answer), never a row that belongs to one person.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import statistics
from collections.abc import Mapping, Sequence
from numbers import Integral

from widgets.core import components as five
from widgets.core import culture
from widgets.core.problems import InputProblems
from widgets.core.survey import ANSWER_LABELS, LIKERT_MAX, LIKERT_MIN, MIN_GROUP_SIZE, check_min_size

ACTIVITIES = {
    "culture": "Culture archetypes (Now and Preferred)",
    "components": "Five-component self-assessment",
    "pulse": "Pulse check",
}

# Our own statements; a 1-5 agreement scale like the engagement survey's.
PULSE_ITEMS = {
    "direction": "I could explain our most important priority for the next three months in one sentence.",
    "connection": "I can see how my own work this month moves that priority forward.",
    "voice": "If I disagreed with a decision in a meeting, I would say so there and then.",
}

# Codes avoid look-alike characters (0/O, 1/I/L) because people type them from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8 = 8.5e11 codes: not guessable by trying, short enough to type.
_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


class LiveInputError(InputProblems):
    """A submission or setting that is refused; `problems` holds one sentence per problem."""


class LiveSessionError(LiveInputError):
    """The session itself refuses: unknown, closed, or without that activity."""


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
            f"“{text.strip()[:20]}” is not a session code: a code has {CODE_LENGTH} letters and "
            "digits, like ABCD-EFGH. Please check it with your trainer."
        ])
    return code


def new_key() -> str:
    """A random key: a participant's identity within a session, or a trainer's secret."""
    return secrets.token_urlsafe(18)


def check_key(key, what: str = "participant key") -> str:
    if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
        raise LiveInputError([f"The {what} is missing or malformed; please reload the page."])
    return key


def hash_key(key: str) -> str:
    """Trainer keys are stored only as a hash, so a copied database does not open dashboards."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key, stored_hash: str) -> bool:
    if not isinstance(key, str) or not key:
        return False
    return hmac.compare_digest(hash_key(key), stored_hash)


def check_activities(activities) -> tuple[str, ...]:
    """The chosen activities in the kit's order; raises LiveInputError if none or unknown."""
    if isinstance(activities, str):
        activities = [part.strip() for part in activities.split(",") if part.strip()]
    chosen = list(activities or [])
    unknown = [a for a in chosen if a not in ACTIVITIES]
    problems = [f"Unknown activity {a!r}; choose from {', '.join(ACTIVITIES)}." for a in unknown]
    if not chosen:
        problems.append("Choose at least one activity for the session.")
    if problems:
        raise LiveInputError(problems)
    return tuple(a for a in ACTIVITIES if a in chosen)


def check_threshold(min_group_size) -> int:
    try:
        return check_min_size(min_group_size)
    except ValueError as error:
        raise LiveInputError([str(error)]) from None


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
    problems = [f"Unknown statement {k!r}." for k in answers if k not in PULSE_ITEMS]
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


VALIDATORS = {"culture": validate_culture, "components": validate_components, "pulse": validate_pulse}


def validate_submission(activity: str, answers) -> dict:
    """The answers in their stored form, or LiveInputError listing every problem."""
    if activity not in VALIDATORS:
        raise LiveInputError([f"Unknown activity {activity!r}."])
    return VALIDATORS[activity](answers)


# ---------------------------------------------------------------------------------------------
# One participant's own result (shown only to them)
# ---------------------------------------------------------------------------------------------

def own_result(activity: str, answers: Mapping) -> str:
    """A sentence or two about the participant's own answers, for their confirmation."""
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

def _spread(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if len(ordered) >= 2:
        q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = median = q3 = ordered[0]
    return {"min": ordered[0], "q1": q1, "median": median, "q3": q3, "max": ordered[-1]}


def aggregate_culture(responses: Sequence[Mapping]) -> dict:
    now = [culture.profile(r["now"]) for r in responses]
    preferred = [culture.profile(r["preferred"]) for r in responses]
    team_now, team_preferred = culture.team_profile(now), culture.team_profile(preferred)
    spread = [
        {"type": t, "phase": phase, **_spread([p[t] for p in profiles])}
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


def aggregate_components(responses: Sequence[Mapping]) -> dict:
    means = {
        c: {phase: statistics.fmean(r["ratings"][c][phase] for r in responses) for phase in five.PHASES}
        for c in five.COMPONENTS
    }
    weakest = five.weakest_link(means)
    return {
        "means": means,
        "spread": [
            {"component": c, "label": five.LABELS[c], **_spread([r["ratings"][c]["current"] for r in responses])}
            for c in five.COMPONENTS
        ],
        "weakest_link": weakest,
        "description": five.describe_gaps(means, weakest["component"]),
    }


def aggregate_pulse(responses: Sequence[Mapping]) -> dict:
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


AGGREGATORS = {"culture": aggregate_culture, "components": aggregate_components, "pulse": aggregate_pulse}


def room_aggregate(activity: str, responses: Sequence[Mapping], min_group_size: int = MIN_GROUP_SIZE) -> dict:
    """The room's aggregate for one activity, or a status saying how many more answers it needs.

    Always returns {"count", "min_group_size", "shown", ...}; the summaries are present only
    when `shown` is True, so a caller cannot display them by mistake below the threshold.
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
    result.update(AGGREGATORS[activity](responses))
    return result


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
