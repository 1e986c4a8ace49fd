"""Team culture profiles (widgets.core.team_culture) and the explorer widget, without a kernel."""

import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from widgets import charts
from widgets.core import culture
from widgets.core import team_culture as tc
from widgets.core.culture import CULTURE_TYPES, DIMENSIONS
from widgets.core.survey import COMPANY
from widgets.data import load
from widgets.team_culture import TeamCultureExplorer


@pytest.fixture(scope="module")
def data():
    return load("culture_assessments")


@pytest.fixture(scope="module")
def report(data):
    return tc.summarize(data)


def sizes_of(data):
    return data.groupby(data["team"].astype(str))["respondent_id"].nunique()


def synthetic(team_sizes, seed=0, points=None):
    """Assessments for teams of the given sizes: random allocations that share 100 points."""
    rng = np.random.default_rng(seed)
    rows, number = [], 0
    for team, size in team_sizes.items():
        for _ in range(size):
            number += 1
            for phase in ("now", "preferred"):
                for dimension in DIMENSIONS:
                    split = points(team, phase) if points else rng.multinomial(
                        100, rng.dirichlet(np.ones(4)))
                    rows.append({"respondent_id": f"R{number:03d}", "team": team, "phase": phase,
                                 "dimension": dimension, **dict(zip(CULTURE_TYPES, map(int, split)))})
    return pd.DataFrame(rows)


# --- anonymity --------------------------------------------------------------------------

def test_small_team_is_hidden_with_its_reason_and_no_number(data, report):
    sizes = sizes_of(data)
    small = [t for t in sizes.index if sizes[t] < tc.MIN_GROUP_SIZE]
    assert small == ["Finance & HR"]
    hidden = dict(report.hidden)
    assert hidden["Finance & HR"] == f"fewer than {tc.MIN_GROUP_SIZE} respondents: hidden"
    assert "Finance & HR" not in report.profiles
    row = report.groups.set_index("group").loc["Finance & HR"]
    assert pd.isna(row["n"]) and row["suppressed"]


def test_subtraction_cannot_recover_the_small_team(data, report):
    """Company minus visible teams must be a blend of 2+ teams with >= min_size people."""
    sizes = sizes_of(data)
    assert COMPANY in report.profiles  # the company profile is on show...
    hidden = [g for g, _ in report.hidden]
    people = [sizes[g] for g in hidden]
    assert len(people) >= 2 and sum(people) >= report.min_size  # ...so a sibling hides too
    # the sibling hidden is the smallest team that is large enough on its own
    large = [t for t in sizes.index if sizes[t] >= report.min_size]
    assert [g for g in hidden if sizes[g] >= report.min_size] == [min(large, key=sizes.get)]
    # the visible teams' respondents plus the hidden blend make up the company
    visible_people = sum(report.profiles[g].n for g in report.visible if g != COMPANY)
    assert report.profiles[COMPANY].n - visible_people == sum(people)


def test_subtraction_gives_a_blend_not_the_small_team(data, report):
    profiles = tc.individual_profiles(data)
    now = profiles[profiles["phase"] == "now"]
    company = report.profiles[COMPANY]
    rest = {t: company.now[t] * company.n for t in CULTURE_TYPES}
    for group in report.visible:
        if group != COMPANY:
            for t in CULTURE_TYPES:
                rest[t] -= report.profiles[group].now[t] * report.profiles[group].n
    hidden = [g for g, _ in report.hidden]
    blend = now[now["team"].isin(hidden)][list(CULTURE_TYPES)].sum()
    small = now[now["team"] == "Finance & HR"][list(CULTURE_TYPES)].sum()
    for t in CULTURE_TYPES:
        assert rest[t] == pytest.approx(blend[t])
    assert any(not math.isclose(rest[t], small[t], abs_tol=1e-6) for t in CULTURE_TYPES)


@pytest.mark.parametrize("min_size", [3, 4])
def test_a_lower_threshold_shows_the_small_team(data, min_size):
    report = tc.summarize(data, min_size)
    assert report.hidden == []
    assert "Finance & HR" in report.profiles


def test_a_higher_threshold_hides_more(data):
    sizes = sizes_of(data)
    report = tc.summarize(data, 6)
    assert {g for g, _ in report.hidden} == {t for t in sizes.index if sizes[t] < 6}
    everything = tc.summarize(data, int(sizes.sum()) + 1)
    assert everything.profiles == {}
    assert COMPANY in dict(everything.hidden)
    assert "nothing is shown" in tc.suppression_note(everything)


@pytest.mark.parametrize("bad", [2, 0, -5, 4.5, "five", None, True])
def test_threshold_below_three_or_not_whole_is_refused(data, bad):
    with pytest.raises(ValueError, match="minimum group size"):
        tc.summarize(data, bad)


def test_suppression_note_explains_the_sibling_without_numbers(data, report):
    note = tc.suppression_note(report)
    assert "Finance & HR" in note and "Leadership" in note and "subtraction" in note
    sizes = sizes_of(data)
    for team, _ in report.hidden:
        for sentence in note.split(". "):
            if team in sentence:  # e.g. never "Finance & HR has 4 respondents"
                assert not re.search(rf"\b{sizes[team]}\b", sentence)


def test_texts_never_give_a_hidden_teams_numbers(data, report):
    groups = [g for g in report.visible][:tc.MAX_OVERLAY]
    text = tc.describe_overlay(report, groups)
    sizes = sizes_of(data)
    for team, why in report.hidden:
        assert f"{team} ({why})" in text
        assert not re.search(re.escape(team) + r" \(\d", text)
        assert f"({sizes[team]} respondents)" not in text
    table = tc.profiles_table(report)
    hidden_rows = table[table["shown_as"] != ""]
    assert set(hidden_rows["group"]) == {g for g, _ in report.hidden}
    assert hidden_rows[["Clan", "Adhocracy", "Market", "Hierarchy"]].isna().all().all()
    assert hidden_rows["respondents"].isna().all()


# --- profiles, gaps, congruence, spread -----------------------------------------------

def test_team_profile_is_the_mean_of_members_profiles(data, report):
    rows = data.assign(team=data["team"].astype(str), phase=data["phase"].astype(str))
    for t in CULTURE_TYPES:
        rows[t] = rows[t].astype(float)
    members = rows.groupby(["respondent_id", "team", "phase"])[list(CULTURE_TYPES)].mean()
    expected = members.groupby(["team", "phase"]).mean()
    for group in report.visible:
        profile = report.profiles[group]
        if group == COMPANY:
            means = members.groupby("phase").mean()
            assert profile.now == pytest.approx(means.loc["now"].to_dict())
            continue
        assert profile.now == pytest.approx(expected.loc[(group, "now")].to_dict())
        assert profile.preferred == pytest.approx(expected.loc[(group, "preferred")].to_dict())
        assert sum(profile.now.values()) == pytest.approx(100)


def test_gaps_worth_discussing_pass_the_threshold_and_are_largest_first(report):
    table = tc.gaps_table(report)
    assert not table.empty
    assert (table["change"].abs() >= report.threshold - 0.05).all()
    for group, part in table.groupby("group", sort=False):
        changes = list(part["change"].abs())
        assert changes == sorted(changes, reverse=True)
        profile = report.profiles[group]
        missing = [t for t, v in profile.gaps.items() if abs(v) >= report.threshold]
        assert len(part) == len(missing)


def test_agreement_counts_members_independently(data, report):
    profiles = tc.individual_profiles(data)
    wide = profiles.pivot(index=["respondent_id", "team"], columns="phase", values="hierarchy")
    change = (wide["preferred"] - wide["now"]).groupby(level="team")
    for group in report.visible:
        if group == COMPANY:
            continue
        agreement = report.profiles[group].agreement["hierarchy"]
        members = change.get_group(group)
        assert agreement.n == len(members) == agreement.more + agreement.same + agreement.less
        assert agreement.less == int((members <= -tc.MOVE_MIN).sum())
        assert agreement.more == int((members >= tc.MOVE_MIN).sum())
        assert agreement.sd_change == pytest.approx(members.std(ddof=1))


def test_spread_is_the_standard_deviation_of_members_now_points(data, report):
    profiles = tc.individual_profiles(data)
    now = profiles[profiles["phase"] == "now"]
    table = tc.spread_table(report).set_index("group")
    assert table.loc[COMPANY, "Hierarchy"] == pytest.approx(now["hierarchy"].std(ddof=1), abs=0.05)
    flagged = [t for t in CULTURE_TYPES if now[t].std(ddof=1) >= tc.SPREAD_FLAG]
    assert report.profiles[COMPANY].seen_differently == sorted(
        flagged, key=lambda t: -now[t].std(ddof=1))
    assert flagged  # the company mean hides teams that see different cultures


def test_group_allocation_sums_to_exactly_100_and_gives_congruence(data):
    for team in (None, "Customer Service", "Operations"):
        allocation = tc.group_allocation(data, "now", team)
        assert culture.validate_allocation(allocation) == []
    rows = data[(data["team"] == "Operations") & (data["phase"] == "now")]
    sums = rows.groupby(rows["dimension"].astype(str))[list(CULTURE_TYPES)].sum()
    leaders = {d: sums.loc[d].astype(float).idxmax() for d in DIMENSIONS}
    fit = tc.summarize(data).profiles["Operations"].congruence_now
    assert fit.dominant_by_dimension == leaders
    assert fit.congruent == (len(set(leaders.values())) == 1)


def test_congruence_table_names_the_mixed_signals(report):
    table = tc.congruence_table(report).set_index("group")
    service = report.profiles["Customer Service"].congruence_now
    assert not service.congruent
    assert table.loc["Customer Service", "now"].startswith("not congruent:")
    for leader in {v for v in service.dominant_by_dimension.values() if v}:
        assert culture.TYPE_GUIDE[leader].label in table.loc["Customer Service", "now"]


def test_prompts_open_the_start_stop_keep_conversation(report):
    for group in report.visible:
        profile = report.profiles[group]
        prompts = tc.conversation_prompts(profile)
        for gap in profile.to_discuss:
            guide = culture.TYPE_GUIDE[gap.culture_type]
            wish = guide.more_of_it if gap.change > 0 else guide.less_of_it
            assert any(wish in p and "start, stop and keep" in p and "not mean" in p
                       for p in prompts)
        assert any("Mixed signals" in p for p in prompts) == (not profile.congruence_now.congruent)


def test_the_discussion_threshold_is_used_everywhere(data):
    report = tc.summarize(data, threshold=50)
    assert tc.gaps_table(report).empty
    profile = report.profiles[COMPANY]
    assert profile.to_discuss == []
    assert "No type moves by 50 points or more" in tc.conversation_prompts(profile)[0]
    assert "No type moves by 50 points or more" in tc.describe_group(profile)


def test_a_split_team_gets_told_to_hear_both_sides():
    def points(team, phase):
        return (40, 20, 20, 20) if phase == "now" else (60, 10, 10, 20)

    frame = synthetic({"Up": 5, "Down": 5}, points=points)
    down = frame["team"] == "Down"
    preferred = frame["phase"] == "preferred"
    frame.loc[down & preferred, list(CULTURE_TYPES)] = [20, 30, 30, 20]
    report = tc.summarize(frame, 5, threshold=0)
    clan = report.profiles[COMPANY].agreement["clan"]
    assert (clan.more, clan.less, clan.reading) == (5, 5, "split")
    prompts = tc.conversation_prompts(report.profiles[COMPANY])
    assert any("hear both sides" in p for p in prompts)


@pytest.mark.parametrize(
    ("more", "same", "less", "mean", "reading"),
    [(9, 1, 0, 12.0, "shared"), (3, 1, 3, 1.0, "split"), (5, 5, 0, 6.0, "mixed"),
     (0, 2, 8, -11.0, "shared"), (0, 10, 0, 0.0, "shared")],
)
def test_agreement_reading(more, same, less, mean, reading):
    agreement = tc.Agreement("clan", more + same + less, more, same, less, mean, 5.0)
    assert agreement.reading == reading
    assert agreement.text().startswith(reading + ":")


# --- selection and views ----------------------------------------------------------------

def test_selection_problems_are_friendly(report):
    hidden_team = report.hidden[0][0]
    assert tc.check_selection(report, [])[1] == [
        "Tick at least one team, or the whole company, to draw its profile."]
    _, problems = tc.check_selection(report, [hidden_team])
    assert problems[0].startswith(f"{hidden_team} cannot be shown")
    _, problems = tc.check_selection(report, ["Marketing"])
    assert "no team called 'Marketing'" in problems[0]
    too_many = report.visible[: tc.MAX_OVERLAY + 1]
    groups, problems = tc.check_selection(report, too_many)
    assert len(groups) == tc.MAX_OVERLAY + 1 and f"at most {tc.MAX_OVERLAY}" in problems[0]
    groups, problems = tc.check_selection(report, list(reversed(report.visible[:2])))
    assert (groups, problems) == (report.visible[:2], [])


@pytest.mark.parametrize(("value", "key"), [("now", "now"), ("Preferred", "preferred"),
                                            ("both", "both"), (" now and preferred ", "both")])
def test_parse_view(value, key):
    assert tc.parse_view(value) == (key, None)


@pytest.mark.parametrize("bad", ["", "later", None, 3])
def test_parse_view_refuses_nonsense(bad):
    key, problem = tc.parse_view(bad)
    assert key is None and "Now, Preferred, or Now and Preferred" in problem


def test_overlay_draws_only_what_was_asked(report):
    groups = report.visible[1:3]
    assert tc.overlay(report, groups, "now") == {
        g: {"Now": report.profiles[g].now} for g in groups}
    both = tc.overlay(report, groups, "both")
    assert all(set(v) == {"Now", "Preferred"} for v in both.values())
    with pytest.raises(ValueError, match="cannot be shown"):
        tc.overlay(report, [report.hidden[0][0]], "now")


# --- bad input ------------------------------------------------------------------------

def test_bad_assessments_get_one_clear_sentence(data):
    with pytest.raises(ValueError, match="must be a pandas DataFrame"):
        tc.summarize([1, 2, 3])
    with pytest.raises(ValueError, match="no column 'team'"):
        tc.summarize(data.drop(columns="team"))
    with pytest.raises(ValueError, match="empty"):
        tc.summarize(data.iloc[0:0])
    with pytest.raises(ValueError, match="instead of 12"):
        tc.summarize(data.iloc[1:])
    shifted = data.copy()
    shifted["clan"] = shifted["clan"].astype(int)
    shifted.loc[shifted.index[0], "clan"] += 5
    with pytest.raises(ValueError, match=r"Respondent R\d+ \(Now\).*5 points over"):
        tc.summarize(shifted)
    renamed = data.assign(team=data["team"].astype(str).replace("Sales", COMPANY))
    with pytest.raises(ValueError, match="cannot be called"):
        tc.summarize(renamed)
    with pytest.raises(ValueError, match="threshold"):
        tc.summarize(data, threshold=-1)


def test_hidden_teams_are_never_computed(data, monkeypatch):
    seen = []
    real = tc._team_profile
    monkeypatch.setattr(tc, "_team_profile", lambda a, p, group, t: seen.append(group) or real(a, p, group, t))
    report = tc.summarize(data)
    assert set(seen) == set(report.visible)
    assert not set(seen) & {g for g, _ in report.hidden}


# --- properties -----------------------------------------------------------------------

team_sizes = st.dictionaries(st.sampled_from(["A", "B", "C", "D", "E"]),
                             st.integers(min_value=0, max_value=8), min_size=1, max_size=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=team_sizes, seed=st.integers(0, 10_000), min_size=st.integers(3, 9))
def test_properties_of_any_assessment(sizes, seed, min_size):
    sizes = {t: n for t, n in sizes.items() if n > 0}
    if not sizes:
        return
    frame = synthetic(sizes, seed)
    report = tc.summarize(frame, min_size)
    total = sum(sizes.values())
    # profiles sum to 100; gaps sum to 0; agreement counts everyone
    for profile in report.profiles.values():
        for points in (profile.now, profile.preferred):
            assert sum(points.values()) == pytest.approx(100)
            assert all(v >= 0 for v in points.values())
        assert sum(profile.gaps.values()) == pytest.approx(0, abs=1e-9)
        assert all(a.more + a.same + a.less == profile.n for a in profile.agreement.values())
    # no shown group under the threshold, and the company only with enough people
    assert all(p.n >= min_size for p in report.profiles.values())
    assert (COMPANY in report.profiles) == (total >= min_size)
    # suppression never reveals a group under the threshold by subtraction
    hidden = [sizes[g] for g, _ in report.hidden if g != COMPANY]
    if COMPANY in report.profiles and hidden:
        assert len(hidden) >= 2 and sum(hidden) >= min_size
    assert set(report.profiles).isdisjoint(g for g, _ in report.hidden)
    assert set(report.profiles) | {g for g, _ in report.hidden} == {COMPANY, *sizes}
    # a hidden group can never be selected or drawn
    for group, _ in report.hidden:
        assert tc.check_selection(report, [group])[0] == []


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 9), seed=st.integers(0, 10_000))
def test_group_allocation_is_always_valid(size, seed):
    frame = synthetic({"A": size}, seed)
    for phase in ("now", "preferred"):
        allocation = tc.group_allocation(frame, phase)
        assert culture.validate_allocation(allocation) == []
        profile = culture.profile(allocation)
        members = tc.individual_profiles(frame)
        mean = members[members["phase"] == phase][list(CULTURE_TYPES)].mean()
        for t in CULTURE_TYPES:
            assert profile[t] == pytest.approx(mean[t], abs=1e-5)


# --- the chart builder ------------------------------------------------------------------

def test_team_kite_chart_gives_each_group_a_colour_and_a_shape(report):
    groups = report.visible[:3]
    chart = charts.team_kite_chart(tc.overlay(report, groups, "both"), description="Words.")
    spec = chart.to_dict()
    assert spec["description"].endswith("Words.")
    scales = {}
    for layer in spec["layer"]:
        for channel in ("color", "shape", "strokeDash"):
            encoding = layer.get("encoding", {}).get(channel, {})
            if "scale" in encoding and "field" in encoding:
                scales[channel] = encoding["scale"]
    assert scales["color"]["domain"] == groups == scales["shape"]["domain"]
    assert len(set(scales["color"]["range"])) == len(set(scales["shape"]["range"])) == 3
    assert set(scales["color"]["range"]) <= set(charts.OKABE_ITO.values())
    assert scales["strokeDash"]["domain"] == ["Now", "Preferred"]
    # the map is kite_chart's: quadrant names are there
    texts = [row.get("label") for data in spec["datasets"].values() for row in data]
    assert "Clan (Collaborate)" in texts


def test_team_kite_chart_refuses_nonsense():
    with pytest.raises(ValueError):
        charts.team_kite_chart({})
    with pytest.raises(ValueError):
        charts.team_kite_chart({"A": {"Later": dict.fromkeys(CULTURE_TYPES, 25.0)}})


# --- the widget -----------------------------------------------------------------------

@pytest.fixture
def explorer(data):
    return TeamCultureExplorer(data)


def chart_groups(explorer):
    spec = explorer.chart_widget.spec
    return {(row["group"], row["phase"]) for data in spec["datasets"].values() for row in data
            if "group" in row}


def test_the_widget_can_be_displayed(explorer):
    assert repr(explorer).startswith("TeamCultureExplorer(")
    explorer.tick(COMPANY)
    explorer.compare_button.click()
    assert "TeamCultureExplorer(" in repr(explorer)


def test_intro_counts_the_people_and_teams(explorer, data):
    people, teams = data["respondent_id"].nunique(), data["team"].astype(str).nunique()
    assert f"{people} people in {teams} teams" in explorer.intro.value


def test_only_visible_groups_are_offered(explorer):
    assert list(explorer.team_inputs) == explorer.report.visible
    for group, box in explorer.team_inputs.items():
        assert box.description.startswith(group) and "respondents" in box.description
    for group, why in explorer.report.hidden:
        assert group not in explorer.team_inputs
        assert f"<strong>{group.replace('&', '&amp;')}</strong>: {why}" in explorer.hidden_box.value
    assert "Why are these teams hidden?" in explorer.hidden_box.value
    assert explorer.view_input.description and explorer.threshold_input.description


def test_compare_two_teams_draws_the_overlay_and_the_tables(explorer):
    first, second = explorer.report.visible[1:3]
    explorer.tick(first, second)
    explorer.compare_button.click()
    assert explorer.problems == []
    assert explorer.selected == [first, second]
    assert isinstance(explorer.chart_widget, alt.JupyterChart)
    assert chart_groups(explorer) == {(g, p) for g in (first, second) for p in ("Now", "Preferred")}
    assert 'role="status"' in explorer.messages.value and first in explorer.messages.value
    for gap in explorer.report.profiles[first].to_discuss:
        assert culture.TYPE_GUIDE[gap.culture_type].label in explorer.tables.value
    assert "start, stop and keep" in explorer.prompts.value
    assert explorer.description == tc.describe_overlay(explorer.report, [first, second])
    assert "The chart in words" in explorer.summary.value


def test_now_only_draws_now(explorer):
    explorer.tick(COMPANY)
    explorer.view_input.value = "now"
    explorer.compare_button.click()
    assert chart_groups(explorer) == {(COMPANY, "Now")}


def test_nothing_ticked_or_too_many_is_refused_without_a_chart(explorer):
    explorer.compare_button.click()
    assert 'role="alert"' in explorer.messages.value
    assert "Tick at least one team" in explorer.messages.value
    assert explorer.chart_box.children == ()
    explorer.tick(*explorer.report.visible[: tc.MAX_OVERLAY + 1])
    explorer.compare_button.click()
    assert f"tick at most {tc.MAX_OVERLAY}" in explorer.messages.value
    assert explorer.chart_box.children == ()


@pytest.mark.parametrize("bad", ["2", "", "five", "4.5", "-3"])
def test_bad_threshold_keeps_the_old_one_with_a_message(explorer, bad):
    offered = list(explorer.team_inputs)
    explorer.threshold_input.value = bad
    explorer.apply_button.click()
    assert 'role="alert"' in explorer.messages.value
    assert f"still uses a minimum of {tc.MIN_GROUP_SIZE}" in explorer.messages.value
    assert explorer.min_size == tc.MIN_GROUP_SIZE and list(explorer.team_inputs) == offered


def test_threshold_changes_what_is_offered_and_keeps_ticks(explorer, data):
    sizes = sizes_of(data)
    smallest = sizes.idxmin()
    explorer.tick(COMPANY)
    explorer.threshold_input.value = str(int(sizes.min()))
    assert explorer.min_size == sizes.min()
    assert smallest in explorer.team_inputs and explorer.ticked == [COMPANY]
    assert "Every group has at least" in explorer.hidden_box.value
    explorer.threshold_input.value = "6"
    assert set(explorer.team_inputs) == {COMPANY, *(t for t in sizes.index if sizes[t] >= 6)}


def test_a_failing_handler_shows_a_message_not_a_traceback(explorer, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(charts, "team_kite_chart", broken)
    explorer.tick(COMPANY)
    explorer.compare_button.click()
    assert "Something went wrong while drawing the team profiles" in explorer.messages.value
    assert "boom" not in explorer.messages.value
    assert explorer.ticked == [COMPANY]


def test_team_names_are_escaped():
    frame = synthetic({"<b>Ops</b>": 5, "Sales": 5}, seed=3)
    explorer = TeamCultureExplorer(frame, min_size=5)
    explorer.tick("<b>Ops</b>")
    explorer.compare_button.click()
    for html_text in (explorer.tables.value, explorer.prompts.value, explorer.summary.value,
                      explorer.messages.value):
        assert "<b>Ops</b>" not in html_text
    assert "&lt;b&gt;Ops&lt;/b&gt;" in explorer.tables.value
