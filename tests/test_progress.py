"""Progress on this machine: the JSON store (atomic, damaged file, forget), the next lesson, the
knowledge check's hook and the hub's panel. No kernel."""

from __future__ import annotations

import json
import os

import pytest

from widgets.core import progress

ORDER = ["what-is-alignment", "purpose-values-trust", "smart-goals"]


def test_an_empty_folder_means_no_progress_and_the_first_lesson_next(tmp_path):
    state = progress.load(tmp_path)
    assert state.lessons == {} and state.notice == ""
    assert progress.next_lesson(ORDER, state) == "what-is-alignment"
    assert progress.summary(ORDER, state).text == "You have not opened any of the 3 lessons yet."


def test_opening_and_checking_are_recorded_in_the_documented_format(tmp_path):
    progress.record_opened("smart-goals", tmp_path, when="2025-09-01T09:00:00+00:00")
    progress.record_opened("smart-goals", tmp_path, when="2025-09-02T09:00:00+00:00")  # first time kept
    progress.record_check("what-is-alignment", {"O1": (2, 2), "O2": (1, 3)}, tmp_path,
                          when="2025-09-03T10:00:00+00:00")
    progress.record_check("what-is-alignment", {"O1": (2, 2), "O2": (3, 3)}, tmp_path,
                          when="2025-09-04T10:00:00+00:00")
    data = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert data == {"version": 1, "lessons": {
        "smart-goals": {"opened": "2025-09-01T09:00:00+00:00"},
        "what-is-alignment": {
            "opened": "2025-09-03T10:00:00+00:00", "finished": "2025-09-03T10:00:00+00:00",
            "checked": "2025-09-04T10:00:00+00:00", "attempts": 2,
            "objectives": {"O1": {"right": 2, "total": 2}, "O2": {"right": 3, "total": 3}}},
    }}
    state = progress.load(tmp_path)
    assert state.opened("smart-goals") and not state.finished("smart-goals")
    assert progress.next_lesson(ORDER, state) == "purpose-values-trust"
    found = progress.summary(ORDER, state)
    assert (found.opened, found.finished, found.total) == (2, 1, 3)
    assert found.text == "You have finished 1 of 3 lessons and opened 2."


def test_the_next_lesson_is_none_when_every_lesson_is_finished(tmp_path):
    for lesson in ORDER:
        progress.record_check(lesson, {"O1": (1, 1)}, tmp_path)
    state = progress.load(tmp_path)
    assert progress.next_lesson(ORDER, state) is None
    assert progress.summary(ORDER, state).text == "You have finished all 3 lessons."


def test_the_file_is_written_atomically_leaving_no_temporary_file(tmp_path, monkeypatch):
    progress.record_opened("smart-goals", tmp_path)
    before = (tmp_path / "progress.json").read_text(encoding="utf-8")

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    from widgets.core import statefile

    monkeypatch.setattr(statefile.os, "fsync", crash)  # mid-write: the temporary file is there, half done
    with pytest.raises(OSError, match="disk full"):
        progress.record_check("smart-goals", {"O1": (1, 1)}, tmp_path)
    assert (tmp_path / "progress.json").read_text(encoding="utf-8") == before  # the old file stands
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("damage", ["{not json", "[]", '{"version": 1, "lessons": {"x": {"attempts": "2"}}}',
                                    '{"version": 99, "lessons": {}}', '{"version": 1, "lessons": {"x": '
                                    '{"objectives": {"O1": {"right": 1}}}}}'])
def test_a_damaged_file_is_kept_aside_and_progress_starts_fresh(tmp_path, damage):
    (tmp_path / "progress.json").write_text(damage, encoding="utf-8")
    state = progress.load(tmp_path)
    assert state.lessons == {}
    backups = list(tmp_path.glob("progress.damaged-*.json"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == damage
    assert "could not be read, so it starts fresh" in state.notice and backups[0].name in state.notice
    assert not (tmp_path / "progress.json").exists()
    progress.record_opened("smart-goals", tmp_path)  # and recording works again
    assert progress.load(tmp_path).opened("smart-goals")


def test_forget_deletes_the_progress_but_keeps_backups(tmp_path):
    assert progress.forget(tmp_path) is False
    (tmp_path / "progress.json").write_text("{broken", encoding="utf-8")
    progress.load(tmp_path)
    progress.record_opened("smart-goals", tmp_path)
    assert progress.forget(tmp_path) is True
    assert progress.load(tmp_path).lessons == {}
    assert len(list(tmp_path.glob("progress.damaged-*.json"))) == 1


def test_the_store_lives_in_the_kits_state_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path / "state"))
    progress.record_opened("smart-goals")
    assert (tmp_path / "state" / "progress.json").exists()


# -- the knowledge check's hook -------------------------------------------------------------------

@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    return tmp_path


def answer_all(view, right=True):
    for question in view.bank.questions:
        choice = view.choices[question.key]
        choice.value = question.answer if right else (question.answer + 1) % len(question.options)


def test_a_knowledge_check_marks_its_lesson_opened_and_checking_finishes_it(state):
    from widgets.knowledge import KnowledgeCheck

    view = KnowledgeCheck("smart-goals")
    assert progress.load().opened("smart-goals") and not progress.load().finished("smart-goals")
    answer_all(view)
    view.check_button.click()
    saved = progress.load()
    assert saved.finished("smart-goals")
    scores = saved.scores("smart-goals")
    assert set(scores) == {o.key for o in view.bank.objectives}
    assert all(s["right"] == s["total"] for s in scores.values())
    assert sum(s["total"] for s in scores.values()) == len(view.bank.questions)


def test_an_incomplete_check_does_not_finish_the_lesson(state):
    from widgets.knowledge import KnowledgeCheck

    view = KnowledgeCheck("smart-goals")
    view.check_button.click()
    assert not progress.load().finished("smart-goals")


def test_a_warmed_kernel_counts_the_lesson_opened_only_at_the_first_answer(state, monkeypatch):
    from widgets.knowledge import KnowledgeCheck

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    view = KnowledgeCheck("smart-goals")
    assert not progress.load().opened("smart-goals")
    next(iter(view.choices.values())).value = 0
    assert progress.load().opened("smart-goals")


def test_a_progress_file_that_cannot_be_written_never_stops_the_check(state, monkeypatch, caplog):
    from widgets.knowledge import KnowledgeCheck

    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(progress, "save", refuse)
    view = KnowledgeCheck("smart-goals")
    answer_all(view)
    view.check_button.click()
    assert "Your result:" in view.result.value and view.messages.value == ""
    assert "Could not record progress" in caplog.text


# -- the hub's panel ------------------------------------------------------------------------------

LESSONS = [(stem, stem.replace("-", " ").title(), f"level/{stem}.ipynb") for stem in ORDER]


def test_the_panel_shows_the_summary_the_next_lesson_and_the_scores(tmp_path):
    from widgets.progress import ProgressPanel

    progress.record_check("what-is-alignment", {"O1": (2, 2), "O2": (0, 1)}, tmp_path)
    panel = ProgressPanel(LESSONS, folder=tmp_path)
    page = panel.result.value
    assert "You have finished 1 of 3 lessons and opened 1." in page
    assert "Next suggested lesson:</strong> <a href='level/purpose-values-trust.ipynb' target='_blank'" in page
    assert "<caption>Your lessons</caption>" in page and "2 of 3" in page and "finished" in page
    assert "O2" in page  # an objective to revisit (no bank for this made-up key's text)
    assert str(tmp_path) in page and "nothing sent anywhere" in page


def test_forget_asks_first_and_keep_it_changes_nothing(tmp_path):
    from widgets.progress import CANCEL, CONFIRM, FORGET, ProgressPanel

    progress.record_opened("smart-goals", tmp_path)
    panel = ProgressPanel(LESSONS, folder=tmp_path)
    assert panel.forget_button.description == FORGET and panel.confirm_box.layout.display == "none"
    panel.forget_button.click()
    assert panel.confirm_box.layout.display is None and panel.forget_button.disabled
    assert panel.confirm_button.description == CONFIRM and "cannot be undone" in panel.confirm_text.value
    # It names everything it deletes: the companion files (core.progress.COMPANION_FILES) too.
    assert progress.COMPANION_FILES == ("completion.json",)
    assert ("your end-of-level self-assessments and the name you typed for a certificate"
            in panel.confirm_text.value)
    assert (tmp_path / "progress.json").exists()  # nothing deleted by the first press
    panel.cancel_button.click()
    assert panel.cancel_button.description == CANCEL
    assert panel.confirm_box.layout.display == "none" and progress.load(tmp_path).opened("smart-goals")
    panel.forget_button.click()
    panel.confirm_button.click()
    assert not (tmp_path / "progress.json").exists()
    assert "Your progress is forgotten" in panel.messages.value
    assert "You have not opened any of the 3 lessons yet." in panel.result.value


def test_the_panel_says_when_a_damaged_file_was_set_aside(tmp_path):
    from widgets.progress import ProgressPanel

    (tmp_path / "progress.json").write_text("{oops", encoding="utf-8")
    panel = ProgressPanel(LESSONS, folder=tmp_path)
    assert 'role="alert"' in panel.messages.value and "starts fresh" in panel.messages.value
    assert os.path.exists(next(tmp_path.glob("progress.damaged-*.json")))


def test_the_hub_shows_the_curriculum_progress_and_glossary():
    from widgets.hub import hub, lessons_in_order
    from widgets.plan import MyPlan
    from widgets.progress import ProgressPanel

    page = hub()
    curriculum, heading, panel = page.children[:3]
    glossary = page.children[-1]
    assert "nav class='aligned-hub'" in curriculum.value and "min on your own" in curriculum.value
    assert "id='aligned-progress'" in heading.value and isinstance(panel, ProgressPanel)
    assert sum(isinstance(child, MyPlan) for child in page.children) == 1  # the learner's plan
    assert [stem for stem, *_ in panel.lessons] == [stem for stem, *_ in lessons_in_order()]
    assert panel.lessons[0][0] == "what-is-alignment"
    assert "id='glossary'" in glossary.value
