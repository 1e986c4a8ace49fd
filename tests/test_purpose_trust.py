"""The "Purpose, values and trust" lesson's logic: the bakery huddle and the templates."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert

from widgets import charts
from widgets.core import purpose_trust
from widgets.data import load
from widgets.tables import text_table

ROOT = Path(__file__).resolve().parent.parent

# --- the bakery huddle ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bakery():
    return load("bakery_operations")


def story_module():
    path = ROOT / "datasets" / "stories" / "bakery_operations.py"
    spec = importlib.util.spec_from_file_location("story_bakery_for_pitfalls", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_episode_dates_match_the_story_module():
    story = story_module()
    for name in ("RECIPE_LAUNCH", "RECIPE_EPISODE_END", "DECORATION_DRIFT_START",
                 "DECORATION_DRIFT_END", "HUDDLE_START"):
        assert getattr(purpose_trust, name) == getattr(story, name), name


def test_huddle_periods_pool_waste_and_complaints(bakery):
    table = purpose_trust.huddle_periods(bakery)
    assert list(table.index) == [purpose_trust.BEFORE, purpose_trust.CALM, purpose_trust.WITH]
    after = bakery[bakery["date"] >= purpose_trust.HUDDLE_START]
    before = bakery[bakery["date"] < purpose_trust.HUDDLE_START]
    for period, frame in ((purpose_trust.WITH, after), (purpose_trust.BEFORE, before)):
        row = table.loc[period]
        assert row["days"] == frame["date"].nunique()
        expected = 100 * frame["wasted"].sum() / frame["baked"].sum()
        assert row["waste_share_pct"] == pytest.approx(expected, abs=0.05)
        assert row["complaints_per_day"] == pytest.approx(
            frame["complaints"].sum() / frame["date"].nunique(), abs=0.005
        )
    assert table.loc[purpose_trust.BEFORE, "huddle_days"] == 0
    assert table.loc[purpose_trust.WITH, "huddle_days"] == after.groupby("date")["huddle"].first().sum()
    calm = table.loc[purpose_trust.CALM]
    assert calm["days"] < table.loc[purpose_trust.BEFORE, "days"]
    # The story: waste share and complaints are lower with the huddle, even against calm weeks.
    assert table.loc[purpose_trust.WITH, "waste_share_pct"] < calm["waste_share_pct"]
    assert table.loc[purpose_trust.WITH, "complaints_per_day"] < calm["complaints_per_day"]


def test_monthly_trend_has_one_row_per_month_and_marks_the_periods(bakery):
    monthly = purpose_trust.monthly_trend(bakery)
    assert len(monthly) == bakery["date"].dt.to_period("M").nunique()
    assert monthly["baked"].sum() == bakery["baked"].sum()
    assert set(monthly.loc[monthly["month"] >= purpose_trust.HUDDLE_START, "period"]) == {
        purpose_trust.WITH
    }
    assert set(monthly.loc[monthly["month"] < purpose_trust.HUDDLE_START, "period"]) == {
        purpose_trust.BEFORE
    }
    text = purpose_trust.describe_huddle_trend(monthly)
    before = monthly[monthly["period"] == purpose_trust.BEFORE]
    assert f"{before['waste_share_pct'].max():.1f} %" in text
    assert "Before the huddle (Jan to Aug)" in text and "With the huddle (Sep to Dec)" in text


def test_the_huddle_analysis_refuses_the_wrong_table():
    with pytest.raises(ValueError, match="bakery_operations"):
        purpose_trust.huddle_periods(pd.DataFrame({"date": [], "sold": []}))
    with pytest.raises(ValueError, match="empty"):
        purpose_trust.monthly_trend(pd.DataFrame({c: [] for c in purpose_trust.BAKERY_COLUMNS}))


def test_huddle_chart_is_accessible_and_renders_offline(bakery):
    monthly = purpose_trust.monthly_trend(bakery)
    chart = charts.huddle_trend_chart(monthly, title="Huddle test")
    spec = json.loads(chart.to_json())
    assert spec["description"].startswith("Huddle test. Two line charts by month")
    assert purpose_trust.describe_huddle_trend(monthly) in spec["description"]
    text = json.dumps(spec)
    assert charts.OKABE_ITO["blue"] in text and charts.OKABE_ITO["vermillion"] in text
    assert "Huddle starts" in text
    # Before and with the huddle differ by shape and dash too, not by color alone.
    assert '"circle"' in text and '"square"' in text and "strokeDash" in text
    rows = sum(len(d) for d in spec["datasets"].values())
    assert rows < 5000
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Huddle starts" in svg and "Complaints" in svg
    assert isinstance(charts.as_widget(chart), alt.JupyterChart)


# --- templates for "Purpose, values and trust" -----------------------------------------


def test_value_rules_state_a_trade_off_and_a_cost():
    table = purpose_trust.value_rules_table()
    assert list(table.index) == ["Freshness", "Quality", "Community"]
    for rule in purpose_trust.BAKERY_VALUE_RULES:
        assert " over " in rule.rule
        assert rule.it_costs and rule.example and rule.we_do


def test_value_rule_card_lists_the_five_parts_of_the_template():
    rule = purpose_trust.BAKERY_VALUE_RULES[0]
    card = purpose_trust.value_rule_card(rule).splitlines()
    assert [line.split(":")[0] for line in card] == [
        "On the wall", "Decision rule", "What we do", "What it costs us", "A decision it settled"
    ]
    assert card[1].endswith(rule.rule) and card[3].endswith(rule.it_costs)


def test_text_table_shows_whole_sentences_with_a_caption():
    table = purpose_trust.value_rules_table()
    longest = max(table["What we do"], key=len)
    assert len(longest) > 50  # pandas' default display would cut it short
    rendered = text_table(table, caption="Values as rules").to_html()
    assert longest.replace("'", "&#39;") in rendered or longest in rendered
    assert "Values as rules</caption>" in rendered
    assert "text-align: left" in rendered
    assert ">On the wall</th>" in rendered  # the named index became a column heading


def test_the_huddle_agenda_fits_in_ten_minutes():
    table = purpose_trust.huddle_agenda_table()
    assert table["Minutes"].sum() == 10
    assert {"Yesterday's numbers", "Today's orders", "Blockers"} <= set(table["Topic"])


@pytest.mark.parametrize("people, paths", [(1, 0), (2, 1), (5, 10), (50, 1225)])
def test_communication_paths(people, paths):
    assert purpose_trust.communication_paths(people) == paths


@pytest.mark.parametrize("bad", [0, -3, 2.5, "ten"])
def test_communication_paths_refuses_bad_headcounts(bad):
    with pytest.raises(ValueError, match="whole number"):
        purpose_trust.communication_paths(bad)


def test_founder_reach_shrinks_as_two_over_n():
    table = purpose_trust.founder_reach_table((5, 10, 50))
    assert list(table["founder's share of pairs (%)"]) == [40.0, 20.0, 4.0]


def test_newcomer_share():
    assert purpose_trust.newcomer_share(10, 30, 3, 0.0) == pytest.approx(2 / 3)
    assert purpose_trust.newcomer_share(10, 30, 3, 0.15) == pytest.approx(1 - 10 * 0.85**3 / 30)
    assert purpose_trust.newcomer_share(10, 10, 0, 0.2) == 0
    # a firm that shrinks: the stayers cannot outnumber today's staff
    assert purpose_trust.newcomer_share(40, 10, 1, 0.1) == 0
    with pytest.raises(ValueError, match="between 0 and 1"):
        purpose_trust.newcomer_share(10, 30, 3, 15)
    with pytest.raises(ValueError, match="at least 1"):
        purpose_trust.newcomer_share(0, 30, 3, 0.1)
    with pytest.raises(ValueError, match="negative"):
        purpose_trust.newcomer_share(10, 30, -1, 0.1)


