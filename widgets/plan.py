"""The learner's personal action plan as a view: the entries, remove or forget (each after a
confirm step), and downloads as Markdown and PDF (data-URI links: nothing leaves the machine).

The plan itself, its file and its wording are `widgets.core.plan`; the activities add to it with
their "Add to my plan" button (`widgets.activity.Activity.plan_entry`). This module renders the
plan as HTML (`templates/plan.html.j2`, autoescaped, print CSS `templates/plan.css`) and prints
it to PDF with the delivery pack's printer (`widgets/delivery/pdf.py`: headless Chromium), which
is imported only when the learner asks for the PDF. In a kernel Voila warmed in advance (the
hub's), the view reads the plan only once somebody opens the page (`widgets.progress.wait_for_reader`),
and "Show my latest plan" reads it again.

    from widgets.plan import MyPlan
    MyPlan()
"""

from __future__ import annotations

import base64
import html
from datetime import date

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler
from widgets.core import plan
from widgets.progress import wait_for_reader
from widgets.ui import message_html

MARKDOWN_FILE = "my-action-plan.md"
PDF_FILE = "my-action-plan.pdf"
NO_ENTRY = ""


def plan_html(doc: plan.Document, page: bool = True) -> str:
    """The plan as HTML: a standalone A4 page to print (`page`), or the body the view shows."""
    return templating.render("plan.html.j2", doc=doc, page=page)


def plan_pdf(doc: plan.Document) -> bytes:
    """The plan as an A4 PDF; `widgets.delivery.pdf.PrinterUnavailable` when Chromium is missing."""
    from widgets.delivery import pdf

    return pdf.pdf_bytes(plan_html(doc), "my-action-plan")


def download_link(data: bytes, file_name: str, media_type: str, words: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a class="aligned-download" download="{html.escape(file_name)}" '
            f'href="data:{media_type};base64,{encoded}">⬇ {html.escape(words)} ({html.escape(file_name)})</a>')


class MyPlan(Activity):
    """The plan on this computer: what was added, remove and forget, download it."""

    kept = "Your plan is unchanged"

    def __init__(self, today: date | None = None, **kwargs):
        self._today = today
        self.current = plan.Plan()
        self.notice = ""
        self.pending: tuple[str, str] | None = None  # ("remove", id) or ("forget", "") awaiting a confirm
        self.intro = w.HTML()
        self.body = w.HTML(layout=w.Layout(width="100%"))
        self.selected = w.Dropdown(options=[("(your plan is empty)", NO_ENTRY)], value=NO_ENTRY,
                                   description="Entry", tooltip="The entry to remove",
                                   style={"description_width": "5rem"}, layout=w.Layout(width="32rem"))
        self.refresh_button = self.button("Show my latest plan", "Read the plan again, with what other pages added",
                                          "refresh", self.refresh)
        self.remove_button = self.button("Remove this entry", "Take the chosen entry out of your plan (asks first)",
                                         "trash", self.ask_remove)
        self.forget_button = self.button("Forget my whole plan", "Delete every entry and the plan file (asks first)",
                                         "times", self.ask_forget)
        self.confirm_text = w.HTML()
        self.confirm_button = self.button("Yes, do it", "Confirm", "check", self.confirm, primary=True)
        self.cancel_button = self.button("No, keep it", "Change nothing", "undo", self.cancel)
        self.confirm_box = w.VBox([self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])
                                   .add_class("aligned-buttons")], layout=w.Layout(display="none"))
        self.confirm_box.add_class("aligned-plan-confirm")
        self.markdown_link = w.HTML()
        self.pdf_button = self.button("Download as PDF", "Print your plan to a PDF file (takes a few seconds)",
                                      "file-pdf-o", self.make_pdf)
        self.pdf_link = w.HTML()
        super().__init__(
            [
                self.intro,
                self.body,
                w.HTML("<h3>Download</h3>"),
                w.HBox([self.pdf_button, self.refresh_button]).add_class("aligned-buttons"),
                self.markdown_link,
                self.pdf_link,
                w.HTML("<h3>Change the plan</h3>"),
                w.HBox([self.selected, self.remove_button, self.forget_button]).add_class("aligned-buttons"),
                self.confirm_box,
                self.messages,
            ],
            **kwargs,
        )
        self.add_class("aligned-plan")
        wait_for_reader()  # a plan read at warm-up time would be stale by the time somebody reads it
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()

    def document(self) -> plan.Document:
        return plan.document(self.current, self.today(), plan.plan_path())

    def markdown(self) -> str:
        return plan.markdown(self.document())

    # -- showing ------------------------------------------------------------------------

    @handler("reading your plan")
    def refresh(self, _button=None) -> None:
        loaded = plan.load(plan.plan_path())
        self.current, self.notice = loaded.plan, loaded.notice
        self._show()
        self.messages.value = message_html("error", loaded.notice) if loaded.notice else ""

    def _show(self) -> None:
        entries = self.current.entries
        count = len(entries)
        self.intro.value = (
            f"<p>Results you added from the activities, kept on this computer only, in "
            f"<code>{html.escape(str(plan.plan_path()))}</code>. Your plan holds "
            f"{count} {'entry' if count == 1 else 'entries'}. Each entry has three review dates, "
            "30, 60 and 90 days from today: print the plan and put them in your calendar.</p>")
        doc = self.document()
        self.body.value = plan_html(doc, page=False)
        self.markdown_link.value = download_link(plan.markdown(doc).encode("utf-8"), MARKDOWN_FILE,
                                                 "text/markdown;charset=utf-8", "Download as Markdown")
        self.pdf_link.value = ""
        options = [(f"{n}. {e.title} ({plan.long_date(e.added) if e.added else 'no date'})", e.id)
                   for n, e in enumerate(entries, start=1)] or [("(your plan is empty)", NO_ENTRY)]
        self.selected.options = options
        self.selected.value = options[0][1]
        self.remove_button.disabled = not entries
        self.forget_button.disabled = not entries
        self.pdf_button.disabled = False
        self.cancel()

    # -- remove and forget, each after a confirm step -------------------------------------

    def _ask(self, action: str, key: str, question: str, yes: str) -> None:
        self.pending = (action, key)
        self.confirm_text.value = f"<p><strong>{html.escape(question)}</strong></p>"
        self.confirm_button.description = yes
        self.confirm_box.layout.display = None
        self.messages.value = ""

    @handler("asking before removing")
    def ask_remove(self, _button=None) -> None:
        entry = next((e for e in self.current.entries if e.id == self.selected.value), None)
        if entry is None:
            return
        self._ask("remove", entry.id, f"Remove “{entry.title}” from your plan? This cannot be undone.",
                  "Yes, remove it")

    @handler("asking before forgetting")
    def ask_forget(self, _button=None) -> None:
        count = len(self.current.entries)
        self._ask("forget", "", f"Forget your whole plan ({count} {'entry' if count == 1 else 'entries'})? "
                  "The plan file is deleted; this cannot be undone.", "Yes, forget my plan")

    def cancel(self, _button=None) -> None:
        self.pending = None
        self.confirm_box.layout.display = "none"
        self.confirm_text.value = ""

    @handler("changing your plan")
    def confirm(self, _button=None) -> None:
        if self.pending is None:
            return
        action, key = self.pending
        path = plan.plan_path()
        if action == "remove":
            title = next((e.title for e in self.current.entries if e.id == key), "the entry")
            self.current = plan.remove(key, path)
            self._show()
            self.messages.value = message_html("ok", f"Removed “{title}” from your plan.")
        else:
            plan.forget(path)
            self.current = plan.Plan()
            self._show()
            self.messages.value = message_html("ok", "Your plan is forgotten: the plan file is deleted.")

    # -- the PDF ------------------------------------------------------------------------

    @handler("printing your plan", kept="Your plan is unchanged: the Markdown download still works")
    def make_pdf(self, _button=None) -> None:
        from widgets.delivery.pdf import PrinterUnavailable

        try:
            data = plan_pdf(self.document())
        except PrinterUnavailable as error:
            self.pdf_link.value = ""
            self.messages.value = message_html("error", str(error))
            return
        self.pdf_link.value = download_link(data, PDF_FILE, "application/pdf", "Download as PDF")
        self.messages.value = message_html("ok", "Your plan is ready as a PDF: use the link above to save it.")
