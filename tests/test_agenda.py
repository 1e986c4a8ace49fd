"""Each level's agenda agrees with the lessons it schedules."""

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from widgets.core.lessons import catalogue

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ["fundamentals", "intermediate", "advanced"]
FORMATS = ("solo", "pairs", "room")


def agenda(level: str) -> str:
    return (ROOT / "workshops" / level / "agenda.md").read_text()


def schedule_rows(text: str) -> list[list[str]]:
    table = text.split("| Start |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in table.splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows if len(row) == 5]


@pytest.mark.parametrize("level", LEVELS)
def test_every_lesson_is_scheduled_for_its_own_minutes(level):
    rows = schedule_rows(agenda(level))
    scheduled = {}
    for _start, minutes, block, lesson, fmt in rows:
        link = re.search(r"\(([^)]+\.ipynb)\)", lesson)
        if link:
            scheduled[f"{level}/{link.group(1)}"] = int(minutes)
            assert any(word in fmt for word in FORMATS), block
    lessons = catalogue(ROOT / "workshops")[level]
    assert lessons
    assert scheduled == {lesson.path: lesson.minutes for lesson in lessons}
    stated = re.search(r"Lesson minutes: ([\d + ]+) = (\d+)", agenda(level))
    assert int(stated.group(2)) == sum(lesson.minutes for lesson in lessons)


@pytest.mark.parametrize("level", LEVELS)
def test_start_times_follow_from_the_durations(level):
    rows = schedule_rows(agenda(level))
    clock = datetime.strptime(rows[0][0], "%H:%M")
    for start, minutes, *_ in rows:
        assert datetime.strptime(start, "%H:%M") == clock, start
        if minutes != "—":
            clock += timedelta(minutes=int(minutes))
    total = sum(int(m) for _, m, *_ in rows if m != "—")
    assert re.search(rf"{total}\s+minutes", agenda(level))


def test_setup_explains_how_participants_reach_the_server():
    text = agenda("fundamentals")
    assert "make workshop-room" in text and "token" in text and "## Materials" in text
