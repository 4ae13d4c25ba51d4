"""The same public functions on Spark (Ibis PySpark backend) give the same results as on DuckDB."""

import shutil
import tempfile

import pandas as pd
import pytest

import retention_kit as rk

pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed: pip install retention-kit[spark]")
if shutil.which("java") is None:
    pytest.skip("Java is not installed; Spark needs a JVM (Java 17)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark_backend():
    import ibis
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("retention-kit-tests")
             .config("spark.sql.warehouse.dir", tempfile.mkdtemp())  # re-runs would hit LOCATION_ALREADY_EXISTS
             .config("spark.sql.shuffle.partitions", "2")  # 200 by default: 200 tasks for every grouping of 400 customers
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    yield ibis.pyspark.connect(spark)
    rk.set_backend(None)
    spark.stop()


CALLS = {
    "cohort_table": lambda o: rk.cohort_table(o, metric="customers"),
    "retention": lambda o: rk.cohort_table(o, metric="retention", mode="on_or_after"),
    "rfm_summary": lambda o: rk.rfm_summary(o),
    "kpi_table": lambda o: rk.kpi_table(o, period="Q"),
    "kpi_table_weekly": lambda o: rk.kpi_table(o, period="W", active_window_days=30),  # bit sets of 3 words
    "survival_frame": lambda o: rk.survival_frame(o),
}


def test_spark_results_equal_duckdb_results(spark_backend):
    """Validation runs on each backend once (on Spark it is several jobs); every call reads its result."""
    orders = rk.make_demo_data(seed=3, n_customers=400).orders
    rk.set_backend(None)
    on_duckdb = rk.load_orders(orders)
    duck = {name: call(on_duckdb) for name, call in CALLS.items()}
    rk.set_backend(spark_backend)
    try:
        on_spark = rk.load_orders(orders)
        assert on_spark.rows_used == on_duckdb.rows_used
        assert [(e.reason, e.rows) for e in on_spark.ledger.entries] == [(e.reason, e.rows)
                                                                        for e in on_duckdb.ledger.entries]
        for name, call in CALLS.items():
            spark = call(on_spark)
            pd.testing.assert_frame_equal(duck[name].reset_index(drop=True), spark.reset_index(drop=True),
                                          check_dtype=False, obj=name)
    finally:
        rk.set_backend(None)
