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

from widgets.core.content import load_content
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


# The wording of the codebook and the reference coding lives in content/coding.yaml, where a
# trainer can change it (widgets.core.content).
_BANK = load_content("coding")

CODEBOOK = {tag: CodebookEntry(tag, TAG_LABELS[tag], **_BANK["codebook"][tag]) for tag in TAGS}


# ---------------------------------------------------------------------------------------
# The reference coding: one set of tags and a rationale per distinct comment text
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceCode:
    tags: frozenset[str]
    rationale: str


REFERENCE_CODING: dict[str, ReferenceCode] = {
    entry["comment"]: ReferenceCode(frozenset(entry["tags"]), entry["rationale"])
    for entry in _BANK["reference_coding"]
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
