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
  sees `failure_html`, never a traceback;
- "Add to my plan" (the learner's personal action plan, `widgets/core/plan.py`): a view offers
  it by overriding `plan_entry()` (its result as a `plan.Entry`, or None while there is none)
  and setting `plan_needs` (what to do first). The base then adds `plan_controls` (the button,
  "Keep my earlier entry too", a status line) at the end of the view, unless the view placed
  them itself; the button is enabled only while there is a result (refreshed after every
  handler and whenever `result` changes) and, when pressed, says what it added and where the
  plan lives. Nothing is added without the click.

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
from widgets.core import plan
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
                answer = method(self, *args, **kwargs)
                refresh = getattr(self, "refresh_plan_button", None)
                if refresh is not None:
                    refresh()
                return answer
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


def _descendants(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


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
    # What to do before "Add to my plan" can add anything (a view that offers the plan says it
    # its way, naming its own button).
    plan_needs: ClassVar[str] = "Get a result first: then it can go into your plan."
    _plan_ready: bool = False

    handler = staticmethod(handler)

    def __init__(self, children: Iterable[w.Widget] = (), **kwargs):
        self.problems: list[str] = getattr(self, "problems", [])
        head = []
        if self.standalone:
            head = [stylesheet(), w.HTML(self.style) if self.style else None]
        children = list(children)
        if self.offers_plan and not any(self.plan_controls in _descendants(c) for c in children):
            children.append(self.plan_controls)
        super().__init__([*filter(None, head), *children], **kwargs)
        if self.standalone:
            self.add_class("aligned-activity")
        if self.offers_plan:
            self.result.observe(lambda _change: self.refresh_plan_button(),
                                "value" if isinstance(self.result, w.HTML) else "children")
            self._plan_ready = True
            self.refresh_plan_button()

    def threshold_controls(self, min_size: int, field_tooltip: str, button_tooltip: str) -> tuple[w.Text, w.Button]:
        """The small-group threshold of a view that hides small groups: a labelled field and an
        "Apply threshold" button, both calling the view's `apply_threshold` (see `read_threshold`)."""
        field = w.Text(
            value=str(min_size), description="Minimum group size (respondents)", continuous_update=False,
            style={"description_width": "initial"}, tooltip=field_tooltip,
            layout=w.Layout(width="22rem", margin="0 0.5rem 0.3rem 0"))
        field.observe(lambda _change: self.apply_threshold(), "value")
        button = self.button("Apply threshold", button_tooltip, "eye-slash", self.apply_threshold)
        return field, button

    def read_threshold(self, text: str, parse: Callable, still: str) -> int | None:
        """The threshold typed, or None after saying why it cannot be used (`still`: what the view
        keeps using meanwhile, e.g. "The results below still use")."""
        value, problem = parse(text)
        if problem:
            self.problems = [problem]
            self.messages.value = message_html("error", f"{problem} {still} a minimum of {self.min_size} respondents.")
            return None
        return value

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

    # -- the learner's personal action plan (widgets/core/plan.py) ------------------------------

    def plan_entry(self) -> plan.Entry | None:
        """The view's result as an entry of the learner's plan, or None while there is no result.
        A view offers "Add to my plan" by overriding this; the base class offers nothing."""
        return None

    @property
    def offers_plan(self) -> bool:
        return type(self).plan_entry is not Activity.plan_entry

    @functools.cached_property
    def plan_button(self) -> w.Button:
        return self.button("Add to my plan", "Keep this result in your personal action plan, on this computer only",
                           "bookmark", self.add_to_plan)

    @functools.cached_property
    def plan_keep_both(self) -> w.Checkbox:
        return w.Checkbox(value=False, description="Keep my earlier entry too", indent=False,
                          tooltip="Without this, adding the same activity again replaces its earlier entry",
                          layout=w.Layout(width="auto"))

    @functools.cached_property
    def plan_hint(self) -> w.HTML:
        return w.HTML()

    @functools.cached_property
    def plan_messages(self) -> w.HTML:
        return w.HTML(layout=w.Layout(width="100%"))

    @functools.cached_property
    def plan_controls(self) -> w.VBox:
        """The "Add to my plan" row: button, keep-both choice, why it is off, what it did."""
        # overflow visible: a box that scrolls needs a focusable child, and the button may be off
        row = w.HBox([self.plan_button, self.plan_keep_both],
                     layout=w.Layout(overflow="visible", flex_flow="row wrap")).add_class("aligned-buttons")
        box = w.VBox([row, self.plan_hint, self.plan_messages], layout=w.Layout(width="100%", overflow="visible"))
        box.add_class("aligned-plan-controls")
        return box

    def refresh_plan_button(self) -> None:
        """Enable "Add to my plan" while there is a result; otherwise say what to do first."""
        if not (self.offers_plan and self._plan_ready):
            return
        ready = self.plan_entry() is not None
        self.plan_button.disabled = not ready
        self.plan_button.tooltip = ("Keep this result in your personal action plan, on this computer only"
                                    if ready else self.plan_needs)
        self.plan_keep_both.layout.display = None if ready else "none"
        self.plan_hint.value = "" if ready else f'<span class="aligned-hint">{html.escape(self.plan_needs)}</span>'

    @handler("adding your result to your plan", kept="Your result is still here", target="plan_messages")
    def add_to_plan(self, _button=None) -> None:
        entry = self.plan_entry()
        if entry is None:
            self.plan_messages.value = message_html("error", self.plan_needs)
            return
        path = plan.plan_path()
        loaded = plan.load(path)
        added = plan.with_entry(loaded.plan, entry, keep_both=self.plan_keep_both.value)
        plan.save(added.plan, path)
        self.plan_keep_both.value = False
        count = len(added.plan.entries)
        if added.replaced:
            first = added.replaced[0]
            done = (f"Replaced your earlier “{entry.title}”"
                    + (f" (added on {plan.long_date(first.added)})" if first.added else "")
                    + f" with this result. Your plan holds {count} {'entry' if count == 1 else 'entries'}.")
        else:
            done = f"Added “{entry.title}” to your plan: it holds {count} {'entry' if count == 1 else 'entries'}."
        where = (f" It is kept on this computer only, in {path}. Open “My plan” to download it as Markdown "
                 "or PDF.")
        notes = [loaded.notice] if loaded.notice else []
        self.plan_messages.value = message_html("ok", done + where, notes)
