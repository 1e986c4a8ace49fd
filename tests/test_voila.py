"""What the real Voila server sends, checked over HTTP without a browser."""

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PAGES = [
    "/voila/render/index.ipynb",
    "/voila/render/advanced/culture-archetypes.ipynb",
    "/voila/tree/advanced",
]
EXTERNAL_ASSET = re.compile(r"""<(?:link|script|img|iframe)\b[^>]*\b(?:href|src)\s*=\s*["']?(?:https?:)?//""", re.I)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        assert response.status == 200
        return response.read().decode()


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_no_asset_from_outside(voila_server, path):
    page = fetch(voila_server.url + path)
    assert EXTERNAL_ASSET.findall(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs.cloudflare" not in page


def test_external_asset_pattern_catches_cdn_links():
    assert EXTERNAL_ASSET.search('<link rel="stylesheet" href="https://cdn.example/x.css">')
    assert EXTERNAL_ASSET.search("<script src='//cdn.example/x.js'></script>")
    assert not EXTERNAL_ASSET.search('<link rel="stylesheet" href="/voila/static/x.css">')


def test_instructor_notes_and_sources_are_not_served(voila_server):
    notebook = json.loads(
        (Path(__file__).parent.parent / "workshops/advanced/culture-archetypes.ipynb").read_text()
    )
    notes = [c for c in notebook["cells"] if "instructor" in c["metadata"].get("tags", [])]
    assert notes and all("Instructor note" in "".join(c["source"]) for c in notes)
    lesson = fetch(voila_server.url + "/voila/render/advanced/culture-archetypes.ipynb")
    assert "Instructor note" not in lesson
    assert "from widgets" not in lesson  # code cells are stripped
    # A visitor cannot ask for another template (Voila's lab template would show the notes).
    for template in ("lab", "classic", "aligned-study"):
        other = fetch(voila_server.url + f"/voila/render/advanced/culture-archetypes.ipynb?template={template}")
        assert "Instructor note" not in other and "aligned-study-answers" not in other, template


@pytest.mark.parametrize("path", ["/voila/render/../solutions/README.md", "/voila/files/../voila.json"])
def test_nothing_outside_workshops_is_reachable(voila_server, path):
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(voila_server.url + path)
    assert error.value.code in (403, 404)
