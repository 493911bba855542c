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


# The longest tests (about a minute each on CI's two cores) start first: with the README's
# `-n auto --dist worksteal`, one that started last would keep a worker busy alone at the end while
# the other waits. A renamed test only loses its place here; nothing else depends on the order.
LONGEST_FIRST = (
    "test_tui_sight.py::test_the_focus_stays_in_sight_through_every_field_of_every_section",
    "test_benchmarks.py::test_benchmark_script_quick_run_reports_every_key",
    "test_tui_any_text.py::test_any_text_typed_into_every_field_kind_is_kept_and_reopens",
    "test_plain.py::test_the_same_answers_in_the_tui_and_in_plain_mode_make_the_same_draft",
    "test_tui_sight.py::test_a_new_entry_added_with_enter_and_its_problem_are_in_sight",
    "test_agencies_end_to_end.py::test_an_agency_answers_apart_and_the_part_is_merged",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        for place, name in enumerate(LONGEST_FIRST):
            if item.nodeid.endswith(name):
                return place
        return len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: every other test keeps its order


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
