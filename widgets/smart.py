"""The SMART goal builder as an ipywidget: structured fields, feedback on each criterion, and
the finished goal as one sentence that can be copied.

Every check and every word of feedback comes from `widgets.core.smart`; this module only
wires the fields to it and formats the answers as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

import anywidget
import ipywidgets as w
import traitlets

from widgets.activity import Activity, handler, text_field
from widgets.core import smart
from widgets.ui import message_html, page_style

# (field of smart.Goal, label, placeholder, multi-line?)
FIELDS = (
    ("action", "What will be done (start with a verb)",
     "e.g. bake each day's bread to the morning huddle's order count", True),
    ("metric", "Metric: the number that shows progress", "e.g. waste", False),
    ("unit", "Unit of the metric", "e.g. % of items baked, minutes, orders a week", False),
    ("baseline", "Baseline: the number now", "e.g. 10.7", False),
    ("target", "Target: the number by the deadline", "e.g. 8", False),
    ("owner", "Owner: one named person or role", "e.g. Maria (head baker)", False),
    ("resources", "Resources, and why it is feasible",
     "e.g. the huddle's order sheet and ten minutes a day; our best month was 8%", True),
    ("deadline", "Deadline (YYYY-MM-DD)", "e.g. 2026-03-31", False),
    ("relevance", "Why it matters, or the shared goal it serves (optional)",
     "e.g. fresh bread every day and less money in the bin", True),
)

# A vague goal to start from, as a busy manager might type it: the feedback shows every gap.
VAGUE_EXAMPLE = smart.Goal(
    action="Reduce waste",
    metric="waste",
    target="less",
    owner="the team",
    deadline="ASAP",
)

INTRO = (
    "<p>Write one goal from your own work, or improve the vague example. Fill in the fields, "
    "then press <strong>Check my goal</strong>: each of the five letters gets a status, a "
    "reason and a hint. Nothing is saved or sent anywhere, unless you press "
    "<strong>Add to my plan</strong>: that keeps it on this computer only.</p>"
)


class CopyableText(anywidget.AnyWidget):
    """A labelled, read-only (but selectable) text area with a copy-to-clipboard button.

    The script is inline, so it works offline. If the browser refuses the clipboard, the
    text is selected instead and the status line asks the reader to press Ctrl+C.
    """

    _esm = r"""
    let counter = 0;
    function render({ model, el }) {
      counter += 1;
      const id = `aligned-copy-${counter}-${Math.random().toString(36).slice(2, 8)}`;
      const box = document.createElement("div");
      box.className = "aligned-copy";
      const label = document.createElement("label");
      label.htmlFor = id;
      const area = document.createElement("textarea");
      area.id = id;
      area.readOnly = true;
      area.rows = 4;
      const row = document.createElement("div");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "jupyter-button widget-button";
      button.textContent = "Copy to clipboard";
      const status = document.createElement("span");
      status.className = "aligned-copy-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      row.append(button, status);
      box.append(label, area, row);
      el.append(box);

      const refresh = () => {
        label.textContent = model.get("label");
        area.value = model.get("text");
        button.disabled = model.get("text") === "";
        status.textContent = "";
      };
      const copied = () => {
        status.textContent = "Copied to the clipboard.";
        model.set("copies", model.get("copies") + 1);
        model.save_changes();
      };
      button.addEventListener("click", async () => {
        const text = model.get("text");
        try {
          await navigator.clipboard.writeText(text);
          copied();
        } catch (error) {
          area.focus();
          area.select();
          let ok = false;
          try { ok = document.execCommand("copy"); } catch (ignored) { ok = false; }
          if (ok) {
            copied();
          } else {
            status.textContent =
              "The browser did not allow copying. The text is selected: press Ctrl+C (or ⌘+C).";
          }
        }
      });
      model.on("change:text", refresh);
      model.on("change:label", refresh);
      refresh();
    }
    export default { render };
    """

    text = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("Text").tag(sync=True)
    copies = traitlets.Int(0).tag(sync=True)  # the browser counts successful copies


def _criterion_html(result: smart.CriterionResult) -> str:
    status = (
        '<span class="aligned-ok">✓ Met</span>' if result.met
        else '<span class="aligned-pending">✗ Needs work</span>'
    )
    hint = (
        f'<span class="aligned-hint"><em>Hint:</em> {html.escape(result.hint)}</span>'
        if result.hint else ""
    )
    return (
        f'<li class="aligned-criterion {"aligned-met" if result.met else "aligned-todo"}">'
        f"<strong>{html.escape(result.letter)} · {html.escape(result.name)}</strong>: "
        f"{status}. {html.escape(result.reason)}{hint}</li>"
    )


def feedback_html(results: list[smart.CriterionResult]) -> str:
    items = "".join(_criterion_html(result) for result in results)
    return (
        '<div class="aligned-summary">'
        "<h4>Feedback on each criterion</h4>"
        f'<ul class="aligned-criteria">{items}</ul></div>'
    )


def feedback_view(results: list[smart.CriterionResult], letters: str | None = None) -> w.HTML:
    """The feedback cards on their own, as the builder shows them: for a worked example.

    letters: show only these criteria, e.g. "A"; all five by default.
    """
    shown = [result for result in results if letters is None or result.letter in letters]
    return w.HTML(
        page_style() + f'<div class="aligned-smart"><div class="aligned-activity">{feedback_html(shown)}</div></div>',
        layout=w.Layout(width="100%"),
    )


class SmartGoalBuilder(Activity):
    """Write a goal field by field, check it against S, M, A, R and T, and copy it."""

    kept = "Your text is kept"
    plan_needs = "Press “Check my goal” first: then your goal can go into your plan."

    def __init__(self, today: date | Callable[[], date] | None = None, **kwargs):
        self._today = today
        self.fields: dict[str, w.Widget] = {
            name: text_field(name, label, placeholder, multiline)
            for name, label, placeholder, multiline in FIELDS
        }
        self.goal: smart.Goal | None = None
        self.results: list[smart.CriterionResult] = []
        self.problems: list[str] = []
        self.score: int | None = None
        self.sentence: str = ""
        self.feedback: str = ""

        self.check_button = self.button(
            "Check my goal", "Give feedback on each of the five criteria and write the goal as a sentence", "check",
            self.check_goal, primary=True)
        self.example_button = self.button(
            "Load a vague example", "Fill the fields with a vague bakery goal to improve", "pencil", self.load_example)
        self.clear_button = self.button(
            "Clear the fields", "Empty every field and remove the feedback", "eraser", self.clear)
        self.feedback_box = w.HTML(layout=w.Layout(width="100%"))
        self.sentence_box = CopyableText(label="Your goal as one sentence")
        self.sentence_note = w.HTML()
        super().__init__(
            [
                w.HTML(INTRO),
                *self.fields.values(),
                w.HBox([self.check_button, self.example_button, self.clear_button]).add_class(
                    "aligned-buttons"
                ),
                self.messages,
                self.result,
            ],
            **kwargs,
        )
        self.add_class("aligned-smart")  # scopes its rules in aligned.css
        self.add_class("aligned-smart-builder")

    # State in and out -----------------------------------------------------------------

    def today(self) -> date:
        if self._today is None:
            return date.today()
        if callable(self._today):
            return self._today()
        return self._today

    def read_goal(self) -> smart.Goal:
        """The fields as a Goal, exactly as typed."""
        return smart.Goal(**{name: box.value for name, box in self.fields.items()})

    def set_goal(self, goal: smart.Goal) -> None:
        """Fill the fields, e.g. from a worked example."""
        for name, box in self.fields.items():
            value = getattr(goal, name)
            if isinstance(value, date):
                box.value = value.isoformat()
            elif isinstance(value, float) and value.is_integer():
                box.value = str(int(value))
            else:
                box.value = "" if value is None else str(value)

    def load_example(self, _button=None) -> None:
        self.set_goal(VAGUE_EXAMPLE)
        self._reset_output()

    def clear(self, _button=None) -> None:
        self.set_goal(smart.Goal())
        self._reset_output()

    def _reset_output(self) -> None:
        self.goal, self.results, self.problems = None, [], []
        self.score, self.sentence, self.feedback = None, "", ""
        self.messages.value = ""
        self.result.children = ()

    def plan_entry(self):
        """The last checked goal, its sentence and criteria, for the learner's plan."""
        if self.goal is None or not self.results:
            return None
        return smart.plan_entry(self.goal, self.results)

    # Checking ---------------------------------------------------------------------------

    @handler("checking your goal")
    def check_goal(self, _button=None) -> None:
        self.goal = self.read_goal()
        self.results = smart.evaluate(self.goal, self.today())
        self.score = sum(result.met for result in self.results)
        self.problems = [
            f"{result.letter} · {result.name}: {result.reason}"
            for result in self.results if not result.met
        ]
        self.sentence = smart.goal_sentence(self.goal)
        self.feedback = feedback_html(self.results)
        if smart.is_smart(self.results):
            self.messages.value = message_html(
                "ok", smart.summary(self.results) + " Copy it below, or add it to your plan."
            )
            note = ""
        else:
            self.messages.value = message_html(
                "error", smart.summary(self.results) + " See the hints below."
            )
            note = (
                "<p><em>Draft:</em> the parts in [brackets] are still missing, and the "
                "criteria marked “Needs work” are worth fixing before you share it.</p>"
            )
        self.feedback_box.value = self.feedback
        self.sentence_box.text = self.sentence
        self.sentence_note.value = note
        self.result.children = [self.feedback_box, self.sentence_box, self.sentence_note]
