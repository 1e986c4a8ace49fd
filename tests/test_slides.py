"""The slide decks (widgets/delivery/slides.py): every lesson, its notes and activities, offline."""

import re
import shutil
from pathlib import Path

import pytest

from conftest import IN_CI
from widgets.delivery import reveal
from widgets.delivery.lesson import lessons
from widgets.delivery.slides import blocks, build, lesson_slides

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = lessons()


def test_every_lesson_is_read():
    assert len(NOTEBOOKS) == 17
    assert {nb.lesson.level for nb in NOTEBOOKS} == {"fundamentals", "intermediate", "advanced"}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.slug)
def test_every_instructor_cell_is_a_speaker_note_once(notebook):
    slides = lesson_slides(notebook)
    notes = [str(note) for slide in slides for note in slide.notes]
    assert len(notes) == len(notebook.instructor_notes()) > 0
    assert all(slide.kind != "title" or slide.notes for slide in slides[:1])  # the timing plan
    # and no note is ever shown on a slide's face
    faces = " ".join(str(block) for slide in slides for block in slide.blocks)
    assert "Instructor notes" not in faces


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.slug)
def test_every_heading_starts_a_slide_and_every_activity_has_one(notebook):
    slides = lesson_slides(notebook)
    titles = {slide.title for slide in slides}
    for cell in notebook.cells:
        if cell.kind == "markdown":
            for heading in re.findall(r"^#{2,3}\s+(.+?)\s*$", cell.text, re.M):
                assert heading in titles
    assert [s.activity for s in slides if s.kind == "activity"] == notebook.activities()
    assert slides[0].kind == "title" and slides[0].title == notebook.lesson.title


def test_long_sections_continue_on_the_next_slide():
    notebook = next(nb for nb in NOTEBOOKS if nb.slug == "smart-goals")
    slides = lesson_slides(notebook, words_per_slide=60)
    assert any(slide.continued for slide in slides)
    assert all(slide.words <= 60 or len(slide.blocks) == 1 for slide in slides)


def test_blocks_keep_fences_and_indented_continuations_together():
    text = "Para one.\n\n```\ncode\n\nmore code\n```\n\n- item\n\n  second paragraph of the item\n\nEnd."
    assert blocks(text) == [
        "Para one.",
        "```\ncode\n\nmore code\n```",
        "- item\n\n  second paragraph of the item",
        "End.",
    ]


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    if shutil.which("npm") is None and not (ROOT / "build" / "vendor" / f"reveal.js-{reveal.VERSION}.tgz").exists():
        if IN_CI:
            pytest.fail("npm is required in CI to fetch reveal.js")
        pytest.skip("npm is not installed")
    out = tmp_path_factory.mktemp("slides")
    return out, build(out, ROOT / "build" / "vendor")


def test_make_slides_builds_every_deck_offline(decks):
    out, written = decks
    assert len(written) == 18 and (out / "index.html") in written
    for name in ("reveal.js", "reveal.css", "theme/white.css", "plugin/notes/notes.js", "aligned-slides.css"):
        assert (out / "reveal" / name).stat().st_size > 0, name
    for deck in written[1:]:
        text = deck.read_text()
        assert '<aside class="notes">' in text
        # nothing is loaded from elsewhere: every src/href is relative, or the live lesson on this computer
        for url in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not re.match(r"(https?:)?//", url) or url.startswith("http://127.0.0.1:8866/voila/render/"), url
    index = (out / "index.html").read_text()
    assert all(f'href="{p.relative_to(out).as_posix()}"' in index for p in written[1:])


def test_a_tampered_reveal_tarball_is_refused(tmp_path):
    fake = tmp_path / f"reveal.js-{reveal.VERSION}.tgz"
    fake.write_bytes(b"not reveal")
    with pytest.raises(reveal.RevealUnavailable, match="sha512"):
        reveal.tarball(tmp_path)
    assert not fake.exists()
