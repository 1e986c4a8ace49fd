"""The shape every activity view shares: look, messages, result, chart slot, guarded handlers.

A view subclasses `Activity`, lists its own inputs and buttons, and decorates each handler
with `@handler("doing something")`. The base owns the rest, in one place for the whole kit
(the model is ipywidgets' `CallbackDispatcher`, where one place handles every failing
callback):

- the stylesheet (`widgets/templates/aligned.css`; each view's own rules live there too, scoped
  under `aligned-<module stem>`, a class the view adds to itself): under Voila the page template
  includes it once per page and the view adds nothing; elsewhere (JupyterLab) the first child is
  `stylesheet()`, one widget per kernel that every view shows, so the sheet is sent once;
- `messages`, an HTML area for errors and confirmations, and `result`, where the answer goes
  (a `VBox`, or an `HTML` when the view sets `result_kind = w.HTML`);
- `show_chart(chart)`: the chart widget is created the first time and updated in place after,
  so the page does not jump and listeners on its selections survive;
- `button(...)`: a button the kit's way (words, tooltip, icon, primary or not, as wide as its
  words) with its click handler;
- `handler`: `InputProblems` from `widgets.core` becomes the list of problems (`show_problems`,
  announced at once: role "alert"); anything else is logged with its traceback and the learner
  sees `failure_html`, never a traceback.

    class TurnoverCalculator(Activity):
        kept = "Your numbers are kept"
        problems_intro = "These numbers cannot give a turnover rate yet:"

        def __init__(self):
            self.calculate_button = self.button("Calculate", "Work out the rates", "calculator",
                                                self.calculate, primary=True)
            super().__init__([self.calculate_button, self.messages, self.result])

        @handler("calculating")
        def calculate(self, _button=None):
            rate = turnover.calculate(...)  # raises TurnoverInputError, an InputProblems
            self.show_chart(charts.turnover_chart(rate))
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import ipywidgets as w

from widgets import charts
from widgets.core.problems import InputProblems
from widgets.ui import STYLE, failure_html, message_html, page_has_stylesheet


def handler(doing: str, *, kept: str | None = None, target: str | None = None,
            intro: str | None = None) -> Callable:
    """Guard an `Activity` method that a button, an observer or a timer calls.

    `doing` completes "Something went wrong while …"; `kept` says what is not lost (the
    view's `kept` by default); `target` names the HTML widget that shows the failure (the
    view's `failure_target`, `messages` unless it says otherwise). Input problems go to the
    view's `show_problems`, under `intro` when given (else the view's `problems_intro`).
    """

    def decorate(method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except InputProblems as error:
                if intro is None:
                    self.show_problems(error)
                else:
                    self.show_problems(error, intro)
            except Exception:  # a learner never sees a traceback; what they entered stays
                logging.getLogger(type(self).__module__).exception(
                    "%s failed while %s", type(self).__name__, doing
                )
                self.show_failure(doing, kept or self.kept, target or self.failure_target)
            return None

        guarded.doing = doing
        return guarded

    return decorate


def text_field(name: str, label: str, placeholder: str, multiline: bool = False) -> w.Widget:
    """A labelled text box for a form, with the classes `aligned-field` and `aligned-field-<name>`."""
    kind = w.Textarea if multiline else w.Text
    # continuous_update=False sends one update when the field loses focus. Typing would
    # otherwise queue many updates behind one another, and a quick press of "Check my goal"
    # could reach the kernel before the last characters did.
    widget = kind(
        value="",
        continuous_update=False,
        description=label,
        placeholder=placeholder,
        tooltip=label,
        style={"description_width": "17rem"},
        layout=w.Layout(width="100%"),
    )
    widget.add_class("aligned-field")
    widget.add_class(f"aligned-field-{name}")
    return widget


def chart_text(description: str, what: str = "chart") -> str:
    """The text alternative of a chart: a closed `<details>` a screen reader can open."""
    return (
        f"<details><summary>Text description of the {what}</summary>"
        f"<p>{html.escape(str(description))}</p></details>"
    )


_stylesheet: w.HTML | None = None


def stylesheet() -> w.HTML | None:
    """The kit's stylesheet as one `HTML` widget per kernel, shown at the top of every view
    (the same model in each, so the CSS crosses to the browser once), or None when the page
    has the stylesheet already (Voila with the kit's template: `widgets.ui.page_has_stylesheet`)."""
    global _stylesheet
    if page_has_stylesheet():
        return None
    if _stylesheet is None or _stylesheet.comm is None:  # none yet, or closed (Widget.close_all)
        _stylesheet = w.HTML(STYLE, layout=w.Layout(display="none"))
        _stylesheet.add_class("aligned-stylesheet")
    return _stylesheet


class Activity(w.VBox):
    """The base of every activity view; see the module's documentation."""

    # A hook for a view that truly needs its own rule (a "<style>…</style>" string, added after
    # the kit's stylesheet, under Voila too); prefer aligned.css, scoped under a class the view adds to itself
    # (aligned-<module stem>). No view of the kit uses it (test_architecture.py).
    style: ClassVar[str] = ""
    # What the failure message says is not lost: "Your answers are kept", "Nothing was sent"...
    kept: ClassVar[str] = "Your answers are kept"
    # The sentence above the list of problems when a handler meets InputProblems.
    problems_intro: ClassVar[str] = "Please fix these first:"
    # The HTML widget where a failing handler says so (a handler may name another one).
    failure_target: ClassVar[str] = "messages"
    # The result area's widget: a VBox for charts and widgets, HTML for text only.
    result_kind: ClassVar[type[w.Widget]] = w.VBox
    # A view shown on its own carries the stylesheet and the "aligned-activity" class; a part
    # shown inside another view (which carries them already) sets this to False.
    standalone: ClassVar[bool] = True
    # The chart slot; show_chart fills it the first time and updates it after.
    chart_widget: Any = None

    handler = staticmethod(handler)

    def __init__(self, children: Iterable[w.Widget] = (), **kwargs):
        self.problems: list[str] = getattr(self, "problems", [])
        head = []
        if self.standalone:
            head = [stylesheet(), w.HTML(self.style) if self.style else None]
        super().__init__([*filter(None, head), *children], **kwargs)
        if self.standalone:
            self.add_class("aligned-activity")

    @staticmethod
    def button(description: str, tooltip: str, icon: str = "", on_click: Callable | None = None, *,
               primary: bool = False, **extra) -> w.Button:
        """A button of the kit: its words, a tooltip saying what it does, a Font Awesome `icon`,
        the primary style for the view's main action, as wide as its words (`layout=` in `extra`
        says otherwise; `extra` goes to `w.Button`). `on_click(button)` runs when it is pressed."""
        extra.setdefault("layout", w.Layout(width="auto"))
        button = w.Button(description=description, tooltip=tooltip, icon=icon,
                          button_style="primary" if primary else "", **extra)
        if on_click is not None:
            button.on_click(on_click)
        return button

    @functools.cached_property
    def messages(self) -> w.HTML:
        """Errors and confirmations, each a `widgets.ui.message_html` box."""
        return w.HTML(layout=w.Layout(width="100%"))

    @functools.cached_property
    def result(self) -> w.Widget:
        """Where the answer goes: the chart, its summary, the feedback."""
        return self.result_kind(layout=w.Layout(width="100%"))

    def show_problems(self, error: InputProblems, intro: str | None = None) -> None:
        """Show what to fix, as a list under `intro` or `problems_intro`; views may say it
        their way (an override that takes no `intro` serves handlers that give none)."""
        self.problems = list(error.problems)
        self.messages.value = message_html("error", intro or self.problems_intro, self.problems)

    def show_failure(self, doing: str, kept: str, target: str) -> None:
        """Say that something went wrong while `doing` and that nothing is lost; no details."""
        getattr(self, target).value = failure_html(doing, kept)

    def show_chart(self, chart, slot: w.Box | None = None, name: str = "chart_widget"):
        """Draw an Altair chart: create its widget once, then update it in place.

        `slot`, a box, gets the widget as its only child; `name` is the attribute that holds
        the widget, for a view with several charts. Returns the widget.
        """
        widget = getattr(self, name, None)
        if widget is None:
            widget = charts.as_widget(chart)
            setattr(self, name, widget)
        else:
            widget.chart = chart
        if slot is not None:
            slot.children = [widget]
        return widget
