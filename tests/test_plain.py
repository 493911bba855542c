"""Plain mode (issue 17): the questionnaire answered line by line through a pipe or a pty, no escape sequence."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from msq_tui.store.drafts import DraftStore

from .conftest import REPOSITORY
from .terminal import Terminal

# Every kind of question: a URL list with nesting and an invalid URL corrected, a yes/no that opens a
# contact card, typed texts and one through :edit, checklists with details, Other and an explanation.
SCRIPT = """\
https://ict.gov.ir Ministry of ICT
http://ministry Ministry of Planning
> Data portal

https://ict.gov.ir Ministry of ICT
https://mporg.ir Ministry of Planning
> Data portal
> https://data.gov.ir/en Open data

:goto 4
y
Ada Lovelace
Chief Information Officer
Ministry of ICT
ada@ict.gov.ir
+98 21 1234 5678
:goto 6
A portal for every citizen.
::colon is typed with two.
.
:edit
1 3
d 1 Adopted in 2023
d 3
SDG 16
and SDG 9
.
e
Both plans are public.
.

:goto 10
n
:goto VII
1 10
Space programmes

:quit
"""

EXPECTED_ANSWERS = {
    "q1": [
        {"label": "Ministry of ICT", "url": "https://ict.gov.ir", "children": []},
        {
            "label": "Ministry of Planning",
            "url": "https://mporg.ir",
            "children": [
                {"label": "Data portal", "url": "", "children": []},
                {"label": "Open data", "url": "https://data.gov.ir/en", "children": []},
            ],
        },
    ],
    "q4": "yes",
    "q4_cio": {
        "name": "Ada Lovelace",
        "title": "Chief Information Officer",
        "organization": "Ministry of ICT",
        "email": "ada@ict.gov.ir",
        "phone": "+98 21 1234 5678",
    },
    "q6": "A portal for every citizen.\n:colon is typed with two.",
    "q7": "Written in the editor.\nSecond line.",
    "q8": {
        "selected": ["implementation_plan", "sdgs"],
        "details": {"implementation_plan": "Adopted in 2023", "sdgs": "SDG 16\nand SDG 9"},
        "other": "",
        "explanation": "Both plans are public.",
    },
    "q10": "no",
    "q15": {"selected": ["ai", "other"], "details": {}, "other": "Space programmes", "explanation": ""},
}


def fake_editor(folder: Path) -> Path:
    """An editor that writes a fixed text into the file it is given (and fails if the file is missing)."""
    editor = folder / "editor.py"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "assert open(sys.argv[1], encoding='utf-8').read() == ''\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('Written in the editor.\\nSecond line.\\n')\n",
        encoding="utf-8",
    )
    editor.chmod(0o755)
    return editor


def run_msq(home: Path, arguments: list[str], script: str, **environment: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MSQ_HOME": str(home), "PYTHONPATH": str(REPOSITORY), **environment}
    env.pop("ACCESSIBLE", None) if "ACCESSIBLE" not in environment else None
    return subprocess.run(
        [sys.executable, "-m", "msq_tui", *arguments],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def only_draft(home: Path, questionnaire) -> dict:
    store = DraftStore(home)
    [response_id] = store.ids()
    return json.loads(store.path(response_id).read_text(encoding="utf-8"))


def test_a_script_through_a_pipe_answers_every_kind_of_question(
    isolated_home, tmp_path, questionnaire
) -> None:
    result = run_msq(
        isolated_home, ["new", "--country", "IRN", "--plain"], SCRIPT, VISUAL=str(fake_editor(tmp_path))
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert only_draft(isolated_home, questionnaire)["answers"] == EXPECTED_ANSWERS
    out = result.stdout
    # The invalid URL is refused with validation's own message, then corrected.
    assert (
        "Error: Question 1, entry 2: the URL 'http://ministry' is not valid: the host 'ministry' has no dot"
        in out
    )
    assert "Section II, Strategy and Implementation. Question 6 (18 of 39)" in out
    assert "Question 11 is skipped: it applies only when question 10 is answered yes." in out
    assert out.count("Question 11 is skipped") == 1
    assert "Checked 10: Other." in out
    assert "Saved draft" in out.splitlines()[-1]
    assert result.stderr == ""


def test_end_of_input_saves_what_was_typed_and_leaves(isolated_home) -> None:
    result = run_msq(
        isolated_home, ["new", "--country", "IRN", "--plain"], ":goto 6\nHalf a text\nwithout its end"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    store = DraftStore(isolated_home)
    [response_id] = store.ids()
    saved = json.loads(store.path(response_id).read_text(encoding="utf-8"))
    assert saved["answers"] == {"q6": "Half a text\nwithout its end"}
    assert saved["position"]["question"] == "q6"
    # Opened again, it resumes where it was, and says the answer.
    again = run_msq(isolated_home, ["open", response_id[:8], "--plain"], "")
    assert "Question 6 (18 of 39)" in again.stdout.splitlines()[1]
    assert "  Half a text" in again.stdout


def test_a_word_limit_is_checked_as_the_answer_is_given(isolated_home) -> None:
    text = " ".join(["word"] * 260)
    result = run_msq(
        isolated_home, ["new", "--country", "IRN", "--plain"], f":goto 6\n{text}\n.\nShort now.\n.\n:quit\n"
    )
    assert (
        "Error: Question 6: 260 words, 10 over the limit of 250: shorten it before signing off"
        in result.stdout
    )
    assert "Type the answer again to correct it, or :next to keep it as it is." in result.stdout
    assert only_draft(isolated_home, None)["answers"] == {"q6": "Short now."}


def test_a_draft_open_elsewhere_is_not_opened_for_writing(isolated_home, questionnaire) -> None:
    store = DraftStore(isolated_home)
    response = store.create(questionnaire, "IRN")
    with store.lock(str(response.response_id)):
        result = run_msq(isolated_home, ["open", "IRN", "--plain"], "y\n")
    assert result.returncode == 1
    assert "--read-only --plain" in result.stdout


def test_an_accessible_environment_chooses_plain_mode_in_a_terminal(isolated_home, monkeypatch) -> None:
    monkeypatch.setenv("ACCESSIBLE", "1")
    terminal = Terminal(["new", "--country", "IRN"], isolated_home)
    try:
        assert terminal.wait_for(lambda: b"plain mode" in terminal.output), terminal.output
        terminal.type(":quit\n", delay=0.01)
        assert terminal.wait(20) is not None
    finally:
        terminal.close()
    assert b"\x1b" not in terminal.output


def test_a_stdin_that_is_no_terminal_chooses_plain_mode(isolated_home) -> None:
    result = run_msq(isolated_home, ["new", "--country", "IRN"], ":quit\n")
    assert result.returncode == 0, result.stderr
    assert "plain mode" in result.stdout.splitlines()[0]


def test_plain_mode_writes_no_escape_sequence_to_a_terminal(isolated_home, tmp_path, questionnaire) -> None:
    store = DraftStore(isolated_home)
    response = store.create(questionnaire, "IRN")
    # An answer from a hostile file: plain mode shows its escape, never sends it.
    response.answers = {"q6": "Cleared\x1b[2J screen\x1b]2;owned\x07"}
    store.save(response)
    terminal = Terminal(["open", str(response.response_id), "--plain"], isolated_home)
    try:
        assert terminal.wait_for(lambda: b"plain mode" in terminal.output)
        for line in SCRIPT.replace(":edit\n", "").splitlines()[:-1] + [
            ":goto 6",
            ":review",
            ":list",
            ":help",
            ":quit",
        ]:
            terminal.type(line + "\n", delay=0.002)
        assert terminal.wait(30) is not None, terminal.output.decode("utf-8", "replace")[-2000:]
    finally:
        terminal.close()
    output = terminal.output.decode("utf-8")
    assert "Saved draft" in output
    assert "Cleared\\x1b[2J screen\\x1b]2;owned\\x07" in output
    control = re.findall(
        r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", output
    )  # only \r\n line ends may reach the terminal
    assert control == []


def test_the_core_modules_of_plain_mode_never_import_textual() -> None:
    code = "import sys, msq_tui.plain.mode, msq_tui.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPOSITORY, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "line",
    ["https://ict.gov.ir Ministry", "www.ict.gov.ir Ministry", "ict.gov.ir/en Ministry", "http://ministry x"],
)
def test_a_url_line_starts_with_its_address(line) -> None:
    from msq_tui.model.url_tree import entry_from_line as parse_url_line

    entry = parse_url_line(line)
    assert entry.url == line.split()[0] and entry.label == line.split(" ", 1)[1]


@pytest.mark.parametrize("line", ["Ministry of ICT", "Dr. Smith's office", "e.g. the portal"])
def test_a_url_line_without_an_address_is_a_label(line) -> None:
    from msq_tui.model.url_tree import entry_from_line as parse_url_line

    assert parse_url_line(line).url == "" and parse_url_line(line).label == line


def test_a_signal_keeps_the_text_being_typed(isolated_home) -> None:
    import signal
    import time

    terminal = Terminal(["new", "--country", "IRN", "--plain"], isolated_home)
    try:
        assert terminal.wait_for(lambda: b"plain mode" in terminal.output)
        terminal.type(":goto 6\n", delay=0.002)
        assert terminal.wait_for(lambda: b"Question 6 (18 of 39)" in terminal.output)
        terminal.type("Typed but not ended\n", delay=0.002)
        time.sleep(1.0)  # for msq to read the line; nothing is measured
        terminal.kill(signal.SIGTERM)
        status = terminal.wait(20)
    finally:
        terminal.close()
    assert status is not None and os.waitstatus_to_exitcode(status) == 128 + signal.SIGTERM
    assert only_draft(isolated_home, None)["answers"] == {"q6": "Typed but not ended"}


def test_sign_off_and_export_from_plain_mode(isolated_home, tmp_path, questionnaire) -> None:
    from .fixtures import full_response

    store = DraftStore(isolated_home)
    response = full_response(questionnaire)
    store.save(response)
    script = ":sign\nAda Lovelace\n\n\nada@ict.gov.ir\ny\n:export\n:quit\n"
    result = run_msq(isolated_home, ["open", "IRN", "--plain"], script)
    assert result.returncode == 0, result.stdout + result.stderr
    saved = only_draft(isolated_home, questionnaire)
    assert (
        saved["status"] == "signed"
        and saved["signoff"]["name"] == "Ada Lovelace"
        and saved["signoff"]["publish"] is True
    )
    assert "Signed off revision 1 as Ada Lovelace" in result.stdout
    written = [
        line.removeprefix("Wrote ") for line in result.stdout.splitlines() if line.startswith("Wrote ")
    ]
    assert len(written) == 2 and all(Path(path).is_file() for path in written)
    assert {Path(path).suffix for path in written} == {".json", ".toml"}


# The same answers given in the TUI (by keys, through the Pilot) and in plain mode give the same draft.
SAME_IN_PLAIN = """\
https://ict.gov.ir Ministry of ICT
> https://data.gov.ir Open data

:goto 4
y
Ada Lovelace
Chief Information Officer
Ministry of ICT
ada@ict.gov.ir
+98 21 1234 5678
:goto 6
Line one
line two
.
:goto 8
1
d 1 Adopted in 2023
e
Both public.
.

:goto VII
1 10
Space programmes

:quit
"""


async def _answer_in_the_tui(home: Path, questionnaire) -> dict:
    from msq_tui.model.answers import Response
    from msq_tui.tui.widgets.checklist import OptionBox

    from .tui_helpers import SIZE, make_app, type_text, widget_for

    store = DraftStore(home)
    response = Response.new(questionnaire, "IRN")
    response.position.section, response.position.question = "I", "q1"

    async def session(actions) -> None:
        nonlocal response
        app = make_app(home, response)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await actions(app, pilot)
            await pilot.pause()
        response = store.load(str(response.response_id), questionnaire)

    async def section_one(app, pilot) -> None:
        await type_text(pilot, "https://ict.gov.ir")
        await pilot.press("enter")
        await type_text(pilot, "Ministry of ICT")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "https://data.gov.ir")
        await pilot.press("alt+right")
        await pilot.pause()
        await pilot.press("enter")
        await type_text(pilot, "Open data")
        widget_for(app, "q4").focus_first()
        await pilot.pause()
        await pilot.press("enter")  # yes
        await pilot.pause()
        widget_for(app, "q4_cio").focus_first()
        for value in (
            "Ada Lovelace",
            "Chief Information Officer",
            "Ministry of ICT",
            "ada@ict.gov.ir",
            "+98 21 1234 5678",
        ):
            await type_text(pilot, value)
            await pilot.press("enter")

    async def section_two(app, pilot) -> None:
        app.focused.insert("Line one\nline two")
        widget_for(app, "q8").focus_first()
        await pilot.pause()
        await pilot.press("space", "tab")
        await type_text(pilot, "Adopted in 2023")
        widget_for(app, "q8").focus_field("explanation")
        await pilot.pause()
        await type_text(pilot, "Both public.")

    async def section_seven(app, pilot) -> None:
        await pilot.press("space")
        next(box for box in widget_for(app, "q15").query(OptionBox) if box.option_id == "other").focus()
        await pilot.press("space")  # ticked, Other's text has the focus
        await type_text(pilot, "Space programmes")

    await session(section_one)
    response.position.section, response.position.question = "II", "q6"
    await session(section_two)
    response.position.section, response.position.question = "VII", "q15"
    await session(section_seven)
    return response.answers


async def test_the_same_answers_in_the_tui_and_in_plain_mode_make_the_same_draft(
    tmp_path, questionnaire
) -> None:
    tui_answers = await _answer_in_the_tui(tmp_path / "tui-home", questionnaire)
    plain_home = tmp_path / "plain-home"
    result = run_msq(plain_home, ["new", "--country", "IRN", "--plain"], SAME_IN_PLAIN)
    assert result.returncode == 0, result.stdout + result.stderr
    plain_answers = only_draft(plain_home, questionnaire)["answers"]
    assert plain_answers == tui_answers
    assert plain_answers["q1"][0]["children"] == [
        {"label": "Open data", "url": "https://data.gov.ir", "children": []}
    ]
    assert set(plain_answers) == {"q1", "q4", "q4_cio", "q6", "q8", "q15"}


def test_a_line_that_is_not_utf8_is_taken_not_a_crash(isolated_home) -> None:
    env = {**os.environ, "MSQ_HOME": str(isolated_home), "PYTHONPATH": str(REPOSITORY)}
    result = subprocess.run(
        [sys.executable, "-m", "msq_tui", "new", "--country", "IRN", "--plain"],
        input=b":goto 6\nbad \xff byte\n.\n:quit\n",
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert only_draft(isolated_home, None)["answers"] == {"q6": "bad \ufffd byte"}


def test_a_draft_opened_read_only_is_not_changed(isolated_home, questionnaire) -> None:
    store = DraftStore(isolated_home)
    response = store.create(questionnaire, "IRN")
    before = store.path(str(response.response_id)).read_bytes()
    result = run_msq(
        isolated_home,
        ["open", "IRN", "--read-only", "--plain"],
        "https://ict.gov.ir Portal\n\n:goto 4\ny\n:quit\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Read-only: answers typed here are not kept." in result.stdout
    assert result.stdout.count("This draft is open read-only: the answer was not changed.") == 2
    assert store.path(str(response.response_id)).read_bytes() == before


def test_a_disk_that_refuses_is_said_at_once_and_nothing_typed_is_lost(
    isolated_home, tmp_path, questionnaire
) -> None:
    store = DraftStore(isolated_home)
    response = store.create(questionnaire, "IRN")
    trigger = tmp_path / "fault"
    trigger.write_text("full", encoding="utf-8")
    faults = {
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "tests" / "faults"), str(REPOSITORY)]),
        "MSQ_TEST_FAULT_FILE": str(trigger),
        "MSQ_TEST_FAULT_FOLDER": str(store.drafts_folder),
    }
    result = run_msq(
        isolated_home,
        ["open", "IRN", "--plain"],
        ":goto 6\nKept whatever the disk does.\n.\n:save\n:quit\n",
        **faults,
    )
    assert "Not saved: " in result.stdout and ":save tries again" in result.stdout
    assert result.returncode == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith("msq: the draft could not be saved") and "emergency copy" in last
    emergency = Path(last.split("emergency copy ", 1)[1].split(". Start msq", 1)[0])
    assert json.loads(emergency.read_text(encoding="utf-8"))["answers"] == {
        "q6": "Kept whatever the disk does."
    }
    assert json.loads(store.path(str(response.response_id)).read_text(encoding="utf-8"))["answers"] == {}
