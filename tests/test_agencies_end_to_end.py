"""The real `msq` in a pseudo-terminal on two msq homes: an agency answers its part in the TUI, signs
it off and exports it; the focal point imports it on the start screen, and it is merged."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore

from .conftest import REPOSITORY
from .fixtures import full_response
from .terminal import Terminal

ENTER = b"\r"
CTRL_Q = b"\x11"
CTRL_R = b"\x12"


def msq(*arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    environment = {**os.environ, "MSQ_HOME": str(home), "PYTHONPATH": str(REPOSITORY)}
    return subprocess.run(
        [sys.executable, "-m", "msq_tui", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def draft_of(home: Path) -> dict:
    [path] = (home / "drafts").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def terminals():
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def test_an_agency_answers_apart_and_the_part_is_merged(tmp_path: Path, terminals) -> None:
    questionnaire = builtin_questionnaire()
    coordinator, agency, mail = tmp_path / "coordinator", tmp_path / "agency", tmp_path / "mail"
    documents = tmp_path / "xdg_documents_dir"  # where export writes (conftest's XDG_DOCUMENTS_DIR)
    store = DraftStore(coordinator)
    store.prepare()
    response = full_response(questionnaire)
    store.save(response)
    handed = msq(
        "assign", "1111", "--to", "Ministry of ICT", "--questions", "VIII", "-o", str(mail), home=coordinator
    )
    assert handed.returncode == 0, handed.stderr
    [assignment] = mail.glob("*_assignment.json")
    imported = msq("import", str(assignment), home=agency)
    assert imported.returncode == 0, imported.stderr

    # The agency, in its own home: opens on its first question, types, signs off, exports.
    screen = Terminal(["open", "IRN"], agency)
    terminals.append(screen)
    assert screen.wait_for(lambda: "agency part r1" in screen.screen_text()), screen.screen_text()[-2000:]
    time.sleep(1.0)
    screen.type(" Updated by the ministry.")
    assert screen.wait_for(
        lambda: draft_of(agency)["answers"]["q17"].endswith("Updated by the ministry."), timeout=10
    )
    screen.press(CTRL_R)
    screen.press(b"s", delay=1.0)
    for value in ("Sara Ahmadi", "Director", "Ministry of ICT", "sara@ict.gov.ir"):
        screen.type(value)
        screen.press(ENTER)
    screen.press(ENTER, delay=1.0)  # the Sign off button
    part = documents / "MSQ2020_IRN_ministry-of-ict_part_r1.json"
    assert screen.wait_for(part.is_file, timeout=15), screen.screen_text()[-2000:]
    screen.press(CTRL_Q)
    assert screen.wait(20) == 0 or screen.exit_status == 0

    # The focal point, in the other home: Import on the start screen merges the part.
    start = Terminal([], coordinator)
    terminals.append(start)
    assert start.wait_for(lambda: "drafts" in start.screen_text()), start.screen_text()[-2000:]
    time.sleep(1.0)
    start.press(b"i", delay=1.0)
    start.type(str(part))
    start.press(ENTER)
    assert start.wait_for(
        lambda: draft_of(coordinator)["answers"]["q17"].endswith("Updated by the ministry."), timeout=15
    ), start.screen_text()[-2000:]
    merged = draft_of(coordinator)
    assert merged["collaboration"]["provenance"]["q17"]["agency"] == "Ministry of ICT"
    assert merged["collaboration"]["provenance"]["q17"]["signer"] == "Sara Ahmadi"
    start.press(CTRL_Q)
    assert start.wait(20) is not None
