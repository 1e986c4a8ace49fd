"""The fundamentals agenda agrees with the lessons it schedules."""

import re
from datetime import datetime, timedelta
from pathlib import Path

from widgets.core.lessons import catalogue

ROOT = Path(__file__).resolve().parent.parent
AGENDA = ROOT / "workshops" / "fundamentals" / "agenda.md"
FORMATS = ("solo", "pairs", "room")


def schedule_rows(text: str) -> list[list[str]]:
    table = text.split("| Start |", 1)[1].split("\n\n", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in table.splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows if len(row) == 5]


def test_every_fundamentals_lesson_is_scheduled_for_its_own_minutes():
    rows = schedule_rows(AGENDA.read_text())
    scheduled = {}
    for start, minutes, block, lesson, fmt in rows:
        link = re.search(r"\(([^)]+\.ipynb)\)", lesson)
        if link:
            scheduled[f"fundamentals/{link.group(1)}"] = int(minutes)
            assert any(word in fmt for word in FORMATS), block
    lessons = catalogue(ROOT / "workshops")["fundamentals"]
    assert lessons
    assert scheduled == {lesson.path: lesson.minutes for lesson in lessons}
    stated = re.search(r"Lesson minutes: ([\d + ]+) = (\d+)", AGENDA.read_text())
    assert int(stated.group(2)) == sum(lesson.minutes for lesson in lessons)


def test_start_times_follow_from_the_durations():
    rows = schedule_rows(AGENDA.read_text())
    clock = datetime.strptime(rows[0][0], "%H:%M")
    for start, minutes, *_ in rows:
        assert datetime.strptime(start, "%H:%M") == clock, start
        if minutes != "—":
            clock += timedelta(minutes=int(minutes))
    total = sum(int(m) for _, m, *_ in rows if m != "—")
    assert f"{total} minutes" in AGENDA.read_text()


def test_setup_explains_how_participants_reach_the_server():
    text = AGENDA.read_text()
    assert "make workshop-room" in text and "token" in text and "## Materials" in text
