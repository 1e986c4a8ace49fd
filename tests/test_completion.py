"""The end of a level (issue 19, item 6): the certificate's rule, the end-of-level self-assessment,
the file they are kept in, the certificate's data and its printout, the view on the hub and the
note under a lesson's knowledge check. Logic: widgets/core/completion.py; view: widgets/completion.py,
driven without a kernel. The PDF test prints with headless Chromium; the browser walk is
tests/test_browser_completion.py."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from widgets.core import completion, plan, progress
from widgets.core.completion import CompletionInputError

TODAY = date(2026, 1, 15)
LESSONS = [("what-is-alignment", "What is alignment?", "fundamentals/what-is-alignment.ipynb"),
           ("purpose-values-trust", "Purpose, values and trust", "fundamentals/purpose-values-trust.ipynb"),
           ("smart-goals", "SMART goals", "fundamentals/smart-goals.ipynb")]
STEMS = [stem for stem, _title, _link in LESSONS]
FIRST_STEP = "On Monday I will ask my three team leads which goal they think matters most."


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """The kit's state folder, of this test alone; no kernel warmed in advance."""
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    return tmp_path


def check(stem, right, total, folder, when="2026-01-10T09:00:00+00:00"):
    """A checked knowledge check of `total` questions, split over two objectives."""
    first = total // 2
    progress.record_check(stem, {"o1": (min(right, first), first), "o2": (max(0, right - first), total - first)},
                          folder, when=when)


def finish_level(folder, scores=(8, 6, 7), total=8):
    for stem, right in zip(STEMS, scores):
        check(stem, right, total, folder)


def status(folder):
    return completion.level_status("fundamentals", LESSONS, progress.load(folder))


RATINGS = {"what-is-alignment": 4, "purpose-values-trust": 2, "smart-goals": 3}


# -- the rule -----------------------------------------------------------------------------------


def test_the_mark_is_one_constant_stated_in_words():
    assert completion.PASS_PERCENT == 70 and completion.MARK == "70 %"
    assert "at least 70 % of its questions right" in completion.rule_text()
    assert [completion.needed(total) for total in (5, 8, 10, 12, 13)] == [4, 6, 7, 9, 10]


def test_exactly_at_the_mark_passes_and_one_below_does_not():
    assert completion.passes(7, 10) and not completion.passes(6, 10)
    assert completion.passes(6, 8) and not completion.passes(5, 8)
    assert not completion.passes(0, 0)  # no questions is no check


@given(st.integers(1, 60), st.data())
def test_the_mark_the_count_needed_and_the_percent_shown_agree(total, data):
    right = data.draw(st.integers(0, total))
    assert completion.passes(right, total) == (right >= completion.needed(total))
    shown = completion.percent(right, total)
    assert (shown >= completion.PASS_PERCENT) == completion.passes(right, total)  # never "70 %" for a fail


def test_a_finished_level_at_the_mark_is_complete(folder):
    finish_level(folder, scores=(8, 6, 7))  # 6 of 8 is 75 %: at least the mark
    found = status(folder)
    assert found.complete and found.missing == () and found.passed == 3
    assert found.text.startswith("Complete: you finished all 3 lessons of Fundamentals")
    assert found.completed_on == date(2026, 1, 10)
    assert found.lesson("purpose-values-trust").score == "6 of 8 right (75 %)"


def test_exactly_at_the_mark_counts_in_the_progress_too(folder):
    for stem in STEMS:
        check(stem, 7, 10, folder)
    assert status(folder).complete


def test_one_unfinished_lesson_means_no_certificate_and_it_is_named(folder):
    check("what-is-alignment", 8, 8, folder)
    check("purpose-values-trust", 8, 8, folder)
    progress.record_opened("smart-goals", folder)
    found = status(folder)
    assert not found.complete
    [missing] = found.missing
    assert missing.stem == "smart-goals" and missing.state == completion.OPENED
    assert "knowledge check at the end is not answered yet" in missing.missing
    assert "“SMART goals”" in found.missing_sentence and "What is alignment" not in found.missing_sentence
    assert found.text == ("2 of 3 lessons of Fundamentals done at the mark (at least 70 % of the knowledge check "
                          "right). Still to do for the certificate:")
    with pytest.raises(CompletionInputError) as refused:
        completion.issue(found, "Ana Costa", None, TODAY)
    assert refused.value.problems == [found.missing_sentence]


def test_a_score_below_the_mark_is_named_with_what_it_needs(folder):
    finish_level(folder, scores=(8, 5, 8))
    found = status(folder)
    [below] = found.missing
    assert below.stem == "purpose-values-trust" and below.state == completion.BELOW
    assert below.missing.startswith("your latest knowledge check has 5 of 8 right; the certificate needs 6 of 8 "
                                    "(70 %)")
    assert below.score == "5 of 8 right (62 %)"


def test_the_latest_attempt_counts(folder):
    finish_level(folder)
    check("smart-goals", 3, 8, folder, when="2026-01-12T09:00:00+00:00")
    assert [lesson.stem for lesson in status(folder).missing] == ["smart-goals"]
    check("smart-goals", 8, 8, folder, when="2026-01-13T09:00:00+00:00")
    assert status(folder).complete and status(folder).completed_on == date(2026, 1, 13)


def test_untouched_lessons_and_levels_say_how_to_begin(folder):
    found = status(folder)
    assert [lesson.state for lesson in found.lessons] == [completion.NOT_STARTED] * 3
    assert found.text.startswith("Not started: the certificate asks for all 3 lessons of Fundamentals")
    empty = completion.level_status("advanced", [], progress.Progress())
    assert not empty.complete and "being written" in empty.text
    with pytest.raises(CompletionInputError, match="is not a level"):
        completion.level_status("expert", LESSONS, progress.Progress())


# -- the self-assessment ------------------------------------------------------------------------


def test_the_self_assessment_wording_comes_from_its_bank():
    from widgets.core.content import load_content

    bank = load_content("completion")["self_assessment"]
    assert [s.label for s in completion.scale()] == [item["label"] for item in bank["scale"]]
    assert completion.question("SMART goals") == bank["question"].replace("{lesson}", "SMART goals")


def test_the_self_assessment_lists_everything_missing_at_once(folder):
    finish_level(folder)
    with pytest.raises(CompletionInputError) as refused:
        completion.assess(status(folder), {"what-is-alignment": 4, "smart-goals": 0}, "   ", TODAY)
    assert refused.value.problems == [
        "Say how ready you are to use “Purpose, values and trust” and “SMART goals” at work.",
        "Write the first thing you will do at work, in one sentence (and when you will do it).",
    ]
    with pytest.raises(CompletionInputError, match="at most 300 characters"):
        completion.assess(status(folder), RATINGS, "x" * 301, TODAY)
    with pytest.raises(CompletionInputError, match="Say how ready"):
        completion.assess(status(folder), {**RATINGS, "smart-goals": 9}, FIRST_STEP, TODAY)


def test_the_self_assessment_waits_for_a_complete_level(folder):
    check("what-is-alignment", 8, 8, folder)
    with pytest.raises(CompletionInputError) as refused:
        completion.assess(status(folder), RATINGS, FIRST_STEP, TODAY)
    assert "comes once the level is complete" in refused.value.problems[0]


def test_a_self_assessment_keeps_the_ratings_and_names_what_to_revisit(folder):
    finish_level(folder)
    found = status(folder)
    assessment = completion.assess(found, RATINGS, f"  {FIRST_STEP}\n", TODAY)
    assert assessment.first_step == FIRST_STEP and assessment.assessed == TODAY
    assert assessment.ratings == tuple(RATINGS.items())
    assert [lesson.stem for lesson in completion.to_revisit(assessment, found)] == ["purpose-values-trust"]
    assert completion.rating_rows(assessment, found) == [
        ("What is alignment?", "Confidently"), ("Purpose, values and trust", "With help"),
        ("SMART goals", "On my own")]


def test_the_first_step_goes_into_the_plan_with_review_dates(folder):
    finish_level(folder)
    found = status(folder)
    entry = completion.plan_entry(completion.assess(found, RATINGS, FIRST_STEP, TODAY), found)
    assert entry.kind == "completion" and entry.title == "Fundamentals: my first step"
    added = plan.with_entry(plan.Plan(), entry, today=TODAY).plan
    text = plan.markdown(plan.document(added, TODAY, "x"))
    assert "*End-of-level self-assessment, added on 15 January 2026*" in text
    assert f"**First step:** {FIRST_STEP}" in text
    assert "| Purpose, values and trust | With help |" in text
    assert "Review on 14 February 2026 (30 days): Have you taken the first step you wrote down?" in text


# -- the certificate ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "problem"), [
    ("", "Type your name as it should appear on the certificate."),
    ("   \n ", "Type your name as it should appear on the certificate."),
    ("A" * 81, "Your name is 81 characters long, and the certificate has room for 80: shorten it (initials are fine)."),
    ("12345", "A name needs at least one letter."),
    ("Ana\x00Costa", "Your name has a character that cannot be printed: type it again without it."),
])
def test_a_name_that_cannot_go_on_a_certificate_says_why(typed, problem):
    with pytest.raises(CompletionInputError) as refused:
        completion.certificate_name(typed)
    assert refused.value.problems == [problem]


def test_the_name_is_kept_as_typed_with_its_spaces_tidied():
    assert completion.certificate_name("  Ana   Costa ") == "Ana Costa"
    assert completion.certificate_name("Zoë O'Brien-Ndiaye") == "Zoë O'Brien-Ndiaye"
    assert completion.certificate_name("A" * 80) == "A" * 80


def test_the_certificate_holds_name_level_date_lessons_and_mark(folder):
    finish_level(folder)
    found = status(folder)
    assessment = completion.assess(found, RATINGS, FIRST_STEP, date(2026, 1, 14))
    certificate = completion.issue(found, " Ana  Costa ", assessment, TODAY)
    assert (certificate.name, certificate.level, certificate.level_title) == (
        "Ana Costa", "fundamentals", "Fundamentals")
    assert certificate.date_text == "15 January 2026" and certificate.assessed_text == "14 January 2026"
    assert certificate.mark == "70 %" and "at least 70 % of the questions" in certificate.statement
    assert certificate.rows == (("What is alignment?", "8 of 8 right (100 %)", "10 January 2026"),
                                ("Purpose, values and trust", "6 of 8 right (75 %)", "10 January 2026"),
                                ("SMART goals", "7 of 8 right (87 %)", "10 January 2026"))
    assert certificate.file_stem == "aligned-certificate-fundamentals"


def test_the_certificate_comes_after_the_self_assessment_and_a_name(folder):
    finish_level(folder)
    with pytest.raises(CompletionInputError) as refused:
        completion.issue(status(folder), "", None, TODAY)
    assert refused.value.problems == ["Type your name as it should appear on the certificate.",
                                      "Save your self-assessment first: the certificate comes after it."]


# -- the file -----------------------------------------------------------------------------------


def test_the_self_assessment_and_the_name_are_kept_in_the_documented_format(folder):
    finish_level(folder)
    found = status(folder)
    assessment = completion.assess(found, RATINGS, FIRST_STEP, TODAY)
    completion.save_assessment(assessment, folder)
    completion.record_certificate(completion.issue(found, "Ana Costa", assessment, TODAY), folder)
    data = json.loads((folder / "completion.json").read_text(encoding="utf-8"))
    assert data == {"format": "aligned-completion", "version": 1, "levels": {"fundamentals": {
        "ratings": RATINGS, "first_step": FIRST_STEP, "assessed": "2026-01-15",
        "name": "Ana Costa", "issued": "2026-01-15"}}}
    saved = completion.load(folder)
    assert saved.assessment("fundamentals") == completion.SelfAssessment(
        "fundamentals", tuple(sorted(RATINGS.items())), FIRST_STEP, TODAY)
    assert saved.assessment("advanced") is None
    assert saved.name("fundamentals") == saved.name("advanced") == "Ana Costa"  # offered for the next one
    assert saved.issued("fundamentals") == TODAY
    assert sorted(p.name for p in folder.iterdir()) == ["completion.json", "progress.json"]  # no temporary file


def test_a_failed_write_leaves_the_old_file(folder, monkeypatch):
    finish_level(folder)
    completion.save_assessment(completion.assess(status(folder), RATINGS, FIRST_STEP, TODAY), folder)
    before = (folder / "completion.json").read_text(encoding="utf-8")

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    from widgets.core import statefile

    monkeypatch.setattr(statefile.os, "fsync", crash)  # mid-write: the temporary file is there, half done
    with pytest.raises(OSError, match="disk full"):
        completion.save_assessment(completion.assess(status(folder), RATINGS, "Something else.", TODAY), folder)
    assert (folder / "completion.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["completion.json", "progress.json"]


@pytest.mark.parametrize("damage", [
    "{not json", "[]", b"\xff\xfe broken".decode("latin-1"),
    '{"format": "aligned-completion", "version": 99, "levels": {}}',
    '{"format": "aligned-completion", "version": 1, "levels": {"fundamentals": {"ratings": {"x": "4"}}}}',
    '{"format": "aligned-completion", "version": 1, "levels": {"fundamentals": {"name": 12}}}',
])
def test_a_damaged_file_is_kept_aside_and_the_learner_starts_fresh(folder, damage):
    (folder / "completion.json").write_text(damage, encoding="utf-8")
    saved = completion.load(folder)
    assert saved.levels == {}
    [backup] = folder.glob("completion.damaged-*.json")
    assert backup.read_text(encoding="utf-8") == damage
    assert "could not be read, so they start fresh" in saved.notice and backup.name in saved.notice
    assert not (folder / "completion.json").exists()
    finish_level(folder)
    completion.save_assessment(completion.assess(status(folder), RATINGS, FIRST_STEP, TODAY), folder)
    assert completion.load(folder).assessment("fundamentals") is not None  # and saving works again


def test_forgetting_the_progress_forgets_the_self_assessments_and_the_name(folder):
    assert completion.FILE_NAME in progress.COMPANION_FILES
    finish_level(folder)
    completion.save_assessment(completion.assess(status(folder), RATINGS, FIRST_STEP, TODAY), folder)
    (folder / "completion.damaged-20260101T000000000000.json").write_text("{kept", encoding="utf-8")
    assert progress.forget(folder) is True
    assert sorted(p.name for p in folder.iterdir()) == ["completion.damaged-20260101T000000000000.json"]
    assert completion.load(folder).levels == {} and not status(folder).complete
    assert progress.forget(folder) is False
    assert completion.forget(folder) is False


# -- the certificate as a page and a PDF ----------------------------------------------------------


def issued(folder, name="Ana Costa"):
    finish_level(folder)
    found = status(folder)
    return completion.issue(found, name, completion.assess(found, RATINGS, FIRST_STEP, TODAY), TODAY)


def test_the_certificate_page_is_the_delivery_packs_template_filled_in_and_escaped(folder):
    from widgets.completion import certificate_html
    from widgets.templating import render

    page = certificate_html(issued(folder, "<script>alert(1)</script> Ana"))
    assert page.startswith("<!doctype html>") and "<main class=\"certificate issued\">" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Ana" in page
    assert "Certificate of completion" in page and "Fundamentals" in page and "15 January 2026" in page
    assert "at least 70 % of the questions" in page and "Purpose, values and trust" in page
    blank = render("certificate.html.j2", doc=type("Doc", (), {"title": "T", "subtitle": "S", "landscape": True}),
                   levels=["Fundamentals"])
    assert "☐ Fundamentals" in blank and "certificate issued" not in blank and "Checked on" not in blank


@pytest.mark.browser
def test_the_certificate_pdf_has_the_name_level_date_mark_and_lessons(folder):
    import io

    from pypdf import PdfReader

    from conftest import CHROMIUM, require_tool
    from widgets.completion import certificate_pdf

    require_tool(CHROMIUM.exists(), "Debian's chromium (/usr/bin/chromium)")
    certificate = issued(folder, "Zoë O'Brien-Ndiaye")
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    assert len(reader.pages) == 1 and reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Certificate of completion" in text and "Zoë O'Brien-Ndiaye" in text
    assert "has completed the Fundamentals level of the self-study course" in text
    assert "Date 15 January 2026" in text and "at least 70 % of the questions" in text
    for title, score in (("What is alignment?", "8 of 8 right (100 %)"), ("Purpose, values and trust",
                                                                          "6 of 8 right (75 %)"),
                         ("SMART goals", "7 of 8 right (87 %)")):
        assert f"{title} {score} 10 January 2026" in text


# -- the view (no kernel) -------------------------------------------------------------------------


def view(folder, level_lessons=LESSONS):
    from widgets.completion import LevelCompletion

    return LevelCompletion("fundamentals", level_lessons, folder=folder, today=TODAY)


def fill(panel, ratings=RATINGS, first_step=FIRST_STEP):
    for stem, rating in ratings.items():
        panel.ratings[stem].value = rating
    panel.first_step.value = first_step


@pytest.fixture
def printer(monkeypatch):
    """The delivery pack's printer, replaced by one that returns the page it was given."""
    from widgets.delivery import pdf

    printed = []

    def fake(html, name="document", *, one_page=False, landscape=False):
        printed.append((name, one_page, landscape))
        return b"%PDF-1.4 " + html.encode("utf-8")

    monkeypatch.setattr(pdf, "pdf_bytes", fake)
    return printed


def test_an_unfinished_level_says_what_is_missing_with_links_and_hides_the_form(folder):
    check("what-is-alignment", 8, 8, folder)
    check("purpose-values-trust", 4, 8, folder)
    panel = view(folder)
    page = panel.result.value
    assert "1 of 3 lessons of Fundamentals done at the mark" in page
    assert ("<a href='fundamentals/purpose-values-trust.ipynb' target='_blank' rel='noopener'>Purpose, values and "
            "trust</a>: your latest knowledge check has 4 of 8 right; the certificate needs 6 of 8 (70 %)") in page
    assert ("<a href='fundamentals/smart-goals.ipynb' target='_blank' rel='noopener'>SMART goals</a>: "
            "not started") in page
    assert "What is alignment" not in page
    assert panel.form.layout.display == "none"
    assert panel.heading.value == "<h3 id='certificate-fundamentals'>Fundamentals certificate</h3>"


def test_every_input_has_a_label(folder):
    panel = view(folder)
    inputs = [*panel.ratings.values(), panel.first_step, panel.name]
    assert all(widget.description for widget in inputs)
    assert panel.ratings["smart-goals"].description == "How ready are you to use “SMART goals” at work?"
    assert panel.ratings["smart-goals"].options[0] == ("Choose how ready you are", 0)


def test_a_complete_level_takes_the_self_assessment_then_makes_the_certificate(folder, printer):
    finish_level(folder)
    panel = view(folder)
    assert panel.form.layout.display is None and "Complete: you finished all 3 lessons" in panel.result.value
    assert "<caption>Your knowledge checks: Fundamentals</caption>" in panel.result.value
    assert panel.plan_button.disabled and panel.plan_needs in panel.plan_hint.value

    panel.make_button.click()  # too early: no self-assessment, no name
    assert 'role="alert"' in panel.messages.value and "Your certificate cannot be made yet:" in panel.messages.value
    assert "Type your name" in panel.messages.value and "Save your self-assessment first" in panel.messages.value
    assert printer == [] and panel.certificate_links.value == ""

    panel.save_button.click()  # nothing filled in
    assert "Your self-assessment cannot be saved yet:" in panel.assessment_messages.value
    assert not (folder / "completion.json").exists()

    fill(panel)
    panel.save_button.click()
    assert "is saved on this computer" in panel.assessment_messages.value
    assert completion.load(folder).assessment("fundamentals").first_step == FIRST_STEP
    summary = panel.assessment_summary.value
    assert "<caption>Your self-assessment</caption>" in summary and "With help" in summary
    assert "Worth revisiting" in summary and "fundamentals/purpose-values-trust.ipynb" in summary
    assert not panel.plan_button.disabled
    panel.plan_button.click()
    [entry] = plan.load().plan.entries
    assert entry.kind == "completion" and entry.result["first_step"] == FIRST_STEP

    panel.name.value = "A" * 81
    panel.make_button.click()
    assert "certificate has room for 80" in panel.messages.value and printer == []
    panel.name.value = "  Ana   Costa "
    panel.make_button.click()
    assert printer == [("aligned-certificate-fundamentals", True, True)]
    assert "Your Fundamentals certificate is ready, in the name of “Ana Costa”, dated 15 January 2026" in (
        panel.messages.value)
    assert "this computer only" in panel.messages.value and str(folder / "completion.json") in panel.messages.value
    links = panel.certificate_links.value
    assert 'download="aligned-certificate-fundamentals.pdf" href="data:application/pdf;base64,' in links
    assert 'download="aligned-certificate-fundamentals.html" href="data:text/html;charset=utf-8;base64,' in links
    pdf = base64.b64decode(re.search(r'data:application/pdf;base64,([^"]+)', links).group(1))
    assert pdf.startswith(b"%PDF-1.4 <!doctype html>") and b"Ana Costa" in pdf
    assert completion.load(folder).name("fundamentals") == "Ana Costa"
    assert not panel.make_button.disabled
    assert "You made this certificate on 15 January 2026" in panel.result.value


def test_without_a_printer_the_certificate_comes_as_a_web_page_in_one_friendly_sentence(folder, monkeypatch):
    from widgets.delivery import pdf

    def unavailable(html, name="document", **_options):
        raise pdf.PrinterUnavailable(pdf.NO_CHROMIUM)

    monkeypatch.setattr(pdf, "pdf_bytes", unavailable)
    finish_level(folder)
    panel = view(folder)
    fill(panel)
    panel.save_button.click()
    panel.name.value = "Ana Costa"
    panel.make_button.click()
    message = panel.messages.value
    assert 'role="alert"' in message and "Something went wrong" not in message and "Markdown" not in message
    assert "The PDF needs the Chromium browser, which is not installed on this machine." in message
    assert "ready as a web page instead" in message
    links = panel.certificate_links.value
    assert "aligned-certificate-fundamentals.html" in links and "application/pdf" not in links
    assert not panel.make_button.disabled


def test_a_failing_printer_never_shows_a_traceback(folder, monkeypatch):
    from widgets.delivery import pdf

    def broken(*_args, **_kwargs):
        raise RuntimeError("Target page, context or browser has been closed")

    monkeypatch.setattr(pdf, "pdf_bytes", broken)
    finish_level(folder)
    panel = view(folder)
    fill(panel)
    panel.save_button.click()
    panel.name.value = "Ana Costa"
    panel.make_button.click()
    assert "Something went wrong while making your certificate. Your self-assessment is kept" in panel.messages.value
    assert "Traceback" not in panel.messages.value and "browser has been closed" not in panel.messages.value
    assert not panel.make_button.disabled


def test_progress_lost_after_the_page_was_drawn_is_read_again_before_anything_is_made(folder, printer):
    finish_level(folder)
    panel = view(folder)
    fill(panel)
    panel.save_button.click()
    panel.name.value = "Ana Costa"
    progress.forget(folder)  # in another tab, "Forget my progress"
    panel.make_button.click()
    assert "still to do: “What is alignment?”, “Purpose, values and trust” and “SMART goals”" in panel.messages.value
    assert printer == [] and panel.form.layout.display == "none"
    assert "Not started" in panel.result.value


def test_a_saved_self_assessment_and_name_are_shown_again(folder):
    finish_level(folder)
    found = status(folder)
    assessment = completion.assess(found, RATINGS, FIRST_STEP, TODAY)
    completion.save_assessment(assessment, folder)
    completion.record_certificate(completion.issue(found, "Ana Costa", assessment, TODAY), folder)
    panel = view(folder)
    assert {stem: c.value for stem, c in panel.ratings.items()} == RATINGS
    assert panel.first_step.value == FIRST_STEP and panel.name.value == "Ana Costa"
    assert "Your self-assessment is saved on this computer (15 January 2026)" in panel.assessment_summary.value
    assert not panel.plan_button.disabled


def test_a_damaged_file_is_reported_in_one_sentence(folder):
    (folder / "completion.json").write_text("{oops", encoding="utf-8")
    panel = view(folder)
    assert 'role="alert"' in panel.messages.value and "could not be read, so they start fresh" in panel.messages.value


def test_the_hub_shows_the_rule_and_a_certificate_per_level_read_when_the_reader_arrives(folder, monkeypatch):
    import voila.utils

    from widgets import progress as progress_view
    from widgets.completion import CERTIFICATES_ANCHOR, LevelCompletion
    from widgets.hub import hub, lessons_in_order

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(progress_view, "_waited_for_reader", False)
    fundamentals = [stem for stem, _title, link in lessons_in_order() if link.startswith("fundamentals/")]

    def the_reader_arrives(url=None):  # the lessons were finished while the hub's kernel stood warm
        for stem in fundamentals:
            check(stem, 6, 8, folder)

    monkeypatch.setattr(voila.utils, "wait_for_request", the_reader_arrives)
    page = hub()
    [section] = [child for child in page.children if "aligned-certificates" in child._dom_classes]
    intro, *panels, _refresh = section.children
    assert f"<h2 id='{CERTIFICATES_ANCHOR}'>Your certificates</h2>" in intro.value
    assert "at least 70 % of its questions right" in intro.value and "this computer only" in intro.value
    assert [panel.level for panel in panels] == ["fundamentals", "intermediate", "advanced"]
    assert all(isinstance(panel, LevelCompletion) for panel in panels)
    assert panels[0].status.complete and panels[0].form.layout.display is None
    assert not panels[1].status.complete and "Not started" in panels[1].result.value
    assert "intermediate/culture-as-asset.ipynb" in panels[1].result.value
    # "Forget my progress" on the hub forgets the certificates' state too, and they say so at once.
    [progress_panel] = [child for child in page.children if isinstance(child, progress_view.ProgressPanel)]
    progress_panel.forget_button.click()
    progress_panel.confirm_button.click()
    assert not panels[0].status.complete and panels[0].form.layout.display == "none"
    assert "Not started" in panels[0].result.value


def test_the_knowledge_check_says_where_its_level_stands(folder):
    from widgets.completion import after_check_html
    from widgets.hub import lessons_in_order

    fundamentals = [stem for stem, _title, link in lessons_in_order() if link.startswith("fundamentals/")]
    assert after_check_html(fundamentals[0], "fundamentals") != ""
    check(fundamentals[0], 5, 8, folder)
    assert "this check needs 6 of 8 right (70 %)" in after_check_html(fundamentals[0], "fundamentals")
    check(fundamentals[0], 8, 8, folder)
    note = after_check_html(fundamentals[0], "fundamentals")
    assert "1 of 5 lessons done at the mark (70 %)" in note
    assert f"<a href='../fundamentals/{fundamentals[1]}.ipynb' target='_blank'" in note
    assert "href='../index.ipynb#certificate-fundamentals'" in note
    for stem in fundamentals[1:]:
        check(stem, 8, 8, folder)
    assert "That completes Fundamentals" in after_check_html(fundamentals[-1], "fundamentals")
    assert after_check_html("not-a-lesson", "fundamentals") == ""


def test_the_knowledge_check_view_adds_the_note_after_checking(folder):
    from widgets.knowledge import KnowledgeCheck

    check_view = KnowledgeCheck("smart-goals")
    for question in check_view.bank.questions:
        check_view.choices[question.key].value = question.answer
    check_view.check_button.click()
    assert "Towards the Fundamentals certificate:</strong> 1 of 5 lessons done at the mark" in check_view.result.value


def test_after_forgetting_the_open_panel_keeps_no_typed_name(folder, printer):
    finish_level(folder)
    panel = view(folder)
    fill(panel)
    panel.save_button.click()
    panel.name.value = "Ana Costa"
    panel.make_button.click()
    assert panel.certificate_links.value
    progress.forget(folder)
    panel.refresh()
    assert panel.name.value == "" and panel.certificate_links.value == ""
    assert not panel.status.complete
