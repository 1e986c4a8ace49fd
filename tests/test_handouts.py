"""The printables (widgets/delivery/handouts.py): every PDF is built, holds its content as real
text, fits where it must, and is not blank. One full build (about 10 s) serves every test."""

import re
from pathlib import Path

import pytest

from conftest import CHROMIUM, require_tool
from widgets.core.content import load_content
from widgets.delivery import agenda
from widgets.delivery.handouts import Document, Part, documents
from widgets.delivery.lesson import lessons

pytestmark = pytest.mark.browser  # prints with headless Chromium
LEVELS = ("fundamentals", "intermediate", "advanced")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_tool(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    from widgets.delivery.handouts import build

    out = tmp_path_factory.mktemp("handouts")
    return out, build(out)


def text_of(path: Path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def words(text: str, count: int = 6) -> str:
    """The first words of a Markdown text, as they print (no emphasis marks)."""
    plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(plain.split()[:count])


def test_make_handouts_builds_every_printable(built):
    out, written = built
    expected = {out / f"{doc.path}.pdf" for doc in documents()}
    assert set(written) == expected
    for path in written:
        assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 2000, path
    kinds = {path.relative_to(out).parts[0] for path in written}
    assert kinds == {"cards", "worksheets", "guides", "run-sheets", "feedback-form.pdf", "certificate.pdf"}


def test_a_key_point_card_per_lesson_on_one_page(built):
    out, _ = built
    for notebook in lessons():
        card = out / "cards" / f"{notebook.lesson.level}-{notebook.slug}.pdf"
        assert pages(card) == 1, card.name
        text = text_of(card)
        assert notebook.lesson.title in text
        for point in notebook.key_points():
            assert words(point, 4) in text, (card.name, point)


def test_a_worksheet_for_every_activity_from_the_banks(built):
    out, _ = built
    sheets = {path.stem for path in (out / "worksheets").glob("*.pdf")}
    for notebook in lessons():
        mine = [s for s in sheets if s.startswith(f"{notebook.lesson.level}-{notebook.slug}-")]
        assert len(mine) >= max(1, len(notebook.activities())), notebook.slug
    pitfalls = text_of(out / "worksheets" / "fundamentals-steps-and-pitfalls-pitfall-spotter.pdf")
    for scenario in load_content("pitfalls")["scenarios"]:
        assert scenario["title"] in pitfalls and words(scenario["text"]) in pitfalls
    # the answers stay with the trainer
    assert load_content("pitfalls")["scenarios"][0]["explanation"][:40] not in pitfalls
    quiz = text_of(out / "worksheets" / "advanced-culture-archetypes-archetype-quiz.pdf")
    for prompt in load_content("culture")["prompts"].values():
        assert prompt in quiz
    survey = text_of(out / "worksheets" / "intermediate-engagement-survey-survey-analyser.pdf")
    assert all(words(item) in survey for item in load_content("survey")["items"].values())
    assert all(label in survey for label in load_content("survey")["answer_labels"])


def test_the_handouts_the_agendas_promise(built):
    out, _ = built
    guide = text_of(out / "guides" / "pitfall-guide.pdf")
    for pitfall in load_content("pitfalls")["pitfalls"].values():
        assert pitfall["label"] in guide and words(pitfall["telltale"]) in guide
    smart = text_of(out / "guides" / "smart-checklist.pdf")
    assert all(c["name"] in smart for c in load_content("smart")["criteria"])
    neuro = text_of(out / "guides" / "neuro-claims-evidence-table.pdf")
    assert "Mirror neurons" in neuro and "Evidence level" in neuro
    from widgets.core import dynamism

    crosswalk = text_of(out / "guides" / "model-crosswalk.pdf")
    assert all(str(column) in crosswalk for column in dynamism.crosswalk().columns)
    for name in ("neuro-claims-evidence-table", "model-crosswalk"):
        from pypdf import PdfReader

        box = PdfReader(out / "guides" / f"{name}.pdf").pages[0].mediabox
        assert box.width > box.height, f"{name} is printed landscape"


def test_a_run_sheet_per_agenda_in_teaching_order_with_clock_times(built):
    out, _ = built
    by_path = {nb.lesson.path: nb for nb in lessons()}
    for level in LEVELS:
        plans = agenda.read(level)
        assert plans
        for plan in plans:
            text = text_of(out / "run-sheets" / f"{plan.slug}.pdf")
            place = 0
            for block in plan.blocks:
                if block.lesson is None:
                    continue
                notebook = by_path[block.lesson]
                heading = f"{block.start}–"
                found = text.find(f"{heading}", place)
                assert found >= 0, (plan.slug, block.start)
                title_at = text.find(notebook.lesson.title, found)
                assert title_at >= 0, (plan.slug, notebook.lesson.title)
                first_note = re.search(r"^#+\s+(.+)$", notebook.instructor_notes()[0], re.M).group(1)
                assert words(first_note, 4) in text
                place = title_at


def test_the_feedback_form_and_the_certificate(built):
    out, _ = built
    form = text_of(out / "feedback-form.pdf")
    assert pages(out / "feedback-form.pdf") == 1
    assert "Participant feedback" in form and "Strongly agree" in form and "What was most useful?" in form
    certificate = text_of(out / "certificate.pdf")
    assert pages(out / "certificate.pdf") == 1
    assert "Certificate of completion" in certificate and "Name" in certificate and "Date" in certificate


def ink(path: Path, page: int = 0) -> float:
    """The share of a rendered page that is not white: 0 for a blank page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        pixels = document[page].render(scale=0.5).to_numpy()
    finally:
        document.close()
    return float((pixels[:, :, :3] < 200).any(axis=2).mean())


def test_rendered_pages_are_not_blank(built):
    out, written = built
    samples = [
        out / "certificate.pdf",
        out / "feedback-form.pdf",
        out / "guides" / "model-crosswalk.pdf",
        next((out / "cards").glob("*.pdf")),
        next((out / "worksheets").glob("*.pdf")),
        next((out / "run-sheets").glob("*.pdf")),
    ]
    for path in samples:
        share = ink(path)
        assert 0.02 < share < 0.6, (path.name, share)


def test_handout_text_is_escaped():
    doc = Document("x", "<script>alert(1)</script>", parts=(Part("list", "<b>", items=("<i>",)),))
    page = doc.html()
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;i&gt;" in page


def test_agendas_are_read_with_their_clock_times():
    for level in LEVELS:
        for plan in agenda.read(level):
            lessons_in = [block.lesson for block in plan.blocks if block.lesson]
            assert lessons_in and all(path.startswith(f"{level}/") for path in lessons_in)
            assert all(re.fullmatch(r"\d\d:\d\d", block.start) for block in plan.blocks)
