"""The end of a level in a real browser: `make study`'s server (the kit's Voila with the
`aligned-study` template), real headless Chromium, keyboard first.

The progress file says every Fundamentals lesson is finished at the mark (one exactly at it); the
learner opens the hub, rates each lesson and writes a first step, is told to type a name, makes the
certificate, downloads the PDF through its data-URI link, and the PDF's text holds the name, the
level, the date, the mark and the lessons. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from test_browser_accessibility import assert_accessible

from conftest import open_page, start_voila
from widgets.core import completion, knowledge, plan, progress
from widgets.core.lessons import catalogue

pytestmark = pytest.mark.browser

HUB = "/voila/render/index.ipynb"
NAME = "Zoë O'Brien-Ndiaye"
FIRST_STEP = "On Monday I will ask my three team leads which goal matters most to them."


def fundamentals(workshops):
    return [(lesson.path.split("/")[-1].removesuffix(".ipynb"), lesson.title)
            for lesson in catalogue(workshops)["fundamentals"]]


@pytest.fixture(scope="module")
def finished_level(tmp_path_factory):
    """A study server whose state folder holds a finished Fundamentals level."""
    from widgets.hub import WORKSHOPS_DIR

    state = tmp_path_factory.mktemp("completion-state")
    lessons = fundamentals(WORKSHOPS_DIR)
    for number, (stem, _title) in enumerate(lessons):
        bank = knowledge.load_bank(stem)
        scores = {o.key: [len(bank.questions_of(o.key))] * 2 for o in bank.objectives}
        if number == 1:  # exactly at the mark: right = the questions the mark needs
            missing = len(bank.questions) - completion.needed(len(bank.questions))
            for key in scores:
                taken = min(missing, scores[key][0])
                scores[key][0] -= taken
                missing -= taken
        progress.record_check(stem, {key: tuple(value) for key, value in scores.items()}, state)
    assert completion.level_status("fundamentals", [(s, t, "") for s, t in lessons], progress.load(state)).complete
    server = start_voila(tmp_path_factory.mktemp("completion"),
                         extra_args=("--VoilaConfiguration.template=aligned-study",),
                         env_extra={"ALIGNED_STATE_DIR": str(state)})
    try:
        yield server, state, lessons
    finally:
        server.stop()


def press(scope, page, name):
    button = scope.get_by_role("button", name=name)
    button.focus()
    page.keyboard.press("Enter")


def test_a_finished_level_gives_a_self_assessment_and_a_certificate_pdf(page, finished_level, tmp_path):
    server, state, lessons = finished_level
    open_page(page, server.url + HUB, server=server)
    panel = page.locator(".aligned-completion").filter(has=page.locator("#certificate-fundamentals"))
    panel.get_by_text("Complete: you finished all 5 lessons of Fundamentals").wait_for()
    assert "at least 70 % of its questions right" in page.locator(".aligned-certificates").inner_text()
    later = page.locator(".aligned-completion").filter(has=page.locator("#certificate-intermediate"))
    assert "Not started" in later.inner_text()
    assert later.get_by_role("link").count() == len(catalogue_of(server, "intermediate"))
    assert later.get_by_role("button", name="Save my self-assessment").count() == 0  # no form before its time

    # The self-assessment, from the keyboard: one labelled choice per lesson, then the first step.
    for number, (_stem, title) in enumerate(lessons):
        choice = panel.get_by_label(completion.question(title), exact=True)
        choice.focus()
        for _ in range(1 + number % 4):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    first_step = panel.get_by_label(completion.wording()["first_step"]["label"], exact=True)
    first_step.focus()
    page.keyboard.type(FIRST_STEP)
    page.keyboard.press("Tab")
    press(panel, page, "Save my self-assessment")
    panel.get_by_role("status").filter(has_text="Your self-assessment of Fundamentals is saved").wait_for()
    saved = json.loads((state / "completion.json").read_text(encoding="utf-8"))["levels"]["fundamentals"]
    assert saved["first_step"] == FIRST_STEP
    assert saved["ratings"] == {stem: 1 + number % 4 for number, (stem, _title) in enumerate(lessons)}
    assert "name" not in saved

    # Into the plan, with its review dates.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.aligned-completion button')].some("
        "b => b.textContent.includes('Add to my plan') && !b.disabled)")
    press(panel, page, "Add to my plan")
    panel.get_by_role("status").filter(has_text="Added “Fundamentals: my first step”").wait_for()
    assert [e.kind for e in plan.load(state / "plan.json").plan.entries] == ["completion"]

    # No name yet: one friendly sentence, no certificate.
    press(panel, page, "Make my certificate")
    alert = panel.get_by_role("alert").filter(has_text="Your certificate cannot be made yet")
    alert.wait_for()
    assert "Type your name as it should appear on the certificate." in alert.inner_text()
    assert panel.get_by_role("link", name=re.compile("certificate \\(PDF\\)")).count() == 0

    name = panel.get_by_label("Your name on the certificate", exact=True)
    name.focus()
    page.keyboard.type(NAME)
    page.keyboard.press("Tab")
    press(panel, page, "Make my certificate")
    link = panel.get_by_role("link", name=re.compile("Download your Fundamentals certificate \\(PDF\\)"))
    link.wait_for(timeout=120_000)
    assert link.get_attribute("href").startswith("data:application/pdf;base64,")
    assert "in the name of “Zoë O'Brien-Ndiaye”" in panel.get_by_role("status").last.inner_text()
    with page.expect_download() as download:
        link.focus()
        page.keyboard.press("Enter")
    saved_pdf = tmp_path / "certificate.pdf"
    download.value.save_as(saved_pdf)
    assert download.value.suggested_filename == "aligned-certificate-fundamentals.pdf"

    from pypdf import PdfReader

    reader = PdfReader(saved_pdf)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert len(reader.pages) == 1
    assert NAME in text and "has completed the Fundamentals level of the self-study course" in text
    assert f"Date {plan.long_date(date.today())}" in text
    assert "at least 70 % of the questions of each lesson's knowledge check right" in text
    for _stem, title in lessons:
        assert re.sub(r"\s+", " ", title) in text, title
    assert re.search(r"\d+ of \d+ right \(7\d %\)", text)  # the lesson exactly at the mark
    assert json.loads((state / "completion.json").read_text(encoding="utf-8"))["levels"]["fundamentals"]["name"] == NAME
    # The open form, its summary, messages and links pass the accessibility audit of every page.
    assert_accessible(page, "index.ipynb, a level complete", context=".aligned-certificates")
    assert page.watch.external_requests == []
    assert page.watch.console_errors == []


def catalogue_of(server, level):
    from widgets.hub import WORKSHOPS_DIR

    return catalogue(WORKSHOPS_DIR)[level]
