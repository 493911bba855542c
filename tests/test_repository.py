"""The repository keeps its promises: CI runs the README's command, and the wheel carries the questionnaire."""

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import REPOSITORY


def readme_test_command() -> str:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    return section.split("```sh\n", 1)[1].split("\n```", 1)[0].strip()


def test_ci_runs_the_readme_test_command_with_every_check() -> None:
    command = readme_test_command()
    ci_lines = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_lines[-1] == command
    for check in ("ruff check .", "ruff format --check .", "mypy msq_tui", "python -m pytest"):
        assert check in command
    hooks = (REPOSITORY / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for entry in (".venv/bin/ruff check", ".venv/bin/ruff format --check", ".venv/bin/mypy msq_tui"):
        assert f"entry: {entry}" in hooks


@pytest.mark.wheel
def test_the_installed_wheel_loads_its_bundled_questionnaire(tmp_path: Path) -> None:
    """Build the wheel (offline: hatchling is in the test extra), install it alone into a fresh
    venv, and load the questionnaire it carries, by the API and by the `msq` command."""
    pytest.importorskip("hatchling", reason="the wheel is built with hatchling, from the test extra")
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--wheel-dir", str(wheels), str(REPOSITORY)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("msq_tui-*.whl")

    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps"]
        + ["--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert install.returncode == 0, install.stderr
    # msq's dependencies come from this venv (no network): after the fresh venv's own packages.
    site = Path(
        subprocess.check_output(
            [python, "-c", "import site; print(site.getsitepackages()[0])"], text=True
        ).strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    environment = {**os.environ, "MSQ_HOME": str(tmp_path / "home")}
    environment.pop("PYTHONPATH", None)
    code = (
        "import msq_tui\n"
        "from msq_tui.model.definitions_check import builtin_definitions_path, builtin_questionnaire\n"
        "q = builtin_questionnaire()\n"
        "print(msq_tui.__file__); print(builtin_definitions_path()); print(len(list(q.questions())))\n"
    )
    loaded = subprocess.run(
        [python, "-I", "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path, env=environment
    )
    assert loaded.returncode == 0, loaded.stderr
    package_file, definitions, count = loaded.stdout.split("\n")[:3]
    installed = site / "msq_tui"
    assert Path(package_file).parent == installed  # the wheel's copy, not the source tree
    assert Path(definitions) == installed / "questions" / "msq2020.toml"
    assert int(count) > 30
    assert (installed / "py.typed").is_file()

    check = subprocess.run(
        [fresh / "bin" / "msq", "check"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=environment,
    )
    assert check.returncode == 0, check.stdout + check.stderr
