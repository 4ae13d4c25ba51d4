"""make docs: the API reference builds from the docstrings without a warning and links what users see."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

pytestmark = pytest.mark.slow


def test_the_api_reference_builds_clean_and_links_the_report_pages_and_lessons(tmp_path):
    from build_api import build

    assert build(tmp_path) == []
    front = (tmp_path / "retention_kit.html").read_text()
    for page in ("01_retention.png", "01_subscriptions.png", "04_retention_campaigns.png"):
        assert f"../pages/{page}" in front
        assert (ROOT / "docs" / "pages" / page).exists()
    assert "teaching/05_subscriptions_course.ipynb" in front
    clv = (tmp_path / "retention_kit" / "clv.html").read_text()
    assert "fit_bgnbd" in clv and "Fader, Hardie &amp; Lee" in clv     # a numpy-style docstring, rendered
