"""Each level's agendas (a half day and a full day) agree with the lessons they schedule."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from widgets.core import timing
from widgets.core.lessons import catalogue

ROOT = Path(__file__).resolve().parent.parent
WORKSHOPS = ROOT / "workshops"
LEVELS = ["fundamentals", "intermediate", "advanced"]
FORMATS = ("solo", "pairs", "room")
KINDS = {"Half-day agenda": "half", "Full-day agenda": "full"}
HALF_DAY = (210, 240)  # 3.5 to 4 hours, the break included
FULL_DAY = (390, 450)  # 6.5 to 7.5 hours, breaks and lunch included
MOVED = "reading, after the session (moved to fit the full day)"  # a timing-plan row's part
ACTIVITY = re.compile(r"(Activity|Worksheets?)\b")


def agenda(level: str) -> str:
    return (WORKSHOPS / level / "agenda.md").read_text()


def sections(text: str) -> dict[str, str]:
    """The agenda's schedules by kind ("half", "full"), each from its heading to the next."""
    found = {}
    for match in re.finditer(r"^## (.+)$", text, re.M):
        kind = next((k for title, k in KINDS.items() if match.group(1).startswith(title)), None)
        if kind:
            found[kind] = text[match.end():].split("\n## ", 1)[0]
    return found


def schedule_rows(text: str) -> list[list[str]]:
    table = text.split("| Start |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in table.splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows if len(row) == 5]


def lesson_minutes(rows) -> dict[str, int]:
    scheduled = {}
    for _start, minutes, block, lesson, fmt in rows:
        link = re.search(r"\(([^)]+\.ipynb)\)", lesson)
        if link:
            scheduled[link.group(1)] = int(minutes)
            assert any(word in fmt for word in FORMATS), block
    return scheduled


def notebook(level: str, name: str) -> dict:
    return json.loads((WORKSHOPS / level / name).read_text())


def total_minutes(rows) -> int:
    return sum(int(m) for _, m, *_ in rows if m != "—")


def duration(minutes: int) -> str:
    """How the agendas write a length: "3 h 55 min", "7 h 30 min"."""
    return f"{minutes // 60} h {minutes % 60} min"


def without_stated_time(title: str) -> str:
    return re.sub(r"\s*\(about \d+ minutes?\)", "", title)


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_has_a_half_day_and_a_full_day(level):
    assert set(sections(agenda(level))) == {"half", "full"}


@pytest.mark.parametrize("level", LEVELS)
def test_the_half_day_is_half_a_day(level):
    rows = schedule_rows(sections(agenda(level))["half"])
    assert HALF_DAY[0] <= total_minutes(rows) <= HALF_DAY[1]
    assert any(block == "Break" for _, _, block, *_ in rows)


@pytest.mark.parametrize("level", LEVELS)
def test_the_full_day_is_a_working_day(level):
    """About 09:00 to 16:30: 6.5 to 7.5 hours with a lunch and at least two short breaks."""
    rows = schedule_rows(sections(agenda(level))["full"])
    assert FULL_DAY[0] <= total_minutes(rows) <= FULL_DAY[1], duration(total_minutes(rows))
    pauses = [block for _, _, block, *_ in rows if block in ("Break", "Lunch")]
    assert pauses.count("Lunch") == 1 and pauses.count("Break") >= 2


@pytest.mark.parametrize("level", LEVELS)
def test_the_full_day_says_what_it_cut_to_fit(level):
    """Extension material the full day leaves for self-study is a reading block, marked in the
    lesson's timing plan and named in the agenda's "Cut to fit"; every lesson keeps an activity
    or worksheet in the room."""
    text = sections(agenda(level))["full"]
    assert "**Cut to fit.**" in text
    cut = text.split("**Cut to fit.**", 1)[1].split("\n\n**", 1)[0]
    for lesson in catalogue(WORKSHOPS)[level]:
        book = json.loads((WORKSHOPS / lesson.path).read_text())
        plan = "".join(book["cells"][1]["source"])
        found = timing.blocks(book)
        assert any(b.kind != "reading" and ACTIVITY.match(b.title) for b in found), lesson.path
        for block in found:
            if f"| {block.title} | 0 | {MOVED} |" in plan:
                assert block.kind == "reading", (lesson.path, block.title)
                assert without_stated_time(block.title) in cut, (lesson.path, block.title)


@pytest.mark.parametrize("level", LEVELS)
def test_the_full_day_schedules_every_lesson_whole(level):
    scheduled = lesson_minutes(schedule_rows(sections(agenda(level))["full"]))
    lessons = catalogue(WORKSHOPS)[level]
    assert lessons
    assert scheduled == {Path(lesson.path).name: lesson.minutes for lesson in lessons}


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", ["half", "full"])
def test_every_slot_covers_its_lesson(level, kind):
    """A lesson exists; its slot holds its core blocks (half day) or all of them (full day)."""
    for name, minutes in lesson_minutes(schedule_rows(sections(agenda(level))[kind])).items():
        assert (WORKSHOPS / level / name).exists(), name
        lesson = notebook(level, name)
        assert timing.timing_problems(lesson) == [], name
        by_kind = timing.minutes_by_kind(lesson)
        needed = by_kind["core"] + (by_kind["extension"] if kind == "full" else 0)
        assert minutes >= needed, name
        assert minutes >= timing.spoken_minutes(lesson, ("core",)), name


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("kind", ["half", "full"])
def test_start_times_and_totals_follow_from_the_durations(level, kind):
    text = sections(agenda(level))[kind]
    rows = schedule_rows(text)
    clock = datetime.strptime(rows[0][0], "%H:%M")
    for start, minutes, *_ in rows:
        assert datetime.strptime(start, "%H:%M") == clock, start
        if minutes != "—":
            clock += timedelta(minutes=int(minutes))
    assert rows[-1][2] == "End"
    scheduled = lesson_minutes(rows)
    stated = re.search(r"Lesson minutes \([^)]*\): ([\d + ]+) = (\d+)\.", text)
    assert [int(m) for m in stated.group(1).split("+")] == list(scheduled.values())
    assert int(stated.group(2)) == sum(scheduled.values())
    total = total_minutes(rows)
    assert re.search(rf"close: {total} minutes \({duration(total)}\)", text)
    intro = agenda(level).split("\n## ", 1)[0]  # the level's summary states both lengths
    assert duration(total) in intro.replace("\n", " "), (kind, duration(total))


@pytest.mark.parametrize("level", LEVELS)
def test_lesson_headers_state_the_minutes_of_their_blocks(level):
    for lesson in catalogue(WORKSHOPS)[level]:
        book = json.loads((WORKSHOPS / lesson.path).read_text())
        by_kind = timing.minutes_by_kind(book)
        assert lesson.minutes == by_kind["core"] + by_kind["extension"], lesson.path
        header = "".join(book["cells"][0]["source"])
        assert f"**Core:** {by_kind['core']} min" in header, lesson.path
        plan = "".join(book["cells"][1]["source"])  # the instructor timing plan lists the blocks
        for block in timing.blocks(book):
            assert f"| {block.title} | {block.minutes} |" in plan, (lesson.path, block.title)


def test_setup_explains_how_participants_reach_the_server():
    text = agenda("fundamentals")
    assert "make workshop-room" in text and "token" in text and "## Materials" in text
