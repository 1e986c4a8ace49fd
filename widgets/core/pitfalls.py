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


PITFALL_GUIDE = {
    "micromanagement": Pitfall(
        key="micromanagement",
        label="Micromanagement",
        summary="Leaders control how capable people do work those people could own.",
        telltale="Are capable people being told how, or checked step by step, on work "
        "they could own themselves?",
        symptoms=(
            "Routine decisions wait in a queue for one person's approval.",
            "People ask permission for things they know how to do.",
            "Suggestions and initiative dry up: \"the boss will decide anyway\".",
            "Work stalls or goes wrong when the controlling person is away.",
        ),
        causes=(
            "The founder's identity is the craft, so letting go feels like losing quality.",
            "Thin margins make every mistake feel expensive.",
            "No written standard exists, so checking each job is the only control there is.",
        ),
        remedies=(
            "Agree decision rights with thresholds (for example, spend up to €300 "
            "without asking) and review by exception.",
            "Define the outcome and the standard, not the steps.",
            "Replace constant checks with agreed check-in points and spot checks.",
            "Widen people's limits as they show they can handle them.",
        ),
    ),
    "lack_of_clarity": Pitfall(
        key="lack_of_clarity",
        label="Lack of clarity",
        summary="Goals, priorities or roles are vague, so people fill the gap in "
        "different ways.",
        telltale="Could two sensible people read the goal, priority or role and, in good "
        "faith, do different things?",
        symptoms=(
            "Everyone is busy, yet efforts pull in different directions.",
            "Different managers answer the same question differently.",
            "Rework and \"I thought you meant...\" conversations.",
            "Two people act on the same decision, or nobody does.",
        ),
        causes=(
            "The leader knows what they mean and forgets that others cannot see it.",
            "A number or a deadline feels risky to commit to, so goals stay vague.",
            "Roles grew informally as the firm grew, and were never written down.",
        ),
        remedies=(
            "Turn wishes into specific, measurable, time-bound goals with an owner.",
            "Name at most three priorities, and say which wins when two clash.",
            "Write down who decides, who is consulted and who is informed for "
            "recurring decisions.",
            "Ask two people to explain the goal back: if their versions differ, it is "
            "not clear yet.",
        ),
    ),
    "ignoring_culture": Pitfall(
        key="ignoring_culture",
        label="Ignoring culture",
        summary="A change is imposed without dealing with how people actually work and "
        "what they value.",
        telltale="Does the change clash with how people actually work and what they "
        "value, with nobody dealing with that clash?",
        symptoms=(
            "Initiatives launch with energy and quietly die.",
            "People comply on the surface and work around the new way.",
            "Numbers look good while customers notice no difference.",
            "\"That's not how we do things here.\"",
        ),
        causes=(
            "Culture is invisible to the people inside it, leaders included.",
            "Practices are copied from larger firms with a different culture.",
            "Alignment is treated as a matter of tools and structures only.",
        ),
        remedies=(
            "Before a change, list the unwritten rules: what gets people praised, what "
            "gets them in trouble, which stories get told.",
            "Name what must be kept, and design the change to keep it.",
            "Involve respected people whose habits will change, and pilot first.",
            "Make incentives and leaders' own behavior match the new way.",
        ),
    ),
    "one_way_communication": Pitfall(
        key="one_way_communication",
        label="One-way communication",
        summary="Information flows down, but there is no working way for it to flow back up.",
        telltale="Does information flow only downward, with no working way, or no visible "
        "point, for people to answer back?",
        symptoms=(
            "Meetings are presentations; \"Any questions?\" is met with silence.",
            "Bad news reaches the leaders late, or from customers.",
            "The real discussion happens in the car park.",
            "\"Management listens to us\" is the lowest item in a staff survey.",
        ),
        causes=(
            "Telling is faster than listening when everyone is busy.",
            "Sending a message is mistaken for communicating it.",
            "Past feedback vanished without a reply, so people learned to stay silent.",
        ),
        remedies=(
            "Use formats with a fixed slot for the team to speak, such as a huddle that "
            "ends with \"What is getting in your way?\".",
            "Collect questions anonymously before a meeting; leaders speak last.",
            "Answer every suggestion within an agreed time, even if the answer is \"not now, "
            "because...\".",
            "Show a regular \"you said, we did\" list.",
        ),
    ),
}


@dataclass(frozen=True)
class Scenario:
    key: str
    setting: str
    title: str
    text: str
    pitfall: str
    explanation: str
    remedy: str


SCENARIOS = (
    Scenario(
        key="bakery_proofing",
        setting="Neighborhood bakery, 12 people",
        title="Proofing by permission",
        text="The head baker times every apprentice's shaping with a stopwatch, must be "
        "called before anyone changes an oven temperature, and rewrites the production plan "
        "the team drafted the evening before. In the one hot week she is off sick, nobody "
        "dares to shorten the proofing time, and half of Tuesday's batch over-proofs. The "
        "apprentices say they \"didn't want to get it wrong\".",
        pitfall="micromanagement",
        explanation="Capable people are checked on and told how to do work they could "
        "own, so they stop using their judgment and the bakery depends on one person being "
        "there. That is micromanagement. The standard is not unclear: everyone knows what "
        "a good loaf is. What the apprentices lack is permission.",
        remedy="Write down the standard and its limits (for example, \"proofing may be "
        "shortened by up to 20 minutes when the room is above 26 °C\"), let the apprentices "
        "decide within them, and replace constant checks with a short look at the day's "
        "batches in the morning huddle. Widen the limits as people show they can handle them.",
    ),
    Scenario(
        key="distributor_service",
        setting="Wholesale distributor, 40 people",
        title="Better service, three ways",
        text="At the January kick-off the managing director says: \"This year we must get "
        "much better at customer service.\" Sales starts promising next-day delivery to win "
        "orders, the warehouse spends money on nicer packaging, and customer service phones "
        "every customer after delivery. By June costs are up 6 % and late deliveries have "
        "not fallen. Each team is sure it did what was asked.",
        pitfall="lack_of_clarity",
        explanation="Everyone listened and worked hard in good faith, but \"better "
        "service\" meant three different things, and nothing said how success would be "
        "measured. A vague goal is a lack of clarity. It is not one-way communication: the "
        "message reached everyone, it just did not say enough.",
        remedy="Turn the wish into one specific, measurable goal with a deadline and an "
        "owner, for example \"raise on-time, in-full deliveries from 88 % to 95 % by "
        "December, reviewed every Monday\", and say what each team contributes to it. Ask "
        "two people from different teams to explain the goal back.",
    ),
    Scenario(
        key="printshop_email",
        setting="Print shop, 20 people",
        title="The Monday email",
        text="Every Monday the owner sends a long email: new prices, machine schedules, "
        "this month's targets. There is no meeting, and replies rarely get an answer. The "
        "press operators have known for three weeks that the new, cheaper paper jams the "
        "large press; the owner finds out when a big order is two days late. In the staff "
        "survey, \"management listens to us\" scores lowest of all items.",
        pitfall="one_way_communication",
        explanation="Information flows down but not up: the people closest to the problem "
        "knew, yet had no channel that worked, and had learned that replying changes "
        "nothing. That is one-way communication. The email itself was clear, so this is "
        "not a lack of clarity.",
        remedy="Replace part of the email with a short weekly stand-up at the press that "
        "ends with \"What is getting in your way?\", keep a visible list of the issues "
        "raised, and answer each within a week, even if the answer is \"not now, "
        "because...\".",
    ),
    Scenario(
        key="itsupport_tickets",
        setting="IT support firm, 25 people",
        title="Tickets on top of habits",
        text="The firm is proud of its informal style: clients phone their favorite "
        "technician, and colleagues solve problems by walking over to each other's desks. "
        "The owner introduces a ticketing system with response-time targets on a big "
        "screen. She explains her reasons at a team meeting and answers every question. A "
        "month later technicians still work the old way and log tickets afterwards to turn "
        "the screen green. The numbers look excellent; clients notice no difference.",
        pitfall="ignoring_culture",
        explanation="The change was explained well and its goal was clear, but it collided "
        "with how people actually work and what they value (personal relationships with "
        "clients), and nobody dealt with that. People complied on the surface and kept "
        "their habits. That is ignoring culture.",
        remedy="Before changing the tool, ask what the old way gives people and clients "
        "(speed, personal trust) and design the new process to keep it, for example by "
        "assigning a client's ticket to \"their\" technician automatically. Pilot it with "
        "two or three respected technicians, and measure what clients experience, not only "
        "what the screen shows.",
    ),
    Scenario(
        key="clinic_waiting_room",
        setting="Physiotherapy clinic, 15 people",
        title="\"Keep the waiting room under control\"",
        text="The practice manager asks the receptionists to \"keep the waiting room "
        "under control\". One receptionist sends late patients home to rebook; another "
        "squeezes them in, and the afternoon schedule slips by forty minutes. The "
        "physiotherapists complain about both. Each receptionist thinks the other is doing "
        "it wrong, and neither knows whether running on time or not turning patients away "
        "matters more.",
        pitfall="lack_of_clarity",
        explanation="The instruction did not say what \"under control\" means, or which of "
        "two good aims wins when they clash, so two sensible people acted in opposite ways. "
        "That is a lack of clarity about priorities. Nobody is being over-controlled, and "
        "nobody's input was ignored.",
        remedy="Write the rule, its reason and its exception, for example \"patients more "
        "than 10 minutes late are offered the next free slot today or a new appointment; "
        "the physiotherapist decides if it is clinically urgent\". Put it on the front desk "
        "and go through two recent cases together.",
    ),
    Scenario(
        key="garage_photos",
        setting="Car-repair garage, 14 people",
        title="Photo proof",
        text="The owner now approves every parts order over €50 and asks the senior "
        "mechanic, twenty years in the trade, to send her a photo of each finished brake "
        "job before the customer collects the car. When she is out at suppliers, cars wait "
        "an hour for her reply. Two mechanics have stopped recommending extra repairs to "
        "customers: \"She'll decide anyway.\"",
        pitfall="micromanagement",
        explanation="Experienced people must ask permission for routine decisions and "
        "prove work they have done well for years. The owner has become the bottleneck, "
        "and initiative is drying up. That is micromanagement, not a culture clash: the "
        "garage's way of working is fine, the control is too tight.",
        remedy="Agree decision rights with thresholds (for example, mechanics order parts "
        "up to €300 without asking and the owner reviews a weekly list), replace the photo "
        "of every job with a spot check of one job in ten and a record of cars that come "
        "back, and judge results rather than steps.",
    ),
    Scenario(
        key="wholesaler_allhands",
        setting="Electrical wholesaler, 45 people",
        title="\"Any questions?\"",
        text="At the quarterly all-hands the managing director presents 50 slides for 55 "
        "minutes, then asks \"Any questions?\" with five minutes left. Silence. In the car "
        "park afterwards, branch staff agree that the new opening hours will not work: trade "
        "customers come in at 6:30, before the branches will open. The managing director "
        "concludes that everyone is on board.",
        pitfall="one_way_communication",
        explanation="The meeting was built for telling, not listening: no time and no safe "
        "way to disagree, so the objections went to the car park, and silence was read as "
        "agreement. That is one-way communication. The plan was clear; it just never met "
        "the people who could have improved it.",
        remedy="Send the slides the day before and use the meeting for questions; collect "
        "questions anonymously beforehand; give branch teams ten minutes in small groups to "
        "list concerns, reported back by a non-manager; ask \"What would make this fail?\" "
        "instead of \"Any questions?\"; and report back what changed.",
    ),
    Scenario(
        key="landscaping_bonus",
        setting="Family-owned landscaping company, 35 people",
        title="The bonus that ended the Friday habit",
        text="Crews have always shared tips, lent each other equipment and, on Fridays, "
        "helped the crew that had fallen behind. To lift productivity, the owners copy a "
        "large competitor's scheme: a bonus for the crew leader with the most billable "
        "hours. The rules are simple and everyone understands them. Within two months, "
        "leaders guard their best workers and machines, and the Friday help stops.",
        pitfall="ignoring_culture",
        explanation="The bonus rewarded the opposite of the cooperation that held the "
        "company together, and nobody asked what the existing culture depended on before "
        "importing a scheme from a firm with a different one. That is ignoring culture. "
        "The scheme was perfectly clear, so this is not a lack of clarity.",
        remedy="Before changing incentives, list the unwritten rules that make the firm "
        "work (here: crews help each other) and test every new scheme against them. Involve "
        "crew leaders in the design, and reward what you want to keep, for example with a "
        "company-wide bonus and recognition for help given to other crews.",
    ),
    Scenario(
        key="cafes_rota",
        setting="Three cafés, 30 people",
        title="Two rotas in one week",
        text="The owner promotes her best barista, Lena, to \"area lead\" for all three "
        "cafés and tells everyone that Lena is \"in charge of standards\". Nobody says what "
        "Lena decides and what the café managers still decide. Lena changes the rota at the "
        "second café to cover the weekend rush; the café manager changes it back. Staff get "
        "two rotas in one week, and some shifts go uncovered.",
        pitfall="lack_of_clarity",
        explanation="Lena and the café manager both acted reasonably on the authority they "
        "thought they had. The role was announced but never defined, so their decision "
        "rights overlapped. That is a lack of clarity about roles. Lena is not "
        "micromanaging: she changed one rota she believed was hers to change.",
        remedy="Write down, for each recurring decision (rota, ordering, hiring, "
        "standards), who decides, who must be consulted and who is informed; share it with "
        "all three cafés; and review it together after a month.",
    ),
    Scenario(
        key="agency_redrafts",
        setting="Marketing agency, 22 people",
        title="Rewritten overnight",
        text="The creative director rewrites junior copywriters' drafts overnight, "
        "changes files after they have been signed off, and is copied on every client email "
        "\"to stay close to the work\". The juniors now send rough drafts late on Friday "
        "(\"it will be rewritten anyway\"), and two of them have started looking for other "
        "jobs.",
        pitfall="micromanagement",
        explanation="The director is doing the juniors' work instead of developing them. "
        "People stop taking ownership when their work is always redone, and they learn "
        "nothing when changes arrive without reasons. That is micromanagement.",
        remedy="Agree what \"good\" looks like in a short brief and checklist; review at "
        "two agreed points (concept and final) instead of everywhere; give feedback as "
        "reasons or questions and let the writer make the change; and leave client emails "
        "to the account team unless asked.",
    ),
)

# Shown in the lesson's worked example; deliberately not one of the activity's scenarios.
WORKED_SCENARIO = Scenario(
    key="dental_checklist",
    setting="Dental practice, 18 people",
    title="The new checklist",
    text="The practice owner adds a sterilization checklist after an inspection. The "
    "nurses find two steps impossible during busy afternoons and mention it at lunch. The "
    "owner's reply, by notice on the staff-room wall, repeats that the checklist is "
    "compulsory. The nurses stop mentioning problems and tick every box.",
    pitfall="one_way_communication",
    explanation="The checklist itself is clear, and a checklist is not micromanagement: "
    "sterilization is a standard the practice must meet. The failure is that concerns from "
    "the people doing the work went up and nothing came back except a repeat of the order, "
    "so the nurses learned to stay silent, and now the ticked boxes say nothing about what "
    "really happens. That is one-way communication.",
    remedy="Meet the nurses for fifteen minutes, walk through the two steps at the chair, "
    "and change the checklist or the afternoon schedule so that both can be done. Tell the "
    "whole team what changed and why.",
)


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
