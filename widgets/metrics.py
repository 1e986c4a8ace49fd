"""The metric builder as an ipywidget: a balanced scorecard of alignment KPIs, checked, shown
as a dashboard against the Brannock data, and saved to or loaded from a JSON file.

Every rule, number and message comes from `widgets.core.metrics`; this module only wires the
inputs to it and formats the results as HTML.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

import ipywidgets as w
from markupsafe import Markup

from widgets import charts, templating
from widgets.activity import Activity, handler, stylesheet, text_field
from widgets.core import metrics
from widgets.core.metrics import (
    CADENCES,
    CATEGORIES,
    CATEGORY_LABELS,
    DEFAULT_FILE,
    DIRECTIONS,
    STATUSES,
    KPIFormError,
    Scorecard,
    ScorecardFileError,
    format_percent,
    format_value,
)
from widgets.data import DataFileError, load
from widgets.templating import Cell, Row
from widgets.ui import failure_text, message_html

# (field, label, placeholder, multi-line?): the text boxes of the KPI form.
TEXT_FIELDS = (
    ("name", "KPI name", "e.g. On-time delivery", False),
    ("definition", "Definition: what exactly is counted, and how",
     "e.g. Share of orders delivered on or before the date promised to the customer", True),
    ("unit", "Unit", "e.g. %, days, EUR, score, orders", False),
    ("baseline", "Baseline: the value now", "e.g. 89", False),
    ("target", "Target: the value to reach", "e.g. 95", False),
    ("owner", "Owner: one named person or role", "e.g. Priya (operations manager)", False),
)
LABELS = {
    **{name: label for name, label, _placeholder, _multiline in TEXT_FIELDS},
    "category": "Category",
    "catalogue": "Catalogue KPI",
    "direction": "Direction",
    "cadence": "Review cadence",
    "title": "Scorecard name (optional)",
    "selected": "KPI in my scorecard",
    "path": "File name",
}
OWN_KPI = ""
NO_SELECTION = -1

INTRO = (
    "<p>Build a small scorecard: at least one KPI for each of the five categories. Start from "
    "the catalogue (KPIs marked <em>Brannock data</em> have real numbers to show) or define "
    "your own. Press <strong>Check my scorecard</strong> to see what to fix; when it passes, "
    "the dashboard appears.</p>"
)


# ---------------------------------------------------------------------------------------
# HTML pieces (shared with the lesson's worked example)


def status_html(status: str) -> str:
    """A status as a coloured symbol AND words, never colour alone."""
    info = STATUSES[status]
    return (
        f'<span class="aligned-status aligned-status-{info.key}">'
        f'<span class="aligned-symbol" aria-hidden="true" style="color:{info.color}">'
        f"{info.symbol}</span> {html.escape(info.label)}</span>"
    )


def scorecard_table_html(scorecard: Scorecard) -> str:
    if not scorecard.kpis:
        return "<p><em>Your scorecard is empty.</em></p>"
    rows = [
        [number,
         _words(CATEGORIES[kpi.category].short if kpi.category in CATEGORIES else kpi.category),
         Cell(kpi.name, header=True),
         format_value(kpi.baseline, kpi.unit),
         format_value(kpi.target, kpi.unit),
         _words(DIRECTIONS.get(kpi.direction, kpi.direction)),
         _words(kpi.owner or Markup("<em>none</em>")),
         _words(CADENCES.get(kpi.cadence, "not chosen"))]
        for number, kpi in enumerate(scorecard.kpis, start=1)
    ]
    return templating.table(
        f"{scorecard.title or 'My scorecard'}: {len(scorecard.kpis)} KPIs",
        ["#", "Category", "KPI", "Baseline", "Target", "Direction", "Owner", "Review"],
        rows, css_class="aligned-table aligned-scorecard", row_headers=False)


def _words(text) -> Cell:
    """A cell of words, left-aligned (aligned.css); numbers stay right-aligned."""
    return Cell(text, "aligned-text")


def dashboard_table_html(rows) -> str:
    latest_label = next((r.latest_label for r in rows if r.has_data), "")
    body = [
        Row([_words(CATEGORIES[r.kpi.category].short),
             Cell(r.kpi.name, header=True),
             _words(r.kpi.owner),
             format_value(r.kpi.baseline, r.kpi.unit),
             format_value(r.latest, r.kpi.unit) if r.has_data else Markup("<em>no data yet</em>"),
             format_value(r.kpi.target, r.kpi.unit),
             format_percent(r.attainment.percent) if r.has_data else "–",
             _words(Markup(status_html(r.status)))],  # status_html escapes its words
            f"aligned-row-{r.status}")
        for r in rows
    ]
    return templating.table(
        "KPI dashboard",
        ["Category", "KPI", "Owner", "Baseline", f"Actual ({latest_label})" if latest_label else "Actual",
         "Target", "Attainment", "Status"],
        body, css_class="aligned-table aligned-dashboard", row_headers=False)


def _legend_html() -> str:
    items = "".join(
        f"<li>{status_html(s.key)}: {html.escape(s.meaning)}.</li>" for s in STATUSES.values()
    )
    return f"<ul class='aligned-legend'>{items}</ul>"


def dashboard_parts(rows, title: str = "Attainment") -> tuple[str, object | None, str]:
    """The dashboard's table (HTML), its chart (or None when no KPI has data) and the
    chart's text alternative (HTML)."""
    counts = metrics.status_counts(rows)
    summary = ", ".join(
        f"{counts[key]} {STATUSES[key].label.lower()}" for key in STATUSES if counts[key]
    )
    description = metrics.describe_dashboard(rows)
    top = (
        f"<h4>Your KPI dashboard</h4><p>{len(rows)} KPIs: {html.escape(summary)}.</p>"
        + dashboard_table_html(rows)
        + "<p>How status is decided:</p>"
        + _legend_html()
    )
    frame = metrics.dashboard_frame(rows)
    chart = None
    if len(frame):
        latest_label = next(r.latest_label for r in rows if r.has_data)
        chart = charts.attainment_chart(frame, f"{title}, {latest_label}", description)
    details = (
        "<details><summary>Text description of the dashboard</summary>"
        f"<p>{html.escape(description)}</p></details>"
        '<p class="aligned-caveat">Attainment is computed on the quarter’s average. A KPI on '
        "a score that can be negative (such as a net promoter score) uses the share of the "
        "gap from baseline to target that has been closed.</p>"
    )
    return top, chart, details


def dashboard_view(rows, title: str = "Attainment") -> w.VBox:
    """The dashboard on its own, as the builder shows it: for the lesson's worked example."""
    top, chart, details = dashboard_parts(rows, title)
    children = [*filter(None, [stylesheet()]), w.HTML(top)]
    if chart is not None:
        children.append(charts.as_widget(chart))
    children.append(w.HTML(details))
    box = w.VBox(children, layout=w.Layout(width="100%"))
    box.add_class("aligned-activity")
    box.add_class("aligned-metrics")
    return box


def catalogue_label(entry: metrics.CatalogueKPI) -> str:
    """A catalogue KPI as the dropdown shows it; KPIs of the data set are marked."""
    return entry.name + (" · Brannock data" if entry.in_dataset else "")


def download_link_html(text: str, file_name: str) -> str:
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="aligned-download" download="{html.escape(file_name)}" '
        f'href="data:application/json;charset=utf-8;base64,{data}">'
        f"⬇ Download my scorecard ({html.escape(file_name)})</a>"
    )


# ---------------------------------------------------------------------------------------
# The widget


def _dropdown(name: str, options, value=None) -> w.Dropdown:
    box = w.Dropdown(
        options=options,
        value=value,
        description=LABELS[name],
        style={"description_width": "17rem"},
        layout=w.Layout(width="100%"),
    )
    box.add_class("aligned-field")
    box.add_class(f"aligned-field-{name}")
    return box


def _button(description: str, tooltip: str, icon: str, on_click, *, primary: bool = False) -> w.Button:
    """The kit's button (`Activity.button`), kept at its width in the builder's wrapping rows."""
    return Activity.button(description, tooltip, icon, on_click, primary=primary,
                           layout=w.Layout(width="auto", flex="0 0 auto"))


class MetricBuilder(Activity):
    """Pick or define KPIs for the five categories, check the scorecard, see the dashboard,
    and save or load it as a JSON file."""

    kept = "Your scorecard is kept"
    plan_needs = "Press “Check my scorecard” first: when it passes, it can go into your plan."
    failure_target = "form_messages"

    def __init__(self, kpis=None, folder: str | os.PathLike | None = None, **kwargs):
        self.folder = Path(folder if folder is not None else Path.cwd())
        self._kpis = kpis
        self._kpis_error = ""
        self.scorecard = Scorecard()
        self.editing: int | None = None
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.dashboard: list[metrics.DashboardRow] = []
        self.passed: Scorecard | None = None  # the scorecard as it last passed every check
        self.feedback = ""
        self.form_feedback = ""
        self.file_feedback = ""

        # 1. The KPI form
        self.category = _dropdown("category", list(CATEGORY_LABELS), CATEGORY_LABELS[0])
        self.catalogue = _dropdown(
            "catalogue", self._catalogue_options(CATEGORY_LABELS[0]), OWN_KPI
        )
        self.catalogue.layout = w.Layout(flex="1 1 auto", width="auto")
        self.category.observe(self._category_changed, "value")
        self.fill_button = _button(
            "Fill in from the catalogue",
            "Copy the chosen catalogue KPI into the form; then add an owner and adjust it", "book",
            self.fill_from_catalogue)
        self.fields = {
            name: text_field(name, label, placeholder, multiline)
            for name, label, placeholder, multiline in TEXT_FIELDS
        }
        self.direction = _dropdown(
            "direction", [(label, key) for key, label in DIRECTIONS.items()], "higher_is_better"
        )
        self.cadence = _dropdown(
            "cadence",
            [("Choose how often", metrics.NO_CADENCE)]
            + [(label, key) for key, label in CADENCES.items()],
            metrics.NO_CADENCE,
        )
        self.add_button = _button(
            "Add to my scorecard", "Add the KPI in the form to your scorecard", "plus", self.add_kpi, primary=True)
        self.clear_button = _button(
            "Clear the form", "Empty the form (your scorecard stays as it is)", "eraser", self.clear_form)
        self.form_messages = w.HTML(layout=w.Layout(width="100%"))

        # 2. The scorecard
        self.title = w.Text(
            value="",
            continuous_update=False,
            description=LABELS["title"],
            placeholder="e.g. Our 2025 alignment scorecard",
            style={"description_width": "17rem"},
            layout=w.Layout(width="100%"),
        )
        self.title.observe(self._title_changed, "value")
        self.table = w.HTML(layout=w.Layout(width="100%"))
        self.selected = _dropdown("selected", [("(your scorecard is empty)", NO_SELECTION)],
                                  NO_SELECTION)
        self.selected.layout = w.Layout(flex="1 1 auto", width="auto")
        self.edit_button = _button(
            "Edit this KPI", "Copy the chosen KPI into the form to change it", "pencil", self.edit_selected)
        self.remove_button = _button("Remove this KPI", "Take the chosen KPI off", "trash", self.remove_selected)
        self.check_button = _button(
            "Check my scorecard", "Check every KPI and show the dashboard", "check", self.check, primary=True)
        self.example_button = _button(
            "Start from Brannock's scorecard", "Replace your scorecard with Brannock Kitchenworks' twelve KPIs",
            "building", self.load_example)
        self.empty_button = _button(
            "Empty the scorecard", "Remove every KPI and start again", "times", self.empty_scorecard)

        # 3. Files
        self.path = w.Text(
            value=DEFAULT_FILE,
            continuous_update=False,
            description=LABELS["path"],
            tooltip="A .json file in this lesson's folder",
            style={"description_width": "17rem"},
            layout=w.Layout(width="100%"),
        )
        self.path.observe(lambda _change: self._refresh_download(), "value")
        self.save_button = _button(
            "Save to file", "Write the scorecard to the file named above", "save", self.save_file)
        self.load_button = _button(
            "Load from file", "Replace the scorecard with the one in the file named above", "folder-open",
            self.load_file)
        self.download = w.HTML()
        self.upload = w.FileUpload(
            accept=".json,application/json",
            multiple=False,
            description="Upload a scorecard",
            tooltip="Load a scorecard .json file from your computer",
            layout=w.Layout(width="auto", align_self="flex-start"),
        )
        self.upload.observe(self._uploaded, "value")
        self.file_messages = w.HTML(layout=w.Layout(width="100%"))

        form = w.VBox(
            [
                w.HTML("<h3>1. Add a KPI</h3><p>Choose a category, then either fill the form "
                       "from the catalogue or type your own KPI.</p>"),
                self.category,
                w.HBox([self.catalogue, self.fill_button]),
                *self.fields.values(),
                self.direction,
                self.cadence,
                w.HBox([self.add_button, self.clear_button]).add_class("aligned-buttons"),
                self.form_messages,
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-section")
        card = w.VBox(
            [
                w.HTML("<h3>2. Your scorecard</h3>"),
                self.title,
                self.table,
                w.HBox([self.selected, self.edit_button, self.remove_button]).add_class(
                    "aligned-buttons"
                ),
                w.HBox([self.check_button, self.example_button, self.empty_button]).add_class(
                    "aligned-buttons"
                ),
                self.messages,
                self.result,
                self.plan_controls,
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-section")
        files = w.VBox(
            [
                w.HTML(
                    "<h3>3. Save or load</h3><p>Save writes a .json file in this lesson’s "
                    "folder; in a workshop room that folder is on the trainer’s machine and "
                    "shared by everyone, so use the download link to keep your own copy.</p>"
                ),
                self.path,
                w.HBox([self.save_button, self.load_button]).add_class("aligned-buttons"),
                self.download,
                self.upload,
                self.file_messages,
            ],
            layout=w.Layout(width="100%"),
        ).add_class("aligned-section")
        super().__init__([w.HTML(INTRO), form, card, files], **kwargs)
        self.add_class("aligned-metrics")  # scopes its rules in aligned.css
        self.add_class("aligned-metric-builder")
        self._refresh_scorecard()

    # Data ----------------------------------------------------------------------------

    def kpis(self):
        """The Brannock KPI data, loaded once; None (with a reason kept) if it fails."""
        if self._kpis is None and not self._kpis_error:
            try:
                self._kpis = load("kpis")
            except (DataFileError, OSError) as error:
                self._kpis_error = str(error)
        return self._kpis

    @staticmethod
    def _catalogue_options(category: str):
        return [("My own KPI (type it below)", OWN_KPI)] + [
            (catalogue_label(entry), entry.key) for entry in metrics.catalogue_for(category)
        ]

    def _category_changed(self, change) -> None:
        self.catalogue.options = self._catalogue_options(change["new"])
        self.catalogue.value = OWN_KPI

    # The form ------------------------------------------------------------------------

    def form_values(self) -> dict[str, str]:
        values = {name: box.value for name, box in self.fields.items()}
        values.update(
            category=self.category.value, direction=self.direction.value,
            cadence=self.cadence.value,
        )
        return values

    def set_form(self, values) -> None:
        """Fill the form, e.g. from a KPI (`metrics.form_from_kpi`) or in a test."""
        if "category" in values and values["category"] in CATEGORIES:
            self.category.value = values["category"]
        for name, box in self.fields.items():
            if name in values:
                box.value = str(values[name])
        if values.get("direction") in DIRECTIONS:
            self.direction.value = values["direction"]
        if "cadence" in values:
            self.cadence.value = values["cadence"] if values["cadence"] in CADENCES else ""

    def clear_form(self, _button=None) -> None:
        for box in self.fields.values():
            box.value = ""
        self.direction.value = "higher_is_better"
        self.cadence.value = metrics.NO_CADENCE
        self.catalogue.value = OWN_KPI
        self._stop_editing()
        self._form_message("", "")

    @handler("filling in the form")
    def fill_from_catalogue(self, _button=None) -> None:
        key = self.catalogue.value
        if key not in metrics.CATALOGUE_BY_KEY:
            self._form_message(
                "error", "Choose a catalogue KPI first, or type your own KPI in the form."
            )
            return
        entry = metrics.CATALOGUE_BY_KEY[key]
        kpi = metrics.kpi_from_catalogue(key, self.kpis())
        owner = self.fields["owner"].value
        self.set_form(metrics.form_from_kpi(kpi) | {"owner": owner})
        note = (
            " The baseline is Brannock's 2023 average and the target is theirs: adjust both "
            "to your business." if entry.in_dataset and kpi.target is not None
            else " Type your baseline and target."
        )
        self._form_message("ok", f"Filled in “{entry.name}”. Add an owner.{note}")

    @handler("adding the KPI")
    def add_kpi(self, _button=None) -> None:
        try:
            kpi = metrics.kpi_from_form(self.form_values())
        except KPIFormError as error:
            self._form_message("error", "The KPI was not added yet. Please fix:",
                               error.problems)
            return
        kpis = list(self.scorecard.kpis)
        if self.editing is not None and self.editing < len(kpis):
            kpis[self.editing] = kpi
            message = f"Saved your changes to “{kpi.name}”."
        else:
            if len(kpis) >= metrics.MAX_KPIS:
                self._form_message("error", f"A scorecard holds at most {metrics.MAX_KPIS} KPIs.")
                return
            kpis.append(kpi)
            count = len(kpis)
            message = (
                f"Added “{kpi.name}” to your scorecard ({count} {'KPI' if count == 1 else 'KPIs'})."
            )
        self._set_scorecard(self.scorecard.with_kpis(kpis))
        self.clear_form()
        self._form_message("ok", message + " Press Check my scorecard when you are ready.")

    def _stop_editing(self) -> None:
        self.editing = None
        self.add_button.description = "Add to my scorecard"
        self.add_button.icon = "plus"

    # The scorecard ------------------------------------------------------------------

    def _title_changed(self, change) -> None:
        title = metrics.clean_text(change["new"])[: metrics.MAX_LENGTH["title"]]
        if title != self.scorecard.title:
            self.scorecard = Scorecard(self.scorecard.kpis, title)
            self._refresh_scorecard(keep_result=True)

    def set_scorecard(self, scorecard: Scorecard) -> None:
        """Show a scorecard (e.g. a worked example); clears any earlier dashboard."""
        self._set_scorecard(scorecard)

    def _set_scorecard(self, scorecard: Scorecard) -> None:
        self.scorecard = scorecard
        if self.title.value != scorecard.title:
            self.title.value = scorecard.title
        self._refresh_scorecard()

    def _refresh_scorecard(self, keep_result: bool = False) -> None:
        self.table.value = scorecard_table_html(self.scorecard)
        if self.scorecard.kpis:
            options = [
                (f"{i}. {kpi.name}", i - 1) for i, kpi in enumerate(self.scorecard.kpis, start=1)
            ]
            value = self.selected.value if self.selected.value in range(len(options)) else 0
        else:
            options, value = [("(your scorecard is empty)", NO_SELECTION)], NO_SELECTION
        self.selected.options = options
        self.selected.value = value
        for button in (self.edit_button, self.remove_button):
            button.disabled = not self.scorecard.kpis
        self._refresh_download()
        if keep_result and self.passed is not None:
            self.passed = self.scorecard  # a new title keeps the checked scorecard
        if not keep_result:
            self.passed = None
            self.problems, self.notes, self.dashboard = [], [], []
            self.result.children = ()
            self.messages.value = ""
            self.feedback = ""

    @handler("opening the KPI")
    def edit_selected(self, _button=None) -> None:
        index = self.selected.value
        if index == NO_SELECTION or index >= len(self.scorecard.kpis):
            return
        kpi = self.scorecard.kpis[index]
        self.set_form(metrics.form_from_kpi(kpi))
        self.editing = index
        self.add_button.description = "Save changes to this KPI"
        self.add_button.icon = "save"
        self._form_message(
            "ok", f"Editing “{kpi.name}”: change the form, then press Save changes to this KPI."
        )

    @handler("removing the KPI")
    def remove_selected(self, _button=None) -> None:
        index = self.selected.value
        if index == NO_SELECTION or index >= len(self.scorecard.kpis):
            return
        kpis = list(self.scorecard.kpis)
        removed = kpis.pop(index)
        if self.editing is not None:
            self._stop_editing()
        self._set_scorecard(self.scorecard.with_kpis(kpis))
        self._form_message("ok", f"Removed “{removed.name}”.")

    @handler("loading the example")
    def load_example(self, _button=None) -> None:
        kpis = self.kpis()
        if kpis is None:
            self.messages.value = message_html(
                "error", "The Brannock data could not be loaded: " + self._kpis_error
            )
            return
        self._set_scorecard(metrics.example_scorecard(kpis))
        self.messages.value = message_html(
            "ok", "Brannock Kitchenworks' twelve KPIs are in your scorecard. Change them, or "
            "press Check my scorecard."
        )

    def empty_scorecard(self, _button=None) -> None:
        self._set_scorecard(Scorecard())
        self._stop_editing()

    # Checking and the dashboard ------------------------------------------------------

    @handler("checking your scorecard", target="messages")
    def check(self, _button=None) -> None:
        kpis = self.kpis()
        directions = metrics.dataset_directions(kpis) if kpis is not None else None
        self.problems = metrics.validate_scorecard(self.scorecard, directions)
        self.notes = metrics.scorecard_notes(self.scorecard)
        if self.problems:
            self.passed = None
            self.dashboard = []
            self.result.children = ()
            count = len(self.problems)
            self.feedback = (
                f"Almost there: {count} {'thing' if count == 1 else 'things'} to fix before "
                "the dashboard can be drawn."
            )
            self.messages.value = message_html("error", self.feedback, self.problems)
            return
        self.passed = self.scorecard
        if kpis is None:
            self.feedback = (
                "Your scorecard passes every check, but the Brannock data could not be loaded "
                "to draw the dashboard: " + self._kpis_error
            )
            self.messages.value = message_html("error", self.feedback)
            return
        self.dashboard = metrics.dashboard_rows(self.scorecard, kpis)
        self.feedback = (
            "Your scorecard passes every check: each category is covered and every KPI has a "
            "measurable target, an owner and a review cadence."
        )
        self.messages.value = message_html("ok", self.feedback, self.notes)
        top, chart, details = dashboard_parts(self.dashboard)
        children = [w.HTML(top)]
        if chart is not None:
            children.append(self.show_chart(chart))
        children.append(w.HTML(details))
        self.result.children = children

    def plan_entry(self):
        """The scorecard as it last passed every check: KPIs, targets, owners, cadences."""
        return None if self.passed is None else metrics.plan_entry(self.passed)

    # Files -------------------------------------------------------------------------

    def _download_name(self) -> str:
        name = Path(metrics.clean_text(self.path.value) or DEFAULT_FILE).name
        if not name.lower().endswith(".json") or name.startswith("."):
            return DEFAULT_FILE
        return name

    def _refresh_download(self) -> None:
        try:
            text = metrics.scorecard_to_json(self.scorecard)
        except ScorecardFileError:
            self.download.value = ""
            return
        self.download.value = download_link_html(text, self._download_name())

    @handler("saving", target="file_messages")
    def save_file(self, _button=None) -> None:
        try:
            path = metrics.save_scorecard(self.scorecard, self.path.value, self.folder)
        except ScorecardFileError as error:
            self._file_message("error", f"Not saved. {error}")
            return
        self._file_message(
            "ok", f"Saved {len(self.scorecard.kpis)} KPIs to {path.name} in {path.parent}."
        )

    @handler("loading", target="file_messages")
    def load_file(self, _button=None) -> None:
        try:
            scorecard, path = metrics.load_scorecard(self.path.value, self.folder)
        except ScorecardFileError as error:
            self._file_message("error", f"Nothing was loaded: {error} {self._kept()}")
            return
        self._loaded(scorecard, path.name)

    @handler("reading the upload", target="file_messages")
    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return  # the reset below
        try:
            upload = files[0]
            name = str(upload.get("name", "the file"))
            try:
                scorecard = metrics.scorecard_from_json(bytes(upload["content"]))
            except ScorecardFileError as error:
                self._file_message("error", f"Nothing was loaded from {name}: {error} "
                                   + self._kept())
                return
            self._loaded(scorecard, name)
        finally:
            self.upload.value = ()  # so the same file can be chosen again

    def _kept(self) -> str:
        count = len(self.scorecard.kpis)
        return (
            f"Your scorecard ({count} {'KPI' if count == 1 else 'KPIs'}) is unchanged."
            if count else "Your scorecard is unchanged."
        )

    def _loaded(self, scorecard: Scorecard, name: str) -> None:
        self._stop_editing()
        self._set_scorecard(scorecard)
        count = len(scorecard.kpis)
        self._file_message(
            "ok", f"Loaded {count} {'KPI' if count == 1 else 'KPIs'} from {name}. Press Check "
            "my scorecard to see the dashboard."
        )

    # Messages and errors --------------------------------------------------------------

    def _form_message(self, kind: str, text: str, items=()) -> None:
        self.form_feedback = text
        self.form_messages.value = message_html(kind, text, items) if kind else ""

    def _file_message(self, kind: str, text: str) -> None:
        self.file_feedback = text
        self.file_messages.value = message_html(kind, text)

    def show_failure(self, doing: str, kept: str, target: str) -> None:
        super().show_failure(doing, kept, target)
        feedback = {"file_messages": "file_feedback", "messages": "feedback"}
        setattr(self, feedback.get(target, "form_feedback"), failure_text(doing, kept))
