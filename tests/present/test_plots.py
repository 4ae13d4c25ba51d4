"""Plots draw on the given Axes, return it, and carry translated labels."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import retention_kit as rk
from retention_kit import plots


@pytest.fixture(scope="module")
def kpis(demo):
    return rk.kpi_table(demo.orders, observation_end="2025-12-15")


def test_cohort_heatmap_uses_ax_masks_future_and_adds_average(demo):
    table = rk.cohort_table(demo.orders, metric="retention")
    fig, ax = plt.subplots()
    assert plots.cohort_heatmap(table, ax=ax, lang="nl") is ax
    assert ax.get_ylabel() == "cohort" and ax.get_xlabel() == "perioden sinds eerste bestelling"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "gemiddelde" and len(labels) == len(table) + 1
    mesh = ax.collections[0]
    assert np.ma.count_masked(mesh.get_array()) == int(table.isna().sum().sum())   # future cells blank


def test_kpi_trend_marks_incomplete_period(kpis):
    fig, ax = plt.subplots()
    assert plots.kpi_trend(kpis, ax=ax, target=95) is ax
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "incomplete period" in legend and "retention rate (%)" in legend and "target" in legend


def test_kpi_trend_leaves_out_retention_of_periods_whose_base_is_not_complete(kpis):
    assert not kpis["base_complete"].all() and kpis["base_complete"].any()
    fig, ax = plt.subplots()
    plots.kpi_trend(kpis, ["retention_rate", "repeat_purchase_rate"], ax=ax)
    retention, repeat = ax.get_lines()[0], [line for line in ax.get_lines() if line.get_label() == "repeat purchase rate (%)"][0]
    full = kpis[kpis["complete"]]
    drawn = pd.Series(retention.get_ydata(), index=full.index)
    assert drawn[~full["base_complete"]].isna().all()                                  # missing, not 100 %
    assert drawn[full["base_complete"]].tolist() == full.loc[full["base_complete"], "retention_rate"].tolist()
    assert not pd.isna(repeat.get_ydata()).any()                                        # other KPIs are all drawn


def test_base_waterfall_steps_add_up(kpis):
    fig, ax = plt.subplots()
    plots.base_waterfall(kpis, ax=ax)
    bars = ax.patches
    start, new, react, lost, end = (b.get_height() for b in bars)
    assert start + new + react + lost == pytest.approx(end)


def test_cohort_curves(demo):
    fig, ax = plt.subplots()
    table = rk.cohort_table(demo.orders, metric="retention", period="Q")
    assert plots.cohort_curves(table, ax=ax) is ax
    assert len(ax.lines) == len(table) + 1


def test_reason_plots(demo):
    churned = rk.churned_customers(demo.customers, demo.orders)
    fig, (a, b, c) = plt.subplots(1, 3)
    assert plots.pareto_plot(rk.pareto_table(churned), ax=a, lang=rk.locale("nl", "EUR")) is a
    assert a.get_ylabel() == "verloren omzet over 12 maanden (EUR)"
    trend = rk.reason_trend(churned, period="Q", observation_end="2025-12-15")
    assert plots.reason_trend_plot(trend, ax=b) is b
    assert any(bar.get_hatch() == "//" for bar in b.patches)          # the incomplete quarter
    risks = rk.reason_incidence(demo.orders, demo.customers)
    assert risks.plot(ax=c) is c


def test_the_two_retention_heatmaps_have_different_titles(demo):
    import retention_kit as rk

    exact = rk.plots.cohort_heatmap(rk.cohort_table(demo.orders, metric="retention"))
    later = rk.plots.cohort_heatmap(rk.cohort_table(demo.orders, metric="retention", mode="on_or_after"), lang="nl")
    assert exact.get_title() == "Customer retention"
    assert later.get_title() == "Klantbehoud (besteld in die periode of later)"


def test_the_cox_chart_names_its_reference_group():
    import numpy as np
    import pandas as pd

    import retention_kit as rk

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"duration": rng.integers(10, 400, 300), "event": rng.uniform(size=300) < 0.6,
                          "channel": rng.choice(["search", "search", "social", "email"], 300)})
    drivers = rk.churn_drivers(frame)
    assert rk.plots.hazard_ratio_plot(drivers).get_title() == "Hazard ratios compared with channel: search (ratio 1)"
    assert drivers.plot().get_title() == "reference: channel=search"       # the result alone, without a language
