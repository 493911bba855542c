"""End to end: the real `msq` in a pseudo-terminal, typed into, killed and reopened."""

import json
import signal
import time
from pathlib import Path

import pytest

from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore

from .terminal import Terminal

ENTER = b"\r"
CTRL_Q = b"\x11"


def only_draft(home: Path) -> Path | None:
    drafts = sorted((home / "drafts").glob("*.json")) if (home / "drafts").is_dir() else []
    return drafts[0] if len(drafts) == 1 else None


def answer(home: Path, question_id: str):
    path = only_draft(home)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))["answers"].get(question_id)
    except (OSError, ValueError):
        return None


def start_new(home: Path) -> Terminal:
    terminal = Terminal(["new", "--country", "IRN"], home)
    # The draft exists once the app has started; the screen follows a moment later.
    assert terminal.wait_for(lambda: only_draft(home) is not None and "Saved" in terminal.screen_text()), (
        terminal.screen_text()[-2000:]
    )
    time.sleep(1.0)
    return terminal


@pytest.fixture
def terminals():
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def test_typing_into_question_1_reaches_the_draft(isolated_home: Path, terminals) -> None:
    terminal = start_new(isolated_home)
    terminals.append(terminal)
    terminal.type("www.egovernment.ir")
    terminal.press(ENTER)
    terminal.type("National portal")
    assert terminal.wait_for(
        lambda: (
            answer(isolated_home, "q1")
            == [{"label": "National portal", "url": "www.egovernment.ir", "children": []}]
        ),
        timeout=5,
    )
    terminal.press(CTRL_Q)
    assert terminal.wait(20) is not None
    assert terminal.exit_status == 0


def test_kill_9_after_3_seconds_of_typing_loses_at_most_2_seconds(isolated_home: Path, terminals) -> None:
    terminal = start_new(isolated_home)
    terminals.append(terminal)
    text = "www." + "a" * 200
    typed_at: list[float] = []
    start = time.monotonic()
    for character in text:
        terminal.type(character, delay=0.0)
        typed_at.append(time.monotonic())
        time.sleep(0.03)
        if time.monotonic() - start >= 3.0:
            break
    killed_at = time.monotonic()
    terminal.kill(signal.SIGKILL)
    terminal.wait(10)
    typed = text[: len(typed_at)]
    safe = sum(1 for moment in typed_at if moment <= killed_at - 2.0)  # typed more than 2 s before the kill
    saved = (
        DraftStore(isolated_home)
        .load(only_draft(isolated_home).stem, builtin_questionnaire())
        .answers["q1"][0]["url"]
    )
    assert typed.startswith(saved)
    assert len(saved) >= safe, (
        f"lost {len(typed) - len(saved)} characters; at most {len(typed) - safe} may go"
    )
    # Reopened, the text is there.
    again = Terminal(["open", "IRN"], isolated_home)
    terminals.append(again)
    assert again.wait_for(lambda: "Saved" in again.screen_text())
    again.press(CTRL_Q)
    assert again.wait(20) is not None


def test_closing_the_terminal_0_2_seconds_after_typing_keeps_the_text(isolated_home: Path, terminals) -> None:
    terminal = start_new(isolated_home)
    terminals.append(terminal)
    terminal.type("www.iran.gov.ir", delay=0.02)
    time.sleep(0.2)
    terminal.hang_up()  # SIGHUP, as when the window closes or the SSH link drops
    assert terminal.wait(20) is not None, "msq did not end after SIGHUP"
    assert answer(isolated_home, "q1") == [{"label": "", "url": "www.iran.gov.ir", "children": []}]


def test_sigterm_saves_and_exits(isolated_home: Path, terminals) -> None:
    terminal = start_new(isolated_home)
    terminals.append(terminal)
    terminal.type("www.setadiran.ir", delay=0.02)
    terminal.kill(signal.SIGTERM)
    assert terminal.wait(20) is not None
    assert answer(isolated_home, "q1") == [{"label": "", "url": "www.setadiran.ir", "children": []}]


def test_a_second_msq_on_the_same_draft_is_refused(isolated_home: Path, terminals) -> None:
    first = start_new(isolated_home)
    terminals.append(first)
    second = Terminal(["open", "IRN"], isolated_home)
    terminals.append(second)
    assert second.wait_for(
        lambda: "open in another msq" in second.screen_text() or "open elsewhere" in second.screen_text()
    )
    assert f"process {first.pid}" in second.screen_text()


def test_a_burst_of_keys_in_one_write_lands_where_slow_typing_would(isolated_home: Path, terminals) -> None:
    """What a slow SSH link delivers in one read: entries, labels, Tab to the next question, a half-space."""
    terminal = start_new(isolated_home)
    terminals.append(terminal)
    burst = "www.fast1.ir\rFast label 1\rwww.fast2.ir\rFast label 2\twww.q2a.ir\rمی\u200cخواهم"
    terminal.press(burst.encode("utf-8"), delay=0)  # one write()
    expected_q1 = [
        {"label": "Fast label 1", "url": "www.fast1.ir", "children": []},
        {"label": "Fast label 2", "url": "www.fast2.ir", "children": []},
    ]
    expected_q2a = [{"label": "می\u200cخواهم", "url": "www.q2a.ir", "children": []}]
    assert terminal.wait_for(lambda: answer(isolated_home, "q2a") == expected_q2a, timeout=10), (
        answer(isolated_home, "q1"),
        answer(isolated_home, "q2a"),
    )
    assert answer(isolated_home, "q1") == expected_q1
    terminal.press(CTRL_Q)
    assert terminal.wait(20) is not None
