"""Shared test set-up: a non-interactive plot backend, closed figures, fixed seeds, a small demo shop."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from retention_kit.demo import make_demo_data  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def demo():
    """A small demo shop (2,000 customers) shared by the tests that only read it."""
    return make_demo_data(seed=11, n_customers=2_000)
