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
    # Issue 15: at the threshold the spread is the mean only (5 quartiles and extremes would be
    # the five answers); the middle half appears from twice the threshold, extremes never.
    assert clan_now == {"type": "clan", "phase": "Now", "mean": pytest.approx(statistics.fmean(values))}
    wider = sessions.room_aggregate("culture", [clean] * 6 + [flipped] * 4, 5)
    clan_now = next(r for r in wider["spread"] if r["type"] == "clan" and r["phase"] == "Now")
    values = sorted([culture.profile(CULTURE_EXAMPLE_NOW)["clan"]] * 6
                    + [culture.profile(CULTURE_EXAMPLE_PREFERRED)["clan"]] * 4)
    assert clan_now["median"] == pytest.approx(statistics.median(values))
    assert "min" not in clan_now and "max" not in clan_now
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


# -- issue 15: keys, limits and messages ------------------------------------------------------------

def test_keys_never_start_with_a_dash():
    # Before: about 1 key in 64 started with "-", and `--key KEY` then read it as an option.
    keys = [sessions.new_key() for _ in range(3000)]
    assert not [key for key in keys if key.startswith("-")]
    assert all(sessions.check_key(key) == key for key in keys[:50])


@pytest.mark.parametrize("size", [2**31, 10**400, sessions.MAX_GROUP_SIZE + 1, 1e300, -10**400])
def test_the_threshold_has_an_upper_bound_and_huge_numbers_are_refused_clearly(size):
    with pytest.raises(LiveInputError) as error:
        sessions.check_threshold(size)
    assert len(str(error.value)) < 300
    assert sessions.check_threshold(sessions.MAX_GROUP_SIZE) == sessions.MAX_GROUP_SIZE


HUGE = "x" * 1_000_000


@pytest.mark.parametrize(("activity", "answers"), [
    (HUGE, {}),
    ("pulse", {HUGE: 3, "direction": 2, "connection": 4, "voice": 5}),
    ("pulse", {"direction": HUGE, "connection": 4, "voice": 5}),
    ("culture", {"now": {HUGE: {}}, "preferred": CULTURE_EXAMPLE_PREFERRED}),
    ("culture", {"now": {**CULTURE_EXAMPLE_NOW, "dominant_characteristics": {"clan": HUGE}},
                 "preferred": CULTURE_EXAMPLE_PREFERRED}),
    ("components", {"ratings": {"strategy": {"current": HUGE, "target": 3}}}),
    ("pulse", {"direction": 10**400, "connection": 4, "voice": 5}),
    ("culture", {"now": {**CULTURE_EXAMPLE_NOW, "dominant_characteristics": {
        "clan": 10**400, "adhocracy": 0, "market": 0, "hierarchy": -(10**400) + 100}},
        "preferred": CULTURE_EXAMPLE_PREFERRED}),
    ("components", {"ratings": {"strategy": {"current": 10**400, "target": 3}}}),
    ("pulse", {"direction": float("inf"), "connection": 4, "voice": 5}),
    ("pulse", {"dir\ud800ection": 2, "connection": 4, "voice": 5}),
    ("pulse", {"direction\x00": 2, "connection": 4, "voice": 5}),
    ("pulse", [[[[[[[[[[1]]]]]]]]]]),
    ("pulse", {str(i): i for i in range(10_000)}),
])
def test_bad_values_are_refused_clearly_quoting_at_most_about_60_characters(activity, answers):
    with pytest.raises(LiveInputError) as error:
        sessions.validate_submission(activity, answers)
    message = str(error.value)
    assert len(message) < 600, message[:200]
    assert all(len(problem) < 250 for problem in error.value.problems)
    message.encode("utf-8")  # lone surrogates are shown escaped, so the message can be shown


def test_quote_clips_and_escapes():
    assert sessions.quote("quiz") == "'quiz'"
    assert sessions.quote("x" * 1000) == "'" + "x" * 60 + "…' (1,000 characters)"
    assert sessions.quote("a\ud800\x00") == "'a\\ud800\\x00'"
    assert sessions.quote(10**400) == "10000000… (a number of 401 digits)"
    assert len(sessions.quote(list(range(1000)))) <= 61


@pytest.mark.parametrize(("title", "stored"), [
    ("  Leadership day ", "Leadership day"), ("", "Workshop session"), (None, "Workshop session"),
    ("Line one\nline two", "Line one line two"), ("x" * 500, "x" * 200),
])
def test_titles_are_trimmed(title, stored):
    assert sessions.check_title(title) == stored


@pytest.mark.parametrize("title", ["Leader\ud800ship", "Leader\x00ship", "Bell\x07", 42])
def test_titles_with_unusable_characters_are_refused_clearly(title):
    with pytest.raises(LiveInputError, match="title") as error:
        sessions.check_title(title)
    str(error.value).encode("utf-8")


@pytest.mark.parametrize("key", ["\ud800" * 20, "k" * 19 + "\x00", "x" * 100_000, None, 5])
def test_keys_with_unusable_characters_never_match_and_never_raise(key):
    assert sessions.key_matches(key, sessions.hash_key("k" * 20)) is False
    with pytest.raises(LiveInputError):
        sessions.check_key(key)


def test_a_code_with_a_lone_surrogate_gets_a_message_that_can_be_shown():
    with pytest.raises(LiveInputError) as error:
        sessions.normalize_code("AB\ud800D-EFGH")
    str(error.value).encode("utf-8")


# -- issue 15: anonymity against differencing ------------------------------------------------------

def test_spreads_are_the_mean_below_twice_the_threshold_and_never_an_extreme():
    values = [10, 20, 30, 40, 50]
    answers = [{"now": _profile_answers(v), "preferred": _profile_answers(v)} for v in values]
    at_threshold = sessions.room_aggregate("culture", answers, 5)
    for row in at_threshold["spread"]:
        assert set(row) == {"type", "phase", "mean"}
    doubled = sessions.room_aggregate("culture", answers * 2, 5)
    for row in doubled["spread"]:
        assert set(row) == {"type", "phase", "mean", "q1", "median", "q3"}
        assert row["q1"] <= row["median"] <= row["q3"]


def _profile_answers(clan: int) -> dict:
    """A culture allocation whose profile gives `clan` points to the clan type in every dimension."""
    rest = (100 - clan) // 3
    return {d: {"clan": clan, "adhocracy": rest, "market": rest, "hierarchy": 100 - clan - 2 * rest}
            for d in culture.DIMENSIONS}


def test_the_update_status_says_how_many_are_shown_and_when_the_next_update_comes():
    assert sessions.update_status(12, 0, 5) == (
        "12 answers shown; the next update comes after 5 more (new or changed answers are shown 5 at a "
        "time, so no one's can be picked out).")
    assert sessions.update_status(12, 3, 5).startswith("12 answers shown; the next update comes after 2 more")
    assert "stay out of the room's view" in sessions.update_status(12, 2, 5, is_open=False)
    assert sessions.update_status(12, 0, 5, is_open=False) == "12 answers shown: every answer. The session is closed."


def test_refresh_is_due_at_the_threshold_then_after_the_threshold_of_new_or_changed_answers():
    assert not sessions.refresh_due(None, {1: 1, 2: 1}, 3)
    assert sessions.refresh_due(None, {1: 1, 2: 1, 3: 1}, 3)
    shown = {1: 1, 2: 1, 3: 1}
    assert not sessions.refresh_due(shown, {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}, 3)
    assert not sessions.refresh_due(shown, {1: 2, 2: 1, 3: 1, 4: 1}, 3)  # one changed, one new
    assert sessions.refresh_due(shown, {1: 2, 2: 1, 3: 1, 4: 1, 5: 1}, 3)
    assert sessions.changed_since(shown, {1: 1, 2: 1}) == 1  # one gone


class Room:
    """A simulated room: answers arrive (or are changed) one at a time; after every one the
    dashboard refreshes, and the observer writes down every aggregate it was shown."""

    def __init__(self, activity: str, threshold: int):
        self.activity, self.threshold = activity, threshold
        self.rows: dict[int, tuple[int, dict]] = {}  # row id -> (revision, answers)
        self.shown_versions: dict[int, int] | None = None
        self.shown_answers: list[dict] | None = None
        self.seen: list[tuple[dict[int, int], dict]] = []  # what the observer saw, and from whom

    def answer(self, row: int, answers: dict) -> None:
        revision = self.rows[row][0] + 1 if row in self.rows else 1
        self.rows[row] = (revision, answers)
        self.refresh()

    def refresh(self) -> dict:
        current = {row: revision for row, (revision, _) in self.rows.items()}
        if sessions.refresh_due(self.shown_versions, current, self.threshold):
            self.shown_versions = dict(current)
            self.shown_answers = [answers for _, answers in (self.rows[r] for r in sorted(self.rows))]
        result = sessions.shown_aggregate(self.activity, self.shown_answers, self.shown_versions, current,
                                          self.threshold)
        if result["shown"]:
            self.seen.append((dict(self.shown_versions), result))
        return result


def _contributors_apart(first: dict[int, int], second: dict[int, int]) -> int:
    return sessions.changed_since(first, second)


pulse_answer = st.fixed_dictionaries({item: st.integers(1, 5) for item in sessions.PULSE_ITEMS})


@settings(max_examples=80, deadline=None)
@given(st.integers(3, 7), st.lists(st.tuples(st.integers(0, 25), pulse_answer), min_size=1, max_size=60))
def test_no_sequence_of_refreshes_lets_an_observer_difference_out_one_answer(threshold, arrivals):
    """Answers arrive one by one in any order (some people change theirs); after each the room
    refreshes. Any two aggregates the room saw differ by no one, or by at least the threshold
    of people, so subtracting them never isolates one person's answer."""
    room = Room("pulse", threshold)
    for person, answers in arrivals:
        room.answer(person, answers)
    for index, (versions_a, shown_a) in enumerate(room.seen):
        for versions_b, shown_b in room.seen[index + 1:]:
            apart = _contributors_apart(versions_a, versions_b)
            assert apart == 0 or apart >= threshold
            if apart == 0:
                assert shown_a["items"] == shown_b["items"]
            elif all(versions_b.get(row) == revision for row, revision in versions_a.items()):
                # The attack of the adversarial run: when only new answers came in between, the
                # difference of the counts per answer is exactly their answers; it never holds
                # fewer than the threshold of people.
                for item_a, item_b in zip(shown_a["items"], shown_b["items"], strict=True):
                    added = [item_b["counts"][v] - item_a["counts"][v] for v in range(1, 6)]
                    assert min(added) >= 0 and sum(added) == apart >= threshold
    # What is shown always lags by fewer than the threshold, so nothing is kept back for long.
    if room.seen:
        last = room.refresh()
        assert last["waiting"] < threshold
        assert last["next_update_after"] == threshold - last["waiting"]


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 7), st.permutations(list(range(12))), st.data())
def test_one_new_answer_never_changes_what_the_room_sees_by_itself(threshold, order, data):
    """The attack in the adversarial run: look at the screen just before and just after one
    person presses Send. For every single arrival, either nothing the room sees changes, or at
    least the threshold of answers changed since the last aggregate shown."""
    answers = {person: data.draw(pulse_answer) for person in order}
    room = Room("pulse", threshold)
    before = None
    for person in order:
        room.answer(person, answers[person])
        after = room.seen[-1] if room.seen else None
        if before is not None and after is not None and after[1]["items"] != before[1]["items"]:
            assert _contributors_apart(before[0], after[0]) >= threshold
        before = after


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 5), st.lists(st.integers(0, 100), min_size=3, max_size=30))
def test_culture_spreads_never_show_an_extreme_and_quartiles_only_from_twice_the_threshold(threshold, clans):
    responses = [{"now": _profile_answers(c), "preferred": _profile_answers(c)} for c in clans]
    result = sessions.room_aggregate("culture", responses, threshold)
    if not result["shown"]:
        return
    for row in result["spread"]:
        assert "min" not in row and "max" not in row
        assert ("q1" in row) == (len(clans) >= 2 * threshold)
