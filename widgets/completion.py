"""The end of a level: what is still missing for the level's certificate (with links to the
lessons), the end-of-level self-assessment once every lesson is finished at the mark, and the
certificate itself, as a PDF printed by the delivery pack's printer (`widgets/delivery/pdf.py`)
and as a web page, both downloaded through data-URI links: nothing leaves the machine.

The rule, the self-assessment, the certificate's data and the file they are kept in are
`widgets.core.completion`; the certificate is the delivery pack's template,
`templates/certificate.html.j2`, filled in. The hub shows `certificates()`, one `LevelCompletion`
per level; a lesson's knowledge check says, once checked, where its level stands
(`after_check_html`). In a kernel Voila warmed in advance (the hub's), progress is read only
once somebody opens the page (`widgets.progress.wait_for_reader`).

    from widgets.completion import LevelCompletion, certificates
    certificates()                                   # the hub's "Your certificates"
    LevelCompletion("fundamentals", lessons)         # lessons: [(stem, title, link), ...] of the level
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import ipywidgets as w

from widgets import templating
from widgets.activity import Activity, handler, text_field
from widgets.core import completion, progress
from widgets.core.lessons import LEVELS, catalogue
from widgets.plan import download_link
from widgets.progress import wait_for_reader
from widgets.ui import NEW_TAB, message_html

CERTIFICATES_ANCHOR = "aligned-certificates"
SAVE = "Save my self-assessment"
MAKE = "Make my certificate"
REFRESH = "Check my certificates again"
NO_PRINTER = ("{reason} Your certificate is ready as a web page instead: open it with the link above and print "
              "it from your browser (Print, then Save as PDF).")
PRIVACY = ("Your self-assessments and the name on your certificates are kept on this computer only, in {path}, "
           "beside your progress; nothing is sent anywhere. “Forget my progress” forgets them too.")


def anchor(level: str) -> str:
    return f"certificate-{level}"


@dataclass(frozen=True)
class CertificatePage:
    """What the certificate template needs of its document, as the delivery pack's blank one has it."""

    title: str = completion.CERTIFICATE_TITLE
    subtitle: str = completion.COURSE
    landscape: bool = True


def certificate_html(certificate: completion.Certificate) -> str:
    """The learner's certificate as a standalone page: the delivery pack's template, filled in."""
    return templating.render("certificate.html.j2", doc=CertificatePage(), issued=certificate)


def certificate_pdf(certificate: completion.Certificate) -> bytes:
    """The certificate as a one-page landscape A4 PDF; `widgets.delivery.pdf.PrinterUnavailable`
    when Playwright or Chromium is missing."""
    from widgets.delivery import pdf

    page = CertificatePage()
    return pdf.pdf_bytes(certificate_html(certificate), certificate.file_stem, one_page=True,
                         landscape=page.landscape)


def _link(lesson: completion.LessonStatus) -> str:
    return f"<a href='{html.escape(lesson.link)}' {NEW_TAB}>{html.escape(lesson.title)}</a>"


def missing_html(status: completion.LevelStatus) -> str:
    """The lessons still missing for the certificate, each linked, with what is missing."""
    items = "".join(f"<li>{_link(lesson)}: {html.escape(lesson.missing)}.</li>" for lesson in status.missing)
    return f"<ul class='aligned-completion-missing'>{items}</ul>" if items else ""


class LevelCompletion(Activity):
    """One level's way to its certificate: what is missing, the self-assessment, the certificate."""

    result_kind = w.HTML
    kept = "Your answers are kept"
    problems_intro = "Not yet:"
    plan_needs = "Save your self-assessment first: then your first step can go into your plan."

    def __init__(self, level: str, lessons: Sequence[tuple[str, str, str]], folder: Path | None = None,
                 today: date | None = None, heading: bool = True, **kwargs):
        self.level = level
        self.title = completion.level_title(level)
        self.lessons = list(lessons)  # (stem, title, link) in teaching order
        self.folder = folder
        self._today = today
        self.status = completion.level_status(level, self.lessons, progress.Progress())
        self.saved = completion.Saved()
        self.assessment: completion.SelfAssessment | None = None
        self._where: w.HTML | None = None  # the message area of the step being taken
        words = completion.wording()
        # "Fundamentals certificate", not "Fundamentals": the curriculum above has that heading,
        # and two headings of one name on a page leave a screen-reader user guessing
        self.heading = w.HTML(f"<h3 id='{anchor(level)}'>{html.escape(self.title)} certificate</h3>"
                              if heading else "")
        self.ratings = {}
        for stem, title, _link in self.lessons:
            choice = w.Dropdown(
                options=[(words["choose"], 0)] + [(s.label, n) for n, s in enumerate(completion.scale(), start=1)],
                value=0, description=completion.question(title), tooltip=completion.question(title),
                style={"description_width": "initial"}, layout=w.Layout(width="100%"))
            choice.add_class("aligned-completion-rating")
            self.ratings[stem] = choice
        self.first_step = text_field("first-step", words["first_step"]["label"], words["first_step"]["placeholder"],
                                     multiline=True)
        self.save_button = self.button(SAVE, "Keep your self-assessment on this computer", "save",
                                       self.save_assessment, primary=True)
        self.assessment_messages = w.HTML(layout=w.Layout(width="100%"))
        self.assessment_summary = w.HTML(layout=w.Layout(width="100%"))
        self.name = text_field("name", "Your name on the certificate", "As it should be printed, e.g. Ana Costa")
        self.name.tooltip = (f"Printed on the certificate as you type it (at most {completion.NAME_MAX} characters) "
                             "and kept on this computer only")
        self.make_button = self.button(MAKE, "Print your certificate to a PDF file (takes a few seconds)",
                                       "certificate", self.make_certificate, primary=True)
        self.certificate_links = w.HTML(layout=w.Layout(width="100%"))
        self.assessment_box = w.VBox([
            w.HTML(f"<h4>{html.escape(words['heading'].replace('{level}', self.title))}</h4>"
                   f"<p>{html.escape(' '.join(words['intro'].replace('{level}', self.title).split()))}</p>"),
            *self.ratings.values(),
            self.first_step,
            w.HBox([self.save_button]).add_class("aligned-buttons"),
            self.assessment_messages,
            self.assessment_summary,
            self.plan_controls,
        ], layout=w.Layout(width="100%"))
        self.certificate_box = w.VBox([
            w.HTML(f"<h4>Your certificate: {html.escape(self.title)}</h4>"
                   f"<p>It states your name as you type it, the level, today's date, each lesson's latest "
                   f"knowledge-check score and the mark ({completion.MARK}). Your name is kept on this "
                   "computer only.</p>"),
            self.name,
            w.HBox([self.make_button]).add_class("aligned-buttons"),
            self.certificate_links,
        ], layout=w.Layout(width="100%"))
        self.form = w.VBox([self.assessment_box, self.certificate_box], layout=w.Layout(width="100%", display="none"))
        self.form.add_class("aligned-completion-form")
        super().__init__([self.heading, self.result, self.form, self.messages], **kwargs)
        self.add_class("aligned-completion")
        wait_for_reader()
        self.refresh()

    def today(self) -> date:
        return self._today or date.today()

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> list[str]:
        """Read the progress and the saved self-assessments; the notices of damaged files."""
        state = progress.load(self.folder)
        self.saved = completion.load(self.folder)
        self.status = completion.level_status(self.level, self.lessons, state)
        return [notice for notice in (state.notice, self.saved.notice) if notice]

    @handler("reading your progress")
    def refresh(self, _button=None) -> None:
        self._where = self.messages
        notices = self._read()
        self.assessment = self.saved.assessment(self.level)
        if self.assessment is not None or not self.status.complete:
            # the saved self-assessment, or none; what the learner is typing into an open form stays
            for stem, choice in self.ratings.items():
                rating = self.assessment.rating(stem) if self.assessment else None
                choice.value = rating if rating in dict(choice.options).values() else 0
            self.first_step.value = self.assessment.first_step if self.assessment else ""
        if not self.name.value or not self.status.complete:  # forgotten progress forgets the typed name too
            self.name.value = self.saved.name(self.level)
        self.assessment_messages.value = ""
        self.certificate_links.value = ""
        self._show()
        self.messages.value = message_html("error", " ".join(notices)) if notices else ""

    def _show(self) -> None:
        status = self.status
        parts = [f"<p class='aligned-completion-status'>{html.escape(status.text)}</p>"]
        if status.complete:
            rows = [[lesson.title, lesson.score, completion.long_date(lesson.checked)] for lesson in status.lessons]
            parts.append(templating.table(f"Your knowledge checks: {status.title}",
                                          ["Lesson", "Latest knowledge check", "Checked on"], rows))
            issued = self.saved.issued(self.level)
            if issued:
                parts.append(f"<p>You made this certificate on {html.escape(completion.long_date(issued))}; "
                             "make it again whenever you like.</p>")
        else:
            parts.append(missing_html(status))
        self.result.value = "".join(parts)
        self.form.layout.display = None if status.complete else "none"
        self.assessment_summary.value = self._summary_html() if self.assessment else ""

    def _summary_html(self) -> str:
        assessment, words = self.assessment, completion.wording()
        table = templating.table("Your self-assessment", ["Lesson", "Ready to use it at work"],
                                 completion.rating_rows(assessment, self.status))
        low = completion.to_revisit(assessment, self.status)
        if low:
            advice = (f"<p>{html.escape(words['revisit'])}</p><ul>"
                      + "".join(f"<li>{_link(lesson)}</li>" for lesson in low) + "</ul>")
        else:
            advice = f"<p>{html.escape(' '.join(words['ready'].split()))}</p>"
        saved = words["saved"].replace("{date}", completion.long_date(assessment.assessed))
        return (f"<div class='aligned-completion-summary'><p>{html.escape(saved)}</p>{table}"
                f"<p><strong>Your first step:</strong> {html.escape(assessment.first_step)}</p>{advice}</div>")

    # -- the self-assessment ---------------------------------------------------------------

    def show_problems(self, error, intro: str | None = None) -> None:
        self.problems = list(error.problems)
        (self._where or self.messages).value = message_html("error", intro or self.problems_intro, self.problems)

    @handler("saving your self-assessment", target="assessment_messages",
             intro="Your self-assessment cannot be saved yet:")
    def save_assessment(self, _button=None) -> None:
        self._where = self.assessment_messages
        notices = self._read()
        self._show()
        assessment = completion.assess(self.status, {stem: c.value for stem, c in self.ratings.items()},
                                       self.first_step.value, self.today())
        self.saved = completion.save_assessment(assessment, self.folder)
        self.assessment = assessment
        self._show()
        done = (f"Your self-assessment of {self.title} is saved on this computer. Next: your certificate, "
                "below; “Add to my plan” keeps your first step with review dates.")
        self.assessment_messages.value = message_html("ok", done, notices)

    # -- the certificate -------------------------------------------------------------------

    @handler("making your certificate", kept="Your self-assessment is kept",
             intro="Your certificate cannot be made yet:")
    def make_certificate(self, _button=None) -> None:
        from widgets.delivery.pdf import PrinterUnavailable

        self._where = self.messages  # under the certificate's links
        self.certificate_links.value = ""
        notices = self._read()
        self._show()
        certificate = completion.issue(self.status, self.name.value, self.saved.assessment(self.level), self.today())
        page = certificate_html(certificate)
        web_link = download_link(page.encode("utf-8"), f"{certificate.file_stem}.html", "text/html;charset=utf-8",
                                 "Certificate as a web page")
        self.messages.value = message_html("ok", "Printing your certificate (a few seconds)…")
        self.make_button.disabled = True
        try:
            data = certificate_pdf(certificate)
        except PrinterUnavailable as error:
            self.saved = completion.record_certificate(certificate, self.folder)
            self.certificate_links.value = f"<p>{web_link}</p>"
            # the printer's sentence up to its advice, which is about another download
            self.messages.value = message_html("error", NO_PRINTER.format(reason=str(error).split(":")[0] + "."))
            return
        finally:
            self.make_button.disabled = False
        self.saved = completion.record_certificate(certificate, self.folder)
        pdf_link = download_link(data, f"{certificate.file_stem}.pdf", "application/pdf",
                                 f"Download your {self.title} certificate (PDF)")
        self.certificate_links.value = f"<p>{pdf_link}</p><p>{web_link}</p>"
        self._show()
        done = (f"Your {self.title} certificate is ready, in the name of “{certificate.name}”, dated "
                f"{certificate.date_text}: save it with the link above. "
                + PRIVACY.format(path=completion.completion_path(self.folder)))
        self.messages.value = message_html("ok", done, notices)

    # -- the learner's plan ------------------------------------------------------------------

    def plan_entry(self):
        """The saved self-assessment's first step, for "Add to my plan"."""
        if self.assessment is None or not self.status.complete:
            return None
        return completion.plan_entry(self.assessment, self.status)


def level_lessons(workshops_dir: Path, prefix: str = "") -> dict[str, list[tuple[str, str, str]]]:
    """Each level's (stem, title, link) in teaching order; links relative to the workshops folder,
    after `prefix` ("../" from a lesson's page)."""
    found = catalogue(workshops_dir)
    return {level: [(Path(lesson.path).stem, lesson.title, prefix + lesson.path) for lesson in found[level]]
            for level in LEVELS}


def certificates(workshops_dir: Path | None = None, folder: Path | None = None, today: date | None = None,
                 follow: Activity | None = None) -> w.VBox:
    """The hub's "Your certificates": the rule, then one `LevelCompletion` per level. With `follow`
    (the hub's progress panel), each level is read again whenever that panel shows the progress
    anew: "Show my latest progress", and "Forget my progress", which forgets the self-assessments."""
    if workshops_dir is None:
        from widgets.hub import WORKSHOPS_DIR as workshops_dir
    wait_for_reader()
    panels = [LevelCompletion(level, lessons, folder=folder, today=today)
              for level, lessons in level_lessons(workshops_dir).items()]
    def read_again(_event=None) -> None:
        for panel in panels:
            panel.refresh()  # guarded: a level that cannot be read says so in its own messages

    refresh = Activity.button(REFRESH, "Read your progress again (after finishing a lesson in another tab)",
                              "refresh", read_again)
    if follow is not None:
        follow.result.observe(read_again, "value")
    intro = w.HTML(
        f"<h2 id='{CERTIFICATES_ANCHOR}'>Your certificates</h2>"
        f"<p>{html.escape(completion.rule_text())} Then a short self-assessment, and your certificate as a PDF "
        "to download.</p>"
        f"<p class='aligned-completion-privacy'>{html.escape(PRIVACY.format(path=completion.completion_path(folder)))}"
        "</p>")
    section = w.VBox([intro, *panels, w.HBox([refresh]).add_class("aligned-buttons")], layout=w.Layout(width="100%"))
    section.add_class("aligned-certificates")
    return section


def after_check_html(lesson: str, level: str, workshops_dir: Path | None = None, folder: Path | None = None) -> str:
    """What a lesson's knowledge check adds once checked: where the lesson and its level stand on
    the way to the level's certificate, with links from the lesson's page ("" for an unknown level)."""
    if workshops_dir is None:
        from widgets.hub import WORKSHOPS_DIR as workshops_dir
    lessons = level_lessons(workshops_dir, prefix="../").get(level, [])
    status = completion.level_status(level, lessons, progress.load(folder))
    this = status.lesson(lesson)
    if this is None:
        return ""
    hub = f"<a href='../index.ipynb#{anchor(level)}' {NEW_TAB}>your certificates on the hub</a>"
    if status.complete:
        text = (f"<strong>That completes {html.escape(status.title)}:</strong> every lesson finished, each knowledge "
                f"check with at least {completion.MARK} right. Your end-of-level self-assessment and your "
                f"certificate are waiting in {hub}.")
    elif not this.passed:
        text = (f"<strong>For the {html.escape(status.title)} certificate</strong> this check needs {this.needed} of "
                f"{this.total} right ({completion.MARK}). Reread the sections above and press "
                f"<strong>Start again</strong>: the latest attempt counts.")
    else:
        still = ", ".join(_link(other) for other in status.missing)
        text = (f"<strong>Towards the {html.escape(status.title)} certificate:</strong> {status.passed} of "
                f"{len(status.lessons)} lessons done at the mark ({completion.MARK}). Still to do: {still}. "
                f"See {hub}.")
    return f"<p class='aligned-completion-next'>{text}</p>"
