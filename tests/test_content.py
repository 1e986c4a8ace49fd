"""Content banks (widgets/core/content/): every bank matches its schema, and a broken one says where.

The logic modules' constants built from the banks are checked by each activity's own tests
(test_culture.py, test_pitfalls.py, test_metrics.py, test_coding.py, test_dynamism.py, test_smart.py,
...); the round-trip test here only makes sure each module reads its bank rather than a copy of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from widgets.core.content import (
    CONTENT_DIR,
    QUICK_KEYWORDS,
    ContentError,
    bank_path,
    load_content,
    quick_check,
    schema_path,
)

# Banks of a group share the group's schema: knowledge/<lesson>.yaml against knowledge.schema.json,
# worksheets/<name>.yaml against worksheets.schema.json.
GROUPS = ("knowledge", "worksheets")
BANKS = sorted([path.stem for path in CONTENT_DIR.glob("*.yaml")]
               + [f"{group}/{path.stem}" for group in GROUPS for path in (CONTENT_DIR / group).glob("*.yaml")])


def schema_of(name: str) -> dict:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def keywords(schema) -> set[str]:
    """Every keyword used anywhere in a schema (property names are not keywords)."""
    found = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    found |= keywords(sub)
            elif key not in ("enum", "const", "required"):
                found |= keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= keywords(item)
    return found


def test_the_banks_are_found():
    assert {"culture", "pitfalls", "metrics", "coding", "dynamism", "smart", "growth",
            "implementation", "cross_border", "digital", "ethics", "coffee", "components",
            "mental_models", "survey", "turnover", "bakery_case", "selfcheck",
            "purpose_trust", "live"} <= set(BANKS)
    schemas = {path.name.removesuffix(".schema.json") for path in CONTENT_DIR.glob("*.schema.json")}
    assert schemas == {name.split("/")[0] for name in BANKS}, "every bank has a schema and every schema a bank"
    assert {path.name for path in CONTENT_DIR.iterdir() if path.is_dir() and path.name != "__pycache__"} == set(GROUPS)


@pytest.mark.parametrize("name", BANKS)
def test_every_bank_matches_its_schema(name):
    schema = schema_of(name)
    Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert load_content(name) == data


@pytest.mark.parametrize("name", BANKS)
def test_the_quick_check_understands_every_schema(name):
    # The load-time check skips jsonschema (a lean kernel): it must know every keyword in use,
    # and agree with jsonschema on the bank.
    schema = schema_of(name)
    assert keywords(schema) - QUICK_KEYWORDS == set()
    data = yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))
    assert quick_check(data, schema, schema) is True


@pytest.fixture
def broken_pitfalls(tmp_path):
    """A copy of the pitfalls bank in tmp_path; returns a function that edits it and loads it."""
    shutil.copy(CONTENT_DIR / "pitfalls.schema.json", tmp_path)
    original = (CONTENT_DIR / "pitfalls.yaml").read_text(encoding="utf-8")

    def load(old: str, new: str) -> str:
        assert old in original
        (tmp_path / "pitfalls.yaml").write_text(original.replace(old, new, 1), encoding="utf-8")
        load_content.cache_clear()
        try:
            with pytest.raises(ContentError) as caught:
                load_content("pitfalls", tmp_path)
        finally:
            load_content.cache_clear()
        return str(caught.value)

    return load


def test_a_missing_field_names_file_place_and_problem(broken_pitfalls, tmp_path):
    message = broken_pitfalls("    label: Micromanagement\n", "")
    assert message == (
        f"{tmp_path / 'pitfalls.yaml'}, at pitfalls > micromanagement: 'label' is a required property."
    )


def test_a_wrong_type_is_one_readable_sentence(broken_pitfalls):
    summary = "    summary: Leaders control how capable people do work those people could own.\n"
    message = broken_pitfalls(summary, "    summary: [Leaders control, capable people]\n")
    assert message.endswith(", at pitfalls > micromanagement > summary: expected a text, found a list of 2 items.")
    assert "\n" not in message and "Traceback" not in message and len(message) < 300


def test_an_unknown_key_in_a_list_item_is_located(broken_pitfalls):
    message = broken_pitfalls("    pitfall: micromanagement\n", "    pitfall: micromanagment\n")
    assert ", at scenarios > item 1 > pitfall: 'micromanagment' is not one of [" in message


def test_an_unexpected_key_is_named(broken_pitfalls):
    message = broken_pitfalls("worked_scenario:\n", "worked_scenario:\n  - one\n  - two\n  - three\nignored:\n")
    assert "at the top level: Additional properties are not allowed ('ignored' was unexpected)" in message


def test_a_yaml_syntax_error_gives_line_and_column(broken_pitfalls):
    message = broken_pitfalls("pitfalls:\n", "pitfalls: [\n")
    assert "pitfalls.yaml, at line " in message and ", column " in message


def broken_copy_message(name: str, folder: Path, change) -> str:
    """The ContentError of bank `name` copied to `folder` after `change(data)` edited it."""
    shutil.copy(schema_path(name), folder)
    data = yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))
    change(data)
    bank_path(name, folder).parent.mkdir(parents=True, exist_ok=True)
    bank_path(name, folder).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_content.cache_clear()
    try:
        with pytest.raises(ContentError) as caught:
            load_content(name, folder)
    finally:
        load_content.cache_clear()
    return str(caught.value)


@pytest.mark.parametrize("name", BANKS)
def test_every_bank_with_a_missing_part_stops_with_one_sentence(name, tmp_path):
    # A broken copy of each bank (its first required part left out) gives the friendly
    # message: file, place and problem in one line, no traceback.
    part = schema_of(name)["required"][0]
    message = broken_copy_message(name, tmp_path, lambda data: data.pop(part))
    assert message == f"{bank_path(name, tmp_path)}, at the top level: '{part}' is a required property."


@pytest.mark.parametrize("name", BANKS)
def test_every_bank_refuses_a_wrong_type(name, tmp_path):
    # Every part of every bank has a type: a number where the part should be is refused.
    part = schema_of(name)["required"][-1]
    message = broken_copy_message(name, tmp_path, lambda data: data.update({part: 12345}))
    assert message.startswith(f"{bank_path(name, tmp_path)}, at {part}: ")
    assert "\n" not in message and "Traceback" not in message


def test_a_missing_bank_is_named(tmp_path):
    with pytest.raises(ContentError, match=r"nothing\.yaml: cannot be read"):
        load_content("nothing", tmp_path)


def test_the_quick_check_refuses_what_jsonschema_refuses():
    schema = schema_of("dynamism")
    good = load_content("dynamism")
    assert quick_check(good, schema, schema)
    for change in (
        lambda d: d["items"][0].update(weight=True),  # true is not 1
        lambda d: d["items"][0].update(anchors=d["items"][0]["anchors"][:4]),
        lambda d: d["items"][0].update(key="Not a key"),
        lambda d: d["items"][0].update(extra="text"),
        lambda d: d["items"][0].pop("question"),
        lambda d: d["items"][0].update(label=""),
    ):
        data = json.loads(json.dumps(good))
        change(data)
        assert not quick_check(data, schema, schema)
        assert list(Draft202012Validator(schema).iter_errors(data)) != []


def test_the_modules_read_their_banks():
    from widgets.core import (
        bakery_case,
        coding,
        coffee,
        components,
        cross_border,
        culture,
        digital,
        dynamism,
        ethics,
        evaluation,
        growth,
        implementation,
        mental_models,
        metrics,
        pitfalls,
        purpose_trust,
        selfcheck,
        sessions,
        smart,
        survey,
        turnover,
    )

    culture_bank = load_content("culture")
    assert culture.STATEMENTS["organization_glue"]["clan"] == culture_bank["statements"]["organization_glue"]["clan"]
    assert culture.TYPE_GUIDE["market"].verb == culture_bank["type_guide"]["market"]["verb"]
    assert pitfalls.PITFALL_GUIDE["micromanagement"].symptoms == tuple(
        load_content("pitfalls")["pitfalls"]["micromanagement"]["symptoms"])
    assert [kpi.key for kpi in metrics.CATALOGUE] == [entry["key"] for entry in load_content("metrics")["catalogue"]]
    assert coding.CODEBOOK["none"].example == load_content("coding")["codebook"]["none"]["example"]
    assert dynamism.ITEMS[0].anchors[5] == load_content("dynamism")["items"][0]["anchors"][4]
    smart_bank = load_content("smart")
    assert smart.VAGUE_TERMS[0][1] == smart_bank["vague_terms"][0]["hint"]
    assert smart.EXAMPLES[-1].better.owner == smart_bank["examples"][-1]["better"]["owner"]
    growth_bank = load_content("growth")
    assert growth.PHASES[3].moves[0] == growth_bank["phases"][2]["moves"][0]
    assert growth.QUESTIONS[-1].options[0].label == growth_bank["questions"][-1]["options"][0]["label"]
    implementation_bank = load_content("implementation")
    assert implementation.CHECKLIST[0].fix == implementation_bank["checklist"][0]["fix"]
    assert implementation.ROTA_CASE["feedback_loop"][1] == implementation_bank["rota_case"]["feedback_loop"]["evidence"]
    cross_border_bank = load_content("cross_border")
    assert cross_border.DIMENSIONS["indulgence"].meaning == cross_border_bank["dimensions"][-1]["meaning"]
    assert cross_border.RULES[-1].practice == cross_border_bank["rules"][-1]["practice"]
    assert digital.GUIDE["process"].first_step == load_content("digital")["guide"][3]["first_step"]
    assert digital.LEVERAGE_RULE == load_content("digital")["leverage_rule"]
    ethics_bank = load_content("ethics")
    assert ethics.BAKERY.story == ethics_bank["dilemmas"][1]["story"]
    assert ethics.OWN.values[-1] is ethics.NO_SERIOUS_HARM
    assert ethics.NO_SERIOUS_HARM.rule == ethics_bank["no_serious_harm"]["rule"]
    coffee_bank = load_content("coffee")
    assert coffee.SCHEIN_LEVELS[2].corner_grind == coffee_bank["schein_levels"][2]["corner_grind"]
    assert coffee.TRAITS["transparency"].survey_theme == coffee_bank["traits"][1]["survey_theme"]
    assert coffee.MECHANISMS["accountability"]["money"] == coffee_bank["mechanisms"]["accountability"]["money"]
    assert coffee.CONFOUNDERS["money"] == tuple(coffee_bank["confounders"]["money"])
    assert coffee.EVIDENCE["service"] == coffee_bank["evidence"]["service"]
    assert coffee.METRICS["revenue"].explanation == coffee_bank["metrics"]["revenue"]["explanation"]
    assert coffee.KIND_TITLES["reverse"] == coffee_bank["kind_titles"]["reverse"]
    assert coffee.CONFIDENCE[5] == f"5: {coffee_bank['confidence'][4]}"
    assert growth.SIXTH_PHASE == growth_bank["sixth_phase"]
    assert growth.STATUS_LABELS["mixed"] == growth_bank["status_labels"]["mixed"]
    assert growth.QUOTE_STREAM[2].hours == growth_bank["quote_stream"][2]["hours"]
    assert digital.MEDIAN_REASON == load_content("digital")["median_reason"]
    assert digital.MEASURES["spread"] == load_content("digital")["measures"]["spread"]
    assert digital.PATTERN_RULE.startswith(load_content("digital")["pattern_rule"].split("{")[0])
    assert cross_border.AREAS["goals"] == cross_border_bank["areas"]["goals"]
    assert cross_border.BANDS["large"].meaning == cross_border_bank["bands"]["large"]["meaning"]
    assert cross_border.HEDGES == tuple(cross_border_bank["hedges"])
    assert ethics.SCORE_LABELS[-3] == ethics_bank["score_labels"][0]
    assert ethics.SALIENCE_CLASSES[3] == ethics_bank["salience_classes"][3]
    assert implementation.AREA_LABELS["sustain"] == implementation_bank["area_labels"]["sustain"]
    assert smart.CRITERIA[-1] == (smart_bank["criteria"][-1]["letter"], smart_bank["criteria"][-1]["name"])
    components_bank = load_content("components")
    assert components.SCALE[5] == components_bank["scale"][4]
    assert components.COMPONENT_GUIDE["people"].low == components_bank["components"]["people"]["low"]
    assert components.FIRST_STEPS["technology"][1][1] == components_bank["first_steps"]["technology"][1]["step"]
    assert components.EXAMPLE_STORY == components_bank["example"]["story"]
    mental_models_bank = load_content("mental_models")
    assert mental_models.BANDS[2].meaning == mental_models_bank["bands"]["moderate"]["meaning"]
    assert mental_models.EXAMPLE_TEAM[-1][1] == mental_models_bank["example"]["team"][-1]["ranking"]
    survey_bank = load_content("survey")
    assert survey.ITEMS["transp_2"] == survey_bank["items"]["transp_2"]
    assert survey.ANSWER_LABELS[3] == survey_bank["answer_labels"][2]
    assert survey.REASON_SMALL == survey_bank["hidden_because"]["small"]
    turnover_bank = load_content("turnover")
    assert turnover.BENCHMARKS["retail"].high == turnover_bank["benchmarks"][2]["high"]
    assert turnover.SEASONAL_EXAMPLE[4]["hires"] == turnover_bank["seasonal_example"]["months"][4]["hires"]
    bakery_bank = load_content("bakery_case")
    assert bakery_case.EPISODES[1].how_fixed == bakery_bank["episodes"][1]["how_fixed"]
    assert bakery_case.METRICS["on_time"].explanation == bakery_bank["metrics"]["on_time"]["explanation"]
    assert list(bakery_case.PHASES) == bakery_bank["phases"]
    purpose_bank = load_content("purpose_trust")
    assert purpose_trust.HUDDLE_AGENDA[2].prompt == purpose_bank["huddle_agenda"][2]["prompt"]
    assert purpose_trust.BAKERY_VALUE_RULES[0].it_costs == purpose_bank["value_rules"][0]["it_costs"]
    live_bank = load_content("live")
    assert sessions.PULSE_ITEMS["voice"] == live_bank["pulse"]["voice"]
    assert evaluation.RATINGS["confidence"][1][4] == live_bank["reaction"]["ratings"]["confidence"]["labels"][3]
    assert evaluation.RECOMMEND[1][10] == live_bank["reaction"]["recommend"]["high"]
    assert evaluation.TEXTS["change"] == live_bank["reaction"]["texts"]["change"]
    report = selfcheck.Report("fundamentals", "q1", "", problem="x")
    assert report.headline == load_content("selfcheck")["report"]["not_checked"].format(name="q1")


def test_a_bank_is_read_once():
    assert load_content("culture") is load_content("culture")


def test_banks_ship_as_package_data():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    shipped = pyproject["tool"]["setuptools"]["package-data"]["widgets"]
    assert "core/content/*" in shipped
    assert all(f"core/content/{group}/*" in shipped for group in GROUPS)


def test_a_grouped_bank_is_checked_against_its_groups_schema(tmp_path):
    assert bank_path("knowledge/smart-goals") == CONTENT_DIR / "knowledge" / "smart-goals.yaml"
    assert schema_path("knowledge/smart-goals") == CONTENT_DIR / "knowledge.schema.json"
    assert schema_path("culture") == CONTENT_DIR / "culture.schema.json"
    message = broken_copy_message("knowledge/smart-goals", tmp_path,
                                  lambda data: data["questions"][0]["options"][0].update(rank=1))
    where = "at questions > item 1 > options > item 1"
    assert message.startswith(f"{tmp_path / 'knowledge' / 'smart-goals.yaml'}, {where}")
    assert "('rank' was unexpected)" in message


@pytest.mark.parametrize("name", ["../culture", "knowledge/../../x", "Culture", "a/b/c", ""])
def test_a_bank_name_cannot_leave_the_content_folder(name):
    with pytest.raises(ContentError, match="is not the name of a content bank"):
        load_content(name)
