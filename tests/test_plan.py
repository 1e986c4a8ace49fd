"""The personal action plan: the file (add, replace, keep both, remove, forget, a damaged file),
its printouts (Markdown, HTML, the 30/60/90-day reviews), each activity's entry, the "Add to my
plan" button in the six views, and the plan view. No kernel, no browser."""

import base64
import json
from datetime import date

import pytest

from widgets.activity import Activity
from widgets.core import components, culture, dynamism, ethics, metrics, plan, smart
from widgets.core.culture import CULTURE_TYPES

PRINTED = date(2026, 1, 15)
GOAL = smart.Goal(action="Bake each day's bread to the morning huddle's order count", metric="waste",
                  unit="% of items baked", baseline="10.7", target="8", owner="Maria (head baker)",
                  resources="the huddle's order sheet and ten minutes a day", deadline="2026-05-31")


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    """Every test keeps its plan in a folder of its own (the kit's state folder)."""
    monkeypatch.setenv("ALIGNED_STATE_DIR", str(tmp_path))
    return tmp_path


def smart_entry(metric="waste"):
    goal = smart.Goal(**{**GOAL.__dict__, "metric": metric})
    return smart.plan_entry(goal, smart.evaluate(goal, date(2026, 1, 1)))


def file_data(state):
    return json.loads((state / plan.PLAN_FILE).read_text(encoding="utf-8"))


# -- the file -----------------------------------------------------------------------------------


def test_the_plan_lives_in_the_state_folder(state):
    assert plan.plan_path() == state / "plan.json"
    assert plan.load().plan == plan.Plan()  # no file yet: an empty plan, no notice
    assert plan.load().notice == ""


def test_add_writes_the_documented_format(state):
    added = plan.add(smart_entry(), today=PRINTED)
    data = file_data(state)
    assert data["format"] == "aligned-plan" and data["version"] == 1
    [entry] = data["entries"]
    assert entry["kind"] == "smart" and entry["title"] == "SMART goal: waste"
    assert entry["added"] == "2026-01-15" and entry["id"] == added.entry.id
    assert entry["result"]["sentence"] == smart.goal_sentence(GOAL)
    assert entry["result"]["met"] == 5
    assert [c["letter"] for c in entry["result"]["criteria"]] == list("SMART")
    assert [p.name for p in state.iterdir()] == ["plan.json"]  # no temporary file left behind


def test_the_same_activity_replaces_its_entry_unless_both_are_kept(state):
    first = plan.add(smart_entry(), today=date(2026, 1, 1))
    other = plan.add(smart_entry("on-time delivery"))
    again = plan.add(smart_entry(), today=PRINTED)
    assert [e.id for e in again.replaced] == [first.entry.id]
    titles = [e.title for e in plan.load().plan.entries]
    assert titles == ["SMART goal: waste", "SMART goal: on-time delivery"]  # in the place of the first
    both = plan.add(smart_entry(), keep_both=True)
    assert both.replaced == ()
    assert [e.title for e in plan.load().plan.entries].count("SMART goal: waste") == 2
    assert other.entry.id in {e.id for e in plan.load().plan.entries}


def test_remove_one_entry_and_forget_the_plan(state):
    kept = plan.add(smart_entry()).entry
    gone = plan.add(smart_entry("sales")).entry
    assert [e.id for e in plan.remove(gone.id).entries] == [kept.id]
    assert [e.id for e in plan.load().plan.entries] == [kept.id]
    assert plan.forget() is True
    assert not (state / "plan.json").exists()
    assert plan.forget() is False
    assert plan.load().plan.entries == ()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"format": "aligned-plan", "version": 1, "entries": [{}]}',
                                  '{"format": "aligned-plan", "version": 99, "entries": []}'])
def test_a_damaged_file_is_kept_as_a_backup_and_the_plan_starts_fresh(state, text):
    (state / "plan.json").write_text(text, encoding="utf-8")
    loaded = plan.load()
    assert loaded.plan.entries == ()
    assert loaded.backup is not None and loaded.backup.read_text(encoding="utf-8") == text
    assert loaded.backup.name.startswith("plan.damaged-")
    assert "could not be read" in loaded.notice and "fresh plan" in loaded.notice
    assert loaded.backup.name in loaded.notice
    assert "\n" not in loaded.notice and "Traceback" not in loaded.notice
    plan.add(smart_entry())  # the fresh plan is saved beside the backup
    assert len(file_data(state)["entries"]) == 1 and loaded.backup.exists()


# -- the printouts ------------------------------------------------------------------------------


def test_review_dates_count_from_the_day_the_plan_is_printed():
    assert plan.review_dates(PRINTED) == [(30, date(2026, 2, 14)), (60, date(2026, 3, 16)), (90, date(2026, 4, 15))]


def test_markdown_has_each_entry_its_date_and_the_30_60_90_day_reviews():
    current = plan.with_entry(plan.Plan(), smart_entry(), today=date(2026, 1, 2)).plan
    text = plan.markdown(plan.document(current, PRINTED, "/home/me/plan.json"))
    assert text.startswith("# My action plan\n")
    assert "Printed on 15 January 2026" in text and "/home/me/plan.json" in text
    assert "## 1. SMART goal: waste" in text
    assert "added on 2 January 2026" in text
    assert "Maria (head baker) will bake" in text and "(All 5 criteria met.)" in text
    assert "- [ ] Review on 14 February 2026 (30 days): Is “SMART goal: waste” on track?" in text
    assert "Review on 16 March 2026 (60 days):" in text
    assert "Review on 15 April 2026 (90 days):" in text


def test_markdown_of_an_empty_plan_says_how_to_fill_it():
    assert "press “Add to my plan”" in plan.markdown(plan.document(plan.Plan(), PRINTED, "x"))


def test_html_is_escaped_printable_and_has_the_reviews():
    from widgets.plan import plan_html

    entry = plan.entry("smart", "<script>alert(1)</script>", {"sentence": "Cut waste & <b>bins</b>", "met": 2,
                                                              "criteria": []})
    current = plan.with_entry(plan.Plan(), entry, today=PRINTED).plan
    page = plan_html(plan.document(current, PRINTED, "/tmp/plan.json"))
    assert page.startswith("<!doctype html>") and "@page" in page and "#0072B2" in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "Cut waste &amp; &lt;b&gt;" in page
    assert "Review on 14 February 2026 (30 days)" in page and "Review on 15 April 2026 (90 days)" in page
    assert "added on 15 January 2026" in page
    assert "<!doctype" not in plan_html(plan.document(current, PRINTED, "x"), page=False)


# -- each activity's entry (pure) ---------------------------------------------------------------


def test_a_draft_goal_says_which_criteria_are_missing():
    goal = smart.Goal(action="Reduce waste", metric="waste", target="less", owner="the team", deadline="ASAP")
    entry = smart.plan_entry(goal, smart.evaluate(goal, date(2026, 1, 1)))
    view = plan.entry_view(entry, 1, PRINTED)
    assert "Draft: 0 of 5 criteria met." in view.summary
    assert view.points[2].startswith("✗ A · Assignable: ")


def test_the_component_entry_has_the_ratings_the_weakest_link_and_its_first_step():
    report = components.analyze(components.EXAMPLE_RATINGS, components.EXAMPLE_DEPENDENCIES)
    entry = components.plan_entry(report)
    weakest = report["weakest_link"]
    assert entry.kind == "components"
    assert entry.result["weakest"]["label"] == weakest["label"]
    assert entry.result["first_step"]["step"] == report["first_steps"][0]["step"]
    assert [g["component"] for g in entry.result["gaps"]] == list(components.COMPONENTS)
    view = plan.entry_view(entry, 1, PRINTED)
    assert view.summary.startswith(f"Weakest link: {weakest['label']}")
    assert view.first_step.endswith(report["first_steps"][0]["step"])
    assert len(view.table.rows) == 5


def test_the_culture_entry_has_now_preferred_and_the_largest_gaps_first():
    now = dict(zip(CULTURE_TYPES, (40, 20, 15, 25), strict=True))
    preferred = dict(zip(CULTURE_TYPES, (20, 40, 10, 30), strict=True))
    entry = culture.plan_entry(now, preferred, 10)
    gaps = entry.result["gaps_to_discuss"]
    assert [g["type"] for g in gaps] == ["clan", "adhocracy"]  # both 20 points: in the types' order
    assert [g["direction"] for g in gaps] == ["decrease", "increase"]
    assert entry.result["dominant_now"] == culture.TYPE_GUIDE["clan"].label
    view = plan.entry_view(entry, 1, PRINTED)
    assert view.table.head == ("Type", "Now", "Preferred", "Change")
    assert view.points[0] == f"Gap to discuss: {culture.TYPE_GUIDE['clan'].label}, a decrease of 20 points"
    only_now = plan.entry_view(culture.plan_entry(now), 1, PRINTED)
    assert only_now.table.head == ("Type", "Now") and "Preferred was not filled in" in only_now.points[0]


def test_the_canvas_entry_has_the_decision_and_the_trade_offs():
    analysis = ethics.example_analysis()
    entry = ethics.plan_entry(analysis, "  Automate and redeploy:  no job lost ")
    assert entry.result["decision"] == "Automate and redeploy: no job lost"
    assert entry.result["question"] == analysis.dilemma.question
    assert entry.result["pass_every_check"] == ["Automate and redeploy", "Phase in by attrition"]
    assert len(entry.result["options"]) == len(analysis.results)
    assert entry.result["flags"] == ethics.flag_reasons(analysis)
    view = plan.entry_view(entry, 1, PRINTED)
    assert view.points[0] == "My decision: Automate and redeploy: no job lost"
    no_decision = plan.entry_view(ethics.plan_entry(analysis), 1, PRINTED)
    assert no_decision.points[0].startswith("My decision: not written yet")


def test_the_rhythm_entry_has_the_verdict_and_the_suggested_cadence():
    report = dynamism.analyze(dynamism.EXAMPLE_ENVIRONMENT, dynamism.EXAMPLE_REVIEWS)
    entry = dynamism.plan_entry(report)
    assert entry.result["verdict"] == report.summary
    assert entry.result["band"] == report.band.label
    assert [p["recommended"] for p in entry.result["parts"]] == [c.recommended.cadence for c in report.checks]
    view = plan.entry_view(entry, 1, PRINTED)
    assert view.table.head == ("Part", "Suggested", "Now", "Status")
    if report.priority is not None:
        assert view.first_step.startswith(report.priority.label)


def test_the_scorecard_entry_has_the_metrics_and_targets():
    card = metrics.Scorecard((metrics.KPI("On-time delivery", "Operational alignment", unit="%", baseline=89,
                                          target=95, owner="Priya", cadence="monthly"),), "Our 2026 scorecard")
    entry = metrics.plan_entry(card)
    assert entry.title == "Metric scorecard: Our 2026 scorecard"
    [kpi] = entry.result["kpis"]
    assert kpi["name"] == "On-time delivery" and kpi["owner"] == "Priya"
    assert kpi["baseline"] == metrics.format_value(89, "%") and kpi["target"] == metrics.format_value(95, "%")
    assert plan.entry_view(entry, 1, PRINTED).summary == "1 KPI in 1 category."


def test_an_entry_holds_plain_data_only():
    with pytest.raises(TypeError):
        plan.entry("smart", "x", {"day": date(2026, 1, 1)})


# -- "Add to my plan" in the six views ----------------------------------------------------------


def _smart_view():
    from widgets.smart import SmartGoalBuilder

    view = SmartGoalBuilder(today=date(2026, 1, 1))
    return view, lambda: (view.set_goal(GOAL), view.check_goal())


def _components_view():
    from widgets.components import ComponentAssessment

    view = ComponentAssessment()
    return view, lambda: (view.set_ratings(components.EXAMPLE_RATINGS), view.show_results())


def _culture_view():
    from widgets.culture import ArchetypeQuiz

    view = ArchetypeQuiz()

    def act():
        for phase, points in (("Now", (40, 20, 15, 25)), ("Preferred", (25, 35, 20, 20))):
            for boxes in view.inputs[phase].values():
                for culture_type, value in zip(CULTURE_TYPES, points, strict=True):
                    boxes[culture_type].value = value
        view.show_profile()

    return view, act


def _ethics_view():
    from widgets.ethics import EthicalDecisionCanvas

    view = EthicalDecisionCanvas()
    return view, lambda: (view.fill_example(), view.show_trade_offs())


def _dynamism_view():
    from widgets.dynamism import AlignmentRhythmCheck

    view = AlignmentRhythmCheck()
    return view, lambda: (view.set_answers(dynamism.EXAMPLE_ENVIRONMENT, dynamism.EXAMPLE_REVIEWS), view.check())


def _metrics_view(tmp_path):
    from widgets.metrics import MetricBuilder

    view = MetricBuilder(folder=tmp_path)
    return view, lambda: (view.load_example(), view.check())


VIEWS = {"smart": _smart_view, "components": _components_view, "culture": _culture_view,
         "ethics": _ethics_view, "dynamism": _dynamism_view, "metrics": _metrics_view}


def make_view(kind, tmp_path):
    return VIEWS[kind](tmp_path) if kind == "metrics" else VIEWS[kind]()


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


@pytest.mark.parametrize("kind", VIEWS)
def test_the_button_is_there_and_says_why_it_is_off_without_a_result(kind, tmp_path, state):
    view, _act = make_view(kind, tmp_path)
    assert view.offers_plan
    assert view.plan_button in descendants(view)
    assert list(descendants(view)).count(view.plan_controls) == 1  # shown once, where the view put it
    assert view.plan_button.description == "Add to my plan"
    assert view.plan_button.disabled
    assert view.plan_needs in view.plan_hint.value and view.plan_needs.startswith("Press “")
    assert view.plan_button.tooltip == view.plan_needs
    view.add_to_plan()  # even when called, nothing is added
    assert view.plan_needs in view.plan_messages.value
    assert not (state / "plan.json").exists()


@pytest.mark.parametrize("kind", VIEWS)
def test_the_button_adds_the_result_after_one_click(kind, tmp_path, state):
    view, act = make_view(kind, tmp_path)
    act()
    assert not (state / "plan.json").exists()  # nothing is added without the click
    assert not view.plan_button.disabled and view.plan_hint.value == ""
    view.plan_button.click()
    [entry] = file_data(state)["entries"]
    assert entry["kind"] == kind and entry["added"] == date.today().isoformat()
    assert entry == {**entry, **view.plan_entry().to_json(), "id": entry["id"], "added": entry["added"]}
    message = view.plan_messages.value
    assert f"Added “{entry['title']}” to your plan" in message
    assert str(state / "plan.json") in message and "this computer only" in message
    view.plan_button.click()  # the same activity again replaces it
    assert len(file_data(state)["entries"]) == 1
    assert "Replaced your earlier" in view.plan_messages.value
    view.plan_keep_both.value = True
    view.plan_button.click()
    assert len(file_data(state)["entries"]) == 2
    assert view.plan_keep_both.value is False  # the choice is for one click only


def test_losing_the_result_turns_the_button_off_again(tmp_path):
    view, act = make_view("components", tmp_path)
    act()
    assert not view.plan_button.disabled
    view.set_ratings({})
    view.show_results()  # the problems clear the map
    assert view.plan_button.disabled


def test_the_canvas_entry_takes_the_decision_typed_beside_the_button(tmp_path, state):
    view, act = make_view("ethics", tmp_path)
    act()
    view.decision_input.value = "Automate and redeploy"
    view.plan_button.click()
    assert file_data(state)["entries"][0]["result"]["decision"] == "Automate and redeploy"


def test_a_damaged_plan_is_reported_when_adding(tmp_path, state):
    (state / "plan.json").write_text("{oops", encoding="utf-8")
    view, act = make_view("smart", tmp_path)
    act()
    view.plan_button.click()
    assert "could not be read" in view.plan_messages.value
    assert len(file_data(state)["entries"]) == 1


def test_a_view_without_a_plan_entry_has_no_button():
    class Plain(Activity):
        pass

    view = Plain([])
    assert not view.offers_plan
    assert "plan_controls" not in vars(view)


# -- the plan view ------------------------------------------------------------------------------


def test_my_plan_shows_removes_and_forgets_after_a_confirm_step(state):
    from widgets.plan import MyPlan

    plan.add(smart_entry(), today=PRINTED)
    second = plan.add(smart_entry("sales"), today=PRINTED).entry
    view = MyPlan(today=PRINTED)
    assert "SMART goal: waste" in view.body.value and "SMART goal: sales" in view.body.value
    assert "Review on 14 February 2026 (30 days)" in view.body.value
    assert str(state / "plan.json") in view.intro.value and "2 entries" in view.intro.value
    link = view.markdown_link.value
    assert 'download="my-action-plan.md"' in link and "Download as Markdown" in link
    markdown = base64.b64decode(link.split("base64,")[1].split('"')[0]).decode("utf-8")
    assert markdown == view.markdown() and "## 2. SMART goal: sales" in markdown

    view.selected.value = second.id
    view.remove_button.click()
    assert view.confirm_box.layout.display is None and "Remove “SMART goal: sales”" in view.confirm_text.value
    view.cancel_button.click()
    assert len(file_data(state)["entries"]) == 2 and view.confirm_box.layout.display == "none"
    view.remove_button.click()
    view.confirm_button.click()
    assert [e["title"] for e in file_data(state)["entries"]] == ["SMART goal: waste"]
    assert "Removed “SMART goal: sales”" in view.messages.value

    view.forget_button.click()
    assert "Forget your whole plan (1 entry)" in view.confirm_text.value
    assert not view.forget_button.disabled
    view.confirm_button.click()
    assert not (state / "plan.json").exists()
    assert "Your plan is empty" in view.body.value
    assert view.forget_button.disabled and view.remove_button.disabled


def test_my_plan_reads_what_other_pages_added(state):
    from widgets.plan import MyPlan

    view = MyPlan()
    assert view.current.entries == ()
    plan.add(smart_entry())
    view.refresh_button.click()
    assert len(view.current.entries) == 1 and "SMART goal: waste" in view.body.value


def test_my_plan_reports_a_damaged_file(state):
    from widgets.plan import MyPlan

    (state / "plan.json").write_text("not a plan", encoding="utf-8")
    view = MyPlan()
    assert "could not be read" in view.messages.value and 'role="alert"' in view.messages.value


def test_without_chromium_the_pdf_says_so_in_one_sentence(state, monkeypatch):
    from widgets import plan as plan_view
    from widgets.delivery import pdf

    def unavailable(html, name="document"):
        raise pdf.PrinterUnavailable(pdf.NO_CHROMIUM)

    monkeypatch.setattr(pdf, "pdf_bytes", unavailable)
    view = plan_view.MyPlan()
    view.pdf_button.click()
    assert pdf.NO_CHROMIUM in view.messages.value and view.pdf_link.value == ""
    assert "Something went wrong" not in view.messages.value


def test_the_pdf_is_a_data_uri_link(state, monkeypatch):
    from widgets import plan as plan_view
    from widgets.delivery import pdf

    monkeypatch.setattr(pdf, "pdf_bytes", lambda html, name="document": b"%PDF-1.4 " + html[:20].encode())
    plan.add(smart_entry())
    view = plan_view.MyPlan()
    view.pdf_button.click()
    link = view.pdf_link.value
    assert 'download="my-action-plan.pdf"' in link and 'href="data:application/pdf;base64,' in link
    assert base64.b64decode(link.split("base64,")[1].split('"')[0]).startswith(b"%PDF-1.4 <!doctype html>")


def test_a_missing_chromium_is_named_by_the_printer(monkeypatch):
    from widgets.delivery import pdf

    monkeypatch.setenv("ALIGNED_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pdf.PrinterUnavailable, match="Chromium"):
        pdf.pdf_bytes("<p>x</p>")


def test_the_hub_shows_the_plan_and_progress_read_when_the_reader_arrives(state, monkeypatch):
    """In a kernel Voila warmed in advance (the hub's), the plan and the progress are read once
    somebody opens the page (Voila's `wait_for_request`), not at warm-up time: the learner added
    to the plan and finished a lesson in the meantime."""
    import voila.utils

    from widgets import progress as progress_view
    from widgets.core import progress
    from widgets.hub import PLAN_ANCHOR, hub, lessons_in_order
    from widgets.plan import MyPlan

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(progress_view, "_waited_for_reader", False)
    waits = []

    def the_reader_arrives(url=None):
        assert not waits, "a kernel waits for its reader once"
        waits.append(url)
        plan.add(smart_entry())  # added in a lesson's tab while the hub's kernel stood warm
        progress.record_check("smart-goals", {"o1": (2, 2)})

    monkeypatch.setattr(voila.utils, "wait_for_request", the_reader_arrives)
    page = hub()
    assert waits == [None]
    [view] = [child for child in page.children if isinstance(child, MyPlan)]
    heading = page.children[page.children.index(view) - 1]
    assert f"id='{PLAN_ANCHOR}'>My plan</h2>" in heading.value
    assert [e.title for e in view.current.entries] == ["SMART goal: waste"]
    assert "SMART goal: waste" in view.body.value and "1 entry" in view.intro.value
    [panel] = [child for child in page.children if isinstance(child, progress_view.ProgressPanel)]
    assert f"You have finished 1 of {len(lessons_in_order())} lessons and opened 1." in panel.result.value


def test_my_plan_alone_in_a_warm_kernel_waits_for_its_reader(state, monkeypatch):
    import voila.utils

    from widgets import progress as progress_view
    from widgets.plan import MyPlan

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(progress_view, "_waited_for_reader", False)
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda url=None: plan.add(smart_entry("sales")))
    assert [e.title for e in MyPlan().current.entries] == ["SMART goal: sales"]
