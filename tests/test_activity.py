"""The shared shape of activity views: areas, chart slot and the guarded handler (no kernel)."""

from __future__ import annotations

import logging

import altair as alt
import ipywidgets as w
import pandas as pd
import pytest

from widgets.activity import Activity, chart_text, handler, stylesheet
from widgets.core.problems import InputProblems
from widgets.core.text import is_number, join_words, plural
from widgets.ui import STYLE, VOILA_KERNEL_VARIABLES, page_has_stylesheet, page_style


class Demo(Activity):
    style = "<style>.demo { color: red; }</style>"
    kept = "Your demo is kept"
    problems_intro = "Not yet:"

    def __init__(self):
        self.calls = 0
        self.go_button = self.button("Go", "Go", on_click=self.go)
        super().__init__([self.go_button, self.messages, self.result])

    @handler("going")
    def go(self, _button=None, *, fail: Exception | None = None):
        self.calls += 1
        if fail is not None:
            raise fail
        self.messages.value = "done"
        return "went"


class TextResult(Activity):
    result_kind = w.HTML


def _chart(value: int) -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": [value]})).mark_bar().encode(x="x:Q")


@pytest.fixture
def outside_voila(monkeypatch):
    for name in (*VOILA_KERNEL_VARIABLES, "ALIGNED_STYLESHEET"):
        monkeypatch.delenv(name, raising=False)


def test_the_base_owns_the_stylesheet_messages_and_result(outside_voila):
    demo = Demo()
    sheet, own = demo.children[:2]
    assert sheet.value == STYLE and sheet is stylesheet()  # one widget per kernel ...
    assert Demo().children[0] is sheet and TextResult().children[0] is sheet  # ... in every view
    assert own.value == Demo.style
    assert demo.children[2:] == (demo.go_button, demo.messages, demo.result)
    assert "aligned-activity" in demo._dom_classes
    assert isinstance(demo.messages, w.HTML) and demo.messages is demo.messages
    assert isinstance(demo.result, w.VBox)
    assert isinstance(TextResult().result, w.HTML)


def test_a_closed_stylesheet_is_made_again(outside_voila):
    sheet = stylesheet()
    sheet.close()
    assert stylesheet() is not sheet and stylesheet().value == STYLE


def test_under_voila_the_page_links_the_stylesheet_and_views_add_none(monkeypatch):
    monkeypatch.delenv("ALIGNED_STYLESHEET", raising=False)
    monkeypatch.setenv("VOILA_KERNEL_ID", "a-kernel")
    assert stylesheet() is None and page_style() == ""
    assert [child.value for child in Demo().children[:1]] == [Demo.style]  # a view's own rule stays
    assert TextResult().children == ()  # nothing but what the view lists
    monkeypatch.setenv("ALIGNED_STYLESHEET", "kernel")  # Voila with another template
    assert stylesheet().value == STYLE and page_style() == STYLE


def test_a_page_has_the_stylesheet_in_a_kernel_voila_started():
    assert page_has_stylesheet({"VOILA_PREHEAT": "True"})  # a warm kernel, before its page is asked for
    assert page_has_stylesheet({"VOILA_PREHEAT": "False", "VOILA_KERNEL_ID": "k"})
    assert not page_has_stylesheet({})  # JupyterLab, nbgrader, a script
    assert not page_has_stylesheet({"VOILA_KERNEL_ID": "k", "ALIGNED_STYLESHEET": "kernel"})


def test_the_base_builds_buttons_the_kit_way():
    pressed = []
    main = Activity.button("Show", "Draw the chart", "line-chart", pressed.append, primary=True)
    plain = Demo().button("Clear", "Start again")
    assert (main.description, main.tooltip, main.icon, main.button_style) == (
        "Show", "Draw the chart", "line-chart", "primary")
    assert plain.button_style == "" and plain.icon == "" and main.layout.width == plain.layout.width == "auto"
    main.click()
    plain.click()  # no handler: nothing happens
    assert pressed == [main]
    assert Activity.button("Wide", "", layout=w.Layout(width="100%")).layout.width == "100%"


def test_a_handler_returns_what_the_method_returns():
    demo = Demo()
    assert demo.go() == "went"
    demo.go_button.click()
    assert demo.calls == 2 and demo.messages.value == "done"
    assert Demo.go.doing == "going" and Demo.go.__name__ == "go"


def test_input_problems_become_the_problem_list():
    demo = Demo()
    demo.go(fail=InputProblems(["First <b>thing</b>.", "Second thing."]))
    message = demo.messages.value
    assert 'role="alert"' in message and "aligned-message-error" in message
    assert "<p>Not yet:</p>" in message
    assert "<li>First &lt;b&gt;thing&lt;/b&gt;.</li><li>Second thing.</li>" in message
    assert demo.problems == ["First <b>thing</b>.", "Second thing."]


def test_any_other_error_is_logged_and_never_shown(caplog):
    demo = Demo()
    with caplog.at_level(logging.ERROR):
        assert demo.go(fail=KeyError("secret internals")) is None
    message = demo.messages.value
    assert "Something went wrong while going. Your demo is kept" in message
    assert 'role="alert"' in message
    assert "secret" not in message and "KeyError" not in message and "Traceback" not in message
    assert "Demo failed while going" in caplog.text
    assert caplog.records[-1].exc_info is not None


def test_a_handler_can_report_elsewhere_and_keep_other_things():
    class Files(Activity):
        def __init__(self):
            self.file_messages = w.HTML()
            super().__init__([self.file_messages])

        @handler("saving", kept="Your scorecard is kept", target="file_messages")
        def save(self):
            raise OSError("disk full")

    view = Files()
    view.save()
    assert "while saving. Your scorecard is kept" in view.file_messages.value
    assert view.messages.value == ""


def test_show_chart_creates_the_widget_once_then_updates_it():
    demo = Demo()
    slot = w.VBox()
    first = demo.show_chart(_chart(1), slot)
    assert isinstance(first, alt.JupyterChart) and demo.chart_widget is first
    assert slot.children == (first,)
    second = demo.show_chart(_chart(2), slot)
    assert second is first and '"x": 2' in str(first.spec).replace("'", '"')
    other = demo.show_chart(_chart(3), name="other_chart")
    assert other is demo.other_chart and other is not first


def test_chart_text_escapes_the_description():
    text = chart_text("A < B", "dashboard")
    assert text == ("<details><summary>Text description of the dashboard</summary>"
                    "<p>A &lt; B</p></details>")


def test_input_problems_is_a_value_error_with_one_format():
    error = InputProblems(["One.", "Two."])
    assert isinstance(error, ValueError)
    assert error.problems == ["One.", "Two."] and str(error) == "One. Two."
    assert InputProblems("Only one.").problems == ["Only one."]


@pytest.mark.parametrize(
    ("words", "kwargs", "expected"),
    [
        ([], {}, ""),
        (["a"], {}, "a"),
        (["a", "b"], {}, "a and b"),
        (["a", "b", "c"], {}, "a, b and c"),
        (["a", "b"], {"oxford": True}, "a and b"),
        (["a", "b", "c"], {"oxford": True}, "a, b, and c"),
        (["a", "b", "c"], {"last": "or"}, "a, b or c"),
    ],
)
def test_join_words(words, kwargs, expected):
    assert join_words(words, **kwargs) == expected


def test_is_number_and_plural():
    from decimal import Decimal

    assert all(is_number(v) for v in (0, 2.5, Decimal("1.5")))
    assert not any(is_number(v) for v in (True, "3", None, float("nan"), float("inf")))
    assert plural(1, "answer") == "1 answer" and plural(2, "answer") == "2 answers"
    assert plural(1200, "person", "people") == "1,200 people"


def test_a_handler_can_give_its_own_intro_to_the_problems():
    class Form(Activity):
        @handler("creating", intro="Not created yet:")
        def create(self):
            raise InputProblems("Give it a title.")

    form = Form()
    form.create()
    assert "<p>Not created yet:</p><ul><li>Give it a title.</li></ul>" in form.messages.value


def test_a_part_inside_another_view_has_no_stylesheet_of_its_own():
    class Part(Activity):
        standalone = False

        def __init__(self):
            super().__init__([self.messages])

    part = Part()
    assert part.children == (part.messages,)
    assert "aligned-activity" not in part._dom_classes
