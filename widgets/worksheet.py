"""A structured worksheet as an ipywidget: labelled fields from a bank, formative feedback from its
checks, and the whole worksheet as a Markdown file the learner keeps.

Every field, check and word of feedback comes from `widgets.core.worksheet` and the bank
`content/worksheets/<name>.yaml`; this module only builds the inputs and shows the results.

    from widgets.worksheet import Worksheet
    Worksheet("after-action-review")
"""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from widgets.activity import Activity, handler
from widgets.core import worksheet
from widgets.templating import Cell, table
from widgets.ui import message_html

CHECK = "Check my worksheet"
DOWNLOAD = "Download as Markdown"
LABEL_WIDTH = {"description_width": "16rem"}


def field_widget(field: worksheet.Field, description: str) -> w.Widget:
    """The input for one field or cell, labelled with `description` (its visible label)."""
    common = {"description": description, "tooltip": description, "style": LABEL_WIDTH}
    if field.kind == "choice":
        widget = w.Dropdown(options=[("Choose one", ""), *((option, option) for option in field.options)],
                            value="", layout=w.Layout(width="100%"), **common)
    elif field.kind == "long_text":
        widget = w.Textarea(value="", continuous_update=False, rows=3, layout=w.Layout(width="100%"), **common)
    else:  # text and number: a number is read (and checked) by the core, so "12,5" or "40 %" work
        placeholder = f"a number{f' ({field.unit})' if field.unit else ''}" if field.kind == "number" else ""
        widget = w.Text(value="", continuous_update=False, placeholder=placeholder,
                        layout=w.Layout(width="100%"), **common)
    widget.add_class("aligned-field")
    widget.add_class(f"aligned-field-{field.kind.replace('_', '-')}")
    return widget


def feedback_table(notes: list[worksheet.Feedback]) -> str:
    rows = [
        [Cell("Found", "aligned-ok") if note.met else Cell("Worth a look", "aligned-pending"), note.text]
        for note in notes
    ]
    return table("Feedback from the checks", ["Status", "Feedback"], rows, row_headers=False)


def download_link(sheet: worksheet.Worksheet, markdown: str) -> str:
    """An anchor that saves `markdown` as a file: a data URI, nothing fetched from anywhere."""
    data = base64.b64encode(markdown.encode("utf-8")).decode("ascii")
    name = html.escape(worksheet.file_name(sheet))
    return (
        f'<p class="aligned-worksheet-download"><a download="{name}" '
        f'href="data:text/markdown;charset=utf-8;base64,{data}">Save {name}</a> '
        "(a Markdown file: open it in any text editor, or paste it into a document).</p>"
    )


class Worksheet(Activity):
    """One worksheet from its bank: fill it in, check it, download it."""

    result_kind = w.HTML
    kept = "Your answers are kept"
    problems_intro = "Your worksheet cannot be checked yet:"

    def __init__(self, name: str, **kwargs):
        self.sheet = worksheet.load_worksheet(name)
        self.inputs: dict[str, w.Widget] = {}
        self.rows: dict[str, list[dict[str, w.Widget]]] = {}
        self.row_boxes: dict[str, w.VBox] = {}
        self.add_buttons: dict[str, w.Button] = {}
        self.answers: worksheet.Answers | None = None
        self.notes: list[worksheet.Feedback] = []
        self.markdown = ""
        sheet = self.sheet
        head = w.HTML(
            f'<h3 class="aligned-worksheet-title">{html.escape(sheet.title)}</h3>'
            f'<p class="aligned-worksheet-objective"><strong>Practises:</strong> {html.escape(sheet.objective)}</p>'
            f"<p>{html.escape(sheet.intro)}</p>"
            f"<p>Press <strong>{CHECK}</strong> for feedback, and <strong>{DOWNLOAD}</strong> to keep "
            "it. Nothing is saved or sent anywhere.</p>"
        )
        parts: list[w.Widget] = [head]
        for field in sheet.fields:
            parts.extend(self._field_parts(field))
        self.check_button = self.button(CHECK, "Give feedback on what the worksheet contains", "check",
                                        self.check, primary=True)
        self.download_button = self.button(DOWNLOAD, "Make a Markdown file of the worksheet to keep",
                                           "download", self.download)
        self.download_box = w.HTML(layout=w.Layout(width="100%"))
        buttons = w.HBox([self.check_button, self.download_button])
        buttons.add_class("aligned-buttons")
        super().__init__([*parts, buttons, self.messages, self.result, self.download_box], **kwargs)
        self.add_class("aligned-worksheet")
        self.add_class(f"aligned-worksheet-{sheet.name}")

    # Building the inputs ------------------------------------------------------------------------

    def _field_parts(self, field: worksheet.Field) -> list[w.Widget]:
        label = field.label + ("" if field.required or field.kind == "rows" else " (optional)")
        help_text = w.HTML(f'<p class="aligned-worksheet-help">{html.escape(field.help)}</p>') if field.help else None
        if field.kind != "rows":
            self.inputs[field.key] = field_widget(field, label)
            return [widget for widget in (self.inputs[field.key], help_text) if widget is not None]
        heading = w.HTML(f'<h4 class="aligned-worksheet-rows">{html.escape(field.label)}</h4>')
        self.rows[field.key] = []
        self.row_boxes[field.key] = w.VBox()
        for _ in range(field.start_rows):
            self._add_row(field)
        add = self.button(f"Add a {field.row_label.lower()}",
                          f"Add one more {field.row_label.lower()} (at most {field.max_rows})", "plus",
                          lambda _button, field=field: self.add_row(field.key))
        self.add_buttons[field.key] = add
        return [widget for widget in (heading, help_text, self.row_boxes[field.key], add) if widget is not None]

    def _add_row(self, field: worksheet.Field) -> None:
        number = len(self.rows[field.key]) + 1
        cells = {column.key: field_widget(column, f"{field.row_label} {number}: {column.label}")
                 for column in field.columns}
        self.rows[field.key].append(cells)
        row = w.VBox(list(cells.values()))
        row.add_class("aligned-worksheet-row")
        self.row_boxes[field.key].children = [*self.row_boxes[field.key].children, row]

    def add_row(self, key: str) -> None:
        """One more row for the rows field `key`, up to its maximum."""
        field = self.sheet.field(key)
        if len(self.rows[key]) < field.max_rows:
            self._add_row(field)
        self.add_buttons[key].disabled = len(self.rows[key]) >= field.max_rows

    # State in and out -----------------------------------------------------------------------------

    def raw(self) -> dict:
        """What the fields hold, as `worksheet.parse` reads it."""
        found: dict = {key: widget.value for key, widget in self.inputs.items()}
        for key, rows in self.rows.items():
            found[key] = [{column: widget.value for column, widget in row.items()} for row in rows]
        return found

    def fill(self, values: dict) -> None:
        """Set the fields, e.g. from a worked example: field id -> text, rows as lists of mappings."""
        for key, value in values.items():
            if key in self.rows:
                while len(self.rows[key]) < len(value):
                    self.add_row(key)
                for cells, row in zip(self.rows[key], value, strict=False):
                    for column, text in row.items():
                        cells[column].value = "" if text is None else str(text)
            else:
                self.inputs[key].value = "" if value is None else str(value)

    # Actions -----------------------------------------------------------------------------------------

    @handler("checking your worksheet")
    def check(self, _button=None) -> None:
        self.answers = None
        self.result.value = ""
        self.answers = worksheet.parse(self.sheet, self.raw())
        self.notes = worksheet.feedback(self.sheet, self.answers)
        self.problems = []
        self.messages.value = message_html("ok", worksheet.summary(self.notes))
        self.result.value = feedback_table(self.notes)

    @handler("making your Markdown file")
    def download(self, _button=None) -> None:
        answers = worksheet.parse(self.sheet, self.raw(), complete=False)
        self.markdown = worksheet.to_markdown(self.sheet, answers)
        self.download_box.value = download_link(self.sheet, self.markdown)
        self.messages.value = message_html("ok", "Your file is ready: use the link below to save it.")
