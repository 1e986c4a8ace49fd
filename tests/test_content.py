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

from widgets.core.content import CONTENT_DIR, QUICK_KEYWORDS, ContentError, load_content, quick_check

BANKS = sorted(path.stem for path in CONTENT_DIR.glob("*.yaml"))


def schema_of(name: str) -> dict:
    return json.loads((CONTENT_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


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
            "implementation", "cross_border", "digital", "ethics",
            "coffee"} <= set(BANKS)
    schemas = {path.name.removesuffix(".schema.json") for path in CONTENT_DIR.glob("*.schema.json")}
    assert schemas == set(BANKS), "every bank has a schema and every schema a bank"


@pytest.mark.parametrize("name", BANKS)
def test_every_bank_matches_its_schema(name):
    schema = schema_of(name)
    Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((CONTENT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert load_content(name) == data


@pytest.mark.parametrize("name", BANKS)
def test_the_quick_check_understands_every_schema(name):
    # The load-time check skips jsonschema (a lean kernel): it must know every keyword in use,
    # and agree with jsonschema on the bank.
    schema = schema_of(name)
    assert keywords(schema) - QUICK_KEYWORDS == set()
    data = yaml.safe_load((CONTENT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
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
        coding,
        coffee,
        cross_border,
        culture,
        digital,
        dynamism,
        ethics,
        growth,
        implementation,
        metrics,
        pitfalls,
        smart,
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


def test_a_bank_is_read_once():
    assert load_content("culture") is load_content("culture")


def test_banks_ship_as_package_data():
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert "core/content/*" in pyproject["tool"]["setuptools"]["package-data"]["widgets"]
