"""Shared test set-up: a non-interactive plot backend, closed figures, fixed seeds, a small demo shop."""

import os

# each test worker gets its share of the cores for OpenMP and BLAS (set before numpy loads them): threads
# that outnumber the cores spin, and gradient boosting then runs ten times slower, as the report runner knows
_THREADS = str(max(1, (os.cpu_count() or 1) // int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))))
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, _THREADS)

import matplotlib  # noqa: E402

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
