"""The report in contract mode: a subscription export from the shell to dated pages in two languages."""

import re

import pytest
from click.testing import CliRunner

from retention_kit.cli import main

pytestmark = pytest.mark.slow  # runs notebooks

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
NOT_A_NUMBER = re.compile(r"\b(NaN|nan|None|inf|NaT)\b")
SHOP_WORDS = re.compile(r"\b(orders?|bestelling(en)?|web ?shops?|webwinkels?|purchases?|aankopen|retouren|returns?)\b",
                        re.IGNORECASE)


def page_text(path) -> str:
    from bs4 import BeautifulSoup

    return re.sub(r"\s+", " ", BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" "))


@pytest.fixture(scope="module")
def subscription_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("service")
    runner = CliRunner()
    made = runner.invoke(main, ["demo-data", "--subscriptions", "--customers", "4000", "--out", str(folder / "s")])
    assert made.exit_code == 0, made.output
    result = runner.invoke(main, ["report", "--subscriptions", str(folder / "s" / "subscriptions.csv"),
                                  "--customers", str(folder / "s" / "customers.csv"),
                                  "--surveys", str(folder / "s" / "surveys.csv"), "--currency", "EUR",
                                  "--lang", "en,nl", "--out", str(folder / "out"), "--quiet", "--no-pdf"])
    assert result.exit_code == 0, result.output
    return folder / "out" / "2025-12-31"


def test_the_index_shows_the_contract_tiles_in_both_languages(subscription_report):
    english, dutch = page_text(subscription_report / "index.html"), page_text(subscription_report / "index.nl.html")
    for tile in ("Customer retention rate", "Churn rate", "Revenue churn", "Net MRR retention", "Quick ratio",
                 "Expected months per subscriber", "Value per subscriber"):
        assert tile in english, tile
    for tile in ("Klantbehoudpercentage", "Omzetverloop", "Netto MRR-behoud", "Waarde per abonnee"):
        assert tile in dutch, tile
    assert "counts as lost when their last contract" in english


def test_a_subscription_report_runs_only_the_pages_that_fit_contracts(subscription_report):
    pages = sorted(p.name for p in subscription_report.glob("*.html"))
    assert pages == ["00_data_overview.html", "00_data_overview.nl.html", "01_subscriptions.html",
                     "01_subscriptions.nl.html", "02_churn_reasons.html", "02_churn_reasons.nl.html", "index.html",
                     "index.nl.html"]
    assert "01 · Customer retention" not in page_text(subscription_report / "index.html")


@pytest.mark.parametrize("name", ["index", "00_data_overview", "01_subscriptions", "02_churn_reasons"])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_subscription_pages_hold_no_raw_keys_no_missing_numbers_and_no_shop_sentences(subscription_report, name, lang):
    text = page_text(subscription_report / f"{name}{'' if lang == 'en' else '.nl'}.html")
    assert not SNAKE_CASE.findall(text), SNAKE_CASE.findall(text)[:5]
    assert not NOT_A_NUMBER.findall(text), NOT_A_NUMBER.findall(text)[:5]
    assert not SHOP_WORDS.findall(text), [m.group(0) for m in SHOP_WORDS.finditer(text)][:5]


def test_the_churn_reasons_page_reads_the_subscriptions_cancellation_reasons(subscription_report):
    text = page_text(subscription_report / "02_churn_reasons.html")
    assert "twelve times the monthly recurring revenue" in text
    assert "involuntary (moved, deceased, payment failed)" in text and "Of the revenue lost" in text
