"""Pure logic for coding survey comments into cultural traits, and checking the coding.

The "Turnover and the voice of employees" lesson asks learners to tag the free-text comments of
Brannock Kitchenworks' engagement survey (`load("engagement_survey")`, column `comment`) with
the four cultural traits of the survey, or with "none/other", several tags per comment
allowed. This module holds:

* the **codebook** (what each tag means, what to look for, what not to count);
* a **reference coding** of every distinct comment, one set of tags each with a short
  rationale, written for this kit as a second coder to compare with;
* **agreement** between two codings, tag by tag: percent agreement and Cohen's kappa;
* **themes by team**: how many comments carry each tag in each team, with the anonymity rule
  of `widgets.core.survey.suppress_small_groups` (teams with fewer than 5 respondents hidden,
  and siblings with them so that no hidden team can be recovered by subtraction).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from widgets.core.lazy import lazy_module
from widgets.core.problems import InputProblems
from widgets.core.survey import MIN_GROUP_SIZE, TRAIT_LABELS, TRAITS, check_min_size, suppress_small_groups

# numpy and pandas load on first use, not when a page imports this module: see widgets.core.lazy.
np = lazy_module("numpy")
pd = lazy_module("pandas")

# ---------------------------------------------------------------------------------------
# Tags and the codebook
# ---------------------------------------------------------------------------------------

NONE = "none"
TRAIT_TAGS = tuple(TRAITS)  # adaptability, transparency, accountability, continuous_improvement
TAGS = (*TRAIT_TAGS, NONE)
TAG_LABELS = {**TRAIT_LABELS, NONE: "None/other"}


class CodingInputError(InputProblems):
    """A coding that cannot be compared; `problems` holds one sentence per problem."""


@dataclass(frozen=True)
class CodebookEntry:
    tag: str
    label: str
    definition: str
    look_for: str
    not_this: str
    example: str


CODEBOOK = {
    entry.tag: entry
    for entry in (
        CodebookEntry(
            "adaptability",
            TAG_LABELS["adaptability"],
            "How the organization responds to change: adjusting plans, trying new ways of "
            "working, reacting to what customers need.",
            "Speed or slowness in responding to customers or events; trying (or not being "
            "allowed to try) something new; rigid ways of working.",
            "Personal perks such as flexible hours (a working condition, code none/other). "
            "A change itself is not adaptability: a complaint about how a change was "
            "communicated is transparency.",
            "\"When an order changes at the last minute we sort it out the same day.\"",
        ),
        CodebookEntry(
            "transparency",
            TAG_LABELS["transparency"],
            "Whether information reaches people openly and in time, and whether they "
            "understand why decisions are made; includes being asked before a change.",
            "Decisions without reasons; news that arrives late, from outside, or as rumor; "
            "only good news shared; not being consulted; information that depends on "
            "who your manager is; not seeing how your work links to the goals.",
            "Complaints about the decision itself (pay level, the rota's hours) with nothing "
            "about how it was shared: none/other.",
            "\"We read about the new warehouse in the local paper.\"",
        ),
        CodebookEntry(
            "accountability",
            TAG_LABELS["accountability"],
            "Whether people own their work and commitments: clear responsibilities, room to "
            "decide, doing what was promised, fixing problems rather than blaming.",
            "Trust and room to decide; clear goals and who owns them; promises kept or "
            "broken; follow-through (or nobody following through); blame.",
            "Praise for friendly colleagues (none/other) and workload complaints that say "
            "nothing about who owns what.",
            "\"If a delivery goes wrong, everyone points at someone else.\"",
        ),
        CodebookEntry(
            "continuous_improvement",
            TAG_LABELS["continuous_improvement"],
            "Whether the organization learns and gets better: looking back at the work, "
            "acting on suggestions, improving processes, learning new skills.",
            "Improvement boards, lean or lessons-learned meetings, reviews; suggestions that "
            "are (not) acted on; processes that could be simpler; training and learning; "
            "no time to improve.",
            "A wish for a specific repair or purchase (a machine, the car park) with no "
            "point about how the firm learns: none/other.",
            "\"We try one small change to the packing line every month.\"",
        ),
        CodebookEntry(
            NONE,
            TAG_LABELS[NONE],
            "The comment is about something other than the four traits, or too vague to "
            "code. Use it alone, never together with a trait.",
            "Pay, parking, food, workload, staffing, working hours, general praise or "
            "complaint, comments about the survey.",
            "A comment that touches a trait, even briefly: tag the trait instead.",
            "\"The coffee machine on the first floor is broken again.\"",
        ),
    )
}

# ---------------------------------------------------------------------------------------
# The reference coding: one set of tags and a rationale per distinct comment text
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceCode:
    tags: frozenset[str]
    rationale: str


def _ref(tags: str, rationale: str) -> ReferenceCode:
    return ReferenceCode(frozenset(tags.split()), rationale)


A, T, ACC, CI, N = "adaptability", "transparency", "accountability", "continuous_improvement", NONE

REFERENCE_CODING: dict[str, ReferenceCode] = {
    "Good to see the improvement board actually used.": _ref(
        CI, "An improvement board in use: ideas are collected and acted on."),
    "Pick lists change during the shift and nobody explains why.": _ref(
        T, "The complaint is the missing explanation, not the change itself."),
    "The survey is too long.": _ref(N, "About the survey, not the workplace."),
    "We found out about the price increase from a customer.": _ref(
        T, "News reached staff late and from outside."),
    "The new rota means I never know my weekends more than two weeks ahead.": _ref(
        T, "Borderline: about working conditions too, but the point is how late people learn "
           "their schedule, so transparency."),
    "Pay is ok but not above the market.": _ref(N, "About pay; no trait."),
    "I like that we fix things fast when a customer calls.": _ref(
        A, "Quick response to what a customer needs."),
    "Nice to work on products customers are happy with.": _ref(
        N, "General pride in the product; no trait."),
    "Flexible hours are a big plus.": _ref(
        N, "A working condition. 'Flexible' here is a perk, not the organization adapting."),
    "The town halls are fine but the real decisions happen elsewhere.": _ref(
        T, "Decisions are not made in the open."),
    "I would like to know how the company is actually doing.": _ref(
        T, "Asks for information that is not shared."),
    "The lean workshops on the line were really useful.": _ref(
        CI, "Lean workshops are a method for improving the work."),
    "Please share the numbers, not just the good ones.": _ref(
        T, "Only good news is shared."),
    "Good colleagues, that is why I stay.": _ref(N, "Praise for colleagues; no trait."),
    "Too much overtime to cover for people who quit.": _ref(
        N, "Workload and staffing; a consequence of turnover, not a trait."),
    "Canteen food could be better.": _ref(N, "About facilities; no trait."),
    "Head office should come and see how the night shift works.": _ref(
        T, "Borderline: information does not flow upward, decision makers do not see the "
           "work. Some coders choose none/other."),
    "Since the shift change half of the people I trained have left.": _ref(
        N, "Reports turnover; names no trait."),
    "The rota was decided in a meeting we were not invited to.": _ref(
        T, "The people affected were not consulted or informed."),
    "I feel trusted to do my job.": _ref(ACC, "Trust and ownership of one's own work."),
    "Onboarding was well organised.": _ref(N, "Praise for onboarding; no trait named."),
    "Parking at the plant is a daily problem.": _ref(N, "About facilities; no trait."),
    "New starters get one day of training and then they are on their own.": _ref(
        CI, "Borderline: learning and training are part of continuous improvement; some "
            "coders read it as staffing (none/other)."),
    "We raise the same problems every month and nothing changes.": _ref(
        f"{CI} {ACC}", "Suggestions are not acted on (improvement) and nobody owns the fix "
                       "(accountability)."),
    "Friendly place, people help each other.": _ref(N, "General praise for the atmosphere."),
    "Nobody asked us before changing the shift pattern.": _ref(
        T, "Not consulted before a change that affected them."),
    "Proud of the quality of what we build.": _ref(N, "Pride in the product; no trait."),
    "Month end is always a rush, the closing process could be simpler.": _ref(
        CI, "Points to a process that could be improved."),
    "Hard to see how my work connects to the big goals.": _ref(
        T, "The goals and their link to daily work are not explained. Some coders add "
           "accountability."),
    "We are always short on the late shift.": _ref(N, "About staffing levels; no trait."),
    "The monthly review of goals helps, please keep it.": _ref(
        f"{ACC} {CI}", "A regular review of goals: progress is owned and followed up "
                       "(accountability) and the team looks back to improve."),
    "Decisions just appear in an email, we never hear the reasons.": _ref(
        T, "Decisions without reasons."),
    "Rumours travel faster than the official news here.": _ref(
        T, "Official information is late; rumor fills the gap."),
    "Much better than last year.": _ref(N, "Too vague to code."),
    "The new quarterly goals make it clearer what matters.": _ref(
        f"{ACC} {T}", "Clear goals say what people own (accountability) and share the "
                      "company's priorities (transparency)."),
    "Rotating nights and weekends is hard with kids.": _ref(
        N, "Working hours; nothing about how the rota was decided or shared."),
    "Information depends on which manager you have.": _ref(
        T, "Information is not shared evenly."),
    "Happy here, keep the team lunches.": _ref(N, "General praise."),
    "More cross-team meetings between sales and production would help.": _ref(
        T, "Information does not flow between teams."),
    "Good job overall, but workload is uneven across the team.": _ref(
        N, "Workload. Some coders add accountability (who owns what)."),
    "More honesty about the bad news please, we hear it anyway.": _ref(
        T, "Bad news is not shared openly."),
    "No time to improve anything, we are always firefighting.": _ref(
        CI, "No room to improve the work."),
    "My manager gives me room to decide.": _ref(ACC, "Room to decide: ownership of one's work."),
    "Some machines on line 2 need replacing.": _ref(N, "A specific repair; no trait."),
    "Lessons learned meetings happen but nothing follows.": _ref(
        f"{CI} {ACC}", "Looking back without acting on it (improvement), and no follow-through "
                       "(accountability)."),
    "Why things are decided is never explained.": _ref(T, "Decisions without reasons."),
}


def reference_for(comment: str) -> ReferenceCode:
    """The reference coding of a comment (matched on its text, ignoring outer spaces)."""
    try:
        return REFERENCE_CODING[str(comment).strip()]
    except KeyError:
        raise CodingInputError(
            [f"The reference coding has no entry for the comment '{comment}'."]
        ) from None


# ---------------------------------------------------------------------------------------
# The comments to code, and samples of them
# ---------------------------------------------------------------------------------------

COMMENT_COLUMNS = ("respondent_id", "team", "comment")


def survey_comments(survey: pd.DataFrame) -> pd.DataFrame:
    """The non-empty comments, one row per respondent, in the survey's order.

    Columns: respondent_id, team, comment (stripped of outer spaces).
    """
    missing = [c for c in COMMENT_COLUMNS if c not in survey.columns]
    if missing:
        raise ValueError(
            "This needs the engagement_survey data set; the table has no column "
            + ", ".join(repr(c) for c in missing) + "."
        )
    text = survey["comment"].astype("string").str.strip()
    keep = text.notna() & (text != "")
    frame = survey.loc[keep, ["respondent_id", "team"]].copy()
    frame["respondent_id"] = frame["respondent_id"].astype(str)
    frame["team"] = frame["team"].astype(str)
    frame["comment"] = text[keep].astype(str)
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class Sample:
    key: str
    label: str
    size: int | None  # None = every comment
    seed: int


SAMPLES = {
    s.key: s
    for s in (
        Sample("a", "Sample A: 12 comments", 12, 20241277),
        Sample("b", "Sample B: 12 comments", 12, 20241214),
        Sample("all", "All comments", None, 0),
    )
}
DEFAULT_SAMPLE = "a"


def sample_comments(comments: pd.DataFrame, size: int | None = 12, seed: int = 0) -> pd.DataFrame:
    """`size` comments drawn at random without replacement (the same seed, the same sample),
    kept in the survey's order; every comment when `size` is None or at least their number."""
    if size is None or size >= len(comments):
        return comments.reset_index(drop=True)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise CodingInputError(["A sample needs at least one comment."])
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(comments), size=size, replace=False))
    return comments.iloc[chosen].reset_index(drop=True)


def sample_for(comments: pd.DataFrame, key: str = DEFAULT_SAMPLE) -> pd.DataFrame:
    if key not in SAMPLES:
        raise CodingInputError([f"Unknown sample '{key}'. Choose one of: {', '.join(SAMPLES)}."])
    sample = SAMPLES[key]
    return sample_comments(comments, sample.size, sample.seed)


def reference_coding(comments: pd.DataFrame) -> dict[str, frozenset[str]]:
    """The reference tags for each respondent_id in a comment table."""
    return {
        rid: reference_for(text).tags
        for rid, text in zip(comments["respondent_id"], comments["comment"])
    }


# ---------------------------------------------------------------------------------------
# Checking a coding
# ---------------------------------------------------------------------------------------


def normalize_tags(tags: Iterable[str] | str | None) -> frozenset[str]:
    """A set of tag keys from keys or labels, in any case ("Transparency", "none/other")."""
    if tags is None:
        return frozenset()
    if isinstance(tags, str):
        tags = [tags]
    by_label = {label.lower(): key for key, label in TAG_LABELS.items()}
    found = set()
    for tag in tags:
        text = str(tag).strip().lower()
        key = text if text in TAGS else by_label.get(text)
        if key is None:
            key = text.replace(" ", "_")
        found.add(key)
    return frozenset(found)


def tag_problems(tags: Iterable[str]) -> list[str]:
    """What is wrong with one comment's tags (unknown tags, none/other mixed with a trait)."""
    tags = normalize_tags(tags)
    unknown = sorted(tags - set(TAGS))
    problems = []
    if unknown:
        problems.append(
            "Unknown tag " + ", ".join(f"'{t}'" for t in unknown)
            + f"; use {', '.join(TAG_LABELS.values())}."
        )
    if NONE in tags and tags & set(TRAIT_TAGS):
        problems.append(
            f"'{TAG_LABELS[NONE]}' cannot go together with a trait: choose the trait(s), or "
            f"only {TAG_LABELS[NONE]}."
        )
    return problems


def coding_problems(comments: pd.DataFrame, coding: Mapping[str, Iterable[str]]) -> list[str]:
    """Everything that keeps a coding of `comments` from being compared, one sentence each.

    `coding` maps respondent_id -> tags. Comments are named by their position (Comment 3).
    """
    problems, untagged = [], []
    for position, rid in enumerate(comments["respondent_id"], start=1):
        tags = normalize_tags(coding.get(rid))
        if not tags:
            untagged.append(position)
            continue
        problems.extend(f"Comment {position}: {p}" for p in tag_problems(tags))
    if untagged:
        listing = _numbers_text(untagged)
        count = len(untagged)
        problems.insert(
            0,
            f"{'Comment' if count == 1 else 'Comments'} {listing} "
            f"{'has' if count == 1 else 'have'} no tag yet: tick at least one trait, or "
            f"{TAG_LABELS[NONE]}.",
        )
    return problems


def _numbers_text(numbers: Sequence[int]) -> str:
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) > 8:
        return ", ".join(numbers[:8]) + f" and {len(numbers) - 8} more"
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


# ---------------------------------------------------------------------------------------
# Agreement: percent agreement and Cohen's kappa
# ---------------------------------------------------------------------------------------


def percent_agreement(first: Sequence[bool], second: Sequence[bool]) -> float:
    """The share of items (0-100 %) on which two coders made the same yes/no call."""
    first, second = _pair(first, second)
    return 100 * sum(a == b for a, b in zip(first, second)) / len(first)


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Cohen's kappa for two coders' yes/no calls on the same items.

    kappa = (observed agreement - chance agreement) / (1 - chance agreement), where chance
    agreement is what two coders would reach by tagging at random at their own rates. None
    when chance agreement is 1 (both coders gave the same answer to every item), where kappa
    is undefined.
    """
    first, second = _pair(first, second)
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second)) / n
    p_first, p_second = sum(first) / n, sum(second) / n
    chance = p_first * p_second + (1 - p_first) * (1 - p_second)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def _pair(first, second) -> tuple[list[bool], list[bool]]:
    first, second = [bool(x) for x in first], [bool(x) for x in second]
    if len(first) != len(second):
        raise CodingInputError(["The two codings must cover the same comments."])
    if not first:
        raise CodingInputError(["There are no coded comments to compare."])
    return first, second


# Landis & Koch (1977): a widely quoted, admittedly arbitrary convention.
KAPPA_BANDS = (
    (0.81, "almost perfect"),
    (0.61, "substantial"),
    (0.41, "moderate"),
    (0.21, "fair"),
    (0.0, "slight"),
)


def kappa_reading(kappa: float | None) -> str:
    if kappa is None:
        return "not defined: both coders made the same call on every comment"
    if abs(kappa) < 1e-9:
        return "no better than chance"
    if kappa < 0:
        return "worse than chance"
    for threshold, words in KAPPA_BANDS:
        if kappa >= threshold - 1e-9:
            return words
    return "slight"  # pragma: no cover (0 <= kappa < 0 cannot happen)


@dataclass(frozen=True)
class TagAgreement:
    tag: str
    comments: int
    both: int
    only_first: int
    only_second: int
    neither: int
    percent: float
    kappa: float | None

    @property
    def label(self) -> str:
        return TAG_LABELS[self.tag]

    @property
    def first_count(self) -> int:
        return self.both + self.only_first

    @property
    def second_count(self) -> int:
        return self.both + self.only_second

    @property
    def reading(self) -> str:
        return kappa_reading(self.kappa)


def agreement_by_tag(first: Sequence[Iterable[str]], second: Sequence[Iterable[str]]) -> list[TagAgreement]:
    """Agreement between two codings of the same comments (lists of tag sets), tag by tag."""
    first = [normalize_tags(t) for t in first]
    second = [normalize_tags(t) for t in second]
    _pair(first, second)
    rows = []
    for tag in TAGS:
        a = [tag in tags for tags in first]
        b = [tag in tags for tags in second]
        rows.append(
            TagAgreement(
                tag=tag,
                comments=len(a),
                both=sum(x and y for x, y in zip(a, b)),
                only_first=sum(x and not y for x, y in zip(a, b)),
                only_second=sum(y and not x for x, y in zip(a, b)),
                neither=sum(not x and not y for x, y in zip(a, b)),
                percent=percent_agreement(a, b),
                kappa=cohen_kappa(a, b),
            )
        )
    return rows


@dataclass(frozen=True)
class Disagreement:
    position: int
    respondent_id: str
    comment: str
    yours: frozenset[str]
    reference: frozenset[str]
    rationale: str


@dataclass(frozen=True)
class CodingComparison:
    comments: int
    exact_matches: int
    by_tag: tuple[TagAgreement, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def exact_percent(self) -> float:
        return 100 * self.exact_matches / self.comments


def compare_with_reference(comments: pd.DataFrame, coding: Mapping[str, Iterable[str]]) -> CodingComparison:
    """A learner's coding (respondent_id -> tags) of `comments` against the reference coding.

    Raises CodingInputError listing every problem (untagged comments, unknown tags, none/other
    mixed with a trait).
    """
    if comments.empty:
        raise CodingInputError(["There are no comments to compare."])
    problems = coding_problems(comments, coding)
    if problems:
        raise CodingInputError(problems)
    yours = [normalize_tags(coding[rid]) for rid in comments["respondent_id"]]
    reference = [reference_for(text) for text in comments["comment"]]
    disagreements = tuple(
        Disagreement(position, rid, text, mine, ref.tags, ref.rationale)
        for position, (rid, text, mine, ref) in enumerate(
            zip(comments["respondent_id"], comments["comment"], yours, reference), start=1
        )
        if mine != ref.tags
    )
    return CodingComparison(
        comments=len(yours),
        exact_matches=len(yours) - len(disagreements),
        by_tag=tuple(agreement_by_tag(yours, [r.tags for r in reference])),
        disagreements=disagreements,
    )


def tags_text(tags: Iterable[str]) -> str:
    """Tags as labels, in codebook order: "Transparency, Accountability"."""
    tags = normalize_tags(tags)
    return ", ".join(TAG_LABELS[t] for t in TAGS if t in tags) or "no tag"


def agreement_summary(comparison: CodingComparison) -> list[str]:
    """Plain-words feedback on a comparison, a few sentences."""
    lines = [
        f"Your tags match the reference exactly on {comparison.exact_matches} of "
        f"{comparison.comments} comments ({_pct(comparison.exact_percent)})."
    ]
    defined = [t for t in comparison.by_tag if t.kappa is not None and t.tag != NONE]
    if defined:
        lines.extend(_strongest_and_weakest(defined))
    rare = [t for t in comparison.by_tag if t.tag != NONE and t.first_count + t.second_count <= 2]
    if rare:
        lines.append(
            "Few comments carry " + ", ".join(t.label for t in rare) + ", so one different "
            "call moves its kappa a lot: read those rows as anecdotes, not as measures."
        )
    lines.append(
        "The reference is one careful coder, not the truth: where you disagree, the "
        "rationale shows its reasoning; decide whether the codebook needs a clearer rule."
    )
    return lines


def _strongest_and_weakest(rows: Sequence[TagAgreement]) -> list[str]:
    weakest = min(rows, key=lambda t: t.kappa)
    strongest = max(rows, key=lambda t: t.kappa)
    if weakest.kappa == strongest.kappa:
        return [f"Every trait you could compare has the same kappa, {weakest.kappa:.2f} "
                f"({weakest.reading})."]
    lines = [
        f"Strongest agreement: {strongest.label} (kappa {strongest.kappa:.2f}, "
        f"{strongest.reading}). Weakest: {weakest.label} (kappa {weakest.kappa:.2f}, "
        f"{weakest.reading})."
    ]
    if weakest.only_first > weakest.only_second:
        lines.append(
            f"You used {weakest.label} more often than the reference "
            f"({weakest.first_count} against {weakest.second_count}): reread its "
            "'not this' line in the codebook."
        )
    elif weakest.only_second > weakest.only_first:
        lines.append(
            f"You used {weakest.label} less often than the reference "
            f"({weakest.first_count} against {weakest.second_count}): reread what to "
            "look for in the codebook."
        )
    return lines


def _pct(value: float) -> str:
    return f"{round(value):.0f} %"


# ---------------------------------------------------------------------------------------
# Themes by team, with the anonymity rule
# ---------------------------------------------------------------------------------------


def theme_counts(comments: pd.DataFrame, coding: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Per team: comments coded and how many carry each tag (no suppression yet).

    Only comments that are in `coding` with at least one tag count.
    """
    rows = {}
    for rid, team in zip(comments["respondent_id"], comments["team"]):
        tags = normalize_tags(coding.get(rid))
        if not tags:
            continue
        row = rows.setdefault(team, {"team": team, "coded_comments": 0, **{t: 0 for t in TAGS}})
        row["coded_comments"] += 1
        for tag in tags & set(TAGS):
            row[tag] += 1
    return pd.DataFrame(list(rows.values()), columns=["team", "coded_comments", *TAGS])


def themes_by_team(
    survey: pd.DataFrame,
    comments: pd.DataFrame,
    coding: Mapping[str, Iterable[str]],
    min_size: int = MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """Tagged comments per trait and team, with small teams suppressed.

    One row per team of the survey, in the survey's team order, with `respondents` (everyone
    in the team who answered the survey, with or without a comment: the anonymity rule counts
    people, not comments), `coded_comments` and one column per tag. Teams with fewer than
    `min_size` respondents are masked, and siblings with them where needed, by
    `widgets.core.survey.suppress_small_groups` (columns `suppressed`,
    `suppressed_because`).
    """
    min_size = check_min_size(min_size)
    if "team" not in survey.columns:
        raise ValueError("This needs the engagement_survey data set; it has no 'team' column.")
    team_order = (
        [str(t) for t in survey["team"].cat.categories]
        if isinstance(survey["team"].dtype, pd.CategoricalDtype)
        else sorted(survey["team"].astype(str).unique())
    )
    respondents = survey["team"].astype(str).value_counts()
    table = pd.DataFrame(
        {"team": team_order, "respondents": [int(respondents.get(t, 0)) for t in team_order]}
    )
    counts = theme_counts(comments, coding)
    table = table.merge(counts, on="team", how="left")
    for column in ["coded_comments", *TAGS]:
        table[column] = table[column].fillna(0).astype("int64")
    return suppress_small_groups(table, ["team"], "respondents", min_size)


def describe_themes(themes: pd.DataFrame) -> str:
    """One or two sentences on the visible teams' most frequent trait."""
    visible = themes[~themes["suppressed"]]
    hidden = themes[themes["suppressed"]]
    parts = []
    for row in visible.itertuples(index=False):
        row = row._asdict()
        counts = {t: int(row[t]) for t in TRAIT_TAGS}
        if int(row["coded_comments"]) == 0:
            continue
        best = max(counts.values())
        if best == 0:
            parts.append(f"{row['team']}: no trait tagged")
            continue
        leaders = [TAG_LABELS[t] for t in TRAIT_TAGS if counts[t] == best]
        parts.append(f"{row['team']}: {' and '.join(leaders)} ({best} of "
                     f"{int(row['coded_comments'])} coded comments)")
    text = ("Most frequent trait by team: " + "; ".join(parts) + ".") if parts else (
        "No comment from a reportable team is coded yet."
    )
    if len(hidden):
        text += (
            f" Hidden for anonymity: {', '.join(hidden['team'])} "
            f"(teams under {themes.attrs['suppression']['min_size']} respondents, and any "
            "sibling hidden with them)."
        )
    return text


def agreement_from_counts(both: int, only_first: int, only_second: int, neither: int) -> dict:
    """Percent agreement, chance agreement and Cohen's kappa from a 2 x 2 table of counts.

    For the lesson's worked examples: `both` = comments both coders tagged, `only_first` and
    `only_second` = tagged by one coder only, `neither` = tagged by neither.
    """
    cells = {"both": both, "only_first": only_first, "only_second": only_second,
             "neither": neither}
    for name, value in cells.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise CodingInputError([f"'{name}' must be a whole number, 0 or more."])
    first = [True] * (both + only_first) + [False] * (only_second + neither)
    second = [True] * both + [False] * only_first + [True] * only_second + [False] * neither
    n = len(first)
    if n == 0:
        raise CodingInputError(["There are no coded comments to compare."])
    p_first, p_second = (both + only_first) / n, (both + only_second) / n
    kappa = cohen_kappa(first, second)
    return {
        "comments": n,
        "percent_agreement": round(percent_agreement(first, second), 1),
        "chance_agreement": round(100 * (p_first * p_second + (1 - p_first) * (1 - p_second)), 1),
        "kappa": None if kappa is None else round(kappa, 2),
        "reading": kappa_reading(kappa),
    }
