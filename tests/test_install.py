"""The package as a user installs it: a wheel in a fresh environment, a report from an empty folder."""

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_installed_wheel_writes_the_demo_report_from_an_empty_folder(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w",
                            str(wheels), str(ROOT)], check=True, capture_output=True, text=True, timeout=300)
    for warning in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "is absent from the `packages`"):
        assert warning not in built.stdout + built.stderr, warning          # packaging says nothing
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True, timeout=120)
    packages = next((env / "lib").glob("python3*/site-packages"))
    # the dependencies come from the test environment (no download); the package itself only from the wheel
    (packages / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    wheel = next(wheels.glob("retention_kit-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env / "bin" / "python"), "install", "--no-deps",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    # the dependencies' data files (nbconvert's templates), which their own install puts in the environment
    shared = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    done = subprocess.run([str(env / "bin" / "retention-kit"), "report", "--out", "out", "--quiet", "--no-pdf"],
                          cwd=empty, capture_output=True, text=True, timeout=900, env=shared)
    assert done.returncode == 0, done.stderr[-2000:]
    where = subprocess.run([str(env / "bin" / "python"), "-c", "import retention_kit; print(retention_kit.__file__)"],
                           cwd=empty, capture_output=True, text=True).stdout
    assert str(packages) in where and str(ROOT) not in where          # the wheel's copy, not the checkout
    pages = sorted(p.name for p in (empty / "out").glob("*/*.html"))
    assert pages == ["00_data_overview.html", "01_retention.html", "02_churn_reasons.html",
                     "03_loyalty_programme.html", "04_retention_campaigns.html", "index.html"]


def test_every_package_of_the_source_is_listed_for_installation():
    """A package missing from pyproject's list would import in a checkout and fail once installed."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "retention_kit").rglob("__init__.py")}
    assert {"retention_kit.clv.models", "retention_kit.data"} <= found
    assert found - listed == set()
