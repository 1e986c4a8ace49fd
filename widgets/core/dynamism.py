"""The alignment rhythm check: how often each part of the organization should be reviewed.

Model. Contingency theory says that no organizational design is best everywhere: what fits
depends on the environment (T. Burns & G. M. Stalker, *The Management of Innovation*, 1961;
P. R. Lawrence & J. W. Lorsch, *Organization and Environment*, 1967; L. Donaldson, *The
Contingency Theory of Organizations*, 2001). Here the idea is applied to *time*: the faster and
less predictably the environment moves, the sooner a fit made today goes stale, so the more
often the parts that face the environment most directly need a review.

The environment is rated on five statements written for this kit (never a published
instrument). Three follow G. G. Dess & D. W. Beard (1984), "Dimensions of organizational task
environments", *Administrative Science Quarterly* 29(1): dynamism (split into pace and
unpredictability), complexity and munificence (asked as its opposite, scarcity, so that a high
rating always means a more demanding environment). The fifth is internal change, the
"endogenous dynamism" of the source text. Pace and unpredictability count double, because
R. B. Duncan (1972, *ASQ* 17(3)) found the static-dynamic dimension contributed more to
managers' uncertainty than the simple-complex one.

The rule, in full (RULE_TEXT says it to learners):

1. Dynamism score: the weighted mean of the five ratings (1 to 5; weights in ITEMS).
2. Band: stable below 2.5, shifting from 2.5 to below 3.5, turbulent from 3.5.
3. Recommended cadence: looked up in CADENCE for each part and band. Strategy and processes
   face the market most directly and speed up most (yearly to monthly); culture, structure
   and rewards change slowly and are hurt by constant revision, so they speed up least.
4. Mismatch: frequencies sit on a ladder (monthly, quarterly, twice a year, yearly, every two
   years, never). Any step slower than recommended is "too rarely"; "never" is its own,
   stronger flag. Two or more steps faster is "too often": churn (E. Abrahamson, "Change
   without pain", *Harvard Business Review* 78(4), 2000, calls it repetitive-change
   syndrome). One step faster is in rhythm: a light extra check costs an hour, not a
   reorganization.

The cadences are this kit's rules of thumb, not published norms; the lesson says so.

Data formats, plain dicts so a response can be stored as JSON:

    environment = {"pace": 4, "unpredictability": 5, "complexity": 3, "scarcity": 4,
                   "internal_change": 3}        # 1-5; team averages may be fractional
    reviews = {"strategy": "yearly", ..., "culture": "two_yearly"}   # keys of FREQUENCIES

Pure Python (pandas only for tables): unit-tested without a kernel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

from widgets.core import plan
from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.text import join_words

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")


SCALE_MIN, SCALE_MAX = 1, 5

# -- the environment -----------------------------------------------------------------------


@dataclass(frozen=True)
class EnvironmentItem:
    key: str
    label: str
    question: str
    anchors: Mapping[int, str]  # what each point of the 1-5 scale looks like
    weight: int
    source: str


# The questions live in content/dynamism.yaml, where a trainer can change them (widgets.core.content).
ITEMS = tuple(
    EnvironmentItem(**{**entry, "anchors": dict(enumerate(entry["anchors"], start=1))})
    for entry in load_content("dynamism")["items"]
)

ITEMS_BY_KEY = {item.key: item for item in ITEMS}
ITEM_KEYS = tuple(ITEMS_BY_KEY)
TOTAL_WEIGHT = sum(item.weight for item in ITEMS)

# -- how often: the frequency ladder -------------------------------------------------------


@dataclass(frozen=True)
class Frequency:
    key: str
    label: str  # what a learner chooses
    months: int | None  # None: never on purpose
    every: str  # for sentences: "Review it every quarter"
    short: str  # for a chart's axis
    step: int  # position on the ladder, 0 = most often

    @property
    def cadence(self) -> str:
        """For a table cell: "Every quarter", "Twice a year"."""
        return self.every[0].upper() + self.every[1:]


FREQUENCIES = tuple(
    Frequency(key, label, months, every, short, step)
    for step, (key, label, months, every, short) in enumerate(
        (
            ("monthly", "Monthly or more often", 1, "every month", "Monthly"),
            ("quarterly", "Quarterly", 3, "every quarter", "Quarterly"),
            ("half_yearly", "Twice a year", 6, "twice a year", "Twice a year"),
            ("yearly", "Once a year", 12, "once a year", "Yearly"),
            ("two_yearly", "Every two years or less often", 24, "every two years",
             "Every 2 years"),
            ("never", "Only when something goes wrong, or never", None,
             "only when something goes wrong", "Never"),
        )
    )
)
FREQUENCIES_BY_KEY = {f.key: f for f in FREQUENCIES}
NEVER = "never"

# -- the bands -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    low: float  # the band holds scores from low (inclusive) to high (exclusive)
    high: float
    meaning: str


BANDS = (
    Band(
        "stable",
        "Stable",
        1.0,
        2.5,
        "Change is slow and foreseeable. Burns and Stalker's mechanistic features (clear "
        "roles, written procedures, an annual planning cycle) are efficient here, not "
        "old-fashioned. The risk is missing the rare shift when it does come.",
    ),
    Band(
        "shifting",
        "Shifting",
        2.5,
        3.5,
        "Change is steady and partly foreseeable, as for most SMBs. Keep a yearly cycle for "
        "the slow-moving parts and check strategy and the core processes every quarter.",
    ),
    Band(
        "turbulent",
        "Turbulent",
        3.5,
        math.inf,
        "Change is fast or hard to predict. Organic features pay off: short review loops, "
        "decisions close to the work, roles that flex. The risk is churn: changing "
        "everything at once, faster than anyone can learn.",
    ),
)
BANDS_BY_KEY = {band.key: band for band in BANDS}
BAND_KEYS = tuple(BANDS_BY_KEY)
NEAR_BOUNDARY = 0.25  # a score this close to a band's edge gets a note

# -- the parts of the organization ---------------------------------------------------------


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    in_five: bool  # one of the five components; rewards and culture are not
    review: str  # the question a review asks
    too_rarely: str  # advice; {every} is the recommended cadence
    too_often: str  # advice; {actual} is how often it is reviewed now


PARTS = (
    Part(
        "strategy",
        "Strategy",
        True,
        "Are our two or three goals, and the assumptions behind them, still right?",
        "Put a short strategy check in the calendar {every}: which assumptions behind the "
        "plan have changed, and what will we stop doing?",
        "Revisiting the strategy {actual} is more than your environment needs: people stop "
        "investing in goals that may change again. Hold the goals steady between reviews "
        "and watch two or three signals instead.",
    ),
    Part(
        "structure",
        "Structure",
        True,
        "Do roles and decision rights still fit the work?",
        "Review who decides what {every}: list the decisions that waited for someone last "
        "month and give each one an owner.",
        "Redrawing roles {actual} leaves people unsure whom to ask. Review decision rights "
        "on the recommended rhythm, and change the chart only when a misfit has lasted.",
    ),
    Part(
        "people",
        "People",
        True,
        "Do we have the skills, backups and headcount that the next six months need?",
        "Check skills and staffing {every}: which skill sits with only one person, and "
        "which will the next change need?",
        "Reworking people's roles, targets or training plans {actual} is unsettling. Keep "
        "one-to-ones frequent, but change the plans on the recommended rhythm.",
    ),
    Part(
        "processes",
        "Processes",
        True,
        "Do our core workflows still fit what customers ask for, and where do they break?",
        "Review the core workflows {every} with the people who run them: where did work "
        "stall, and which one change will we try next?",
        "Changing procedures {actual} means nobody masters the current one. Let each change "
        "run long enough to judge it before the next.",
    ),
    Part(
        "technology",
        "Technology",
        True,
        "Do our tools still fit our processes, and are they used as intended?",
        "Check tools and data {every}: what is retyped, what is unused, and which process "
        "has outgrown its tool?",
        "Switching or reconfiguring tools {actual} costs learning time and data quality. "
        "Settle the process first, then change tools on the recommended rhythm.",
    ),
    Part(
        "rewards",
        "Rewards and measures",
        False,
        "Do the things we count, pay for and praise still pull toward our goals?",
        "Check rewards and measures {every}: which target could someone hit while harming "
        "the goals, and what gets praised on Monday morning?",
        "Changing targets, bonuses or measures {actual} teaches people to wait out each "
        "scheme. Keep the rules steady between reviews.",
    ),
    Part(
        "culture",
        "Culture and shared values",
        False,
        "Do our shared values and everyday habits still support where we are going?",
        "Take the culture's temperature {every}: a short anonymous pulse survey or a "
        "facilitated talk about what we say and what we actually do.",
        "Culture moves slowly, and culture programs launched {actual} turn into slogans. "
        "Listen all the time, but review and change deliberately on the recommended rhythm.",
    ),
)
PARTS_BY_KEY = {part.key: part for part in PARTS}
PART_KEYS = tuple(PARTS_BY_KEY)
FIVE_COMPONENTS = tuple(p.key for p in PARTS if p.in_five)

# Recommended cadence per part: (stable, shifting, turbulent). Each row speeds up (or stays)
# as the band rises; a test checks it.
CADENCE = {
    "strategy": ("yearly", "quarterly", "monthly"),
    "structure": ("two_yearly", "yearly", "half_yearly"),
    "people": ("yearly", "half_yearly", "quarterly"),
    "processes": ("yearly", "quarterly", "monthly"),
    "technology": ("yearly", "half_yearly", "quarterly"),
    "rewards": ("yearly", "yearly", "half_yearly"),
    "culture": ("two_yearly", "yearly", "yearly"),
}

CHURN_STEPS = 2  # this many steps more often than recommended is "too often"

STATUSES = {
    "never": "Never reviewed on purpose",
    "too_rarely": "Too rarely",
    "in_rhythm": "In rhythm",
    "too_often": "Too often: churn risk",
}

RULE_TEXT = (
    "Your dynamism score is the weighted average of the five environment ratings; pace of "
    "change and unpredictability count double. Below 2.5 the environment counts as stable, "
    "from 2.5 as shifting, from 3.5 as turbulent. Each part has a recommended review cadence "
    "for each band (the table in the lesson). Reviewing a part even one step less often than "
    "recommended is flagged as too rarely. Reviewing it two or more steps more often is "
    "flagged as churn: changes come faster than anyone can learn from them. One step more "
    "often is fine while the reviews stay light. The cadences are this kit's rules of thumb, "
    "grounded in contingency theory, not published norms."
)


class DynamismInputError(InputProblems):
    """Answers that cannot be checked; `problems` holds one friendly sentence per problem."""


# -- validation ----------------------------------------------------------------------------


def _rating_problem(label: str, value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{label}: not rated yet. Choose a rating from {SCALE_MIN} to {SCALE_MAX}."
    if isinstance(value, bool) or not isinstance(value, Real):
        return f"{label}: {value!r} is not a number. Choose a rating from {SCALE_MIN} to {SCALE_MAX}."
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return f"{label}: {value!r} is not a number. Choose a rating from {SCALE_MIN} to {SCALE_MAX}."
    if not SCALE_MIN <= number <= SCALE_MAX:
        return f"{label}: {value:g} is outside the scale; choose a rating from {SCALE_MIN} to {SCALE_MAX}."
    return None


def validate_environment(environment) -> list[str]:
    """Every problem with the environment ratings, in question order; [] when they are usable."""
    if environment is None:
        environment = {}
    if not isinstance(environment, Mapping):
        return ["The environment ratings should map each of the five questions to a rating."]
    problems = [
        problem
        for item in ITEMS
        if (problem := _rating_problem(item.label, environment.get(item.key))) is not None
    ]
    unknown = sorted(str(key) for key in environment if key not in ITEMS_BY_KEY)
    if unknown:
        problems.append("Not an environment question: " + ", ".join(unknown) + ".")
    return problems


def validate_reviews(reviews) -> list[str]:
    """Every problem with the review frequencies, in part order; [] when they are usable."""
    if reviews is None:
        reviews = {}
    if not isinstance(reviews, Mapping):
        return ["The review frequencies should map each of the seven parts to how often it is reviewed."]
    problems = []
    for part in PARTS:
        value = reviews.get(part.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"{part.label}: choose how often it is reviewed.")
        elif not isinstance(value, str) or value not in FREQUENCIES_BY_KEY:
            problems.append(
                f"{part.label}: {value!r} is not one of the choices ("
                + ", ".join(f.label.lower() for f in FREQUENCIES)
                + ")."
            )
    unknown = sorted(str(key) for key in reviews if key not in PARTS_BY_KEY)
    if unknown:
        problems.append("Not one of the seven parts: " + ", ".join(unknown) + ".")
    return problems


def validate(environment, reviews) -> list[str]:
    """Every problem with a whole response; [] when it can be checked."""
    return validate_environment(environment) + validate_reviews(reviews)


# -- the rule ------------------------------------------------------------------------------


def dynamism_score(environment: Mapping) -> float:
    """The weighted mean of the five ratings (1 to 5); pace and unpredictability count double."""
    problems = validate_environment(environment)
    if problems:
        raise DynamismInputError(problems)
    total = sum(item.weight * float(environment[item.key]) for item in ITEMS)
    # rounding keeps scores such as 17.5 / 7 exactly on a band's edge, not a hair below it
    return round(total / TOTAL_WEIGHT, 6)


def band_for(score: float) -> Band:
    """The band a dynamism score falls in."""
    if isinstance(score, bool) or not isinstance(score, Real) or math.isnan(float(score)):
        raise DynamismInputError([f"{score!r} is not a dynamism score."])
    if not SCALE_MIN <= score <= SCALE_MAX:
        raise DynamismInputError(
            [f"A dynamism score runs from {SCALE_MIN} to {SCALE_MAX}; {score:g} is outside it."]
        )
    return next(band for band in BANDS if band.low <= score < band.high)


def recommended(part: str, score: float) -> Frequency:
    """How often `part` should be reviewed in an environment with this dynamism score."""
    if part not in CADENCE:
        raise DynamismInputError(
            [f"{part!r} is not one of the seven parts ({', '.join(PART_KEYS)})."]
        )
    band = band_for(score)
    return FREQUENCIES_BY_KEY[CADENCE[part][BAND_KEYS.index(band.key)]]


def classify(actual: Frequency, target: Frequency) -> tuple[str, int]:
    """The status of a review frequency against the recommended one, and the steps between.

    Steps are positive when the part is reviewed less often than recommended.
    """
    steps = actual.step - target.step
    if actual.key == NEVER:
        return "never", steps
    if steps >= 1:
        return "too_rarely", steps
    if steps <= -CHURN_STEPS:
        return "too_often", steps
    return "in_rhythm", steps


def advice(part: str, status: str, actual: Frequency, target: Frequency, steps: int) -> str:
    """Plain-language advice for one part."""
    guide = PARTS_BY_KEY[part]
    if status == "never":
        return (
            "Not reviewed on purpose yet: by the time something goes wrong, the misfit has "
            "usually cost money. " + guide.too_rarely.format(every=target.every)
        )
    if status == "too_rarely":
        return guide.too_rarely.format(every=target.every)
    if status == "too_often":
        return guide.too_often.format(actual=actual.every)
    if steps < 0:
        return (
            "In rhythm: a little more often than your environment needs, which is fine while "
            f"the reviews stay light. A good review asks: {guide.review}"
        )
    return (
        "In rhythm with your environment. Keep the review short and make sure it ends in a "
        f"decision, even if the decision is no change. It asks: {guide.review}"
    )


# -- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PartCheck:
    part: str
    label: str
    in_five: bool
    recommended: Frequency
    actual: Frequency
    steps: int  # > 0: less often than recommended
    status: str
    status_label: str
    advice: str


@dataclass(frozen=True)
class RhythmReport:
    environment: Mapping[str, float]
    score: float
    band: Band
    near: Band | None  # the neighboring band when the score is close to its edge
    checks: tuple[PartCheck, ...]
    counts: Mapping[str, int]
    priority: PartCheck | None  # the part to fix first, if any is reviewed too rarely
    summary: str
    notes: tuple[str, ...]

    def check(self, part: str) -> PartCheck:
        return next(c for c in self.checks if c.part == part)

    def flagged(self, *statuses: str) -> list[PartCheck]:
        return [c for c in self.checks if c.status in statuses]


def _near_band(score: float, band: Band) -> Band | None:
    index = BANDS.index(band)
    if index > 0 and score - band.low < NEAR_BOUNDARY:
        return BANDS[index - 1]
    if index < len(BANDS) - 1 and band.high - score <= NEAR_BOUNDARY:
        return BANDS[index + 1]
    return None


def analyze(environment: Mapping, reviews: Mapping) -> RhythmReport:
    """Score the environment, recommend a cadence per part, flag mismatches and advise.

    Raises DynamismInputError (with one friendly sentence per problem) for unusable input.
    """
    problems = validate(environment, reviews)
    if problems:
        raise DynamismInputError(problems)
    score = dynamism_score(environment)
    band = band_for(score)
    checks = []
    for part in PARTS:
        target = recommended(part.key, score)
        actual = FREQUENCIES_BY_KEY[reviews[part.key]]
        status, steps = classify(actual, target)
        checks.append(
            PartCheck(
                part.key, part.label, part.in_five, target, actual, steps, status,
                STATUSES[status], advice(part.key, status, actual, target, steps),
            )
        )
    counts = {status: sum(c.status == status for c in checks) for status in STATUSES}
    rare = [c for c in checks if c.status in ("never", "too_rarely")]
    # the furthest behind first; on a tie the earlier part (strategy sits upstream)
    priority = max(rare, key=lambda c: (c.steps, -PART_KEYS.index(c.part)), default=None)
    near = _near_band(score, band)
    report_env = {item.key: float(environment[item.key]) for item in ITEMS}
    summary = _summary(score, band, checks, priority)
    notes = _notes(report_env, score, band, near, checks)
    return RhythmReport(report_env, score, band, near, tuple(checks), counts, priority,
                        summary, tuple(notes))


def format_score(score: float) -> str:
    return f"{score:.1f}"


def _summary(score, band, checks, priority) -> str:
    rare = [c.label for c in checks if c.status in ("never", "too_rarely")]
    often = [c.label for c in checks if c.status == "too_often"]
    text = (
        f"Your environment is {band.label.lower()} (dynamism {format_score(score)} of "
        f"{SCALE_MAX}). "
    )
    if not rare and not often:
        return text + f"All {len(checks)} parts are reviewed in rhythm with it."
    if rare:
        text += (
            f"{len(rare)} of {len(checks)} parts are reviewed too rarely for it "
            f"({join_words(rare, oxford=True)}). "
        )
    if often:
        text += (f"{join_words(often, oxford=True)} {'is' if len(often) == 1 else 'are'} "
                 "reviewed so often that churn is a risk. ")
    if priority is not None:
        text += (
            f"Start with {priority.label}: recommended {priority.recommended.every}, "
            f"now {priority.actual.every}."
        )
    else:
        text += "Nothing is reviewed too rarely: the task is to slow down, not to add meetings."
    return text.strip()


def _notes(environment, score, band, near, checks) -> list[str]:
    notes = [f"{band.label}: {band.meaning}"]
    if near is not None:
        side = "above" if near.low > band.low else "below"
        notes.append(
            f"Your score is close to the {near.label.lower()} band just {side} it. Where the "
            "two bands recommend different cadences, let last year's surprises decide."
        )
    if environment["internal_change"] >= 4:
        notes.append(
            "With this much internal change, newcomers learn the culture from whoever sits "
            "nearest: keep the people and culture reviews on time even if the market is calm."
        )
    missing = [c.part for c in checks if not c.in_five and c.status in ("never", "too_rarely")]
    if missing:
        notes.append(
            f"You review {join_words(missing, oxford=True)} too rarely. The five components leave "
            f"{'it' if len(missing) == 1 else 'both'} out, and so do many alignment plans, yet "
            "people follow what is counted, paid and lived, not what is written."
        )
    if sum(c.status == "too_often" for c in checks) >= 3:
        notes.append(
            "Several parts change faster than your environment does. Abrahamson (2000) calls "
            "this repetitive-change syndrome: initiative overload and change fatigue. Pick the "
            "one or two changes that matter and let the rest settle."
        )
    return notes


# -- text alternatives, tables and chart rows ----------------------------------------------


def describe_rhythm(report: RhythmReport) -> str:
    """The whole result in sentences: the chart's text alternative."""
    parts = "; ".join(
        f"{c.label}: recommended {c.recommended.every}, now {c.actual.every}, "
        f"{c.status_label.lower()}"
        for c in report.checks
    )
    return (
        f"Environment {report.band.label.lower()}, dynamism {format_score(report.score)} of "
        f"{SCALE_MAX}. {parts}."
    )


def status_note(check: PartCheck) -> str:
    """The status with its distance, e.g. "Too rarely (3 steps slower)"."""
    if check.status not in ("too_rarely", "too_often"):
        return check.status_label
    steps = abs(check.steps)
    direction = "slower" if check.steps > 0 else "faster"
    return f"{check.status_label} ({steps} step{'' if steps == 1 else 's'} {direction})"


def chart_rows(report: RhythmReport) -> list[dict]:
    """One row per part for a chart: the ladder steps of the recommended and actual cadence."""
    return [
        {
            "part": c.label,
            "recommended_step": c.recommended.step,
            "actual_step": c.actual.step,
            "recommended": c.recommended.cadence,
            "actual": c.actual.label,
            "low": min(c.recommended.step, c.actual.step),
            "high": max(c.recommended.step, c.actual.step),
            "status": c.status_label,
            "note": status_note(c),
            "flagged": c.status != "in_rhythm",
        }
        for c in report.checks
    ]


def report_table(report: RhythmReport) -> pd.DataFrame:
    """The result as a table of sentences, one row per part (the index)."""
    return pd.DataFrame(
        [
            {
                "Part": c.label,
                "Recommended": c.recommended.cadence,
                "Now": c.actual.label,
                "Status": c.status_label,
                "Advice": c.advice,
            }
            for c in report.checks
        ]
    ).set_index("Part")


def environment_table() -> pd.DataFrame:
    """The five environment questions, their anchors, weights and sources."""
    return pd.DataFrame(
        [
            {
                "Question": item.label,
                "What it asks": item.question,
                "1 means": item.anchors[SCALE_MIN],
                "5 means": item.anchors[SCALE_MAX],
                "Weight": item.weight,
                "Where it comes from": item.source,
            }
            for item in ITEMS
        ]
    ).set_index("Question")


def cadence_table() -> pd.DataFrame:
    """The recommended review cadence of every part in every band."""
    return pd.DataFrame(
        [
            {
                "Part": part.label,
                "One of the five?": "yes" if part.in_five else "no",
                **{
                    band.label: FREQUENCIES_BY_KEY[CADENCE[part.key][i]].cadence
                    for i, band in enumerate(BANDS)
                },
                "A review asks": part.review,
            }
            for part in PARTS
        ]
    ).set_index("Part")


# -- the crosswalk of alignment models -----------------------------------------------------

MODELS = (
    "Five components",
    "Galbraith's Star Model",
    "McKinsey 7-S",
    "Nadler–Tushman congruence model",
)

MISSING = "— (missing)"

# Each row: a question an organization must answer, and where each model answers it.
CROSSWALK = (
    ("Where are we going?", "Strategy", "Strategy", "Strategy",
     "Strategy: the response to the inputs"),
    ("What are we up against?", MISSING, "— (outside the star; strategy reads it)", MISSING,
     "Inputs: environment, resources, history"),
    ("Who decides what?", "Structure", "Structure: where power and authority sit",
     "Structure", "Formal organization (part)"),
    ("How does work flow?", "Processes", "Processes and lateral links across units",
     "Systems (part)", "Work: the tasks; and the formal organization's processes"),
    ("Which tools and data?", "Technology", "— (inside processes)", "Systems (part)",
     "Work and formal organization (part)"),
    ("Who does the work, with which skills?", "People",
     "People: hiring, development, HR policies",
     "Staff (the people) and Skills (what the organization as a whole is good at)",
     "Individuals: skills, knowledge, needs"),
    ("What is counted, paid and praised?", MISSING, "Rewards and metrics",
     "Systems (part: pay and measurement)", "Formal organization (reward systems)"),
    ("What do we value, and how do we really behave?", MISSING,
     "— (culture is an outcome of the five points, not a lever)",
     "Shared values (at the center) and Style",
     "Informal organization: culture, norms, networks, power"),
    ("How do leaders behave?", MISSING, MISSING,
     "Style: how leaders spend their time and attention",
     "— (leaders act on the model rather than sit in it)"),
    ("What results do we get?", MISSING, "Behavior, then performance and culture",
     MISSING, "Outputs: organization, group and individual performance"),
    ("What does fit mean?", "The parts depend on one another (implied)",
     "Congruence of the five points with each other and with the strategy",
     "All seven are connected; shared values hold them together",
     ("Congruence between each pair of the four inner components (six fits): the better "
     "the fits, the better the outputs")),
)

MODEL_PROFILES = (
    (
        "Five components (the source text; after Leavitt, 1965)",
        "Strategy, structure, people, processes, technology",
        ("Names technology as a lever of its own, which suits SMBs buying software; short "
        "enough to remember."),
        ("Rewards, culture, leadership style, the environment and the results; the links "
        "between parts are left implicit."),
        "A first conversation in a small team.",
    ),
    (
        "Star Model (Galbraith, 1977; 2002)",
        "Strategy, structure, processes, rewards, people",
        ("Rewards and metrics; lateral links across units; the idea that leaders design "
        "policies and culture follows from them."),
        "Technology as a lever; the informal organization; the environment stays implicit.",
        "Redesign after a change of strategy: who decides, and what do we pay for?",
    ),
    (
        "7-S (Waterman, Peters & Phillips, 1980)",
        "Strategy, structure, systems, shared values, style, staff, skills",
        ("Shared values at the center; style (what leaders actually do); skills as "
        "capabilities of the whole firm; the hard S's and the soft S's."),
        ("The environment and the results; no rule for what fits what. It is a consultants' "
        "checklist, little tested as a causal model."),
        "Seeing why a new organization chart did not change behavior.",
    ),
    (
        "Congruence model (Nadler & Tushman, 1980)",
        ("Inputs, strategy, work, people, formal organization, informal organization, "
        "outputs"),
        ("An open system with inputs and outputs; the informal organization; fit as six "
        "pairwise questions you can actually ask."),
        ("Technology only indirectly. Its authors later warned that tight congruence breeds "
        "inertia when the environment shifts (Tushman & O'Reilly, 1996)."),
        "Diagnosing a performance gap: trace it back to the fit that broke.",
    ),
)


def crosswalk() -> pd.DataFrame:
    """Where each of four alignment models answers the same questions (the index)."""
    return pd.DataFrame(list(CROSSWALK), columns=["Question", *MODELS]).set_index("Question")


def model_profiles() -> pd.DataFrame:
    """What each model adds, what it misses, and when to use it."""
    return pd.DataFrame(
        list(MODEL_PROFILES),
        columns=["Model", "Elements", "What it adds", "What it misses", "Use it for"],
    ).set_index("Model")


def omitted_by_five() -> list[str]:
    """The crosswalk's questions that the five components leave unanswered."""
    return [row[0] for row in CROSSWALK if row[1] == MISSING]


# -- the worked example --------------------------------------------------------------------

EXAMPLE_NAME = "Marlow Cycle Works"

EXAMPLE_STORY = (
    "Marlow Cycle Works is a fictional 16-person bike business: a showroom, a repair "
    "workshop and a web shop. Like much of the bike trade, it rode a boom in 2020-21 (sales "
    "up about 40 %) and a bust in 2023, when it held twice its usual stock while makers sold "
    "their own bikes online at 30 % off. E-bike repairs have grown from 10 % of workshop "
    "hours in 2019 to 35 % today, and need diagnostic software and retrained mechanics. Two "
    "of the five mechanics joined this year. The owner, Priya, reviews the plan and budget "
    "every January and the staffing plan with it, reshuffles who works in the shop and who "
    "in the workshop almost every month when queues build up, tries new booking and stock "
    "software most months, and last talked about 'how we do things here' two years ago, at "
    "the tenth anniversary. Nobody has looked at the workshop's processes since they were "
    "set up, or at the sales bonus, which pays on bikes sold and not on repairs."
)

EXAMPLE_ENVIRONMENT = {
    "pace": 4,
    "unpredictability": 5,
    "complexity": 3,
    "scarcity": 4,
    "internal_change": 3,
}

EXAMPLE_REVIEWS = {
    "strategy": "yearly",
    "structure": "monthly",
    "people": "yearly",
    "processes": "never",
    "technology": "monthly",
    "rewards": "never",
    "culture": "two_yearly",
}


# -- the personal action plan (widgets/core/plan.py) ---------------------------------------


def plan_entry(report: RhythmReport) -> plan.Entry:
    """The rhythm check as an entry of the learner's plan: the verdict, the environment, the
    suggested review cadence of each part, and the part to fix first."""
    priority = report.priority
    return plan.entry("dynamism", "Alignment rhythm check", {
        "verdict": report.summary,
        "band": report.band.label,
        "score": round(float(report.score), 1),
        "parts": [{"part": c.part, "label": c.label, "recommended": c.recommended.cadence,
                   "actual": c.actual.label, "status": c.status_label} for c in report.checks],
        "priority": (f"{priority.label}: {priority.advice}" if priority is not None else ""),
    })
