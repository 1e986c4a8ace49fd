"""Qualitative coding of the survey comments: codebook, reference coding, agreement, themes by
team with the anonymity rule, and the widget driven in plain pytest (no kernel, no browser)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.coding import QualitativeCoding
from widgets.core import coding as core
from widgets.core.coding import (
    CODEBOOK,
    NONE,
    REFERENCE_CODING,
    SAMPLES,
    TAG_LABELS,
    TAGS,
    TRAIT_TAGS,
    CodingInputError,
    cohen_kappa,
    compare_with_reference,
    percent_agreement,
)
from widgets.core.survey import MIN_GROUP_SIZE
from widgets.data import load


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return load("engagement_survey")


@pytest.fixture(scope="module")
def comments(survey) -> pd.DataFrame:
    return core.survey_comments(survey)


# --- codebook and reference coding ---------------------------------------------------------


def test_the_tags_are_the_survey_traits_plus_none():
    assert TRAIT_TAGS == ("adaptability", "transparency", "accountability",
                          "continuous_improvement")
    assert TAGS == (*TRAIT_TAGS, NONE)
    assert set(CODEBOOK) == set(TAGS)
    for entry in CODEBOOK.values():
        assert entry.label == TAG_LABELS[entry.tag]
        assert all(len(text) > 20 for text in (entry.definition, entry.look_for, entry.not_this))


def test_comments_are_the_non_empty_ones(survey, comments):
    text = survey["comment"].astype("string").str.strip()
    expected = survey.loc[text.notna() & (text != ""), "respondent_id"].astype(str).tolist()
    assert comments["respondent_id"].tolist() == expected
    assert (comments["comment"].str.len() > 0).all()
    assert list(comments.columns) == ["respondent_id", "team", "comment"]


def test_reference_covers_every_distinct_comment_exactly(comments):
    assert set(REFERENCE_CODING) == set(comments["comment"])


@pytest.mark.parametrize("text", sorted(REFERENCE_CODING))
def test_each_reference_code_is_valid(text):
    code = REFERENCE_CODING[text]
    assert code.tags and code.tags <= set(TAGS)
    assert not (NONE in code.tags and code.tags & set(TRAIT_TAGS))
    assert core.tag_problems(code.tags) == []
    assert len(code.rationale) > 5


def test_reference_coding_uses_every_tag_and_some_multiple_tags(comments):
    reference = core.reference_coding(comments)
    used = set().union(*reference.values())
    assert used == set(TAGS)
    assert any(len(tags) > 1 for tags in reference.values())


def test_reference_for_unknown_comment():
    with pytest.raises(CodingInputError):
        core.reference_for("Something nobody wrote.")
    assert core.reference_for("  Canteen food could be better. ").tags == {NONE}


# --- samples ---------------------------------------------------------------------------------


def test_samples_are_reproducible_subsets_in_survey_order(comments):
    first = core.sample_comments(comments, 12, seed=7)
    again = core.sample_comments(comments, 12, seed=7)
    other = core.sample_comments(comments, 12, seed=8)
    assert first.equals(again)
    assert not first.equals(other)
    assert len(first) == 12 and first["respondent_id"].is_unique
    assert set(first["respondent_id"]) <= set(comments["respondent_id"])
    order = {rid: i for i, rid in enumerate(comments["respondent_id"])}
    positions = [order[rid] for rid in first["respondent_id"]]
    assert positions == sorted(positions)


def test_sample_sizes(comments):
    assert len(core.sample_comments(comments, None)) == len(comments)
    assert len(core.sample_comments(comments, 500)) == len(comments)
    with pytest.raises(CodingInputError):
        core.sample_comments(comments, 0)
    with pytest.raises(CodingInputError):
        core.sample_for(comments, "z")


def test_the_two_samples_differ_and_cover_several_traits(comments):
    a, b = core.sample_for(comments, "a"), core.sample_for(comments, "b")
    assert len(a) == SAMPLES["a"].size and len(b) == SAMPLES["b"].size
    assert len(set(a["respondent_id"]) & set(b["respondent_id"])) <= 2
    for sample in (a, b):
        used = set().union(*core.reference_coding(sample).values())
        assert len(used & set(TRAIT_TAGS)) >= 3 and NONE in used
    assert len(core.sample_for(comments, "all")) == len(comments)


# --- tags ----------------------------------------------------------------------------------------


def test_normalize_tags_takes_keys_and_labels():
    assert core.normalize_tags(["Transparency", "continuous improvement"]) == {
        "transparency", "continuous_improvement"}
    assert core.normalize_tags("None/other") == {NONE}
    assert core.normalize_tags(None) == frozenset()
    assert core.tags_text({"accountability", "transparency"}) == "Transparency, Accountability"


def test_tag_problems():
    assert core.tag_problems(["honesty"]) and "Unknown tag 'honesty'" in core.tag_problems(["honesty"])[0]
    assert "cannot go together" in core.tag_problems([NONE, "transparency"])[0]
    assert core.tag_problems(["transparency", "accountability"]) == []


# --- agreement ---------------------------------------------------------------------------------


def two_coders(both, only_first, only_second, neither):
    first = [True] * both + [True] * only_first + [False] * only_second + [False] * neither
    second = [True] * both + [False] * only_first + [True] * only_second + [False] * neither
    return first, second


def test_kappa_worked_example_from_the_lesson():
    first, second = two_coders(6, 2, 2, 10)
    observed = 16 / 20
    chance = (8 / 20) * (8 / 20) + (12 / 20) * (12 / 20)
    assert percent_agreement(first, second) == pytest.approx(100 * observed)
    assert cohen_kappa(first, second) == pytest.approx((observed - chance) / (1 - chance))


def test_kappa_edge_cases():
    assert cohen_kappa([True, False, True], [True, False, True]) == pytest.approx(1)
    assert cohen_kappa([False] * 5, [False] * 5) is None  # undefined: nobody used the tag
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1)
    with pytest.raises(CodingInputError):
        cohen_kappa([True], [True, False])
    with pytest.raises(CodingInputError):
        cohen_kappa([], [])


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_kappa_properties(pairs):
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    kappa = cohen_kappa(first, second)
    agreement = percent_agreement(first, second)
    assert 0 <= agreement <= 100
    assert kappa == cohen_kappa(second, first) or (
        kappa is not None and kappa == pytest.approx(cohen_kappa(second, first)))
    if kappa is not None:
        assert -1 - 1e-9 <= kappa <= 1 + 1e-9
        if agreement == 100:
            assert kappa == pytest.approx(1)
    else:
        assert agreement == 100


@pytest.mark.parametrize(
    "kappa, words",
    [(None, "not defined"), (-0.2, "worse than chance"), (0.1, "slight"), (0.3, "fair"),
     (0.5, "moderate"), (0.7, "substantial"), (0.9, "almost perfect"), (1.0, "almost perfect")],
)
def test_kappa_reading(kappa, words):
    assert words in core.kappa_reading(kappa)


def test_reference_agrees_with_itself(comments):
    reference = core.reference_coding(comments)
    comparison = compare_with_reference(comments, reference)
    assert comparison.exact_matches == comparison.comments == len(comments)
    assert comparison.disagreements == ()
    for row in comparison.by_tag:
        assert row.percent == 100
        assert row.kappa == pytest.approx(1)
        assert row.only_first == row.only_second == 0


def test_one_different_call_is_one_disagreement_with_a_rationale(comments):
    sample = core.sample_for(comments, "a")
    coding = dict(core.reference_coding(sample))
    flexible = sample.index[sample["comment"] == "Flexible hours are a big plus."][0]
    rid = sample.loc[flexible, "respondent_id"]
    coding[rid] = frozenset({"adaptability"})
    comparison = compare_with_reference(sample, coding)
    assert comparison.exact_matches == len(sample) - 1
    (difference,) = comparison.disagreements
    assert difference.position == flexible + 1
    assert difference.yours == {"adaptability"} and difference.reference == {NONE}
    assert "perk" in difference.rationale
    rows = {row.tag: row for row in comparison.by_tag}
    assert rows["adaptability"].only_first == 1 and rows["adaptability"].percent < 100
    assert rows["transparency"].kappa == pytest.approx(1)
    text = " ".join(core.agreement_summary(comparison))
    assert "more often than the reference" in text and "Adaptability" in text


def test_incomplete_or_invalid_coding_lists_every_problem(comments):
    sample = core.sample_for(comments, "a")
    ids = list(sample["respondent_id"])
    coding = {ids[0]: ["transparency", NONE], ids[1]: ["kindness"]}
    with pytest.raises(CodingInputError) as error:
        compare_with_reference(sample, coding)
    problems = error.value.problems
    assert problems[0].startswith("Comments 3, 4, 5")
    assert any(p.startswith("Comment 1:") and "cannot go together" in p for p in problems)
    assert any(p.startswith("Comment 2:") and "Unknown tag" in p for p in problems)
    with pytest.raises(CodingInputError):
        compare_with_reference(sample.iloc[0:0], {})


# --- themes by team, with suppression ------------------------------------------------------------


def test_themes_by_team_counts_and_hides_small_teams(survey, comments):
    reference = core.reference_coding(comments)
    themes = core.themes_by_team(survey, comments, reference)
    sizes = survey["team"].astype(str).value_counts()
    small = set(sizes[sizes < MIN_GROUP_SIZE].index)
    assert small  # the data has teams under the minimum (Finance & HR, Product)
    hidden = set(themes.loc[themes["suppressed"], "team"])
    assert small <= hidden
    for row in themes[~themes["suppressed"]].to_dict("records"):
        team_comments = comments[comments["team"] == row["team"]]
        assert row["respondents"] == sizes[row["team"]] >= MIN_GROUP_SIZE
        assert row["coded_comments"] == len(team_comments)
        for tag in TAGS:
            expected = sum(tag in reference[rid] for rid in team_comments["respondent_id"])
            assert row[tag] == expected
    for row in themes[themes["suppressed"]].to_dict("records"):
        assert pd.isna(row["respondents"]) and all(pd.isna(row[tag]) for tag in TAGS)
    text = core.describe_themes(themes)
    assert "Hidden for anonymity" in text
    for team in hidden:
        assert team in text


def test_one_small_team_takes_a_sibling_with_it(survey, comments):
    """With only one team under the minimum, subtraction from the total would reveal it:
    suppress_small_groups must hide a sibling too, and themes_by_team must use it."""
    merged = survey.copy()
    merged["team"] = merged["team"].astype(str).replace({"Product": "Finance & HR"})
    merged = merged[~((merged["team"] == "Finance & HR")
                      & (merged.groupby("team").cumcount() >= 4))]
    merged_comments = core.survey_comments(merged)
    themes = core.themes_by_team(merged, merged_comments, core.reference_coding(merged_comments))
    sizes = merged["team"].value_counts()
    assert (sizes < MIN_GROUP_SIZE).sum() == 1
    assert themes["suppressed"].sum() >= 2
    assert "sibling" in " ".join(themes["suppressed_because"])


def test_themes_min_size_is_checked(survey, comments):
    reference = core.reference_coding(comments)
    assert not core.themes_by_team(survey, comments, reference, min_size=3)["suppressed"].any()
    with pytest.raises(ValueError):
        core.themes_by_team(survey, comments, reference, min_size=2)


def test_themes_count_only_coded_comments(survey, comments):
    sample = core.sample_for(comments, "a")
    coding = {sample["respondent_id"].iloc[0]: {"transparency"}}
    themes = core.themes_by_team(survey, sample, coding)
    visible = themes[~themes["suppressed"]]
    assert visible["coded_comments"].sum() <= 1
    assert visible["transparency"].sum() <= 1


# --- the widget ---------------------------------------------------------------------------------


def code_everything(widget, coding=None):
    reference = core.reference_coding(widget.sample)
    for position, rid in enumerate(widget.sample["respondent_id"]):
        widget.set_tags(position, (coding or reference)[rid])


def test_widget_starts_on_sample_a_with_nothing_tagged(comments):
    widget = QualitativeCoding()
    assert "aligned-activity" in widget._dom_classes
    assert widget.sample.equals(core.sample_for(comments, "a"))
    assert widget.position == 0 and widget.coded == 0
    assert "Comment 1 of 12" in widget.card.value
    assert widget.previous_button.disabled and not widget.next_button.disabled
    assert all(not box.value for box in widget.boxes.values())
    # coding is blind: the card shows the comment, not the team
    first_team = widget.sample["team"].iloc[0]
    assert first_team not in widget.card.value


def test_widget_check_before_tagging_is_a_friendly_error():
    widget = QualitativeCoding()
    widget.check_button.click()
    assert 'role="alert"' in widget.messages.value
    assert "have no tag yet" in widget.messages.value
    assert widget.comparison is None and widget.result.value == ""


def test_ticking_boxes_records_tags_and_none_excludes_traits():
    widget = QualitativeCoding()
    rid = widget.sample["respondent_id"].iloc[0]
    widget.boxes["transparency"].value = True
    widget.boxes["accountability"].value = True
    assert widget.tags[rid] == {"transparency", "accountability"}
    assert "Transparency, Accountability" in widget.card.value
    widget.boxes[NONE].value = True
    assert widget.tags[rid] == {NONE}
    assert not widget.boxes["transparency"].value
    widget.boxes["adaptability"].value = True
    assert widget.tags[rid] == {"adaptability"} and not widget.boxes[NONE].value
    widget.boxes["adaptability"].value = False
    assert widget.tags[rid] == frozenset()


def test_navigation_keeps_each_comments_tags():
    widget = QualitativeCoding()
    widget.boxes["transparency"].value = True
    widget.next_button.click()
    assert widget.position == 1 and "Comment 2 of 12" in widget.card.value
    assert not widget.boxes["transparency"].value
    widget.previous_button.click()
    assert widget.position == 0 and widget.boxes["transparency"].value
    widget.go_to(99)
    assert widget.position == len(widget.sample) - 1 and widget.next_button.disabled


def test_widget_full_agreement_and_themes():
    widget = QualitativeCoding()
    code_everything(widget)
    widget.check_button.click()
    assert widget.problems == []
    assert 'role="status"' in widget.messages.value
    assert widget.comparison.exact_matches == len(widget.sample)
    assert "Nowhere: every comment matches." in widget.result.value
    assert "Cohen&#x27;s kappa" in widget.result.value or "Cohen's kappa" in widget.result.value
    assert widget.themes is not None
    sample_teams = set(widget.sample["team"])
    hidden = set(widget.themes.loc[widget.themes["suppressed"], "team"])
    assert hidden and "hidden: fewer than 5 respondents" in widget.result.value
    for team in hidden & sample_teams:
        # a hidden team's counts never reach the page
        row = widget.themes[widget.themes["team"] == team].iloc[0]
        assert pd.isna(row["coded_comments"])


def test_widget_shows_disagreements_with_the_reference_reason():
    widget = QualitativeCoding()
    code_everything(widget)
    flexible = int(widget.sample.index[widget.sample["comment"]
                                       == "Flexible hours are a big plus."][0])
    widget.set_tags(flexible, ["Adaptability"])
    widget.check_button.click()
    assert "Where you differ (1)" in widget.result.value
    assert "not the organization adapting" in widget.result.value


def test_loading_another_sample_clears_the_tags(comments):
    widget = QualitativeCoding()
    code_everything(widget)
    widget.check_button.click()
    widget.sample_input.value = "b"
    widget.load_button.click()
    assert widget.sample.equals(core.sample_for(comments, "b"))
    assert widget.tags == {} and widget.comparison is None and widget.result.value == ""
    assert "tags were cleared" in widget.messages.value
    widget.sample_input.value = "all"
    widget.load_button.click()
    assert len(widget.sample) == len(comments)
    assert f"Comment 1 of {len(comments)}" in widget.card.value


def test_widget_reports_invalid_tags_set_directly():
    widget = QualitativeCoding()
    code_everything(widget)
    widget.set_tags(0, ["kindness"])
    widget.check_button.click()
    assert "Unknown tag" in widget.messages.value and widget.comparison is None


def test_widget_escapes_comment_text(survey):
    odd = survey.head(10).copy()
    odd["comment"] = odd["comment"].astype("string")
    odd.loc[odd.index[0], "comment"] = "<script>alert('x')</script>"
    widget = QualitativeCoding(survey=odd)
    assert "<script>" not in widget.card.value
    assert "&lt;script&gt;" in widget.card.value
    for position in range(len(widget.sample)):
        widget.set_tags(position, ["transparency"])
    widget.check_button.click()  # no reference for this text: a friendly message
    assert "no entry" in widget.messages.value


def test_widget_hides_unexpected_errors(monkeypatch):
    widget = QualitativeCoding()
    code_everything(widget)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(core, "themes_by_team", broken)
    widget.check_button.click()
    assert "Something went wrong" in widget.messages.value and "boom" not in widget.messages.value


# --- the lesson's worked examples ----------------------------------------------------------------


def test_agreement_from_counts_matches_the_functions_on_lists():
    first, second = two_coders(6, 2, 2, 10)
    result = core.agreement_from_counts(6, 2, 2, 10)
    assert result["comments"] == 20
    assert result["percent_agreement"] == round(percent_agreement(first, second), 1)
    assert result["kappa"] == round(cohen_kappa(first, second), 2)
    assert result["chance_agreement"] == pytest.approx(100 * (0.4 * 0.4 + 0.6 * 0.6))
    rare = core.agreement_from_counts(0, 1, 0, 54)
    assert rare["percent_agreement"] == round(100 * 54 / 55, 1)
    assert rare["kappa"] == 0 and rare["reading"] == "no better than chance"
    assert core.agreement_from_counts(0, 0, 0, 5)["kappa"] is None
    with pytest.raises(CodingInputError):
        core.agreement_from_counts(-1, 0, 0, 0)
    with pytest.raises(CodingInputError):
        core.agreement_from_counts(0, 0, 0, 0)


def test_codebook_examples_are_not_survey_comments(comments):
    for entry in CODEBOOK.values():
        assert entry.example.strip('"') not in set(comments["comment"])
