"""The pitfall spotter, the activity of the "Steps and pitfalls" lesson.

The four alignment pitfalls with their symptoms, causes and remedies; ten short workplace
scenarios, each showing exactly one pitfall; answer checking with feedback; scoring with a
per-pitfall breakdown; and a round that can be restarted in a new order drawn from a seeded
numpy Generator. Plain data and functions that a test can reach without a kernel.

Every scenario, firm and person is invented for the kit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from widgets.core.content import load_content
from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")


# ---------------------------------------------------------------------------------------
# 1. The pitfall spotter
# ---------------------------------------------------------------------------------------

PITFALLS = (
    "micromanagement",
    "lack_of_clarity",
    "ignoring_culture",
    "one_way_communication",
)


@dataclass(frozen=True)
class Pitfall:
    key: str
    label: str
    summary: str
    telltale: str  # the one question that identifies this pitfall
    symptoms: tuple[str, ...]
    causes: tuple[str, ...]
    remedies: tuple[str, ...]


# The wording lives in content/pitfalls.yaml, where a trainer can change it (widgets.core.content).
_BANK = load_content("pitfalls")


def _pitfall(key: str, entry: Mapping) -> Pitfall:
    lists = {name: tuple(entry[name]) for name in ("symptoms", "causes", "remedies")}
    return Pitfall(key=key, **{**entry, **lists})


# In the order of PITFALLS, whatever the order in the file (the schema requires the four keys).
PITFALL_GUIDE = {key: _pitfall(key, _BANK["pitfalls"][key]) for key in PITFALLS}


@dataclass(frozen=True)
class Scenario:
    key: str
    setting: str
    title: str
    text: str
    pitfall: str
    explanation: str
    remedy: str


SCENARIOS = tuple(Scenario(**entry) for entry in _BANK["scenarios"])

# Shown in the lesson's worked example; deliberately not one of the activity's scenarios.
WORKED_SCENARIO = Scenario(**_BANK["worked_scenario"])


class PitfallInputError(InputProblems):
    """An answer the spotter cannot accept; the message is written for the learner."""


def pitfall_options() -> list[tuple[str, str]]:
    """The four choices as (label, key) pairs, in teaching order."""
    return [(PITFALL_GUIDE[key].label, key) for key in PITFALLS]


def choice_problems(choice) -> list[str]:
    """Why a choice cannot be checked: nothing chosen, or not one of the four pitfalls."""
    if choice is None or (isinstance(choice, str) and not choice.strip()):
        return ["Choose one of the four pitfalls first, then press \"Check my answer\"."]
    if choice not in PITFALLS:
        names = ", ".join(PITFALL_GUIDE[key].label for key in PITFALLS)
        return [f"{str(choice)[:40]!r} is not one of the four pitfalls. Choose one of: {names}."]
    return []


@dataclass(frozen=True)
class Feedback:
    scenario_key: str
    choice: str
    answer: str
    correct: bool
    headline: str
    explanation: str
    remedy: str
    hint: str  # empty when correct: how to tell the chosen pitfall from the right one


def check_answer(scenario: Scenario, choice) -> Feedback:
    """Feedback on naming `scenario`'s pitfall as `choice`; PitfallInputError if invalid."""
    problems = choice_problems(choice)
    if problems:
        raise PitfallInputError(problems[0])
    right = PITFALL_GUIDE[scenario.pitfall]
    correct = choice == scenario.pitfall
    if correct:
        headline = f"Correct: this is {right.label.lower()}."
        hint = ""
    else:
        chosen = PITFALL_GUIDE[choice]
        headline = (
            f"Not quite. You chose {chosen.label.lower()}; this scenario mainly shows "
            f"{right.label.lower()}."
        )
        hint = (
            f"How to tell them apart. {right.label}: {right.telltale} "
            f"{chosen.label}: {chosen.telltale}"
        )
    return Feedback(
        scenario_key=scenario.key,
        choice=choice,
        answer=scenario.pitfall,
        correct=correct,
        headline=headline,
        explanation=scenario.explanation,
        remedy=scenario.remedy,
        hint=hint,
    )


@dataclass(frozen=True)
class PitfallTally:
    pitfall: str
    label: str
    correct: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.correct} of {self.total}"


@dataclass(frozen=True)
class MixUp:
    answer: str  # the scenario's pitfall
    chosen: str  # what the learner named instead
    count: int


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    answered: int
    by_pitfall: tuple[PitfallTally, ...]
    mix_ups: tuple[MixUp, ...]

    @property
    def text(self) -> str:
        return f"{self.correct} of {self.total}"

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def score(scenarios: Sequence[Scenario], choices: Mapping[str, str]) -> Score:
    """Count first answers: overall, per pitfall, and the mix-ups (unanswered count as wrong)."""
    correct = Counter()
    totals = Counter()
    mix_ups = Counter()
    answered = 0
    for scenario in scenarios:
        totals[scenario.pitfall] += 1
        choice = choices.get(scenario.key)
        if choice is None:
            continue
        answered += 1
        if choice == scenario.pitfall:
            correct[scenario.pitfall] += 1
        else:
            mix_ups[(scenario.pitfall, choice)] += 1
    by_pitfall = tuple(
        PitfallTally(key, PITFALL_GUIDE[key].label, correct[key], totals[key])
        for key in PITFALLS
        if totals[key]
    )
    ordered_mix_ups = tuple(
        MixUp(answer, chosen, count)
        for (answer, chosen), count in sorted(
            mix_ups.items(), key=lambda item: (-item[1], PITFALLS.index(item[0][0]))
        )
    )
    return Score(
        correct=sum(correct.values()),
        total=len(scenarios),
        answered=answered,
        by_pitfall=by_pitfall,
        mix_ups=ordered_mix_ups,
    )


def review_advice(result: Score) -> list[str]:
    """One line per pitfall with a miss: its score and the question that identifies it."""
    return [
        f"{tally.label} ({tally.text}): ask \"{PITFALL_GUIDE[tally.pitfall].telltale}\""
        for tally in result.by_pitfall
        if tally.correct < tally.total
    ]


def mix_up_text(mix_up: MixUp) -> str:
    """E.g. "Micromanagement named as lack of clarity: 2 times"."""
    answer = PITFALL_GUIDE[mix_up.answer].label
    chosen = PITFALL_GUIDE[mix_up.chosen].label.lower()
    times = "once" if mix_up.count == 1 else f"{mix_up.count} times"
    return f"{answer} named as {chosen}: {times}."


def shuffled(scenarios: Sequence[Scenario], rng: np.random.Generator) -> tuple[Scenario, ...]:
    """The scenarios in a new order drawn from `rng` (a seeded numpy Generator)."""
    return tuple(scenarios[i] for i in rng.permutation(len(scenarios)))


def new_rng(seed: int | None) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


@dataclass
class PitfallRound:
    """One pass through the scenarios: answer, read the feedback, move on, get a score.

    The first answer to a scenario counts; it cannot be changed after its feedback is shown.
    """

    scenarios: tuple[Scenario, ...] = SCENARIOS
    position: int = 0
    choices: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scenarios = tuple(self.scenarios)
        if not self.scenarios:
            raise ValueError("A round needs at least one scenario.")

    @property
    def total(self) -> int:
        return len(self.scenarios)

    @property
    def finished(self) -> bool:
        return self.position >= self.total

    @property
    def current(self) -> Scenario | None:
        return None if self.finished else self.scenarios[self.position]

    @property
    def current_answered(self) -> bool:
        scenario = self.current
        return scenario is not None and scenario.key in self.choices

    @property
    def is_last(self) -> bool:
        return self.position == self.total - 1

    def answer(self, choice) -> Feedback:
        scenario = self.current
        if scenario is None:
            raise PitfallInputError(
                "You have answered every scenario. Press \"Start again\" for a new round."
            )
        if scenario.key in self.choices:
            raise PitfallInputError(
                "You have already answered this scenario: your first answer counts. "
                "Press \"Next scenario\" to go on."
            )
        feedback = check_answer(scenario, choice)
        self.choices[scenario.key] = feedback.choice
        return feedback

    def advance(self) -> None:
        if self.finished:
            raise PitfallInputError("There are no more scenarios. Press \"Start again\" "
                                    "for a new round.")
        if not self.current_answered:
            raise PitfallInputError(
                "Name the pitfall and press \"Check my answer\" before moving on."
            )
        self.position += 1

    def score(self) -> Score:
        return score(self.scenarios, self.choices)

    def restart(self, rng: np.random.Generator | None = None) -> None:
        """Clear every answer and start at the first scenario, in a new order if `rng`."""
        if rng is not None:
            self.scenarios = shuffled(self.scenarios, rng)
        self.position = 0
        self.choices = {}


def guide_table() -> pd.DataFrame:
    """The four pitfalls side by side: the question that spots each, a symptom, a remedy."""
    return pd.DataFrame(
        {
            "Pitfall": [PITFALL_GUIDE[k].label for k in PITFALLS],
            "Ask yourself": [PITFALL_GUIDE[k].telltale for k in PITFALLS],
            "Typical symptom": [PITFALL_GUIDE[k].symptoms[0] for k in PITFALLS],
            "First remedy": [PITFALL_GUIDE[k].remedies[0] for k in PITFALLS],
        }
    ).set_index("Pitfall")
