"""The printables: key-point cards, paper worksheets, the agendas' handouts, a feedback form, a
certificate and the facilitator run-sheets, as HTML from `widgets/templates/handout.html.j2`,
printed to A4 PDF by `widgets.delivery.pdf`.

Every word comes from where the kit keeps it: the lessons (key points, instructor notes, the
neuro-claims table), the content banks (`load_content`: statements, questions, scales, options)
and the agendas (clock times). A worksheet is a list of `Part`s the template knows how to draw:
prose, a list, a table (optionally with empty rows to fill), a rating grid, tick-box choices,
writing lines and form fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from markupsafe import Markup

from widgets.core.completion import CERTIFICATE_TITLE, COURSE
from widgets.core.content import load_content
from widgets.core.worksheet import load_worksheet
from widgets.delivery import agenda as agendas
from widgets.delivery.lesson import LessonNotebook, html, inline_html, lessons
from widgets.templating import render

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Part:
    kind: str  # html, list, table, rating, choice, lines, fields
    heading: str = ""
    text: Markup | str = ""  # an introduction (html: the whole part)
    items: tuple = ()  # list items; choice options; rating statements; field labels
    head: tuple = ()  # table columns; rating scale labels
    rows: tuple = ()  # table rows (tuples of cells)
    blank_rows: int = 0  # empty table rows to write in
    lines: int = 0  # writing lines after a prompt


@dataclass(frozen=True)
class Document:
    path: str  # relative to the output folder, without ".pdf"
    title: str
    subtitle: str = ""
    parts: tuple[Part, ...] = ()
    one_page: bool = False
    template: str = "handout.html.j2"
    landscape: bool = False
    context: dict = field(default_factory=dict)

    def html(self) -> str:
        return render(self.template, doc=self, **self.context)


def prompts(heading: str, questions, lines: int = 3) -> list[Part]:
    return [Part("lines", heading if i == 0 else "", text=inline_html(q), lines=lines) for i, q in enumerate(questions)]


# -- key-point cards ---------------------------------------------------------------------------------


def card(notebook: LessonNotebook) -> Document:
    lesson = notebook.lesson
    return Document(
        f"cards/{lesson.level}-{notebook.slug}",
        lesson.title,
        notebook.meta_line,
        (
            Part("list", "Key points", items=tuple(inline_html(p) for p in notebook.key_points())),
            Part("list", "After this lesson you can", items=tuple(inline_html(o) for o in lesson.objectives)),
        ),
        one_page=True,
    )


# -- worksheets: one per activity, from its bank -----------------------------------------------------


def _scale_grid(heading, statements, scale, intro=""):
    return Part("rating", heading, text=intro, items=tuple(statements), head=tuple(scale))


def ws_culture():
    bank = load_content("culture")
    parts = [
        Part(
            "html",
            text=html(
                "Share **100 points** among the four statements of each question: more points for "
                "the statement that describes your organization better. Fill in **Now** (how it "
                "is today) and **Preferred** (how it should be in two to three years)."
            ),
        )
    ]
    for key, prompt in bank["prompts"].items():
        rows = tuple(
            (bank["type_guide"][kind]["label"], text, "", "") for kind, text in bank["statements"][key].items()
        )
        parts.append(
            Part(
                "table",
                prompt,
                head=("Type", "Statement", "Now", "Preferred"),
                rows=rows + (("", "Total", "100", "100"),),
            )
        )
    return "Culture profile: Now and Preferred", parts


def ws_team_culture():
    guide = load_content("culture")["type_guide"]
    rows = tuple((g["label"], g["verb"], g["strengths"], g["misalignment_risk"]) for g in guide.values())
    return "Team culture explorer", [
        Part("table", "The four types", head=("Type", "Verb", "Strengths", "Risk"), rows=rows),
        Part(
            "table",
            "Team profiles (points out of 100; copy them from the team's results)",
            head=("Team", "Members", *(g["label"] + " now / preferred" for g in guide.values())),
            blank_rows=6,
        ),
        *prompts(
            "Questions",
            [
                "Which two teams differ most, and on which type?",
                "Which gap between Now and Preferred is worth a conversation first, and why?",
                "Which team is not shown, and why must it stay hidden?",
            ],
        ),
    ]


def ws_bakery():
    bank = load_content("bakery_case")
    roles = tuple((r["label"], r["job"]) for r in bank["roles"].values())
    metrics = tuple((m["label"], m["explanation"]) for m in bank["metrics"].values())
    return "Bakery case analysis", [
        Part("table", "The three roles", head=("Role", "What they do"), rows=roles),
        Part("table", "The measures in the case", head=("Measure", "What it counts"), rows=metrics),
        Part(
            "table",
            "Periods of misalignment you found",
            head=("From", "To", "Measure that shows it", "Role behind it", "Estimated cost"),
            blank_rows=4,
        ),
        *prompts("Questions", ["What do the periods have in common?", "What would have prevented them?"]),
    ]


def ws_purpose_trust():
    bank = load_content("purpose_trust")
    h = bank["value_rule_headings"]
    example = bank["value_rules"][0]
    return "Values as decision rules; a ten-minute huddle", [
        Part("table", "An example rule", head=tuple(h.values()), rows=(tuple(example[k] for k in h),)),
        Part("table", 'Rewrite two of your values as "X over Y" rules', head=tuple(h.values()), blank_rows=2),
        Part(
            "table",
            "The example huddle agenda",
            head=("Minutes", "Topic", "Prompt"),
            rows=tuple((a["minutes"], a["topic"], a["prompt"]) for a in bank["huddle_agenda"]),
        ),
        Part("table", "Your huddle agenda (ten minutes)", head=("Minutes", "Topic", "What is said"), blank_rows=5),
    ]


def ws_pitfalls():
    bank = load_content("pitfalls")
    labels = [p["label"] for p in bank["pitfalls"].values()]
    parts = [
        Part(
            "html",
            text=html(
                "Read each scenario and tick the **one** pitfall it shows most clearly. "
                "Write a first remedy underneath."
            ),
        )
    ]
    for i, s in enumerate(bank["scenarios"], 1):
        parts.append(
            Part("choice", f"{i}. {s['title']} ({s['setting']})", text=s["text"], items=tuple(labels), lines=1)
        )
    return "Pitfall spotter", parts


def ws_smart():
    criteria = load_content("smart")["criteria"]
    return "SMART goal builder", [
        Part(
            "fields",
            "Your goal, part by part",
            items=(
                "Action: what will be done",
                "Metric and unit",
                "Baseline (today's value)",
                "Target",
                "Owner (one person)",
                "Resources",
                "Deadline",
                "Why it matters",
            ),
        ),
        Part(
            "table",
            "Check each letter",
            head=("Letter", "Criterion", "Met?", "What is missing"),
            rows=tuple((c["letter"], c["name"], "☐ yes ☐ no", "") for c in criteria),
        ),
        Part("lines", "Your goal as one sentence", lines=3),
    ]


def ws_components():
    bank = load_content("components")
    rows = tuple((c["label"], c["question"], c["low"], c["high"], "", "") for c in bank["components"].values())
    return "Five-component self-assessment", [
        Part("list", "The scale (1 to 5)", items=tuple(f"{i}: {label}" for i, label in enumerate(bank["scale"], 1))),
        Part(
            "table",
            "Rate each component today and where it must be in a year",
            head=("Component", "Question", "At 1", "At 5", "Today", "In a year"),
            rows=rows,
        ),
        *prompts(
            "Your map",
            [
                "Which component is your weakest link (the lowest today)?",
                "Which components depend on it?",
                "Your first step, this month:",
            ],
        ),
    ]


def ws_coffee():
    traits = load_content("coffee")["traits"]
    return "Coffee-shop comparison", [
        Part(
            "table",
            "Four traits",
            head=("Trait", "Opposite", "What it means"),
            rows=tuple((t["label"], t["opposite"], t["definition"]) for t in traits),
        ),
        Part(
            "table",
            "Which trait explains which difference?",
            head=("Difference between the shops", "Trait", "Evidence you would look for"),
            blank_rows=5,
        ),
        *prompts("The challenge", ["A correlation is not a cause: what else could explain the difference you chose?"]),
    ]


def ws_survey():
    bank = load_content("survey")
    return "Engagement survey", [
        _scale_grid("Rate each statement", bank["items"].values(), bank["answer_labels"]),
        Part(
            "html",
            "eNPS",
            text=html(
                "How likely are you to recommend this company as a place to work? 0 1 2 3 4 5 6 7 8 9 10 (circle one)"
            ),
        ),
        *prompts(
            "Analysing the results", ["Which team has the weakest trait?", "Which groups must stay hidden, and why?"]
        ),
    ]


def ws_turnover():
    labels = load_content("turnover")["field_labels"]
    return "Turnover calculator", [
        Part(
            "table",
            "One team, month by month",
            head=(
                "Month",
                *(label.capitalize() for label in labels.values()),
                "Turnover % = separations / average headcount x 100",
            ),
            blank_rows=12,
        ),
        *prompts("Reading it", ["Annual turnover, and how you annualized it:", "Voluntary against involuntary:"]),
    ]


def ws_coding():
    bank = load_content("coding")
    tags = list(bank["codebook"])
    return "Qualitative coding", [
        Part(
            "table",
            "The codebook",
            head=("Code", "Definition", "Not this"),
            rows=tuple((t.replace("_", " "), e["definition"], e["not_this"]) for t, e in bank["codebook"].items()),
        ),
        Part(
            "table",
            "Code each comment (tick every code that applies)",
            head=("Comment", *(t.replace("_", " ") for t in tags)),
            rows=tuple((c["comment"], *("☐" for _ in tags)) for c in bank["reference_coding"][:12]),
        ),
    ]


def ws_implementation():
    bank = load_content("implementation")
    answers = " ".join(f"☐ {a}" for a in bank["answer_labels"].values())
    return "Implementation readiness check", [
        Part("fields", "Your change", items=("The change", "Who it affects", "Start date")),
        Part(
            "table",
            "The checklist",
            head=("Area", "Question", "Answer"),
            rows=tuple((bank["area_labels"][c["area"]], c["question"], answers) for c in bank["checklist"]),
        ),
        *prompts("Rewarding A while hoping for B", ["What does your change reward, and what do you hope for?"]),
    ]


def ws_growth():
    parts = [
        Part("choice", q["title"], text=q["text"], items=tuple(o["label"] for o in q["options"]))
        for q in load_content("growth")["questions"]
    ]
    return "Growth-phase diagnostic", [*parts, *prompts("Your reading", ["Your phase and the crisis it brings:"])]


def ws_metrics():
    categories = load_content("metrics")["categories"]
    return "Metric builder: your scorecard", [
        Part(
            "table",
            "The five categories",
            head=("Category", "Question"),
            rows=tuple((c["label"], c["question"]) for c in categories),
        ),
        Part(
            "table",
            "Your KPIs (at least one per category)",
            head=("Category", "KPI", "Formula", "Target", "Leading or lagging", "Owner"),
            blank_rows=7,
        ),
    ]


def ws_digital():
    guide = load_content("digital")["guide"]
    return "Digital alignment assessment", [
        Part(
            "table",
            "Rate each dimension from 1 to 5",
            head=("Dimension", "Question", "At 1", "At 5", "Rating"),
            rows=tuple((g["label"], g["question"], g["low"], g["high"], "") for g in guide),
        ),
        *prompts("Your moves", ["Your weakest dimension, and its first step:", "The two moves with most leverage:"]),
    ]


def ws_dynamism():
    from widgets.core import dynamism

    items = load_content("dynamism")["items"]
    parts = [Part("choice", i["label"], text=i["question"], items=tuple(i["anchors"])) for i in items]
    parts.append(
        Part(
            "table",
            "How often do you review each part today?",
            head=("Part", *(f.label for f in dynamism.FREQUENCIES)),
            rows=tuple((p.label, *("☐" for _ in dynamism.FREQUENCIES)) for p in dynamism.PARTS),
        )
    )
    return "Alignment rhythm check", parts


def ws_ethics():
    bank = load_content("ethics")
    d = bank["dilemmas"][0]
    scale = bank["score_labels"]
    values = [bank[v] if isinstance(v, str) else v for v in d["values"]]  # a name refers to a shared value
    return "Ethical decision canvas", [
        Part("html", d["title"], text=html(d["story"] + "\n\n**" + d["question"] + "**")),
        Part(
            "table",
            "Options",
            head=("Option", "What it means"),
            rows=tuple((o["name"], o["description"]) for o in d["options"]),
        ),
        Part(
            "table",
            "Stated values and their rules",
            head=("Value", "Rule"),
            rows=tuple((v["name"], v["rule"]) for v in values),
        ),
        Part("list", "Scores from -3 to +3", items=tuple(f"{n - 3:+d}: {label}" for n, label in enumerate(scale))),
        Part(
            "table",
            "The trade-off matrix",
            head=("Stakeholder", *(o["name"] for o in d["options"])),
            rows=tuple((s["name"], *("" for _ in d["options"])) for s in d["stakeholders"]),
        ),
        *prompts("Your decision", ["Which options break a stated value?", "Your choice and why:"]),
    ]


def ws_cross_border():
    dims = load_content("cross_border")["dimensions"]
    return "Cross-border comparator", [
        Part("fields", "Two countries your team works across", items=("First country", "Second country")),
        Part(
            "table",
            "Scores and gaps (0 to 100; from the lesson's table)",
            head=("Dimension", "Low pole", "High pole", "First", "Second", "Gap"),
            rows=tuple((d["label"], d["low_pole"], d["high_pole"], "", "", "") for d in dims),
        ),
        *prompts("What to adapt", [f"{a}:" for a in load_content("cross_border")["areas"].values()], lines=2),
    ]


def ws_mental_models():
    example = load_content("mental_models")["example"]
    return "Mental-model alignment check", [
        Part(
            "table",
            "Rank the priorities (1 = most important); one column per group member",
            head=("Priority", "A", "B", "C", "D", "E", "F"),
            rows=tuple((p, "", "", "", "", "", "") for p in example["priorities"]),
        ),
        *prompts("Debrief", ["Where do you disagree most?", "What would make your picture more shared?"]),
    ]


WORKSHEETS: dict[str, Callable[[], tuple[str, list[Part]]]] = {
    "ArchetypeQuiz": ws_culture,
    "TeamCultureExplorer": ws_team_culture,
    "BakeryCaseAnalysis": ws_bakery,
    "PitfallSpotter": ws_pitfalls,
    "SmartGoalBuilder": ws_smart,
    "ComponentAssessment": ws_components,
    "CoffeeShopComparison": ws_coffee,
    "SurveyAnalyser": ws_survey,
    "TurnoverCalculator": ws_turnover,
    "QualitativeCoding": ws_coding,
    "GrowthDiagnostic": ws_growth,
    "MetricBuilder": ws_metrics,
    "DigitalAlignmentAssessment": ws_digital,
    "AlignmentRhythmCheck": ws_dynamism,
    "EthicalDecisionCanvas": ws_ethics,
    "CrossBorderComparator": ws_cross_border,
    "MentalModelCheck": ws_mental_models,
}
# Lessons whose activity is not a widget: the activity cell is text and a checklist.
PAPER_ACTIVITIES = {
    "purpose-values-trust": ("ValuesAndHuddle", ws_purpose_trust),
    "implementing-alignment": ("ImplementationReadiness", ws_implementation),
}


# A lesson cell that shows a structured worksheet from its bank, e.g. `Worksheet("value-stream")`.
STRUCTURED_CALL = re.compile(r'^\s*Worksheet\("([a-z0-9-]+)"\)\s*$', re.M)


def ws_structured(name: str) -> tuple[str, list[Part]]:
    """The paper version of a structured worksheet (`content/worksheets/<name>.yaml`): its
    fields as writing lines, tick-box choices and tables with empty rows; no checks (they stay
    on screen)."""
    sheet = load_worksheet(name)
    intro = Markup("<p><strong>Practises:</strong> {}</p><p>{}</p>").format(sheet.objective, sheet.intro)
    parts = [Part("html", text=intro)]
    for item in sheet.fields:
        label = item.label + (f" ({item.unit})" if item.unit else "")
        if item.kind == "choice":
            parts.append(Part("choice", label, items=item.options))
        elif item.kind == "rows":
            parts.append(Part("table", label, text=item.help, head=tuple(c.label for c in item.columns),
                              blank_rows=max(item.start_rows, item.min_rows)))
        else:
            parts.append(Part("lines", label, text=item.help, lines=3 if item.kind == "long_text" else 1))
    return sheet.title, parts


def worksheets(notebooks: list[LessonNotebook]) -> list[Document]:
    found = []
    for notebook in notebooks:
        activities = [(name, WORKSHEETS[name]) for name in notebook.activities()]
        if notebook.slug in PAPER_ACTIVITIES:
            activities.append(PAPER_ACTIVITIES[notebook.slug])
        for cell in notebook.cells:
            if cell.kind == "code":
                found_here = STRUCTURED_CALL.findall(cell.text)
                activities += [(f"Worksheet-{n}", partial(ws_structured, n)) for n in found_here]
        for name, builder in activities:
            title, parts = builder()
            found.append(
                Document(
                    f"worksheets/{notebook.lesson.level}-{notebook.slug}-{_kebab(name)}",
                    f"Worksheet: {title}",
                    f"{notebook.lesson.title} · name: ____________________",
                    tuple(parts),
                )
            )
    return found


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


# -- the agendas' handouts ---------------------------------------------------------------------------


def pitfall_guide() -> Document:
    parts = []
    for p in load_content("pitfalls")["pitfalls"].values():
        parts += [
            Part("html", p["label"], text=html(f"{p['summary']}\n\n**The telltale question:** {p['telltale']}")),
            Part(
                "table",
                head=("Symptoms", "Causes", "Remedies"),
                rows=(
                    (
                        Markup("<br>").join(p["symptoms"]),
                        Markup("<br>").join(p["causes"]),
                        Markup("<br>").join(p["remedies"]),
                    ),
                ),
            ),
        ]
    return Document("guides/pitfall-guide", "The pitfall guide", "Steps and pitfalls · Fundamentals", tuple(parts))


def smart_checklist(by_slug: dict[str, LessonNotebook]) -> Document:
    bank = load_content("smart")
    lesson = by_slug["smart-goals"]
    table = [block for block in lesson.section("Where SMART comes from").split("\n\n") if block.startswith("| Letter")]
    return Document(
        "guides/smart-checklist",
        "The SMART checklist",
        "SMART goals · Fundamentals",
        (
            Part("html", "Doran's five criteria (1981)", text=html(table[0]) if table else ""),
            Part(
                "table",
                "Check a goal",
                head=("", "Question", "Yes / no"),
                rows=tuple((c["letter"], f"Is the goal {c['name'].lower()}?", "☐ ☐") for c in bank["criteria"]),
            ),
            Part("list", "Words that signal a vague goal", items=tuple(str(t) for t in bank["vague_terms"][:20])),
        ),
    )


def neuro_claims(by_slug: dict[str, LessonNotebook]) -> Document:
    text = by_slug["shared-mental-models"].section("Neuro-cultural claims, read critically")
    return Document(
        "guides/neuro-claims-evidence-table",
        "Neuro-cultural claims: the evidence table",
        "Shared mental models · Advanced",
        (Part("html", text=html(text)),),
        landscape=True,
    )


def model_crosswalk() -> Document:
    from widgets.core import dynamism

    def table(frame, heading):
        return Part(
            "table",
            heading,
            head=tuple(str(c) for c in frame.columns),
            rows=tuple(tuple(str(v) for v in row) for row in frame.itertuples(index=False)),
        )

    return Document(
        "guides/model-crosswalk",
        "Alignment models: the crosswalk",
        "Dynamic alignment · Advanced",
        (
            table(dynamism.crosswalk(), "Four alignment models, one set of questions"),
            table(dynamism.model_profiles(), "What each model adds, what it misses"),
        ),
        landscape=True,
    )


# -- forms -------------------------------------------------------------------------------------------

SCALE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")


def feedback_form() -> Document:
    return Document(
        "feedback-form",
        "Participant feedback",
        "Anonymous: please do not write your name",
        (
            Part("fields", items=("Workshop and date",)),
            _scale_grid(
                "How far do you agree?",
                [
                    "The workshop met its stated objectives.",
                    "The content applies to my own organization.",
                    "The activities helped me apply the ideas.",
                    "The pace and length were right.",
                    "The trainer explained things clearly.",
                    "I know the first step I will take.",
                ],
                SCALE,
            ),
            *prompts(
                "In your own words",
                [
                    "What was most useful?",
                    "What should we change or drop?",
                    "Your first step, and when you will take it:",
                ],
                lines=3,
            ),
        ),
        one_page=True,
    )


def certificate() -> Document:
    """The trainer's blank certificate; a self-learner's is the same template, filled in
    (`widgets/completion.py`), with the same title and course name."""
    return Document(
        "certificate",
        CERTIFICATE_TITLE,
        COURSE,
        template="certificate.html.j2",
        landscape=True,
        one_page=True,
        context={"levels": ["Fundamentals", "Intermediate", "Advanced"]},
    )


# -- facilitator run-sheets --------------------------------------------------------------------------


def _clock(start: str, minutes: int) -> str:
    return (datetime.strptime(start, "%H:%M") + timedelta(minutes=minutes)).strftime("%H:%M")


def run_sheet(plan: agendas.Agenda, by_path: dict[str, LessonNotebook]) -> Document:
    schedule = tuple((b.start, b.minutes if b.minutes is not None else "", b.title, b.format) for b in plan.blocks)
    parts = [Part("table", "The day", head=("Start", "Minutes", "Block", "Format"), rows=schedule)]
    for block in plan.blocks:
        if block.lesson is None:
            continue
        notebook = by_path[block.lesson]
        end = _clock(block.start, block.minutes or 0)
        parts.append(
            Part(
                "html",
                f"{block.start}–{end} · {notebook.lesson.title}",
                text=Markup("").join(html(note) for note in notebook.instructor_notes()),
            )
        )
    return Document(
        f"run-sheets/{plan.slug}",
        f"Facilitator run-sheet: {plan.title}",
        "The instructor notes of each lesson, in teaching order, with the agenda's clock times",
        tuple(parts),
    )


# -- all of them -------------------------------------------------------------------------------------


def documents(only: list[str] | None = None) -> list[Document]:
    """Every printable; `only` keeps the lessons with those stems (cards, worksheets) and the rest."""
    notebooks = lessons()
    by_slug = {nb.slug: nb for nb in notebooks}
    by_path = {nb.lesson.path: nb for nb in notebooks}
    chosen = [nb for nb in notebooks if only is None or nb.slug in only]
    docs = [card(nb) for nb in chosen] + worksheets(chosen)
    docs += [
        pitfall_guide(),
        smart_checklist(by_slug),
        neuro_claims(by_slug),
        model_crosswalk(),
        feedback_form(),
        certificate(),
    ]
    docs += [
        run_sheet(plan, by_path)
        for level in ("fundamentals", "intermediate", "advanced")
        for plan in agendas.read(level)
    ]
    return docs


def build(out: Path, only: list[str] | None = None) -> list[Path]:
    from widgets.delivery import pdf

    docs = documents(only)
    return pdf.print_all([(doc.path, doc.html(), doc.one_page, doc.landscape) for doc in docs], out)
