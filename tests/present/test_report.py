"""The report runner: dated HTML reports with an index; failures never destroy an earlier report."""

import contextlib
import json
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from retention_kit.demo import make_demo_data
from retention_kit.present.report import NOTEBOOKS_DIR as NOTEBOOKS, ReportError, run_report

pytestmark = pytest.mark.slow  # reports run notebooks; make test-fast leaves them out


#: Markup in the data, where text from the data reaches a page: a segment value, a category, a campaign
#: name, a churn reason and the orders file's name. Every page must show it as text, never as markup.
PAYLOADS = {"channel": ("social", "<b onmouseover=alert(3)>social</b>"),
            "category": ("beauty", "<img src=x onerror=alert(5)>"),
            "campaign": ("Win-back 2025", "<script>alert(4)</script>"),
            "churn_reason": ("found a cheaper shop", "<svg onload=alert(6)>found a cheaper shop")}
ORDERS_FILE = "orders <b onclick=alert(7)>export.csv"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shop")
    demo = make_demo_data(seed=2, n_customers=1_500, campaigns=True)
    for table in (demo.customers, demo.orders, demo.campaigns):
        for column, (plain, payload) in PAYLOADS.items():
            if column in table.columns:
                table[column] = table[column].replace(plain, payload)
    demo.write(folder, formats=("csv",))
    (folder / "orders.csv").rename(folder / ORDERS_FILE)
    paths = {name: str(folder / f"{name}.csv") for name in ("customers", "surveys", "spend", "campaigns")}
    return {"orders": str(folder / ORDERS_FILE), **paths}


@pytest.fixture(scope="module")
def report(shop, tmp_path_factory):
    """Both languages from one run: every notebook runs once."""
    out = tmp_path_factory.mktemp("reports")
    index = run_report(out, progress=False, lang="en,nl", segment="channel", **shop)
    return out, index


def test_text_from_the_data_never_becomes_markup_on_a_page(report):
    import html

    out, index = report
    pages = {p.name: p.read_text(encoding="utf-8") for p in index.parent.glob("*.html")}
    for name, page in pages.items():
        for _, payload in [*PAYLOADS.values(), (None, "<b onclick=alert(7)>")]:
            assert payload not in page, f"{payload} arrives as markup on {name}"
    shown = "".join(pages.values())
    for payload in (PAYLOADS["channel"][1], PAYLOADS["campaign"][1], ORDERS_FILE):  # shown as typed
        assert html.escape(payload) in shown, f"{payload} is never shown"


def test_report_has_index_and_one_page_per_notebook(report):
    out, index = report
    assert index == out / "2025-12-31" / "index.html"
    html = index.read_text()
    assert 'href="00_data_overview.html"' in html
    assert "Returns netted against their purchase" in html  # the ledger is shown
    assert "orders &lt;b onclick=alert(7)&gt;export.csv" in html  # the data source is stated, as text
    assert (out / "index.html").exists()


def test_report_pages_hold_no_code_no_cdn_and_no_customer_ids(report):
    out, _ = report
    page = (out / "2025-12-31" / "00_data_overview.html").read_text()
    assert "Rows set aside".lower() in page.lower() or "rows set aside" in page
    assert "import retention_kit" not in page
    assert not re.search(r'<script[^>]+src="https?://', page)
    assert not re.search(r"C\d{6}", page)                   # demo customer ids look like C000123
    assert "<img" in page                                   # the chart is embedded


@pytest.fixture(scope="module")
def dutch_report(report):
    out, _ = report
    return out, out / "2025-12-31" / "index.nl.html"


def numbers(html: str, lang: str) -> list[float]:
    """Every number in the table cells and tiles of a page, read the `lang` way (Dutch 1.234,5)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    texts = [c.get_text(" ", strip=True) for c in soup.select("td, .value")]
    found = []
    for text in texts:
        for token in re.findall(r"-?\d[\d.,]*", text):
            token = token.rstrip(".,")
            token = token.replace(".", "").replace(",", ".") if lang == "nl" else token.replace(",", "")
            found.append(float(token))
    return found


def test_both_languages_come_from_one_run_and_show_the_same_numbers(report):
    out, index = report
    folder = out / "2025-12-31"
    for name in PAGES:
        english, dutch = (folder / f"{name}.html").read_text(), (folder / f"{name}.nl.html").read_text()
        assert numbers(english, "en") == numbers(dutch, "nl"), name
        assert len(numbers(english, "en")) > 5, name
        assert english.count("<img") == dutch.count("<img"), name          # every chart in both, once
    assert not list(out.glob(".snapshot-*")) and not list(out.rglob("*.parquet"))  # the validated rows are not kept


def test_pages_from_the_snapshot_equal_pages_from_the_source(shop, report, tmp_path):
    """The report validates once and the notebooks read a snapshot; run directly on the files,
    a notebook shows the same numbers."""
    import papermill as pm

    from retention_kit.present.report import _export_html, report_notebooks

    notebook = report_notebooks()[0]
    executed = tmp_path / notebook.name
    pm.execute_notebook(str(notebook), str(executed), parameters={**shop, "lang": "en", "currency": "EUR"},
                        progress_bar=False, cwd=str(notebook.parent))
    _export_html(executed, tmp_path / "page.html", index="index.html", lang="en")
    direct = numbers((tmp_path / "page.html").read_text(), "en")
    assert direct and direct == numbers((report[0] / "2025-12-31" / f"{notebook.stem}.html").read_text(), "en")


def test_dutch_report_sits_beside_the_english_one(dutch_report):
    out, index = dutch_report
    assert index.name == "index.nl.html"
    assert "Rapport klantbehoud" in index.read_text()
    assert (out / "2025-12-31" / "index.html").exists()
    dutch = (out / "2025-12-31" / "03_loyalty_programme.nl.html").read_text()
    english = (out / "2025-12-31" / "03_loyalty_programme.html").read_text()
    assert "Werkte het loyaliteitsprogramma?" in dutch and "Did the loyalty programme work?" not in dutch
    assert "Did the loyalty programme work?" in english and "Werkte het loyaliteitsprogramma?" not in english
    assert 'id="Honest-estimates"' in dutch  # the headline tile's link lands on the Dutch section too
    assert "leden min niet-leden" in dutch and "members_vs_non_members" not in dutch  # table headers too
    retention = (out / "2025-12-31" / "01_retention.nl.html").read_text()
    assert "mediane levensduur (dagen)" in retention and "median_days" not in retention
    assert "standaardafwijking" in retention                # the CLV summary's statistics
    assert "vergeleken leden" in dutch and "apart gezet" in dutch     # who the honest estimates are about
    values = re.findall(r'<div class="value">([^<]*)</div>', index.read_text())
    assert values and all("." not in v for v in values if v.endswith("%"))   # 85,3% in Dutch
    assert any(re.fullmatch(r"\d+,\d%", v) for v in values)
    assert re.search(r">\d{1,3}(\.\d{3})+</td>", index.read_text())           # rows read: 84.961


def test_a_shop_report_holds_no_sentence_written_for_subscriptions(report):
    from bs4 import BeautifulSoup

    out, _ = report
    for page in (out / "2025-12-31").glob("*.html"):
        text = BeautifulSoup(page.read_text(), "html.parser").get_text(" ")
        assert not re.findall(r"\b(MRR|subscribers?|abonnees?)\b", text), page.name


def test_every_narrative_cell_of_the_reports_has_a_dutch_twin():
    from retention_kit.present.report import report_notebooks

    for path in report_notebooks():
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
        tags = [c.metadata.get("tags", []) for c in cells]
        languages = [[t for t in cell if t.startswith("lang-")] for cell in tags]
        assert languages == [["lang-en"], ["lang-nl"]] * (len(cells) // 2), path.name
        kinds = [[t for t in cell if t.startswith("kind-")] for cell in tags]
        assert kinds[0::2] == kinds[1::2], path.name  # a twin is written for the same kind of business


def _page_notebook(path, body: str):
    """A report notebook of one parameter cell (the demo orders) and one cell running `body`."""
    page = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('orders = "demo"')
    params.metadata["tags"] = ["parameters"]
    page.cells = [params, nbformat.v4.new_code_cell(body)]
    page.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(page, path)
    return path


def test_failing_notebook_names_cell_and_keeps_the_earlier_report(shop, report, tmp_path):
    out, index = report
    before = index.read_bytes()
    path = _page_notebook(tmp_path / "99_broken.ipynb", "1 / 0")
    with pytest.raises(ReportError, match=r"notebook 99_broken.ipynb failed in cell .*ZeroDivisionError"):
        run_report(out, progress=False, notebooks=[path], **shop)
    assert index.read_bytes() == before
    failed = list((out / ".failed").iterdir())
    assert failed and (failed[0] / "99_broken.ipynb").exists()


def test_bad_input_fails_before_any_notebook_runs(tmp_path):
    bad = tmp_path / "orders.csv"
    bad.write_text("customer_id,order_date,revenue\na,not a date,1\n")
    with pytest.raises(Exception, match="order_date"):
        run_report(tmp_path / "out", progress=False, orders=str(bad))
    assert not any((tmp_path / "out").glob("20*"))


# ------------------------------------------------------------------ as a reader sees it

from retention_kit.present.pdf import CHROMIUM_FLAGS, find_chromium  # noqa: E402

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here "
                                    "(apt-get install chromium; .ci/run installs it)")


def render(page, shot, tmp_path):
    """Load `page` in headless Chromium: its DOM after scripts ran, its console messages, a screenshot."""
    import subprocess

    common = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    subprocess.run([*common, f"--screenshot={shot}", "--window-size=1100,1400", page.as_uri()],
                   capture_output=True, timeout=120)
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    return dom.stdout, console


@needs_chromium
def test_index_and_report_render_in_a_browser_without_console_errors(report, tmp_path):
    out, index = report
    dom, console = render(index, tmp_path / "index.png", tmp_path)
    assert console == []
    assert dom.count('class="tile"') >= 4                    # retention, churn, repeat rate, NPS, ...
    assert "Customer retention rate · 2025-12" in dom and "vs 2025-11" in dom and "of the base came back" in dom
    page = out / "2025-12-31" / "01_retention.html"
    dom, console = render(page, tmp_path / "retention.png", tmp_path)
    assert console == []
    assert dom.count("<img") >= 5                             # heatmaps, curves, survival, ...
    assert (tmp_path / "index.png").stat().st_size > 10_000
    assert (tmp_path / "retention.png").stat().st_size > 10_000


PAGES = ("index", "00_data_overview", "01_retention", "02_churn_reasons", "03_loyalty_programme",
         "04_retention_campaigns")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
NOT_A_NUMBER = re.compile(r"\b(NaN|nan|None|inf|NaT)\b")


def pdf_text(pdf: Path) -> str:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed here (apt-get install poppler-utils; .ci/run installs it)")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def table_headers(html: str) -> list[list[str]]:
    """The column headers of every table on a report page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [[th.get_text(" ", strip=True) for th in t.find_all("th") if th.get_text(strip=True)]
            for t in soup.find_all("table")]


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_reads_as_a_manager_report_in_the_browser_and_the_pdf(dutch_report, lang, tmp_path):
    from bs4 import BeautifulSoup

    from retention_kit.present.i18n import LABELS

    folder = dutch_report[0] / "2025-12-31"
    english_only = {en for key, (en, nl) in LABELS.items() if key.startswith("col.") and en != nl and len(en) > 6}
    for name in PAGES:
        page = folder / f"{name}{'' if lang == 'en' else '.nl'}.html"
        html = page.read_text()
        text = pdf_text(page.with_suffix(".pdf"))
        words = set(re.findall(r"[\w%()]+", text))
        assert not SNAKE_CASE.findall(text), (page.name, SNAKE_CASE.findall(text)[:5])
        assert not NOT_A_NUMBER.findall(text), (page.name, NOT_A_NUMBER.findall(text)[:5])
        soup = BeautifulSoup(html, "html.parser")
        bare = [o.get_text()[:80] for o in soup.select(".jp-OutputArea-output pre")]
        assert bare == [], (page.name, bare)                               # every output is a table, chart or text
        for headers in table_headers(html):
            for header in headers:                                       # no column cut off in the PDF
                missing = [w for w in re.findall(r"[\w%()]+", header) if w not in words and len(w) > 3]
                assert not missing, (page.name, header, missing)
            if lang == "nl":
                assert not english_only & set(headers), (page.name, english_only & set(headers))
        dom, console = render(page, tmp_path / f"{name}.{lang}.png", tmp_path)
        assert console == [] and (tmp_path / f"{name}.{lang}.png").stat().st_size > 10_000


@needs_chromium
def test_pdf_copies_are_written(report):
    out, _ = report
    pdfs = sorted(p.name for p in (out / "2025-12-31").glob("*.pdf"))
    assert "index.pdf" in pdfs and "01_retention.pdf" in pdfs
    assert (out / "2025-12-31" / "index.pdf").read_bytes()[:4] == b"%PDF"


def test_cli_report_from_a_config_file_on_orders_only(shop, tmp_path):
    """The most common case, an order export and nothing else, set up in a report.toml: every
    notebook that can run on orders runs, the others are listed with the tables they need."""
    from click.testing import CliRunner

    from retention_kit.cli import main

    config = tmp_path / "report.toml"
    config.write_text(f'out = "out"\nlang = "nl"\n[data]\norders = "{shop["orders"]}"\n'
                      '[targets]\nretention_rate = 99.0\n')
    result = CliRunner().invoke(main, ["report", "--config", str(config), "--quiet", "--no-pdf"])
    assert result.exit_code == 0, result.output
    index = tmp_path / "out" / "2025-12-31" / "index.nl.html"
    assert "t.o.v. doel" in index.read_text()                 # the target reached the tiles, in Dutch
    pages = sorted(p.name for p in index.parent.glob("*.html"))
    assert pages == ["00_data_overview.nl.html", "01_retention.nl.html", "index.nl.html"]
    assert "niet uitgevoerd, nodig zijn de tabellen: customers of subscriptions" in index.read_text()


def test_churn_reasons_page_runs_on_customers_alone_without_surveys(shop, tmp_path):
    """A shop that records cancellation reasons but runs no surveys still gets its churn-reasons page;
    the survey sections are left out with one sentence."""
    from bs4 import BeautifulSoup

    index = run_report(tmp_path, progress=False, pdf=False, lang="en", orders=shop["orders"],
                       customers=shop["customers"], notebooks=[NOTEBOOKS / "02_churn_reasons.ipynb"])
    page = index.parent / "02_churn_reasons.html"
    text = BeautifulSoup(page.read_text(), "html.parser").get_text(" ")
    assert "Which reasons are most common" in text and "Of the revenue lost" in text
    assert "There are no survey answers" in text
    assert "Satisfaction and churn" not in text and "Cox model" not in text


def test_config_refuses_credentials(tmp_path):
    from retention_kit.present.config import load_config

    config = tmp_path / "report.toml"
    config.write_text('[data]\norders = "x.csv"\npassword = "hunter2"\n')
    with pytest.raises(ValueError, match="credential"):
        load_config(config)


def test_line_level_export_report_through_the_command(tmp_path):
    """A shop's order-line export, loaded with only a column mapping: GBP, no targets, the window
    rule, the guest-checkout share, and segments by an orders column. Paths are relative to the
    folder the command runs in (the notebooks themselves run elsewhere)."""
    import subprocess
    import sys

    make_demo_data(seed=3, n_customers=1_500, lines=True).write(tmp_path / "shop", formats=("csv",))
    mapping = ("InvoiceNo=order_id,StockCode=product_id,Category=category,Quantity=quantity,"
               "InvoiceDate=order_date,UnitPrice=unit_price,CustomerID=customer_id,Country=country")
    done = subprocess.run(
        [sys.executable, "-m", "retention_kit.cli", "report", "--orders", "shop/order_lines.csv",
         "--columns", mapping, "--currency", "GBP", "--segment", "country", "--out", "out",
         "--quiet", "--no-pdf"], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    folder = tmp_path / "out" / "2025-12-31"
    index = (folder / "index.html").read_text()
    assert "GBP" in index and "EUR" not in index and "vs target" not in index
    assert "order_lines.csv" in index                                    # the data source is stated
    assert re.search(r"Active window: <strong>\d+ days</strong>, derived from the data", index)
    assert re.search(r"guest checkouts\) hold <strong>\d+\.\d%</strong> of the revenue", index)
    assert "No targets were given" in index
    retention = re.sub(r"<img[^>]*>", "", (folder / "01_retention.html").read_text())  # text, not image data
    assert "Amounts in GBP" in retention and "EUR" not in retention and "vs_target" not in retention
    assert "Netherlands" in retention and "Belgium" in retention         # segments from the orders' country
    assert "demo shop" not in retention.lower()


# ----------------------------------------------------------------------------- safe publishing

RUN = """
import sys
from retention_kit.present.report import report_notebooks, run_report
run_report(sys.argv[1], orders=sys.argv[2], notebooks=report_notebooks()[:1], progress=False, pdf=sys.argv[3] == "pdf")
"""


def _kernels_of(run) -> list:
    """The notebook kernels `run` started (its own child processes), once there is one (2 minutes at most)."""
    import time

    import psutil

    deadline, kernels = time.time() + 120, []
    while time.time() < deadline and not kernels:
        time.sleep(0.05)
        with contextlib.suppress(psutil.Error):
            kernels = [p for p in psutil.Process(run.pid).children(recursive=True)
                       if "ipykernel" in " ".join(p.cmdline())]
    assert kernels, "no notebook kernel was started"
    return kernels


def _start(out, orders, pdf=False):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-c", RUN, str(out), orders, "pdf" if pdf else "no"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _digest(folder):
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_two_runs_into_one_folder_give_one_report_and_a_clear_message(shop, tmp_path):
    first, second = _start(tmp_path, shop["orders"]), _start(tmp_path, shop["orders"])
    results = [(p.wait(timeout=600), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    message = next(err for code, err in results if code == 1)
    assert "another report run is writing into" in message
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["2025-12-31", "index.html"]
    assert sorted(p.name for p in (tmp_path / "2025-12-31").iterdir()) == ["00_data_overview.html", "index.html"]


def _earlier_report(report, out):
    """A copy of the module's report in `out`, as an earlier run leaves it."""
    import shutil

    shutil.copytree(report[0], out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))


def test_a_rerun_replaces_the_whole_folder_and_keeps_the_other_language(shop, report, tmp_path):
    from retention_kit.present.report import report_notebooks

    _earlier_report(report, tmp_path)                                            # both languages, every page
    folder = tmp_path / "2025-12-31"
    run_report(tmp_path, orders=shop["orders"], progress=False, pdf=False, notebooks=report_notebooks()[:1])
    names = {p.name for p in folder.iterdir()}
    assert "01_retention.html" not in names and "01_retention.pdf" not in names   # no page the index does not list
    assert {"index.nl.html", "01_retention.nl.html", "index.html", "00_data_overview.html"} <= names


def test_sigterm_while_printing_pdfs_leaves_the_earlier_report_untouched(shop, report, tmp_path):
    import signal
    import time

    from retention_kit.present.pdf import find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    _earlier_report(report, tmp_path)
    before = _digest(tmp_path / "2025-12-31")
    runs_before = (tmp_path / "index.html").read_bytes()
    run = _start(tmp_path, shop["orders"], pdf=True)
    deadline = time.time() + 300
    while time.time() < deadline and not list(tmp_path.glob(".staging-*/*.pdf")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".staging-*/*.pdf")), "the run never reached the PDF step"
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=120) != 0
    assert _digest(tmp_path / "2025-12-31") == before
    assert (tmp_path / "index.html").read_bytes() == runs_before
    assert not list(tmp_path.glob(".staging-*"))                                # cleared away (kept in .failed)
    assert not list(tmp_path.glob(".snapshot-*"))                               # customer rows are not left behind


def test_sigterm_while_notebooks_run_stops_every_kernel_and_leaves_the_earlier_report_untouched(shop, report,
                                                                                                tmp_path):
    import signal

    import psutil

    _earlier_report(report, tmp_path)
    before = _digest(tmp_path / "2025-12-31")
    run = _start(tmp_path, shop["orders"])
    kernels = _kernels_of(run)
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=120) != 0
    gone, alive = psutil.wait_procs(kernels, timeout=30)
    assert not alive, f"kernels left running: {[p.pid for p in alive]}"
    assert _digest(tmp_path / "2025-12-31") == before
    assert not list(tmp_path.glob(".staging-*")) and not list(tmp_path.glob(".snapshot-*"))


def test_a_run_killed_hard_leaves_no_customer_rows_under_the_reports_folder_and_the_next_run_sweeps_up(
        shop, tmp_path, monkeypatch):
    """kill -9 (the OOM killer, a scheduler's timeout) cannot clean up: the snapshot of customer rows
    lives in a private temp folder, never under --out, and the next run removes what was left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    temp = tmp_path / "temp"
    monkeypatch.setenv("RETENTION_KIT_TEMP", str(temp))
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-c", RUN, str(out), shop["orders"], "no"], start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    deadline = time.time() + 120
    while time.time() < deadline and not list(temp.glob("retention_kit_runs/snapshot-*/*.parquet")):
        time.sleep(0.05)
    assert list(temp.glob("retention_kit_runs/snapshot-*/*.parquet")), "the run never wrote its snapshot"
    time.sleep(1.0)                                                     # notebooks are running
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert not [p for p in out.rglob("*") if p.suffix in (".parquet", ".csv")]   # no row-level data
    assert list(out.glob(".staging-*")) and list(temp.glob("retention_kit_runs/snapshot-*"))  # left by the dead run
    index = run_report(out, orders=shop["orders"], progress=False, pdf=False,
                       notebooks=[NOTEBOOKS / "00_data_overview.ipynb"])
    assert index.exists()
    assert not list(out.glob(".staging-*")) and not list(out.glob(".snapshot-*"))
    assert not list(temp.glob("retention_kit_runs/*"))                  # the dead run's snapshot is gone too


def test_every_notebook_declares_the_data_settings_a_report_passes():
    """papermill skips a parameter it cannot parse; a notebook would then read the data differently."""
    import papermill as pm

    from retention_kit.present.report import ReportOptions, report_notebooks

    passed = set(ReportOptions().parameters("2025-12-31")) - {"active_window_days", "inactivity_days", "targets"}
    for nb in report_notebooks():
        assert passed <= set(pm.inspect_notebook(str(nb))), nb.name
    assert {"active_window_days", "inactivity_days", "targets"} <= set(pm.inspect_notebook(
        str(report_notebooks()[1])))


def test_a_small_young_log_gives_a_report_that_claims_no_retention(tmp_path):
    """40 orders over ten months: no traceback, no 100 % retention tile, the reason on the page."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(1)
    pd.DataFrame({"customer_id": rng.choice([f"k{i}" for i in range(12)], 40),
                  "order_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, 40), "D"),
                  "revenue": rng.gamma(3, 10, 40).round(2)}).to_csv(tmp_path / "small.csv", index=False)
    index = run_report(tmp_path / "out", orders=str(tmp_path / "small.csv"), progress=False, pdf=False)
    html = index.read_text()
    assert "Retention cannot be measured yet" in html
    assert "Customer retention rate" not in html and "Churn rate" not in html   # no tile claims a rate


def test_a_disk_that_fills_up_while_pages_are_written_leaves_the_earlier_report_and_names_the_folder(
        shop, report, tmp_path, monkeypatch):
    import errno

    from click.testing import CliRunner

    from retention_kit import cli
    from retention_kit.present import report as runner

    out, index = report
    before = index.read_bytes()
    _page_notebook(tmp_path / "98_page.ipynb", "x = 1")

    def full(executed, target, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(runner, "_export_html", full)
    with pytest.raises(ReportError, match=rf"the disk holding {re.escape(str(out))} is full .*98_page.html' could "
                                          r"not be written\); free space there or choose another --out\. Earlier "
                                          r"reports were not changed"):
        run_report(out, progress=False, notebooks=[tmp_path / "98_page.ipynb"], pdf=False, **shop)
    assert index.read_bytes() == before
    assert not list(out.glob(".staging-*"))
    monkeypatch.setattr(runner, "run_report", lambda *a, **k: (_ for _ in ()).throw(
        ReportError(runner._disk_full(OSError(errno.ENOSPC, "No space left on device", str(out / "x.html")),
                                      out, tmp_path / "snap"))))
    result = CliRunner().invoke(cli.main, ["report", "--orders", shop["orders"], "--out", str(out)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith(f"error: the disk holding {out} is full")


def test_ctrl_c_pressed_repeatedly_stops_every_kernel_and_leave_the_earlier_report_untouched(shop, report, tmp_path):
    """A terminal sends Ctrl-C to the whole process group, again and again when the user is impatient:
    the later presses must not cut the kernels' shutdown short."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    _earlier_report(report, tmp_path)
    before = _digest(tmp_path / "2025-12-31")
    run = subprocess.Popen([sys.executable, "-c", RUN, str(tmp_path), shop["orders"], "no"], start_new_session=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kernels = _kernels_of(run)
    for _ in range(3):
        os.killpg(run.pid, signal.SIGINT)
        time.sleep(0.05)
    assert run.wait(timeout=120) != 0
    gone, alive = psutil.wait_procs(kernels, timeout=30)
    assert not alive, f"kernels left running: {[p.pid for p in alive]}"
    assert _digest(tmp_path / "2025-12-31") == before
    assert not list(tmp_path.glob(".staging-*"))
