"""Run the notebooks for a period into dated HTML reports with an index page.

``run_report`` validates the data once (bad input fails before any notebook
runs) and hands the notebooks a snapshot of the validated tables, so none reads
or validates the sources again. It executes every notebook in ``notebooks/``
once with papermill (two at a time on two cores, each in its own process) for all
the languages asked (``lang="en,nl"``), and exports each execution to one HTML page
per language without code:
``<out>/<observation_end>/index.html`` (Dutch: ``index.nl.html``, ``*.nl.html``).
Everything is written to a staging folder
first and moved into place only when all notebooks succeeded, so a failed run
never touches an earlier report; its partial output is kept in
``<out>/.failed/`` for debugging.

Parameters passed to the notebooks are plain values (paths, dates, labels).
Credentials never are: papermill writes parameters into the output notebook.
A notebook that needs a password reads it from an environment variable.

Examples
--------
>>> path = run_report("reports", lang="en,nl")        # doctest: +SKIP
>>> path.name                                          # doctest: +SKIP
'index.html'
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import signal
import shutil
import tempfile
from dataclasses import dataclass, field, fields, make_dataclass
from pathlib import Path
from typing import Mapping, get_type_hints

import mistune
import nbformat

from . import headlines
from ..data import BASE_TABLES, DEMO, Dataset, load_dataset
from .i18n import LANGS, currency_of, fill, label, locale, number
from .execution import NotebookFailed, execute_notebooks
from .languages import codes, keep_language, single
from .pdf import export_pdfs
from ..settings import LoadOptions, ReportSettings
from ..data.snapshot import save_snapshot
from .workspace import private_folder, sweep_dead, sweep_leftovers
from .tables import html

def _notebooks_dir() -> Path:
    """The report notebooks: inside the installed package, or in the checkout next to it."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "notebooks"
    return inside if inside.is_dir() else package.parent / "notebooks"


NOTEBOOKS_DIR = _notebooks_dir()
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class ReportError(RuntimeError):
    """A notebook failed while building a report; the message names the notebook and cell."""


#: The sources a report reads: the demo shop unless others are given.
SOURCES = {"orders": DEMO, "subscriptions": None, "customers": None, "surveys": None, "spend": None,
           "campaigns": None}


def _fields_of(settings, where: str | None = None) -> list[tuple]:
    """The fields of a settings class (those that can be set `where`) for :func:`make_dataclass`."""
    types = get_type_hints(settings)
    return [(f.name, types[f.name], field(default=f.default)) for f in fields(settings)
            if f.name in settings.names(where)]


#: The settings a report run takes, each declared once: in the settings classes.
_ReportFields = make_dataclass(
    "_ReportFields", [(name, str | None, field(default=default)) for name, default in SOURCES.items()]
    + _fields_of(LoadOptions, "report") + _fields_of(ReportSettings))


@dataclass
class ReportOptions(_ReportFields):
    """What a report run needs: data sources (paths or "demo"), how they are read (the fields of
    :class:`~retention_kit.settings.LoadOptions` that a report can set), what the pages show (the
    fields of :class:`~retention_kit.settings.ReportSettings`), targets and extra notebook
    parameters. The sources' and settings' fields are made from :data:`SOURCES` and the two
    settings classes, so a setting is declared once."""

    targets: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.subscriptions is not None and self.orders == DEMO:  # a subscription log alone: no demo orders
            self.orders = None
        if self.currency is None and DEMO in (self.orders, self.subscriptions):
            self.currency = "EUR"  # the demo shop's amounts
        # "en,nl" or ["en", "nl"]: both pages; each language names amounts in the currency (checked here)
        self.langs = tuple(codes(locale(self.lang, self.currency))) or (single(self.lang),)
        self.settings  # checks the choices and the numbers of days
        self.targets = {k: _target(k, v) for k, v in dict(self.targets or {}).items()}

    def parameters(self, observation_end: str, snapshot: Path | None = None) -> dict:
        """The notebook parameters: plain values only (no credentials); paths made absolute,
        since the notebooks run in their own folder. With a `snapshot` of the validated tables,
        the notebooks read it instead of the sources."""
        sources = {"orders": _absolute(self.orders), "subscriptions": _absolute(self.subscriptions),
                   "customers": _absolute(self.customers),
                   "surveys": _absolute(self.surveys), "spend": _absolute(self.spend),
                   "campaigns": _absolute(self.campaigns)}
        # how the sources are read; a snapshot is read as it was validated, so it needs none
        load = {name: value for name, value in self.load_options.keywords().items()
                if name != "observation_end" and value != LoadOptions.default(name)}
        if snapshot is not None:  # the snapshot holds every table
            sources = {name: str(snapshot) if name == "orders" else None for name in sources}
            load = {}
        params = {
            **sources,
            "observation_end": observation_end, "period": self.period,
            "lang": [str(code) for code in self.langs] if len(self.langs) > 1 else str(self.langs[0]),
            "segment": self.segment,
            "load": {k: dict(v) if isinstance(v, Mapping) else v for k, v in load.items()},
            "currency": self.currency, "active_window_days": self.active_window_days,
            "inactivity_days": self.inactivity_days, "churn_at": self.churn_at, "targets": dict(self.targets),
        }
        params.update(self.extra)
        return params

    @property
    def settings(self) -> ReportSettings:
        """What the run shows and how (the language as given: one, or several as "en,nl" or a list)."""
        values = {name: getattr(self, name) for name in ReportSettings.names()}
        return ReportSettings(**{**values, "lang": ",".join(map(str, self.langs))})

    @property
    def load_options(self) -> LoadOptions:
        """How the run reads its sources."""
        return LoadOptions(**{name: getattr(self, name) for name in LoadOptions.names("report")})

    def load(self) -> Dataset:
        return load_dataset(self.orders, self.customers, self.surveys, self.spend, campaigns=self.campaigns,
                            subscriptions=self.subscriptions, options=self.load_options)



def _target(name: str, value) -> float:
    """A KPI target as a number, with a message naming the KPI when it is not one."""
    from ..kpi import HEADLINE_KPIS

    if name not in HEADLINE_KPIS:
        raise ValueError(f"target for unknown KPI {name!r}; targets can be set for {', '.join(HEADLINE_KPIS)}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return float(str(value).strip())
        except ValueError:
            raise ValueError(f"target for {name} must be a number, not {value!r}") from None
    return float(value)


def run_report(
    out: str | Path = "reports",
    *,
    notebooks: list[Path] | None = None,
    progress: bool = True,
    pdf: bool = True,
    targets: dict | None = None,
    jobs: int | None = None,
    **options,
) -> Path:
    """Run the report notebooks and return the path of the index page.

    Parameters
    ----------
    out : folder that holds one subfolder per observation end
    notebooks : notebooks to run (default: ``notebooks/NN_*.ipynb`` in order)
    progress : show a progress bar per notebook
    pdf : also print every page to PDF with headless Chromium (skipped when it is not installed)
    targets : KPI targets, e.g. ``{"retention_rate": 95}``, for the notebooks and the index tiles
        (none unless given)
    jobs : notebooks executed at once, each in its own process (default: one per core, at most 2)
    **options : fields of :class:`ReportOptions` (orders, customers, surveys, spend,
        observation_end, period, lang, segment, columns, date_format, returns, currency,
        active_window_days, inactivity_days)
    """
    if targets:
        options["targets"] = dict(targets)
    opts = ReportOptions(**options)
    out = _writable(Path(out).resolve())  # the notebooks run in their own folder; refused before any computing
    data = opts.load()  # fail fast, before any notebook runs, with the loader's clear message
    end = str(data.observation_end)
    notebooks = list(notebooks) if notebooks is not None else report_notebooks()
    with _exclusive(out), _terminate_as_interrupt():
        sweep_leftovers(out)  # staging folders of runs that were killed; no live run owns them
        sweep_dead()          # snapshots of runs that were killed (nobody holds their lock)
        with private_folder("snapshot") as snapshot:  # customer rows: never under the reports folder
            return _build(out, data, opts, end, notebooks, progress, pdf, jobs, snapshot)


def _writable(out: Path) -> Path:
    """`out`, created when missing; a ReportError naming it when it cannot be written to."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, prefix=".write-check-")
        probe.close()
    except OSError as exc:
        raise ReportError(f"cannot write into the report folder {out} ({exc.strerror or exc}); choose a folder "
                          "you can write to with --out, or fix its permissions") from None
    return out


def _suffix(lang: str) -> str:
    """The part of a page's name that names its language: "" for English, ".nl" for Dutch."""
    return "" if lang == "en" else f".{lang}"


def _build(out: Path, data: Dataset, opts: ReportOptions, end: str, notebooks: list[Path], progress: bool,
           pdf: bool, jobs: int | None, snapshot: Path) -> Path:
    """Build the pages in a staging folder, then swap the report folder in whole. Each notebook runs
    once, on a snapshot of the validated tables (in the private folder `snapshot`), and gives one
    page per language."""
    stage = Path(tempfile.mkdtemp(prefix=f".staging-{end}-", dir=out))
    try:
        save_snapshot(data, snapshot)
        # a notebook written for the other kind of business (orders or subscriptions) is left out
        notebooks = [nb for nb in notebooks if all(getattr(data, t) is not None
                                                   for t in _requirements(nb) if t in BASE_TABLES)]
        missing = {nb: [t for t in _requirements(nb) if all(getattr(data, one, None) is None for one in t.split("|"))]
                   for nb in notebooks}
        runnable = [nb for nb in notebooks if not missing[nb]]
        recorded = {nb: stage / f"{nb.stem}.headlines.jsonl" for nb in runnable}  # each notebook its own tiles
        try:
            executed = execute_notebooks(runnable, stage, opts.parameters(end, snapshot=snapshot), jobs=jobs,
                                         env={nb: {headlines.ENV: str(path)} for nb, path in recorded.items()},
                                         progress=progress)
        except NotebookFailed as exc:
            raise ReportError(f"{exc}. The partial output is kept under {out / '.failed'}; earlier reports were "
                              "not changed.") from None
        sections = {lang: [] for lang in opts.langs}
        for nb in notebooks:
            for lang in opts.langs:
                title = f"{nb.stem[:2]} · {label('nb.' + nb.stem, lang)}"
                if missing[nb]:
                    needed = ", ".join(f" {label('word.or', lang)} ".join(t.split("|")) for t in missing[nb])
                    sections[lang].append({"href": None, "title": title, "note": label("report.skipped", lang) + needed})
                    continue
                html_name = f"{nb.stem}{_suffix(lang)}.html"
                _export_html(executed[nb], stage / html_name, index=f"index{_suffix(lang)}.html", lang=lang,
                             kind=_kind(data), surveys=data.surveys is not None)
                sections[lang].append({"href": html_name, "title": title})
        tiles = headlines.read(*(recorded[nb] for nb in runnable))  # in notebook order
        for path in [*executed.values(), *recorded.values()]:
            path.unlink(missing_ok=True)
        for lang in opts.langs:
            _write_index(stage / f"index{_suffix(lang)}.html", data, opts, lang, end, sections[lang], tiles)
        if pdf:
            export_pdfs(stage)
        _keep_other_languages(out / end, stage, opts.langs)
    except BaseException as exc:
        failed = out / ".failed" / f"{end}-{'-'.join(opts.langs)}-{_dt.datetime.now():%Y%m%d-%H%M%S}"
        failed.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(stage), failed)  # a rename: it needs no room on a full disk
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            raise ReportError(_disk_full(exc, out, snapshot)) from None
        raise
    _swap_in(stage, out / end)
    _write_runs_index(out)
    return out / end / f"index{_suffix(opts.langs[0])}.html"


#: The errors of a write to a disk (or a quota) that is full.
DISK_FULL = {errno.ENOSPC, errno.EDQUOT}


def _disk_full(exc: OSError, out: Path, snapshot: Path) -> str:
    """What to do when a disk filled up during a run: which folder, and that nothing earlier changed."""
    where = snapshot if exc.filename and str(exc.filename).startswith(str(snapshot)) else out
    hint = ("free space there or point RETENTION_KIT_TEMP at a disk with room" if where == snapshot
            else "free space there or choose another --out")
    return (f"the disk holding {where} is full ('{exc.filename or where}' could not be written); {hint}. Earlier "
            f"reports were not changed; the partial output is kept under {out / '.failed'}")


def _language_of(name: str) -> str:
    """The language of a report file: ``01_retention.nl.html`` is Dutch, ``01_retention.html`` English."""
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-2] in LANGS else "en"


def _keep_other_languages(final: Path, stage: Path, langs: tuple[str, ...]) -> None:
    """Copy the pages of the other languages of an earlier run into the new report folder
    (a run may build one language); the pages of this run's languages are all new."""
    if final.is_dir():
        for item in final.iterdir():
            if item.is_file() and _language_of(item.name) not in langs:
                shutil.copy2(item, stage / item.name)


def _swap_in(stage: Path, final: Path) -> None:
    """Replace `final` by `stage` as a whole folder: no page of an earlier run is left beside the new ones."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(stage, final)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(out: Path):
    """One report run at a time per output folder (a lock on ``<out>/.lock``, released when the run ends)."""
    import fcntl

    with open(out / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(f"another report run is writing into {out}; wait for it to finish, or use another "
                              "--out") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _terminate_as_interrupt():
    """SIGTERM (a scheduler stopping the run) unwinds like Ctrl-C, so the staging folder is cleared away."""
    def stop(signum, frame):
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def report_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in order: ``NN_name.ipynb`` in `folder`."""
    found = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise ReportError(f"no notebooks named NN_*.ipynb in {folder}")
    return found


def _requirements(nb: Path) -> list[str]:
    """Tables a notebook needs besides orders (notebook metadata ``retention_kit.requires``)."""
    meta = nbformat.read(nb, as_version=4).metadata.get("retention_kit", {})
    return list(meta.get("requires", []))


def _kind(data: Dataset) -> str:
    """The kind of business a report is about: "subscriptions" (churn is a cancellation) or "orders"."""
    return "subscriptions" if data.contractual else "orders"


def _export_html(executed: Path, target: Path, index: str, lang: str, kind: str = "orders",
                 surveys: bool = True) -> None:
    """The page of `lang`: its narrative cells and its outputs (those tagged with another
    language or, ``kind-orders`` / ``kind-subscriptions``, written for the other kind of business,
    and warnings, are left out; so is the code)."""
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            outputs = [o for o in cell.get("outputs", []) if not (o.output_type == "stream" and o.name == "stderr")]
            cell.outputs = keep_language(outputs, lang)
    exporter = HTMLExporter(template_name="rk_report", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(_tag_remover(lang, kind, surveys), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"rk_index": index})
    target.write_text(body, encoding="utf-8")


def _tag_remover(lang: str, kind: str = "orders", surveys: bool = True):
    """Drops hidden cells, the narrative of the other languages (cells tagged ``lang-xx``), that
    of the other kind of business (``kind-orders`` or ``kind-subscriptions``) and, without survey
    answers, the sections about them (``requires-surveys``)."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    other_languages = {f"lang-{other}" for other in LANGS if other != lang}
    other_kind = "kind-orders" if kind == "subscriptions" else "kind-subscriptions"
    without = set() if surveys else {"requires-surveys"}
    return TagRemovePreprocessor(remove_cell_tags={"hide", "solution", other_kind, *without, *other_languages},
                                 remove_all_outputs_tags={"hide-output"})


def _write_index(target: Path, data: Dataset, opts: ReportOptions, lang: str, end: str, sections: list[dict],
                 tiles: list[dict]) -> None:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html", "j2"]))
    template = env.get_template("index.html.j2")
    demo = "report.demo_service" if data.contractual else "report.demo_source"
    source = label(demo, lang) if data.source == DEMO else Path(data.source).name
    from .notes import contract_note, measurability_note, settings_note
    from ..window import active_window

    if data.orders is not None:
        window = active_window(data.orders, days=opts.active_window_days)
        settings = settings_note(window=window, returns=opts.returns, targets=opts.targets, lang=lang,
                                 guest_share=data.guest_share())
        settings += "\n\n" + measurability_note(window, data.orders.first_date, data.observation_end, lang)
    else:
        from ..subscriptions import looks_like_snapshot

        settings = contract_note(targets=opts.targets, churn_at=opts.churn_at, lang=lang,
                                 snapshot=looks_like_snapshot(data.subscriptions))
    page = template.render(
        lang=lang, t=lambda key: label(key, lang), observation_end=end, source=source,
        settings_html=_markup(mistune.html(settings)),
        period=opts.period, generated=f"{_dt.datetime.now():%Y-%m-%d %H:%M}", sections=sections,
        summary_html=_markup(html(data.summary(), lang)),
        ledger_html=_markup(html(data.ledger.to_frame(), lang, columns="ledger.col", empty="ledger.nothing")),
        tiles=[_tile(t, lang, _suffix(lang)) for t in tiles],
    )
    target.write_text(page, encoding="utf-8")


def _tile(row: dict, lang: str, suffix: str) -> dict:
    """A headline as the index shows it: value, change vs previous and vs target, good or bad."""
    unit = row.get("unit") or ""
    money = unit in ("money", "EUR")
    small = row["value"] is not None and abs(row["value"]) < 1 and unit == ""
    spec = ",.0f" if money else ",.3f" if small else ",.1f"
    fmt = lambda v: number(v, spec, lang)
    def change(other, key):
        if other is None or row["value"] is None:
            return None
        delta = row["value"] - other
        good = (delta < 0) if row.get("lower_is_better") else (delta > 0)
        against = (fill(label("tile.vs_period", lang), lang, period=row["previous_period"])
                   if key == "tile.vs_previous" and row.get("previous_period") else label(key, lang))
        return {"text": f"{'+' if delta >= 0 else ''}{number(delta, ',.1f', lang)}{' pp' if unit == '%' else ''} {against}",
                "class": "good" if good else "bad" if delta != 0 else ""}
    section = row.get("section") or ""
    if suffix and ".html" in section:
        section = section.replace(".html", f"{suffix}.html")
    interval = (f"{fmt(row['low'])} – {fmt(row['high'])}" if row.get("low") is not None and row.get("high") is not None
                else None)
    return {"title": label(f"tile.{row['name']}", lang),
            "value": label("tile.not_available", lang) if row["value"] is None else
                     (f"{currency_of(lang)} " if money and currency_of(lang) else "") + fmt(row["value"])
                     + ("%" if unit == "%" else ""),
            "unreliable": label("tile.unreliable", lang) if row.get("reliable") is False else None,
            "previous": change(row.get("previous"), "tile.vs_previous"),
            "target": change(row.get("target"), "tile.vs_target"), "interval": interval, "href": section,
            "period": row.get("period"),
            "reactivated": None if row.get("reactivated") is None else
                           fill(label("tile.reactivated", lang), lang, share=row["reactivated"])}


def _write_runs_index(out: Path) -> None:
    """``<out>/index.html``: links to every dated report folder, newest first."""
    runs = sorted((p.name for p in out.iterdir() if not p.name.startswith(".")
                   and ((p / "index.html").exists() or (p / "index.nl.html").exists())), reverse=True)
    items = "\n".join(
        f'<li>{name}: ' + " · ".join(f'<a href="{name}/{f}">{lang}</a>' for lang, f in
                                      (("en", "index.html"), ("nl", "index.nl.html")) if (out / name / f).exists())
        + "</li>" for name in runs
    )
    (out / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Reports</title></head>'
        f'<body style="font:15px system-ui,sans-serif;max-width:800px;margin:2rem auto">'
        f"<h1>Reports</h1><ul>{items}</ul></body></html>", encoding="utf-8")


def _markup(html: str):
    from markupsafe import Markup

    return Markup(html)


def _absolute(value) -> str | None:
    """A source path as an absolute path ("demo", globs and None unchanged)."""
    if value is None or str(value) == DEMO:
        return None if value is None else DEMO
    path = Path(value)
    return str(path if path.is_absolute() else Path.cwd() / path)
