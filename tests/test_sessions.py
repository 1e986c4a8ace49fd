"""Live sessions, pure rules: codes, keys, validation, and the room's aggregate."""

import copy
import re
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.core import culture, sessions
from widgets.core.examples import CULTURE_EXAMPLE_NOW, CULTURE_EXAMPLE_PREFERRED
from widgets.core.sessions import LiveInputError

CULTURE = {"now": CULTURE_EXAMPLE_NOW, "preferred": CULTURE_EXAMPLE_PREFERRED}
RATINGS = {
    c: {"current": 2 + i % 3, "target": 4}
    for i, c in enumerate(("strategy", "structure", "people", "processes", "technology"))
}
COMPONENTS = {"ratings": RATINGS, "dependencies": {"technology": ["processes"]}}
PULSE = {"direction": 2, "connection": 4, "voice": 5}


# -- codes and keys ------------------------------------------------------------------------------

def test_codes_are_short_unambiguous_and_random():
    codes = {sessions.new_session_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == sessions.CODE_LENGTH
        assert not set(code) & set("01OIL")


@pytest.mark.parametrize("typed", ["abcd-efgh", " ABCD EFGH ", "ABCDEFGH", "abcd efgh"])
def test_codes_are_read_the_way_people_type_them(typed):
    assert sessions.normalize_code(typed) == "ABCDEFGH"


@pytest.mark.parametrize("typed", ["", None, "ABC", "ABCD-EFG0", "ABCD-EFGHJ", 12345678])
def test_a_bad_code_gets_a_friendly_message(typed):
    with pytest.raises(LiveInputError) as error:
        sessions.normalize_code(typed)
    assert "code" in str(error.value)
    assert "Traceback" not in str(error.value)


def test_format_code_splits_in_two_halves():
    assert sessions.format_code("ABCDEFGH") == "ABCD-EFGH"


def test_trainer_keys_are_checked_against_a_hash():
    key = sessions.new_key()
    stored = sessions.hash_key(key)
    assert key not in stored
    assert sessions.key_matches(key, stored)
    assert not sessions.key_matches(key + "x", stored)
    assert not sessions.key_matches(None, stored)
    assert not sessions.key_matches("", stored)


@pytest.mark.parametrize("key", [None, "", "short", "has spaces in it ok?", "x" * 65, 42])
def test_malformed_participant_keys_are_refused(key):
    with pytest.raises(LiveInputError):
        sessions.check_key(key)


def test_activities_are_checked_and_put_in_the_kits_order():
    assert sessions.check_activities("pulse, culture") == ("culture", "pulse")
    assert sessions.check_activities(["components"]) == ("components",)
    with pytest.raises(LiveInputError, match="at least one"):
        sessions.check_activities([])
    with pytest.raises(LiveInputError, match="Unknown activity 'quiz'"):
        sessions.check_activities("culture,quiz")


@pytest.mark.parametrize("bad", [2, 0, -5, 2.5, "five", None, True])
def test_the_threshold_is_never_below_three(bad):
    with pytest.raises(LiveInputError):
        sessions.check_threshold(bad)
    assert sessions.check_threshold(3) == 3


def test_query_strings_are_parsed_leniently():
    assert sessions.parse_query("session=ABCD-EFGH&key=k&token=t") == {"session": "ABCD-EFGH", "key": "k", "token": "t"}
    assert sessions.parse_query("") == {}
    assert sessions.parse_query(None) == {}
    assert sessions.parse_query("session=&x=1") == {"x": "1"}


def test_page_links_carry_the_session_the_token_and_only_if_asked_the_key():
    link = sessions.page_link("participant.ipynb", "ABCDEFGH", host="10.0.0.5", port="8866",
                          script_name="/voila/render/live/facilitator.ipynb", token="room")
    assert link == "http://10.0.0.5:8866/voila/render/live/participant.ipynb?session=ABCD-EFGH&token=room"
    private = sessions.page_link("facilitator.ipynb", "ABCDEFGH", trainer_key="secret")
    assert private == "facilitator.ipynb?session=ABCD-EFGH&key=secret"


# -- validation -----------------------------------------------------------------------------------

def test_valid_answers_come_back_as_plain_data():
    assert sessions.validate_submission("culture", CULTURE)["now"] == CULTURE_EXAMPLE_NOW
    assert sessions.validate_submission("pulse", PULSE) == PULSE
    clean = sessions.validate_submission("components", COMPONENTS)
    assert clean["dependencies"]["technology"] == ["processes"]
    assert clean["dependencies"]["strategy"] == []


def test_culture_points_that_do_not_add_up_are_refused_with_the_dimension_named():
    answers = copy.deepcopy(CULTURE)
    answers["preferred"]["organizational_leadership"]["clan"] += 10
    with pytest.raises(LiveInputError) as error:
        sessions.validate_submission("culture", answers)
    assert len(error.value.problems) == 1
    assert error.value.problems[0].startswith("Preferred:")
    assert "10 points over" in error.value.problems[0]


def test_culture_needs_both_phases():
    with pytest.raises(LiveInputError, match="Now and a Preferred"):
        sessions.validate_submission("culture", {"now": CULTURE_EXAMPLE_NOW})


@pytest.mark.parametrize("answers", [
    {"direction": 2, "connection": 4},
    {"direction": 0, "connection": 4, "voice": 5},
    {"direction": 2, "connection": 4, "voice": 6},
    {"direction": 2.5, "connection": 4, "voice": 5},
    {"direction": True, "connection": 4, "voice": 5},
    {"direction": "4", "connection": 4, "voice": 5},
    {"direction": 2, "connection": 4, "voice": 5, "mood": 3},
    None,
    [],
])
def test_bad_pulse_answers_are_refused(answers):
    with pytest.raises(LiveInputError):
        sessions.validate_submission("pulse", answers)


def test_components_validation_reuses_the_lessons_rules():
    bad = copy.deepcopy(COMPONENTS)
    bad["ratings"]["people"]["current"] = 9
    with pytest.raises(LiveInputError) as error:
        sessions.validate_submission("components", bad)
    assert any("People" in p for p in error.value.problems)


def test_unknown_activity_is_refused():
    with pytest.raises(LiveInputError, match="Unknown activity"):
        sessions.validate_submission("quiz", {})


def test_own_result_speaks_to_the_participant_about_their_answers():
    assert "Now:" in sessions.own_result("culture", sessions.validate_submission("culture", CULTURE))
    assert "Disagree (2)" in sessions.own_result("pulse", PULSE)
    assert "Weakest link" in sessions.own_result("components", sessions.validate_submission("components", COMPONENTS))


# -- the aggregate --------------------------------------------------------------------------------

def _pulse(direction):
    return {"direction": direction, "connection": 3, "voice": 4}


def test_below_the_threshold_only_the_count_is_given():
    result = sessions.room_aggregate("pulse", [_pulse(v) for v in (1, 2, 3, 4)], 5)
    assert result["shown"] is False
    assert result["count"] == 4
    assert "1 more" in result["status"]
    assert "items" not in result and "description" not in result


def test_at_the_threshold_the_pulse_distribution_appears():
    result = sessions.room_aggregate("pulse", [_pulse(v) for v in (1, 2, 2, 4, 5)], 5)
    assert result["shown"] is True
    direction = result["items"][0]
    assert direction["counts"] == {1: 1, 2: 2, 3: 0, 4: 1, 5: 1}
    assert direction["mean"] == pytest.approx(2.8)
    assert direction["agree_share"] == pytest.approx(0.4)


def test_the_threshold_is_configurable_but_not_below_three():
    assert sessions.room_aggregate("pulse", [_pulse(3)] * 3, 3)["shown"] is True
    with pytest.raises(LiveInputError):
        sessions.room_aggregate("pulse", [_pulse(3)] * 3, 2)


def test_culture_aggregate_is_the_mean_profile_with_its_spread_and_gaps():
    clean = sessions.validate_submission("culture", CULTURE)
    flipped = sessions.validate_submission(
        "culture", {"now": CULTURE_EXAMPLE_PREFERRED, "preferred": CULTURE_EXAMPLE_NOW})
    result = sessions.room_aggregate("culture", [clean] * 3 + [flipped] * 2, 5)
    now_profiles = [culture.profile(CULTURE_EXAMPLE_NOW)] * 3 + [culture.profile(CULTURE_EXAMPLE_PREFERRED)] * 2
    for t in culture.CULTURE_TYPES:
        assert result["now"][t] == pytest.approx(statistics.fmean(p[t] for p in now_profiles))
    assert sum(result["now"].values()) == pytest.approx(100)
    clan_now = next(r for r in result["spread"] if r["type"] == "clan" and r["phase"] == "Now")
    values = sorted(p["clan"] for p in now_profiles)
    assert clan_now["min"] == values[0] and clan_now["max"] == values[-1]
    assert clan_now["median"] == pytest.approx(statistics.median(values))
    for gap in result["gaps_to_discuss"]:
        assert abs(gap["change"]) >= culture.DISCUSSION_THRESHOLD


def test_components_aggregate_finds_the_rooms_weakest_link():
    low_people = copy.deepcopy(COMPONENTS)
    for phase in ("current",):
        low_people["ratings"]["people"][phase] = 1
    answers = [sessions.validate_submission("components", low_people)] * 5
    result = sessions.room_aggregate("components", answers, 5)
    assert result["weakest_link"]["component"] == "people"
    assert result["means"]["people"]["current"] == 1


answer = st.integers(min_value=1, max_value=5)
pulse_answers = st.fixed_dictionaries({item: answer for item in sessions.PULSE_ITEMS})


@settings(max_examples=60, deadline=None)
@given(st.lists(pulse_answers, min_size=0, max_size=40), st.integers(min_value=3, max_value=12))
def test_pulse_aggregate_is_shown_exactly_from_the_threshold_and_counts_everyone(responses, threshold):
    result = sessions.room_aggregate("pulse", responses, threshold)
    assert result["shown"] == (len(responses) >= threshold)
    if result["shown"]:
        for item in result["items"]:
            assert sum(item["counts"].values()) == len(responses)
            assert 1 <= item["mean"] <= 5
            assert 0 <= item["agree_share"] <= 1


def test_no_aggregate_holds_a_participant_key_or_a_raw_row():
    clean = sessions.validate_submission("pulse", PULSE)
    result = sessions.room_aggregate("pulse", [clean] * 5, 5)
    text = repr(result)
    assert "participant" not in text
    assert not re.search(r"'direction': 2, 'connection': 4", text)
