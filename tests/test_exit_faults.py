"""Signals while the disk refuses or hangs, in the real msq in a pseudo-terminal: nothing typed is lost.

The drafts folder's disk is made to refuse (ENOSPC) or hang (fsync waits a minute) through
tests/faults/sitecustomize.py; the home folder is another disk that works. Linux only (the fault
finds a descriptor's file through /proc).
"""

import json
import signal
import sys
import time
from pathlib import Path

import pytest

from .terminal import Terminal
from .test_end_to_end import CTRL_Q, ENTER, only_draft

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the fault injection reads /proc/self/fd"
)


@pytest.fixture
def disk(tmp_path: Path, isolated_home: Path):
    """The fault's trigger file (absent: the disk works) and the environment that arms it."""
    trigger = tmp_path / "fault"
    faults = {"MSQ_TEST_FAULT_FILE": str(trigger), "MSQ_TEST_FAULT_FOLDER": str(isolated_home / "drafts")}
    (tmp_path / "home").mkdir()
    return trigger, faults


@pytest.fixture
def terminals():
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def start(home: Path, faults: dict[str, str], terminals: list[Terminal]) -> Terminal:
    terminal = Terminal(["new", "--country", "IRN"], home, faults=faults)
    terminals.append(terminal)
    assert terminal.wait_for(lambda: only_draft(home) is not None and "Saved" in terminal.screen_text()), (
        terminal.screen_text()[-2000:]
    )
    time.sleep(1.0)
    return terminal


def q1_of(data: bytes):
    return json.loads(data)["answers"].get("q1")


def emergency_copies(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.rglob("msq-emergency-*.json"))


def test_sigterm_while_the_disk_is_full_writes_an_emergency_copy_says_where_and_it_comes_back(
    tmp_path, isolated_home, disk, terminals
) -> None:
    trigger, faults = disk
    terminal = start(isolated_home, faults, terminals)
    terminal.type("www.iran.gov.ir", delay=0.02)
    assert terminal.wait_for(lambda: q1_of(only_draft(isolated_home).read_bytes()) is not None, timeout=5)
    trigger.write_text("full")
    terminal.press(ENTER)
    terminal.type("Typed while the disk is full", delay=0.02)
    # The last key drawn (a key still in the pty when the signal comes never reached msq; the field
    # scrolls, so only the end of the text is drawn whole), and the save failed.
    assert terminal.wait_for(
        lambda: "while the disk is full" in terminal.screen_text() and "Not saved" in terminal.screen_text(),
        timeout=10,
    )
    terminal.kill(signal.SIGTERM)
    assert terminal.wait(15) is not None, "msq did not end after SIGTERM"
    # The draft on disk is the last good save; everything typed is in the emergency copy, in the
    # first place that took it (the drafts folder refuses: the home folder), and msq said where.
    assert q1_of(only_draft(isolated_home).read_bytes())[0]["label"] == ""
    copies = emergency_copies(tmp_path)
    assert [copy.parent for copy in copies] == [tmp_path / "home"]
    assert q1_of(copies[0].read_bytes())[0]["label"] == "Typed while the disk is full"
    said = terminal.screen_text().replace("\r\n", "")
    assert "emergency copy" in said and copies[0].name in said
    # Next time (the disk works again) the start screen lists it, and r brings it back.
    trigger.unlink()
    again = Terminal([], isolated_home, faults=faults)
    terminals.append(again)
    assert again.wait_for(lambda: "emergency copy" in again.screen_text(), timeout=20), again.screen_text()[
        -2000:
    ]
    again.press(b"r")
    again.press(ENTER, delay=1.0)  # the newest copy
    assert again.wait_for(
        lambda: (
            (q1_of(only_draft(isolated_home).read_bytes()) or [{}])[0].get("label")
            == "Typed while the disk is full"
        ),
        timeout=10,
    )
    assert emergency_copies(tmp_path) == []
    again.press(CTRL_Q)
    assert again.wait(20) is not None


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM"])
def test_a_signal_while_the_disk_hangs_ends_msq_in_seconds_with_an_emergency_copy(
    tmp_path, isolated_home, disk, terminals, how
) -> None:
    trigger, faults = disk
    terminal = start(isolated_home, faults, terminals)
    trigger.write_text("hang 60")  # fsync in the drafts folder waits a minute
    terminal.type("www.iran.gov.ir", delay=0.02)
    time.sleep(2.0)  # an autosave has started and waits for the disk
    signalled = time.monotonic()
    if how == "SIGHUP":
        terminal.hang_up()
    else:
        terminal.kill(signal.SIGTERM)
    assert terminal.wait(30) is not None
    took = time.monotonic() - signalled
    print(f"{how} with a hung disk: msq ended after {took:.1f} s")
    assert took < 20, "msq waited for the hung disk"  # the disk hangs for 60 s; msq's own bound is 4.5 s
    copies = emergency_copies(tmp_path)
    assert len(copies) == 1 and copies[0].parent == tmp_path / "home"
    assert q1_of(copies[0].read_bytes()) == [{"label": "", "url": "www.iran.gov.ir", "children": []}]
    if how == "SIGTERM":
        assert copies[0].name in terminal.screen_text().replace("\r\n", "")
