"""The kite chart: CVF layout, line styles, palette and text alternative."""

import json

import altair as alt
import pytest
import vl_convert

from widgets import charts
from widgets.core.culture import CULTURE_TYPES

NOW = {"clan": 40, "adhocracy": 20, "market": 15, "hierarchy": 25}
PREFERRED = {"clan": 30, "adhocracy": 35, "market": 15, "hierarchy": 20}


def layers(chart):
    return json.loads(chart.to_json())["layer"]


def profile_layers(spec_layers):
    return [layer for layer in spec_layers if "color" in layer.get("encoding", {})]


def test_vertices_sit_on_the_cvf_diagonals():
    data = charts.kite_points({"Now": NOW})
    vertex = {row.culture_type: (row.x, row.y) for row in data.itertuples()}
    assert vertex["Clan"] == (-40, 40)  # top left
    assert vertex["Adhocracy"] == (20, 20)  # top right
    assert vertex["Market"] == (15, -15)  # bottom right
    assert vertex["Hierarchy"] == (-25, -25)  # bottom left
    # the kite is closed: the first vertex is repeated last
    assert len(data) == len(CULTURE_TYPES) + 1
    assert data.iloc[0][["x", "y"]].tolist() == data.iloc[-1][["x", "y"]].tolist()


def test_now_is_solid_and_preferred_dashed_in_colour_blind_safe_colours():
    chart = charts.kite_chart(NOW, PREFERRED)
    line_layer = next(
        layer for layer in profile_layers(layers(chart)) if layer["mark"]["type"] == "line"
    )
    dash = line_layer["encoding"]["strokeDash"]["scale"]
    assert dash["domain"] == ["Now", "Preferred"]
    assert dash["range"][0] == [1, 0] and dash["range"][1][0] > 1
    colours = line_layer["encoding"]["color"]["scale"]["range"]
    assert colours == [charts.OKABE_ITO["blue"], charts.OKABE_ITO["vermillion"]]


def test_axes_and_quadrants_are_labelled():
    spec = json.loads(charts.kite_chart(NOW).to_json())
    text = json.dumps(spec["datasets"])
    for label in (
        "Flexibility and discretion",
        "Stability and control",
        "Internal focus and integration",
        "External focus and differentiation",
        "Clan (Collaborate)",
        "Adhocracy (Create)",
        "Market (Compete)",
        "Hierarchy (Control)",
    ):
        assert label in text


def test_description_is_the_text_alternative():
    spec = json.loads(charts.kite_chart(NOW, PREFERRED, title="Team A").to_json())
    assert spec["description"].startswith("Team A. Kite chart of the Competing Values Framework.")
    assert "Adhocracy should increase by 15 points." in spec["description"]


@pytest.mark.parametrize(
    "profiles, expected",
    [((NOW,), 50), (({"clan": 61, "adhocracy": 13, "market": 13, "hierarchy": 13},), 70)],
)
def test_scale_grows_with_the_data(profiles, expected):
    assert charts.kite_scale(*profiles) == expected


def test_chart_renders_to_svg_offline_with_its_marks():
    svg = vl_convert.vegalite_to_svg(charts.kite_chart(NOW, PREFERRED).to_json())
    assert svg.count("<path") > 10
    assert "Clan (Collaborate)" in svg


def test_enable_offline_inlines_the_bundle():
    charts.enable_offline()
    assert alt.renderers.active == "jupyter"
    assert alt.renderers.options.get("offline") is True
    assert alt.renderers.options["embed_options"] == charts.EMBED_OPTIONS
    widget = charts.as_widget(charts.kite_chart(NOW))
    # Offline JupyterCharts carry the Vega bundle in their own ES module: no CDN import.
    assert "cdn.jsdelivr" not in widget._esm
    assert "vega" in widget._esm
