"""Pages from templates (widgets/templates/): autoescaping on, one stylesheet for the kit."""

from pathlib import Path

from markupsafe import Markup

from grading.feedback import failure_page
from grading.report import render
from widgets import templating, ui
from widgets.live.report import session_report
from widgets.live.store import LiveStore

ROOT = Path(__file__).resolve().parent.parent
VOILA_TEMPLATE = ROOT / "share" / "jupyter" / "voila" / "templates" / "aligned"
ATTACK = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_session_title_is_escaped_in_the_session_report(tmp_path):
    store = LiveStore(f"sqlite:///{tmp_path / 'live.sqlite'}")
    try:
        session, key = store.create_session(["pulse"], title=ATTACK)
        page = session_report(store, session.code, key)
    finally:
        store.close()
    assert ATTACK not in page and "<script" not in page
    assert f"<title>{ESCAPED}: session report</title>" in page and f"<h1>{ESCAPED}</h1>" in page
    assert ui.CSS in page  # the kit's one stylesheet, included by the template


def test_assignment_and_student_names_are_escaped_in_the_cohort_report():
    records = {ATTACK: {"status": "failed", "reason": "not a notebook: it's <b>broken</b>"}}
    page = render(ATTACK, 8.0, [], records, {})
    assert "<script" not in page and "<b>broken" not in page
    assert f"<h1>{ESCAPED}: cohort report</h1>" in page
    assert f"<td>{ESCAPED}</td>" in page
    assert "it&#x27;s &lt;b&gt;broken&lt;/b&gt;" in page  # html.escape's spelling, as before
    assert page.count("<svg") == 1 and ui.CSS in page


def test_the_failure_feedback_page_escapes_the_reason():
    page = failure_page(ATTACK, ATTACK, ATTACK)
    assert "<script" not in page and page.count(ESCAPED) == 4  # title (assignment, student), heading, reason


def test_the_shared_table_escapes_cells_but_keeps_markup_given_as_safe():
    table = templating.table("A & B", ["Who", "What"], [[ATTACK, Markup("<em>safe</em>")],
                                                        ["x", templating.Cell(3, "aligned-number")]])
    assert table.startswith("<table class='aligned-table'><caption>A &amp; B</caption>")
    assert f"<th scope='row'>{ESCAPED}</th><td><em>safe</em></td>" in table
    assert "<td class='aligned-number'>3</td>" in table


def test_the_shared_table_spans_columns_classes_rows_and_puts_row_headings_anywhere():
    rows = [templating.Row(["Ops", templating.Cell(Markup("<em>{}</em>").format(ATTACK), "aligned-text", colspan=3)],
                           "aligned-hidden"),
            [1, "words", templating.Cell("KPI", header=True)]]
    table = templating.table(None, ["#", templating.Cell("What", "aligned-text"), "KPI"], rows,
                             css_class="aligned-table aligned-x", row_headers=False)
    assert table.startswith("<table class='aligned-table aligned-x'><thead><tr><th scope='col'>#</th>"
                            "<th scope='col' class='aligned-text'>What</th>")
    assert f"<tr class='aligned-hidden'><td>Ops</td><td colspan='3' class='aligned-text'><em>{ESCAPED}</em></td></tr>" \
        in table.replace("&#39;", "&#x27;")
    assert "<tr><td>1</td><td>words</td><th scope='row'>KPI</th></tr>" in table


def test_the_views_carry_the_one_stylesheet():
    assert ui.STYLE == "<style>\n" + ui.CSS + "</style>"
    assert ".aligned-activity .aligned-table" in ui.CSS and ".aligned-cohort-report" in ui.CSS


def test_the_voila_template_links_the_one_stylesheet_once():
    served = VOILA_TEMPLATE / "aligned.css"
    assert served.resolve() == (ROOT / "widgets" / "templates" / "aligned.css").resolve()  # a link: one source
    assert served.read_text(encoding="utf-8") == ui.CSS
    assert (VOILA_TEMPLATE / "index.html.j2").read_text().count("{% include 'aligned.css' %}") == 1
