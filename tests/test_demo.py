"""The demo shop: deterministic, and its generative truths show up in the data."""

import hashlib

import numpy as np
import pandas as pd

from retention_kit.demo import REASON_CATEGORIES, REASON_TEXTS, make_demo_data


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_the_same_bytes(tmp_path):
    make_demo_data(seed=3, n_customers=500).write(tmp_path / "a")
    make_demo_data(seed=3, n_customers=500).write(tmp_path / "b")
    make_demo_data(seed=4, n_customers=500).write(tmp_path / "c")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a")["orders.csv"] != digest(tmp_path / "c")["orders.csv"]


def test_refunds_and_duplicates_are_present(demo):
    assert (demo.orders.revenue < 0).sum() > 0
    assert demo.orders.duplicated().sum() > 0
    refunds = demo.orders[demo.orders.revenue < 0]
    originals = demo.orders.set_index("order_id").loc[refunds.order_id]
    assert (originals[originals.revenue > 0].revenue.round(2).sort_values().values
            == (-refunds.revenue).round(2).sort_values().values).all()


def test_reasons_come_from_the_seven_categories(demo):
    closed = demo.customers.churn_date.notna()
    categories = demo.truth.customers.churn_category[closed]
    assert set(categories) <= set(REASON_CATEGORIES) and categories.nunique() == 7
    texts = demo.customers.churn_reason[closed]
    every_text = {t for values in REASON_TEXTS.values() for t in values}
    assert set(texts) <= every_text
    assert demo.customers.churn_reason[~closed].isna().all()


def test_churn_happens_after_the_last_order(demo):
    last = demo.orders[demo.orders.revenue > 0].groupby("customer_id").order_date.max()
    closed = demo.customers.dropna(subset=["churn_date"]).set_index("customer_id")
    assert (pd.to_datetime(closed.churn_date) >= pd.to_datetime(last.loc[closed.index])).all()


def test_members_bought_more_often_before_joining_than_non_members():
    demo = make_demo_data(seed=5, n_customers=6_000)
    launch = pd.Timestamp(demo.truth.loyalty_launch)
    orders = demo.orders[demo.orders.revenue > 0].drop_duplicates()
    before = orders[pd.to_datetime(orders.order_date) < launch]
    per_customer = before.groupby("customer_id").size()
    existing = demo.customers[pd.to_datetime(demo.customers.signup_date) < launch].set_index("customer_id")
    counts = per_customer.reindex(existing.index, fill_value=0)
    member = existing.loyalty_join_date.notna()
    assert member.sum() > 200
    assert counts[member].mean() > 1.3 * counts[~member].mean()   # self-selection
    assert (pd.to_datetime(existing.loyalty_join_date[member]) >= launch).all()


def test_detractors_churn_more(demo):
    surveys = demo.surveys.merge(demo.truth.customers[["customer_id", "dropout_date"]], on="customer_id")
    dropped = surveys.dropout_date.notna()
    detractor = surveys.nps <= 6
    promoter = surveys.nps >= 9
    assert dropped[detractor].mean() > dropped[promoter].mean() + 0.05


def test_truth_records_a_positive_loyalty_effect(demo):
    assert demo.truth.loyalty_att_orders_per_member_month > 0
    assert demo.truth.loyalty_rate_multiplier > 1 > demo.truth.loyalty_dropout_multiplier


def test_bgnbd_parameters_show_in_the_customer_truth(demo):
    lam = demo.truth.customers.lambda_per_week
    p = demo.truth.customers.p
    r, alpha, a, b = demo.truth.bgnbd.values()
    # Gamma(r, alpha) mean r/alpha; Beta(a, b) mean a/(a+b); 2,000 draws, 4 standard errors
    assert abs(lam.mean() - r / alpha) < 4 * np.sqrt(r) / alpha / np.sqrt(len(lam))
    assert abs(p.mean() - a / (a + b)) < 4 * np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1))) / np.sqrt(len(p))


def test_december_is_the_busiest_month(demo):
    months = pd.to_datetime(demo.orders.order_date).dt.month
    by_month = months.value_counts()
    assert by_month.idxmax() == 12
