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


def test_text_from_a_subscription_log_never_becomes_markup_on_a_page(tmp_path):
    """Plan names, segment values and cancellation reasons reach tables, notes and charts: escaped."""
    from retention_kit.demo_subscriptions import make_subscription_demo
    from retention_kit.present.report import run_report

    demo = make_subscription_demo(n_customers=2_000, seed=5)
    subs = demo.subscriptions.assign(plan=demo.subscriptions.plan.replace("Premium", "<script>alert(1)</script>"))
    subs.loc[subs.churn_reason.notna() & (subs.index % 7 == 0), "churn_reason"] = "<img src=x onerror=alert(2)>"
    customers = demo.customers.assign(channel=demo.customers.channel.replace("partner", "<b onmouseover=x>p</b>"))
    subs.to_csv(tmp_path / "subscriptions.csv", index=False)
    customers.to_csv(tmp_path / "customers.csv", index=False)
    index = run_report(tmp_path / "out", progress=False, pdf=False, lang="en", segment="channel",
                       subscriptions=str(tmp_path / "subscriptions.csv"), customers=str(tmp_path / "customers.csv"))
    pages = {p.name: p.read_text() for p in index.parent.glob("*.html")}
    assert {"01_subscriptions.html", "02_churn_reasons.html"} <= set(pages)
    for name, html in pages.items():
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b onmouseover" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["01_subscriptions.html"]   # shown as text
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages["02_churn_reasons.html"]     # the unplaced text, as typed


def telco_like_export(path, n=1_500, seed=0):
    """A snapshot export shaped like the course data sets: text ids, Yes/No flags, tenure 0 with a blank
    total charge, a contract type, monthly charges."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], n, p=[0.55, 0.21, 0.24])
    tenure = np.where(contract == "Month-to-month", rng.integers(0, 40, n), rng.integers(0, 73, n))
    monthly = np.round(rng.uniform(18.25, 118.75, n), 2)
    pd.DataFrame({
        "customerID": [f"{i:04d}-{c}" for i, c in zip(rng.integers(1000, 9999, n), rng.choice(list("ABCDEFGH"), n))],
        "gender": rng.choice(["Female", "Male"], n), "SeniorCitizen": rng.integers(0, 2, n), "tenure": tenure,
        "Contract": contract, "PaymentMethod": rng.choice(["Electronic check", "Mailed check", "Credit card"], n),
        "MonthlyCharges": monthly, "TotalCharges": np.where(tenure == 0, " ", (monthly * tenure).round(2).astype(str)),
        "Churn": np.where(rng.random(n) < np.where(contract == "Month-to-month", 0.42, 0.08), "Yes", "No"),
    }).drop_duplicates("customerID").to_csv(path, index=False)


def test_a_snapshot_export_from_the_shell_gives_a_report_that_says_what_it_cannot_know(tmp_path):
    runner = CliRunner()
    telco_like_export(tmp_path / "telco.csv")
    converted = runner.invoke(main, ["from-snapshot", str(tmp_path / "telco.csv"), str(tmp_path / "subs.csv"),
                                     "--tenure", "tenure", "--churned", "Churn", "--snapshot-date", "2024-12-31",
                                     "--customer-id", "customerID", "--mrr", "MonthlyCharges"])
    assert converted.exit_code == 0, converted.output
    assert "assumed start_date: snapshot_date - tenure months" in converted.output
    result = runner.invoke(main, ["report", "--subscriptions", str(tmp_path / "subs.csv"), "--observation-end",
                                  "2024-12-31", "--segment", "Contract", "--lang", "en", "--out", str(tmp_path / "out"),
                                  "--quiet", "--no-pdf"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "2024-12-31"
    index, page = page_text(folder / "index.html"), page_text(folder / "01_subscriptions.html")
    assert "A snapshot export" in index and "A snapshot export" in page
    assert "held-out months cannot judge the models" in page              # nobody cancelled before the snapshot
    assert "Month-to-month" in page and "Two year" in page                # survival and drivers per contract type
    for text in (index, page):
        assert not NOT_A_NUMBER.findall(text), NOT_A_NUMBER.findall(text)[:5]
