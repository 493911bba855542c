"""Shared fixtures: every data and config folder points into the test's own tmp_path."""

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from msq_tui.model.definitions_check import builtin_questionnaire

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = REPOSITORY.parent / "shared"
REFERENCE = SHARED / "reference" / "msq2020-response-IRN.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """MSQ_HOME and the XDG folders in tmp_path, so no test touches the developer's own drafts."""
    home = tmp_path / "msq-home"
    monkeypatch.setenv("MSQ_HOME", str(home))
    for variable in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "XDG_CACHE_HOME",
        "XDG_DOCUMENTS_DIR",
    ):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    # The temporary folder too: emergency copies go there last, and the start screen looks there.
    temporary = tmp_path_factory.mktemp("tmpdir")  # beside tmp_path, which some tests expect empty
    monkeypatch.setenv("TMPDIR", str(temporary))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
    # What the test left in its temporary folder goes with it (tmp_path itself is removed by
    # pytest when the test passed: tmp_path_retention_policy in pyproject.toml).
    shutil.rmtree(temporary, ignore_errors=True)


@pytest.fixture(scope="session")
def questionnaire():
    return builtin_questionnaire()


def subprocess_environment(home: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["MSQ_HOME"] = str(home)
    return environment


@pytest.fixture
def fixed_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home in tmp_path whose name reads the same in every run, for the snapshots (the start
    screen shows the drafts folder): a relative path, from tmp_path as the working folder; and
    the clock's time zone UTC, restored afterwards."""
    monkeypatch.chdir(tmp_path)
    home = Path("msq-home")
    monkeypatch.setenv("MSQ_HOME", str(home))
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield home
    finally:
        if zone is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = zone
        time.tzset()
