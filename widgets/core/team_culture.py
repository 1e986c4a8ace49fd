"""Team culture profiles from a culture assessment, with anonymity built in.

Every person in a culture assessment divides 100 points among the four Competing Values
types on six dimensions, for Now and for Preferred (`widgets.core.culture`). This module turns
those answers into what a facilitator needs before a team conversation:

* a **profile per team** (and for the whole company): the mean of the members' own profiles,
  with `culture.team_profile`, so the four types still add up to 100;
* the **gaps** between Now and Preferred worth discussing (`culture.gaps_to_discuss`);
* **congruence** across the six dimensions, read from the team's mean points per dimension
  (`culture.congruence`);
* the **spread** behind each mean: how differently members see the culture today, and whether
  they want a change in the same direction. A mean of +12 can be eleven people at +12 or six
  at +30 and five at -10; only the second needs a very different conversation;
* the **prompts** that open Cameron & Quinn's change conversation: what would more (or less) of
  a type mean here, and what would it not mean? What would we start, stop and keep doing?

Anonymity (ARCHITECTURE.md rule 7) reuses `widgets.core.survey`: a team is shown only with at least
`min_size` respondents (default `MIN_GROUP_SIZE`, 5; never below 3), and the teams are siblings
under the whole company, so `survey.suppress_small_groups` also hides the smallest other team
when the company profile minus the visible teams would otherwise give a hidden team's profile
by subtraction. A hidden team never gets a profile: it is not even computed.

Pure Python (pandas only), so every number a learner sees is tested without a kernel.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from widgets.core import culture
from widgets.core.culture import (
    CULTURE_TYPES,
    DIMENSIONS,
    DISCUSSION_THRESHOLD,
    POINTS_PER_DIMENSION,
    TYPE_GUIDE,
    format_points,
)
from widgets.core.lazy import lazy_module
from widgets.core.survey import (
    ABSOLUTE_MIN_GROUP_SIZE,
    COMPANY,
    MIN_GROUP_SIZE,
    REASON_SIBLING,
    REASON_SMALL,
    check_min_size,
    hidden_text,
    parse_min_size,
    suppress_small_groups,
)
from widgets.core.text import join_words

# pandas loads on first use, not when a page imports this module: see widgets.core.lazy.
pd = lazy_module("pandas")

__all__ = [
    "ABSOLUTE_MIN_GROUP_SIZE", "COMPANY", "MAX_OVERLAY", "MIN_GROUP_SIZE", "PHASES", "VIEWS",
    "Agreement", "TeamProfile", "TeamReport", "check_assessments", "check_selection",
    "congruence_table", "conversation_prompts", "describe_overlay", "gaps_table",
    "group_allocation", "individual_profiles", "overlay", "parse_min_size", "parse_view",
    "profiles_table", "spread_table", "summarize", "suppression_note", "team_sizes",
]

PHASES = {"now": "Now", "preferred": "Preferred"}
VIEWS = {"now": "Now", "preferred": "Preferred", "both": "Now and Preferred"}

# More kites than this on one map are hard to tell apart, even with colour, shape and dash.
MAX_OVERLAY = 4

# Reading aids, not statistics (like culture.DISCUSSION_THRESHOLD):
# a member "wants more" of a type when their own Preferred is at least MOVE_MIN points above
# their own Now, "less" when at least MOVE_MIN below, and "about the same" otherwise;
MOVE_MIN = 5.0
# a team's wish is "shared" when at least this share of members move the team's way...
SHARED_SHARE = 2 / 3
# ...and "split" when at least this share of members move each way;
SPLIT_SHARE = 1 / 4
# a standard deviation of members' Now points of at least this many points means people see
# that type very differently (in a 100-point format, about a 10-point rule of thumb again).
SPREAD_FLAG = 10.0

REQUIRED_COLUMNS = ("respondent_id", "team", "phase", "dimension", *CULTURE_TYPES)

# Team means are kept as exact decimals with this many places, so that each dimension of a
# team's mean allocation sums to exactly 100, as culture.validate_allocation requires.
_PLACES = Decimal("0.000001")


# --------------------------------------------------------------------------------------------
# Input checks and individual profiles
# --------------------------------------------------------------------------------------------

def check_assessments(assessments) -> pd.DataFrame:
    """Return the assessments unchanged if usable; raise ValueError with one clear sentence.

    One row per respondent, phase ("now"/"preferred") and dimension, with the points of the
    four types (the layout of `datasets/culture_assessments.csv`). Every respondent belongs to
    one team and answers all six dimensions in both phases, each sharing exactly 100 points.
    """
    if not isinstance(assessments, pd.DataFrame):
        raise ValueError("The culture assessments must be a pandas DataFrame, one row per "
                         "respondent, phase and dimension.")
    missing = [c for c in REQUIRED_COLUMNS if c not in assessments.columns]
    if missing:
        raise ValueError(f"The culture assessments have no column {', '.join(map(repr, missing))}.")
    if assessments.empty:
        raise ValueError("The culture assessments are empty: nobody has answered yet.")
    if assessments[["respondent_id", "team", "phase", "dimension"]].isna().any().any():
        raise ValueError("Every row needs a respondent, a team, a phase and a dimension.")
    phases = set(assessments["phase"].astype(str))
    if not phases <= set(PHASES):
        unknown = ", ".join(sorted(map(repr, phases - set(PHASES))))
        raise ValueError(f"Unknown phase {unknown}: use 'now' or 'preferred'.")
    dimensions = set(assessments["dimension"].astype(str))
    if not dimensions <= set(DIMENSIONS):
        unknown = ", ".join(sorted(map(repr, dimensions - set(DIMENSIONS))))
        raise ValueError(f"Unknown dimension {unknown}.")
    teams = assessments.groupby("respondent_id", observed=True)["team"].nunique()
    if (teams > 1).any():
        raise ValueError(f"Respondent {teams[teams > 1].index[0]} appears in more than one team.")
    if COMPANY in set(assessments["team"].astype(str)):
        raise ValueError(f"A team cannot be called {COMPANY!r}: that name is kept for the "
                         "company-wide profile.")
    keys = assessments[["respondent_id", "phase", "dimension"]].astype(str)
    if keys.duplicated().any():
        first = keys[keys.duplicated()].iloc[0]
        raise ValueError(f"Respondent {first['respondent_id']} answers {first['dimension']} "
                         f"({first['phase']}) more than once.")
    rows = assessments.groupby("respondent_id", observed=True).size()
    expected = len(PHASES) * len(DIMENSIONS)
    if (rows != expected).any():
        who = rows[rows != expected].index[0]
        raise ValueError(f"Respondent {who} has {rows[who]} answers instead of {expected}: "
                         "six dimensions, for Now and for Preferred.")
    return assessments


def _allocations(assessments: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """(respondent, phase) -> allocation in culture's format, for every respondent."""
    result: dict[tuple[str, str], dict] = {}
    for row in assessments.itertuples(index=False):
        key = (str(row.respondent_id), str(row.phase))
        result.setdefault(key, {})[str(row.dimension)] = {
            t: _number(getattr(row, t)) for t in CULTURE_TYPES
        }
    return result


def _number(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value) if float(value) == int(value) else float(value)


def _team_order(assessments: pd.DataFrame) -> list[str]:
    team = assessments["team"]
    present = set(team.astype(str))
    if isinstance(team.dtype, pd.CategoricalDtype):
        return [str(t) for t in team.cat.categories if str(t) in present]
    return list(dict.fromkeys(team.astype(str)))


def individual_profiles(assessments) -> pd.DataFrame:
    """One row per respondent and phase: ``respondent_id``, ``team``, ``phase`` and the four
    types' points (each person's mean over the six dimensions, summing to 100).

    Raises ValueError naming the respondent when an answer does not add up to 100.
    """
    assessments = check_assessments(assessments)
    teams = dict(zip(assessments["respondent_id"].astype(str), assessments["team"].astype(str)))
    rows = []
    for (respondent, phase), allocation in _allocations(assessments).items():
        problems = culture.validate_allocation(allocation)
        if problems:
            raise ValueError(f"Respondent {respondent} ({PHASES[phase]}): {problems[0]}")
        rows.append({"respondent_id": respondent, "team": teams[respondent], "phase": phase,
                     **culture.profile(allocation)})
    order = {team: i for i, team in enumerate(_team_order(assessments))}
    table = pd.DataFrame(rows, columns=["respondent_id", "team", "phase", *CULTURE_TYPES])
    return table.sort_values(["team", "respondent_id", "phase"],
                             key=lambda c: c.map(order) if c.name == "team" else c,
                             kind="stable").reset_index(drop=True)


def team_sizes(assessments) -> pd.DataFrame:
    """Respondents per team (``team``, ``n``), in the data's team order."""
    assessments = check_assessments(assessments)
    counts = assessments.groupby(assessments["team"].astype(str))["respondent_id"].nunique()
    order = _team_order(assessments)
    return pd.DataFrame({"team": order, "n": [int(counts[t]) for t in order]})


def group_allocation(assessments, phase: str, team: str | None = None) -> dict[str, dict[str, Decimal]]:
    """A group's mean points per dimension and type (the whole company when `team` is None).

    Each dimension's four means sum to exactly 100 (exact decimals to six places; the rounding
    remainder, a few millionths, goes to the type with the fewest points, so it can never change
    which type leads), so the result passes `culture.validate_allocation` and can be read with
    `culture.congruence`. This function does not check group sizes: `summarize` does.
    """
    assessments = check_assessments(assessments)
    if phase not in PHASES:
        raise ValueError(f"Unknown phase {phase!r}: use 'now' or 'preferred'.")
    rows = assessments[assessments["phase"].astype(str) == phase]
    if team is not None:
        rows = rows[rows["team"].astype(str) == team]
    if rows.empty:
        raise ValueError(f"No answers for {team or COMPANY}.")
    n = rows["respondent_id"].nunique()
    allocation = {}
    for dimension in DIMENSIONS:
        part = rows[rows["dimension"].astype(str) == dimension]
        means = {
            t: (sum((Decimal(str(_number(v))) for v in part[t]), Decimal(0)) / n).quantize(_PLACES)
            for t in CULTURE_TYPES
        }
        remainder = POINTS_PER_DIMENSION - sum(means.values())
        means[min(CULTURE_TYPES, key=lambda t: means[t])] += remainder
        allocation[dimension] = means
    return allocation


# --------------------------------------------------------------------------------------------
# Team profiles, spread and agreement
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Agreement:
    """How a group's members move on one type between their own Now and Preferred."""

    culture_type: str
    n: int
    more: int   # members whose Preferred is at least MOVE_MIN points above their Now
    same: int   # members who move less than MOVE_MIN either way
    less: int   # members whose Preferred is at least MOVE_MIN points below their Now
    mean_change: float
    sd_change: float  # standard deviation of the members' own changes, in points

    @property
    def _with_team(self) -> tuple[int, str]:
        """How many members move the way the group's mean moves, and the words for it."""
        if self.mean_change > 0:
            return self.more, "want more"
        if self.mean_change < 0:
            return self.less, "want less"
        return self.same, "about the same"

    @property
    def reading(self) -> str:
        """``"shared"``, ``"split"`` or ``"mixed"`` (see SHARED_SHARE and SPLIT_SHARE)."""
        if min(self.more, self.less) >= SPLIT_SHARE * self.n:
            return "split"
        return "shared" if self._with_team[0] >= SHARED_SHARE * self.n else "mixed"

    def text(self) -> str:
        """E.g. "shared: 11 of 11 want more" or "split: 4 want more, 3 want less, 4 about the
        same (of 11)"."""
        if self.reading == "shared":
            count, words = self._with_team
            return f"shared: {count} of {self.n} {words}"
        counts = [f"{count} {words}" for count, words in
                  ((self.more, "want more"), (self.less, "want less"),
                   (self.same, "about the same")) if count]
        return f"{self.reading}: " + ", ".join(counts) + f" (of {self.n})"


@dataclass(frozen=True)
class TeamProfile:
    """Everything the explorer shows for one visible group (a team or the whole company)."""

    group: str
    n: int
    now: dict[str, float]
    preferred: dict[str, float]
    to_discuss: list[culture.Gap]
    congruence_now: culture.Congruence
    congruence_preferred: culture.Congruence
    spread_now: dict[str, float]        # SD of members' own Now points, per type
    spread_preferred: dict[str, float]  # SD of members' own Preferred points, per type
    agreement: dict[str, Agreement]     # per type
    threshold: float = DISCUSSION_THRESHOLD  # the smallest gap worth discussing, in points

    @property
    def gaps(self) -> dict[str, float]:
        return culture.gaps(self.now, self.preferred)

    def profile(self, phase: str) -> dict[str, float]:
        return self.now if phase == "now" else self.preferred

    @property
    def seen_differently(self) -> list[str]:
        """Types whose Now points spread by SPREAD_FLAG or more (largest spread first)."""
        flagged = [t for t in CULTURE_TYPES if self.spread_now[t] >= SPREAD_FLAG]
        return sorted(flagged, key=lambda t: -self.spread_now[t])


def _sd(values: pd.Series) -> float:
    return float(values.std(ddof=1)) if len(values) > 1 else 0.0


def _team_profile(assessments, profiles: pd.DataFrame, group: str, threshold: float) -> TeamProfile:
    members = profiles if group == COMPANY else profiles[profiles["team"] == group]
    team = None if group == COMPANY else group
    by_phase = {
        phase: members[members["phase"] == phase].set_index("respondent_id")[list(CULTURE_TYPES)]
        for phase in PHASES
    }
    now = culture.team_profile(by_phase["now"].to_dict("records"))
    preferred = culture.team_profile(by_phase["preferred"].to_dict("records"))
    change = by_phase["preferred"] - by_phase["now"].loc[by_phase["preferred"].index]
    agreement = {
        t: Agreement(
            culture_type=t, n=len(change),
            more=int((change[t] >= MOVE_MIN).sum()),
            same=int((change[t].abs() < MOVE_MIN).sum()),
            less=int((change[t] <= -MOVE_MIN).sum()),
            mean_change=preferred[t] - now[t], sd_change=_sd(change[t]),
        )
        for t in CULTURE_TYPES
    }
    return TeamProfile(
        group=group,
        n=len(by_phase["now"]),
        now=now,
        preferred=preferred,
        to_discuss=culture.gaps_to_discuss(now, preferred, threshold),
        congruence_now=culture.congruence(group_allocation(assessments, "now", team)),
        congruence_preferred=culture.congruence(group_allocation(assessments, "preferred", team)),
        spread_now={t: _sd(by_phase["now"][t]) for t in CULTURE_TYPES},
        spread_preferred={t: _sd(by_phase["preferred"][t]) for t in CULTURE_TYPES},
        agreement=agreement,
        threshold=float(threshold),
    )


@dataclass(frozen=True)
class TeamReport:
    """Visible groups with their profiles, and hidden groups with the reason only."""

    min_size: int
    threshold: float
    groups: pd.DataFrame  # group, n (NA when hidden), suppressed, suppressed_because, shown_as
    profiles: dict[str, TeamProfile]  # visible groups only, the whole company first

    @property
    def visible(self) -> list[str]:
        return list(self.profiles)

    @property
    def hidden(self) -> list[tuple[str, str]]:
        """(group, what to show instead of its numbers), in table order."""
        rows = self.groups[self.groups["suppressed"]]
        return list(zip(rows["group"], rows["shown_as"]))


def summarize(assessments, min_size=MIN_GROUP_SIZE,
              threshold: float = DISCUSSION_THRESHOLD) -> TeamReport:
    """Profiles for the whole company and every team large enough to show.

    Suppression is decided on respondent counts with `survey.suppress_small_groups`, the teams
    being siblings under the company: a team with fewer than `min_size` respondents is hidden,
    and so are the smallest other teams needed so that "company minus visible teams" only ever
    gives a blend of at least two teams holding at least `min_size` people. The company itself
    is hidden when it has fewer than `min_size` respondents (then so is every team).
    """
    min_size = check_min_size(min_size)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not (
            math.isfinite(threshold) and threshold >= 0):
        raise ValueError("The discussion threshold must be a number of points, 0 or more.")
    profiles = individual_profiles(assessments)
    sizes = team_sizes(assessments)
    teams = suppress_small_groups(sizes, "team", "n", min_size)
    total = int(sizes["n"].sum())
    company_hidden = total < min_size
    groups = pd.DataFrame({
        "group": [COMPANY, *teams["team"]],
        "n": pd.array([pd.NA if company_hidden else total, *teams["n"]], dtype="Int64"),
        "suppressed": [company_hidden, *teams["suppressed"]],
        "suppressed_because": [REASON_SMALL.format(min_size=min_size) if company_hidden else "",
                               *teams["suppressed_because"]],
    })
    groups["shown_as"] = [hidden_text(reason, min_size) if hidden else ""
                          for hidden, reason in zip(groups["suppressed"],
                                                    groups["suppressed_because"])]
    visible = [g for g, hidden in zip(groups["group"], groups["suppressed"]) if not hidden]
    return TeamReport(
        min_size=min_size,
        threshold=float(threshold),
        groups=groups,
        profiles={g: _team_profile(assessments, profiles, g, threshold) for g in visible},
    )


# --------------------------------------------------------------------------------------------
# What the explorer asks for: a selection of groups and a view
# --------------------------------------------------------------------------------------------

def parse_view(view) -> tuple[str | None, str | None]:
    """The phase(s) to draw: (key of VIEWS, None), or (None, a friendly problem)."""
    if view in VIEWS:
        return view, None
    for key, label in VIEWS.items():
        if isinstance(view, str) and view.strip().lower() == label.lower():
            return key, None
    return None, "Choose what to draw: Now, Preferred, or Now and Preferred."


def check_selection(report: TeamReport, chosen: Iterable[str]) -> tuple[list[str], list[str]]:
    """The chosen groups in the report's order, and the problems with the choice (none = fine).

    A hidden group is refused with its reason and never its numbers.
    """
    chosen = list(dict.fromkeys(str(c) for c in chosen))
    hidden = dict(report.hidden)
    problems = []
    for name in chosen:
        if name in hidden:
            problems.append(f"{name} cannot be shown ({hidden[name]}).")
        elif name not in report.profiles:
            problems.append(f"There is no team called {name!r} in this assessment.")
    groups = [g for g in report.visible if g in chosen]
    if not chosen:
        problems.append("Tick at least one team, or the whole company, to draw its profile.")
    elif len(groups) > MAX_OVERLAY:
        problems.append(f"You ticked {len(groups)} groups: tick at most {MAX_OVERLAY}. More "
                        "kites on one map are hard to tell apart; compare in rounds instead.")
    return groups, problems


def _phases(view: str) -> list[str]:
    return list(PHASES) if view == "both" else [view]


def _checked(report: TeamReport, groups: Iterable[str], view) -> tuple[list[str], str]:
    """The groups and view to draw, or ValueError with the same words the explorer shows."""
    view, problem = parse_view(view)
    groups, problems = check_selection(report, groups)
    problems += [problem] if problem else []
    if problems:
        raise ValueError(" ".join(problems))
    return groups, view


def overlay(report: TeamReport, groups: Iterable[str], view: str = "both"
            ) -> dict[str, dict[str, dict[str, float]]]:
    """{group: {"Now"/"Preferred": profile}} for the chart, visible groups only."""
    groups, view = _checked(report, groups, view)
    return {g: {PHASES[p]: report.profiles[g].profile(p) for p in _phases(view)} for g in groups}


# --------------------------------------------------------------------------------------------
# Words: text alternatives, tables and the facilitator's prompts
# --------------------------------------------------------------------------------------------

def _points(value: float) -> str:
    return format_points(round(value, 1))


def _signed(value: float) -> str:
    rounded = round(value, 1)
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + format_points(abs(rounded))


def _label(culture_type: str) -> str:
    return TYPE_GUIDE[culture_type].label


def _lead_text(points: Mapping[str, float]) -> str:
    lead = culture.dominant(points)
    if lead.culture_type is None:
        return " and ".join(_label(t) for t in lead.tied) + " tie for the lead"
    return (f"{_label(lead.culture_type)} leads ({lead.strength} lead of "
            f"{_points(lead.margin)} points)")


def _profile_text(phase: str, points: Mapping[str, float]) -> str:
    values = ", ".join(f"{_label(t)} {_points(points[t])}" for t in CULTURE_TYPES)
    return f"{PHASES[phase]}: {values}; {_lead_text(points)}."


def describe_group(profile: TeamProfile, view: str = "both") -> str:
    """A text account of one group's profile(s), gaps worth discussing and agreement."""
    parts = [f"{profile.group} ({profile.n} respondents)."]
    parts += [_profile_text(p, profile.profile(p)) for p in _phases(view)]
    if view == "both":
        if profile.to_discuss:
            parts.append("Gaps worth discussing: " + "; ".join(
                f"{_label(g.culture_type)} {_signed(g.change)} "
                f"({profile.agreement[g.culture_type].text()})" for g in profile.to_discuss) + ".")
        else:
            parts.append(f"No type moves by {format_points(profile.threshold)} points or more.")
    return " ".join(parts)


def describe_overlay(report: TeamReport, groups: Iterable[str], view: str = "both") -> str:
    """The text alternative of the overlay chart: every drawn group, then the hidden ones."""
    groups, view = _checked(report, groups, view)
    lines = "Now solid lines with filled points, Preferred dashed lines with hollow points. " \
        if view == "both" else ""
    text = (f"{VIEWS[view]} culture profiles of {join_words(groups)}, in points out of 100. "
            f"One colour and point shape per group. {lines}"
            + " ".join(describe_group(report.profiles[g], view) for g in groups))
    if report.hidden:
        text += " Not shown: " + "; ".join(f"{g} ({why})" for g, why in report.hidden) + "."
    return text


def suppression_note(report: TeamReport) -> str:
    """Why the hidden groups are hidden, in plain words and without any of their numbers."""
    small = [g for g, r in zip(report.groups["group"], report.groups["suppressed_because"])
             if r == REASON_SMALL.format(min_size=report.min_size)]
    siblings = [g for g, r in zip(report.groups["group"], report.groups["suppressed_because"])
                if r == REASON_SIBLING]
    if COMPANY in small:
        return (f"Fewer than {report.min_size} people answered in total, so nothing is shown: "
                "any average would point at individuals.")
    if not small and not siblings:
        return (f"Every team has at least {report.min_size} respondents, so every team is "
                "shown.")
    text = (f"{join_words(small)} {'has' if len(small) == 1 else 'have'} fewer than "
            f"{report.min_size} respondents. With so few people, a team's average is close to "
            "each person's own answers, so it is not shown.")
    if siblings:
        text += (
            f" {join_words(siblings)} {'is' if len(siblings) == 1 else 'are'} large enough but "
            "hidden as well. The whole-company profile is shown here, and people know it from "
            "other reports anyway; if every other team were shown too, the company minus the "
            "visible teams would give the small team's profile exactly (the subtraction "
            "attack). With one more team hidden, subtraction only gives a blend of several "
            f"teams holding at least {report.min_size} people, which cannot be taken apart."
        )
    return text


def profiles_table(report: TeamReport) -> pd.DataFrame:
    """Now and Preferred profiles of every group, rounded to 0.1; hidden groups keep one row
    with ``shown_as`` and no numbers. Columns: group, respondents, phase, the four type labels,
    shown_as."""
    rows = []
    for group, n, hidden, shown_as in zip(report.groups["group"], report.groups["n"],
                                          report.groups["suppressed"], report.groups["shown_as"]):
        if hidden:
            rows.append({"group": group, "respondents": pd.NA, "phase": "",
                         **{_label(t): float("nan") for t in CULTURE_TYPES}, "shown_as": shown_as})
            continue
        profile = report.profiles[group]
        for phase, phase_label in PHASES.items():
            rows.append({"group": group, "respondents": int(n), "phase": phase_label,
                         **{_label(t): round(profile.profile(phase)[t], 1) for t in CULTURE_TYPES},
                         "shown_as": ""})
    table = pd.DataFrame(rows)
    table["respondents"] = table["respondents"].astype("Int64")
    return table


def _visible_groups(report: TeamReport, groups) -> list[str]:
    if groups is None:
        return report.visible
    chosen, problems = check_selection(report, groups)
    if problems and not chosen:
        raise ValueError(" ".join(problems))
    return chosen


def gaps_table(report: TeamReport, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """The gaps worth discussing (at least the report's threshold), largest first per group,
    with how far members agree. Columns: group, type, now, preferred, change, agreement,
    reading, sd_change."""
    rows = []
    for group in _visible_groups(report, groups):
        profile = report.profiles[group]
        for gap in profile.to_discuss:
            agreement = profile.agreement[gap.culture_type]
            rows.append({"group": group, "type": _label(gap.culture_type),
                         "now": round(gap.now, 1), "preferred": round(gap.preferred, 1),
                         "change": round(gap.change, 1), "agreement": agreement.text(),
                         "reading": agreement.reading,
                         "sd_change": round(agreement.sd_change, 1)})
    return pd.DataFrame(rows, columns=["group", "type", "now", "preferred", "change",
                                       "agreement", "reading", "sd_change"])


def congruence_text(fit: culture.Congruence) -> str:
    """E.g. "congruent: Hierarchy leads all 6 dimensions" or the leaders dimension by dimension."""
    if fit.congruent:
        return f"congruent: {_label(fit.dominant_type)} leads all {len(DIMENSIONS)} dimensions"
    leaders: dict[str | None, list[str]] = {}
    for dimension, leader in fit.dominant_by_dimension.items():
        leaders.setdefault(leader, []).append(DIMENSIONS[dimension].lower())
    parts = [
        f"{_label(leader) if leader else 'a tie'} in {join_words(dims)}"
        for leader, dims in sorted(leaders.items(), key=lambda kv: -len(kv[1]))
    ]
    return "not congruent: " + "; ".join(parts)


def congruence_table(report: TeamReport, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """Congruence of each group's mean answers, Now and Preferred. Columns: group, now,
    preferred (sentences), now_congruent, preferred_congruent (booleans)."""
    rows = []
    for group in _visible_groups(report, groups):
        profile = report.profiles[group]
        rows.append({"group": group,
                     "now": congruence_text(profile.congruence_now),
                     "preferred": congruence_text(profile.congruence_preferred),
                     "now_congruent": profile.congruence_now.congruent,
                     "preferred_congruent": profile.congruence_preferred.congruent})
    return pd.DataFrame(rows, columns=["group", "now", "preferred", "now_congruent",
                                       "preferred_congruent"])


def spread_table(report: TeamReport, groups: Iterable[str] | None = None) -> pd.DataFrame:
    """How differently members see the culture now: the standard deviation of their own Now
    points per type (rounded to 0.1), and the types at or above SPREAD_FLAG. Columns: group,
    respondents, the four type labels, seen_differently."""
    rows = []
    for group in _visible_groups(report, groups):
        profile = report.profiles[group]
        rows.append({"group": group, "respondents": profile.n,
                     **{_label(t): round(profile.spread_now[t], 1) for t in CULTURE_TYPES},
                     "seen_differently": ", ".join(_label(t) for t in profile.seen_differently)})
    return pd.DataFrame(rows, columns=["group", "respondents",
                                       *(_label(t) for t in CULTURE_TYPES), "seen_differently"])


def conversation_prompts(profile: TeamProfile) -> list[str]:
    """The questions that open the change conversation for one group, after Cameron & Quinn:
    for each gap worth discussing, what more (or less) of the type would and would not mean
    here, and what to start, stop and keep; then mixed signals and wide spread."""
    prompts = []
    for gap in profile.to_discuss:
        guide = TYPE_GUIDE[gap.culture_type]
        agreement = profile.agreement[gap.culture_type]
        wish = guide.more_of_it if gap.change > 0 else guide.less_of_it
        word = "more" if gap.change > 0 else "less"
        prompt = (f"{word.capitalize()} {guide.label} ({_signed(gap.change)} points; "
                  f"{agreement.text()}). What would \u201c{wish}\u201d mean here, and what "
                  "would it not mean? What should we start, stop and keep doing?")
        if agreement.reading == "split":
            prompt += (" Members pull in opposite directions: hear both sides before agreeing "
                       "on any change.")
        elif agreement.reading == "mixed":
            prompt += " Not everyone wants this: ask those who would keep it as it is why."
        prompts.append(prompt)
    if not profile.to_discuss:
        prompts.append(f"No type moves by {format_points(profile.threshold)} points or more. "
                       "What does this group want to keep, and would its customers agree "
                       "that nothing needs to change?")
    if not profile.congruence_now.congruent:
        prompts.append("Mixed signals today (" + congruence_text(profile.congruence_now)
                       + "). When these messages conflict, which one do people act on?")
    if profile.seen_differently:
        types = join_words([f"{_label(t)} (spread {_points(profile.spread_now[t])} points)"
                       for t in profile.seen_differently])
        prompts.append(f"People see {types} very differently today. The average hides "
                       "this: find out who sees what, and why, before discussing the average.")
    return prompts
