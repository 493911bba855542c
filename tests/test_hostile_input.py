"""Hostile files and odd paths through the real `msq` command: each ends in one clear line and its exit code.

The corpus: escape sequences and forged lines in every place the CLI prints something from a file
or an answer (verify, check, list, import, render, sign, email, errors), hostile URLs, files that
are not files (a folder, a FIFO, /dev/zero, a huge one), deeply nested TOML and JSON, and numbers
thousands of digits long. Whatever the file, nothing msq writes to a terminal holds a raw control
character, and no traceback or crash report comes of it.
"""

import ast
import json
import os
import re
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from msq_tui.cli import main
from msq_tui.files.input_files import InputFileError, read_input_file
from msq_tui.files.terminal_text import visible
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.urls import url_problem
from msq_tui.store.drafts import DraftStore, serialise
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import sealed
from msq_tui.submission.document import submission_document as document_of
from msq_tui.submission.render import render
from msq_tui.submission.signoff import Signer, sign_off
from msq_tui.submission.verify import SubmissionError, read_submission

from .conftest import REPOSITORY
from .fixtures import full_response

ESC = "\x1b"
CLEAR_AND_FAKE_OK = f"{ESC}[2J{ESC}[HOK: x.json is an intact, signed-off submission.\n{ESC}[8m"
OSC52 = f"{ESC}]52;c;cm0gLXJmIH4K\x07"  # puts `rm -rf ~` on the clipboard
TITLE_AND_COLOUR = f"{ESC}]2;owned\x07{ESC}[31m"
RESET = f"{ESC}c"
CSI_C1 = "\x9b2J"  # the one-byte C1 form of ESC [
# Any control character but the line break (C0, DEL, C1): none may reach the terminal raw.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return (self.out + self.err).splitlines()


def run_cli(capsys: pytest.CaptureFixture[str], *arguments: str) -> Result:
    """`msq ARGUMENTS` through its entry point, in this process."""
    code = main(list(arguments))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def run_cli_process(*arguments: str, home: Path) -> Result:
    """`msq ARGUMENTS` in a child process, with 1 GB of memory and 60 s at most: for the inputs that
    would hang or fill the memory of the test run itself if the guard failed."""

    def limit_memory() -> None:
        import resource  # POSIX only, as are FIFOs and /dev/zero

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    environment = {**os.environ, "MSQ_HOME": str(home), "PYTHONPATH": str(REPOSITORY)}
    done = subprocess.run(
        [sys.executable, "-m", "msq_tui", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        preexec_fn=limit_memory,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def assert_clean(result: Result) -> None:
    """No raw control character, no traceback, no crash report, whatever the input."""
    text = result.out + result.err
    assert not RAW_CONTROL.search(text), f"a raw control character reached the terminal: {text!r}"
    assert "Traceback" not in text and "unexpected error" not in text, text
    assert "set_int_max_str_digits" not in text, text


def assert_one_line(result: Result, code: int, message: str) -> None:
    """Exit ``code``, and ``message`` whole on one line of the output."""
    assert_clean(result)
    assert result.code == code, f"exit {result.code}: {result.out}{result.err}"
    assert any(message in line for line in result.lines), (
        f"{message!r} not on one line of:\n{result.out}{result.err}"
    )


# -- Files to be hostile with ---------------------------------------------------------------------

SIGNED_AT = datetime(2019, 3, 27, 10, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def submission_document(questionnaire) -> dict:
    """A valid signed-off submission's document, to be altered and sealed again."""
    signer = Signer(
        "Amir Nazemi", "President of ITO", "Information Technology Organization of Iran", "nazemi@ito.gov.ir"
    )
    signed = sign_off(questionnaire, full_response(questionnaire), signer, publish=True, now=SIGNED_AT)
    return document_of(questionnaire, signed)


def write_sealed(path: Path, document: dict) -> Path:
    """``document`` sealed (so that its digest holds: the file is intact) and written as JSON."""
    path.write_text(json.dumps(sealed(document), ensure_ascii=False), encoding="utf-8")
    return path


def with_signoff(document: dict, **fields: str) -> dict:
    return {**document, "signoff": {**document["signoff"], **fields}}


def with_answers(document: dict, **answers) -> dict:
    return {**document, "answers": {**document["answers"], **answers}}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def draft_with(questionnaire, **answers) -> str:
    """A draft in the store with these answers (as plain JSON values); its id."""
    response = full_response(questionnaire)
    response.answers = {**response.answers, **answers}
    DraftStore().save(response)
    return str(response.response_id)


# -- A. Control characters from a file never reach the terminal raw --------------------------------


def test_a_forged_ok_in_an_unsealed_key_stays_inside_the_not_valid_line(
    submission_document, tmp_path, capsys
) -> None:
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**sealed(submission_document), CLEAR_AND_FAKE_OK: 1}), encoding="utf-8")
    result = run_cli(capsys, "verify", str(forged))
    assert_one_line(result, 1, r"is wrong (Extra inputs are not permitted)")
    assert result.out == ""
    assert not any(line.startswith("OK") for line in result.lines)  # the fake OK is not a line of its own
    assert any(
        line.startswith("NOT VALID: ") and r"\x1b[2J\x1b[HOK: x.json" in line and r"\n\x1b[8m" in line
        for line in result.lines
    )


TERMINAL_CASES: dict[str, tuple[Callable[..., list[str]], int, str]] = {}


def terminal_case(name: str, code: int, message: str):
    def register(make: Callable[..., list[str]]):
        TERMINAL_CASES[name] = (make, code, message)
        return make

    return register


@terminal_case(
    "verify: OSC 52 in the signer's name",
    0,
    r"Signed off by: Amir\x1b]52;c;cm0gLXJmIH4K\x07 Nazemi, President of ITO",
)
def _(tmp_path, questionnaire, document):
    return [
        "verify",
        str(write_sealed(tmp_path / "s.json", with_signoff(document, name=f"Amir{OSC52} Nazemi"))),
    ]


@terminal_case(
    "verify: a carriage return and a forged line in the organization",
    0,
    r"Information Technology Organization of Iran\rOK\nCountry:       Atlantis",
)
def _(tmp_path, questionnaire, document):
    organization = "Information Technology Organization of Iran\rOK\nCountry:       Atlantis"
    return [
        "verify",
        str(write_sealed(tmp_path / "s.json", with_signoff(document, organization=organization))),
    ]


@terminal_case("verify: a C1 CSI in the e-mail", 0, r"<nazemi@ito.gov.ir\x9b2J>")
def _(tmp_path, questionnaire, document):
    return [
        "verify",
        str(write_sealed(tmp_path / "s.json", with_signoff(document, email=f"nazemi@ito.gov.ir{CSI_C1}"))),
    ]


@terminal_case(
    "check: escapes in a question id", 1, r"error [q1\x1b[31mRED]: 'q1\x1b[31mRED' is not a valid id"
)
def _(tmp_path, questionnaire, document):
    text = (REPOSITORY / "questions" / "msq2020.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad-id.toml"
    bad.write_text(text.replace('id = "q1"\n', 'id = "q1\\u001b[31mRED"\n', 1), encoding="utf-8")
    return ["check", str(bad)]


@terminal_case(
    "check: a window title set from the short title", 0, r": OK: MSQ 2020\x1b]2;owned\x07\x1b[31m (msq2020"
)
def _(tmp_path, questionnaire, document):
    text = (REPOSITORY / "questions" / "msq2020.toml").read_text(encoding="utf-8")
    assert 'short_title = "MSQ 2020"' in text
    changed = tmp_path / "title.toml"
    changed.write_text(
        text.replace(
            'short_title = "MSQ 2020"', 'short_title = "MSQ 2020\\u001b]2;owned\\u0007\\u001b[31m"', 1
        ),
        encoding="utf-8",
    )
    return ["check", str(changed)]


@terminal_case(
    "import: escapes in a damaged draft's key",
    1,
    r"its field '\x1b[2J\x1b[HOK: x.json is an intact, signed-off submission.\n\x1b[8m' is wrong",
)
def _(tmp_path, questionnaire, document):
    draft = json.loads(serialise(full_response(questionnaire)))
    path = tmp_path / "draft.json"
    path.write_text(json.dumps({**draft, CLEAR_AND_FAKE_OK: 1}), encoding="utf-8")
    return ["import", str(path)]


@terminal_case("list: a damaged draft's problem", 0, r"damaged: its field '\x9b2J")
def _(tmp_path, questionnaire, document):
    store = DraftStore()
    response = full_response(questionnaire)
    store.save(response)
    draft = json.loads(serialise(response))
    store.path(str(response.response_id)).write_text(json.dumps({**draft, CSI_C1: 1}), encoding="utf-8")
    return ["list"]


@terminal_case(
    "sign: escapes in the signer's name are refused, and not written raw",
    1,
    "The signer's name holds an escape character (ESC)",
)
def _(tmp_path, questionnaire, document):
    response_id = draft_with(questionnaire)
    return [
        "sign",
        response_id[:8],
        "--publish",
        "yes",
        "--name",
        f"Amir{ESC}[8m Nazemi",
        "--title",
        "President of ITO",
    ]


@terminal_case("sign: a blocked sign-off quotes a hostile URL", 1, r"a web address cannot hold '>'")
def _(tmp_path, questionnaire, document):
    response_id = draft_with(
        questionnaire, q1=[{"label": "", "url": "http://a.gov/><img/src=x/onerror=alert(3)>", "children": []}]
    )
    return ["sign", response_id[:8], "--publish", "yes"]


@terminal_case(
    "sign: a blocked sign-off quotes an e-mail with escapes",
    1,
    r"E-mail: 'nazemi@ito.gov.ir\x1b]2' is not an e-mail address",
)
def _(tmp_path, questionnaire, document):
    card = ContactAnswer(
        name="Amir Nazemi",
        title="President of ITO",
        organization="ITO",
        email=f"nazemi@ito.gov.ir{TITLE_AND_COLOUR}",
    )
    response_id = draft_with(questionnaire, contact=card.model_dump(mode="json"))
    return ["sign", response_id[:8], "--publish", "yes"]


@terminal_case("email: a forged file's key in the refusal", 1, r"no e-mail written: ")
def _(tmp_path, questionnaire, document):
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**sealed(document), CLEAR_AND_FAKE_OK: 1}), encoding="utf-8")
    return ["email", str(forged)]


@terminal_case("open: escapes in the draft id typed", 1, r"no draft has the id '\x1b[2J\x1b[H'")
def _(tmp_path, questionnaire, document):
    return ["open", f"{ESC}[2J{ESC}[H"]


@terminal_case("render: ESC c and a window title in answers (Markdown)", 0, r"\x1bc")
def _(tmp_path, questionnaire, document):
    hostile = with_answers(document, q6=f"Our portal{RESET} is{TITLE_AND_COLOUR} new.")
    return ["render", str(write_sealed(tmp_path / "s.json", hostile))]


@terminal_case("render: ESC c in answers (HTML)", 0, r"Our portal\x1bc is\x1b]2;owned\x07\x1b[31m new.")
def _(tmp_path, questionnaire, document):
    hostile = with_answers(document, q6=f"Our portal{RESET} is{TITLE_AND_COLOUR} new.")
    return ["render", "--format", "html", str(write_sealed(tmp_path / "s.json", hostile))]


@pytest.mark.parametrize("name", TERMINAL_CASES)
def test_no_control_character_from_a_file_reaches_the_terminal(
    name, tmp_path, questionnaire, submission_document, capsys
) -> None:
    make, code, message = TERMINAL_CASES[name]
    arguments = make(tmp_path, questionnaire, submission_document)
    assert_one_line(run_cli(capsys, *arguments), code, message)


def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(
    submission_document, tmp_path, isolated_home
) -> None:
    """Bytes of a name that decode to nothing (Latin-1 from a USB stick) come as lone surrogates, which no
    terminal takes: they are shown as escapes."""
    path = write_sealed(Path(os.fsdecode(bytes(tmp_path) + b"/\xff.json")), submission_document)
    result = run_cli_process("import", str(path), home=isolated_home)
    assert_one_line(result, 0, "\\udcff.json as draft ")


def test_list_json_stays_valid_json_with_c1_characters(questionnaire, capsys) -> None:
    store = DraftStore()
    response = full_response(questionnaire)
    store.save(response)
    draft = json.loads(serialise(response))
    store.path(str(response.response_id)).write_text(json.dumps({**draft, CSI_C1: 1}), encoding="utf-8")
    result = run_cli(capsys, "list", "--json")
    assert_clean(result)
    assert result.code == 0
    listed = json.loads(result.out)  # the C1 character is a JSON escape, so the value is the same
    assert CSI_C1 in listed[0]["problem"]


def test_a_rendered_file_holds_no_control_character(submission_document, tmp_path, capsys) -> None:
    hostile = with_answers(
        submission_document, q6=f"Our portal{RESET} is{TITLE_AND_COLOUR} new.\r\nSecond line."
    )
    source = write_sealed(tmp_path / "s.json", hostile)
    for fmt in ("md", "html"):
        output = tmp_path / f"out.{fmt}"
        result = run_cli(capsys, "render", str(source), "-o", str(output))
        assert_one_line(result, 0, f"Wrote {output}")
        document = output.read_text(encoding="utf-8")
        assert not RAW_CONTROL.search(document)
        # As a Markdown reader shows it: a backslash before ASCII punctuation escapes it, before a letter it stays.
        as_read = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", document) if fmt == "md" else document
        assert r"Our portal\x1bc is\x1b]2;owned\x07\x1b[31m new." in as_read
        assert "\\r" not in document  # a Windows line end is a line end


def test_a_document_printed_is_shown_whatever_made_it(monkeypatch, capsys) -> None:
    """`_write_output` shows control characters itself, even should a render let one through."""
    monkeypatch.setattr(
        "msq_tui.submission.render.render", lambda *arguments: f"# Title{RESET}\n\tindented\r\n{CSI_C1}\n"
    )
    result = run_cli(capsys, "blank")
    assert result.code == 0 and result.out == "# Title\\x1bc\n\tindented\n\\x9b2J\n"


def test_an_unexpected_error_is_reported_without_raw_control_characters(monkeypatch, capsys) -> None:
    def failing(arguments):
        raise RuntimeError(f"{ESC}[2Jboom")

    monkeypatch.setattr("msq_tui.cli.drafts.command_list", failing)
    result = run_cli(capsys, "list")
    assert result.code == 1 and r"RuntimeError: \x1b[2Jboom" in result.err
    assert not RAW_CONTROL.search(result.err)


def test_the_cli_prints_only_through_its_guarded_helpers() -> None:
    """Nothing in the `msq` command writes to the terminal but `say` and `write_output`, which show control characters."""
    offenders = []
    for module in sorted((REPOSITORY / "msq_tui" / "cli").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        offenders += _terminal_writes(module.name, tree)
    assert offenders == []


def _terminal_writes(module: str, tree: ast.Module) -> list[str]:
    offenders = []
    for top in tree.body:
        if module == "output.py" and getattr(top, "name", None) in ("say", "write_output"):
            continue
        for node in ast.walk(top):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            if isinstance(called, ast.Name) and called.id == "print":
                offenders.append(f"print in {module} on line {node.lineno}")
            if (
                isinstance(called, ast.Attribute)
                and called.attr in ("write", "writelines")
                and "std" in ast.unparse(called.value)
            ):
                offenders.append(f"{ast.unparse(called)} in {module} on line {node.lineno}")
    return offenders


@pytest.mark.parametrize(
    ("text", "layout", "shown"),
    [
        (f"a{ESC}[2Jb", False, r"a\x1b[2Jb"),
        ("one\ntwo\tthree\r", False, r"one\ntwo\tthree\r"),
        ("one\ntwo\tthree", True, "one\ntwo\tthree"),
        ("one\r\ntwo\rthree", True, "one\ntwo\\rthree"),
        ("\x00\x07\x7f\x85\x9b\x9f", True, r"\x00\x07\x7f\x85\x9b\x9f"),
        ("Tehran تهران ＠ ½ \u200c", False, "Tehran تهران ＠ ½ \u200c"),
        ("name\udcff.json", True, r"name\udcff.json"),  # printable text, ZWNJ included, is left alone
    ],
)
def test_visible(text: str, layout: bool, shown: str) -> None:
    assert visible(text, layout=layout) == shown


# -- B. A URL is a URL, and an answer is text in both renders --------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("http://a.gov/><img/src=x/onerror=alert(3)>", "'>'"),
        ("https://data.gov.ir/>[Download](javascript:alert(1))", "'>'"),
        ("www.a.gov/<script>", "'<'"),
        ('https://a.gov/"onmouseover="alert(1)', "a double quote"),
        ("https://a.gov/`x`", "a backtick"),
        ("https://a.gov\\evil.com", "a backslash"),
        ("https://a.gov/ x", "no spaces"),
        ("https://a.gov/\u00a0x", "no spaces"),
        ("https://a.gov/\tx", "a tab (U+0009)"),
        ("https://a.gov/\nx", "a line break (U+000A)"),
        (f"https://a.gov/{ESC}[2J", "the control character U+001B"),
        ("https://a.gov/\x9bx", "the control character U+009B"),
        ("https://a.gov/\u202egpj.exe", "the invisible formatting character U+202E"),
        ("javascript:alert(1)", "only http:// and https://"),
    ],
)
def test_a_hostile_url_is_refused_naming_the_character(url: str, named: str) -> None:
    problem = url_problem(url)
    assert problem is not None and named in problem
    assert not RAW_CONTROL.search(problem)


@pytest.mark.parametrize(
    "url",
    [
        "www.egovernment.ir",
        "gb.mporg.ir",
        "http://111.iri.ir/",
        "https://karafarini.mcls.gov.ir/",
        "http://www.saamad.ir/Portal/Home/",
        "https://unstats.un.org/sdgs/indicators/Global%20Indicator%20Framework%20after%20refinement_Eng.pdf",
        "https://publicadministration.un.org/ws10/WSIS-Action-Lines-and-Facilitators",
        "http://www.moe.gov.ir/Sites-of-Water-Electricity/Institutions-research-and-training-(1)",
        "https://سازمان.ایران/مسیر?نام=مقدار#بخش",
        "https://xn--mgbai9azgqp6j.xn--mgba3a4f16a/",
        "https://例え.jp/パス",
        "https://a.gov:8443/path/to?q=1&r=two;s=3#fragment",
        "https://a.gov/%3Cnot-a-tag%3E",
        "http://[2001:db8::1]/x",
        "http://10.1.2.3/x",
        "https://a.gov/it's~here!$*+,=@:",
    ],
)
def test_addresses_of_the_form_and_the_reference_still_pass(url: str) -> None:
    assert url_problem(url) is None


HOSTILE_URLS = [
    "http://a.gov/><img/src=x/onerror=alert(3)>",
    "https://data.gov.ir/>[Download](javascript:alert(1))",
    'https://a.gov/"><script>alert(1)</script>',
]
HOSTILE_TEXT = "[Download](javascript:alert(1)) <img src=x onerror=alert(2)> &lt;b&gt; ![i](javascript:x) <https://evil.example>"


@pytest.mark.parametrize("validator", ["as it is", "letting every address through"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_answer_is_inert_in_both_renders_whatever_the_validator_lets_through(
    questionnaire, fmt, validator, monkeypatch
) -> None:
    if validator != "as it is":
        monkeypatch.setattr("msq_tui.model.kinds.urls.is_url", lambda text: True)
    response = full_response(questionnaire)
    q = questionnaire.question
    response.set_answer(q("q1"), [UrlEntry(label=HOSTILE_TEXT, url=url) for url in HOSTILE_URLS])
    response.answers = {**response.answers, "q6": HOSTILE_TEXT}
    document = render(questionnaire, response, fmt)
    if fmt == "md":
        # Every < [ ] & of an answer is escaped: no raw HTML, no link, image or entity comes of it.
        assert not re.search(r"(?<!\\)<(img|script)", document)
        assert not re.search(r"(?<!\\)\]\(", document)
        assert not re.search(r"(?<!\\)&lt;", document)
        assert not re.search(r"(?<!\\)<http://a\.gov/>", document)  # a hostile address is never an autolink
        assert r"\[Download\](javascript:alert(1))" in document
        assert r"\<img src=x onerror=alert(2)\> \&lt;b\&gt;" in document
        # And as a CommonMark reader renders it (raw HTML allowed, as in CommonMark itself):
        page = MarkdownIt("commonmark").render(document)
        assert "<img" not in page and "<script" not in page
        links = re.findall(r'href="([^"]*)"', page)
        assert links and not [
            link
            for link in links
            if re.search(r"javascript|onerror|script|img|evil\.example|//a\.gov|data\.gov\.ir/.", link, re.I)
        ]
        assert "[Download](javascript:alert(1)) &lt;img src=x onerror=alert(2)&gt; &amp;lt;b&amp;gt;" in page
    else:
        assert "<img" not in document and "<script" not in document
        assert 'href="javascript' not in document and "href='javascript" not in document
        assert (
            "[Download](javascript:alert(1)) &lt;img src=x onerror=alert(2)&gt; &amp;lt;b&amp;gt;" in document
        )


def test_a_good_address_is_still_a_link_in_both_renders(questionnaire) -> None:
    response = full_response(questionnaire)
    assert "<http://www.egovernment.ir>" in render(questionnaire, response, "md")
    assert '<a href="http://www.egovernment.ir">www.egovernment.ir</a>' in render(
        questionnaire, response, "html"
    )


# -- E. Odd files ---------------------------------------------------------------------------------

FILE_COMMANDS = {
    "verify": "not a submission file",
    "import": "not a draft or submission file",
    "check": "not a definitions file",
    "render": "not a submission file",
    "email": "not a submission file",
}


def named(path: Path, command: str) -> str:
    """How a message starts with the file's name: `msq check` reports like a compiler."""
    return f"{path}: error: " if command == "check" else f"{path} "


@pytest.fixture
def fifo(tmp_path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["verify", "import", "check"])
@pytest.mark.parametrize("kind", ["a FIFO", "/dev/zero"])
def test_a_fifo_or_a_device_is_refused_without_waiting_or_reading(command, kind, fifo, isolated_home) -> None:
    path = fifo if kind == "a FIFO" else Path("/dev/zero")
    what = "is a named pipe (FIFO)" if kind == "a FIFO" else "is a device"
    assert_one_line(
        run_cli_process(command, str(path), home=isolated_home),
        1,
        f"{named(path, command)}{what}, {FILE_COMMANDS[command]}",
    )


@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_folder_is_refused(command, tmp_path, capsys) -> None:
    assert_one_line(
        run_cli(capsys, command, str(tmp_path)),
        1,
        f"{named(tmp_path, command)}is a folder, {FILE_COMMANDS[command]}",
    )


@pytest.mark.parametrize(
    ("command", "limit"),
    [
        ("verify", "20,000,000"),
        ("import", "50,000,000"),
        ("check", "2,000,000"),
        ("render", "20,000,000"),
        ("email", "20,000,000"),
    ],
)
def test_a_huge_file_is_refused_without_reading_it(command, limit, tmp_path, capsys) -> None:
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: no disk used
    result = run_cli(capsys, command, str(huge))
    assert_one_line(result, 1, f"{named(huge, command)}is 104,857,600 bytes, more than")
    assert f"({limit} bytes at most)" in result.out + result.err


def test_the_reader_stops_at_the_limit_even_when_the_size_lies(tmp_path, monkeypatch) -> None:
    """A file that grows after it is measured (or a /proc file that says 0 bytes) is read to the limit + 1 only."""
    path = tmp_path / "endless.json"
    path.write_bytes(b"")
    limit = 1000

    class Endless:  # stands for the file's contents: as many bytes as asked, for ever
        def __init__(self, descriptor: int, *arguments, **options):
            self.descriptor, self.given = descriptor, 0

        def fileno(self) -> int:
            return self.descriptor

        def __enter__(self):
            return self

        def __exit__(self, *exception) -> None:
            os.close(self.descriptor)

        def read(self, size: int) -> bytes:
            self.given += size
            assert self.given <= limit + 1, "read past the limit + 1"
            return b"x" * size

    with (
        monkeypatch.context() as patched,
        pytest.raises(InputFileError, match=f"holds more than {limit:,} bytes") as caught,
    ):
        patched.setattr(os, "fdopen", Endless)  # the os module's own: undone at once, below
        read_input_file(path, limit, "a test file")
    assert caught.value.kind == "too-large"


@pytest.mark.parametrize("kind", ["a folder", "a FIFO", "/dev/zero"])
def test_what_is_not_a_file_is_refused_before_it_is_opened(kind, tmp_path, fifo, monkeypatch) -> None:
    """Opening a FIFO waits for a writer, opening some devices acts on them (a tape rewinds): neither happens."""
    path = {"a folder": tmp_path, "a FIFO": fifo, "/dev/zero": Path("/dev/zero")}[kind]

    def no_open(*arguments, **options):
        raise AssertionError(f"{path} was opened")

    with monkeypatch.context() as patched, pytest.raises(InputFileError) as caught:
        patched.setattr(os, "open", no_open)
        read_input_file(path, 1000, "a test file")
    assert caught.value.kind == "not-a-file"


@pytest.mark.parametrize("kind", ["a folder", "a FIFO"])
def test_what_becomes_a_folder_or_a_fifo_after_the_look_is_refused_too(
    kind, tmp_path, fifo, monkeypatch
) -> None:
    """Between the stat and the open, a path can change: the open does not wait, and what was opened is checked."""
    path = tmp_path if kind == "a folder" else fifo
    real_stat = os.stat

    class LooksRegular:
        def __init__(self, status):
            self.st_mode, self.st_size = stat.S_IFREG | 0o644, 0

    def lying_stat(target, *arguments, **options):
        status = real_stat(target, *arguments, **options)
        return LooksRegular(status) if Path(target) == path else status

    def too_slow(signum, frame):
        raise TimeoutError("the open waited for a writer")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)
    try:
        with (
            monkeypatch.context() as patched,
            pytest.raises(InputFileError, match="is a folder, not|is a named pipe") as caught,
        ):
            patched.setattr(os, "stat", lying_stat)
            read_input_file(path, 1000, "a test file")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert caught.value.kind == "not-a-file"


def test_a_missing_file_and_an_unreadable_one(tmp_path, capsys) -> None:
    missing = tmp_path / "nope.json"
    assert_one_line(
        run_cli(capsys, "verify", str(missing)), 1, f"{missing} does not exist (no such file): check the path"
    )
    assert_one_line(
        run_cli(capsys, "import", str(missing)),
        1,
        f"{missing} does not exist (no such file): check the path. Nothing was imported",
    )
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        assert_one_line(
            run_cli(capsys, "verify", str(locked)),
            1,
            f"{locked} cannot be read: you do not have permission to read it",
        )


DEEP_AND_LONG: dict[str, tuple[str, str, bytes, str]] = {
    "deeply nested TOML": (
        "check",
        "deep.toml",
        b"a = " + nested(5000).encode(),
        "{path}: error: is nested too deeply (tables or arrays inside each other",
    ),
    "deeply nested inline tables": (
        "check",
        "deep.toml",
        b"[x]\na = " + b"{b = " * 600 + b"1" + b"}" * 600,
        "{path}: error: is nested too deeply",
    ),
    "a 5,000-digit number in TOML": (
        "check",
        "long.toml",
        b"a = 1\nb = " + b"9" * 5000,
        "{path}:2: error: holds a number 5,000 digits long on this line, which no definitions file does",
    ),
    "a 5,000-digit number in a TOML submission": (
        "verify",
        "long.toml",
        b'format = "msq-submission"\nx = -' + b"9" * 5000,
        "{path} is damaged: it holds a number 5,000 digits long, which no msq file does (line 2)",
    ),
    "a 5,000-digit number in a JSON submission": (
        "verify",
        "long.json",
        b'{"revision": ' + b"9" * 5000 + b"}",
        "{path} is damaged: it holds a number 5,000 digits long, which no msq file does",
    ),
    "a 5,000-digit number to import": (
        "import",
        "long.json",
        b'{"revision": ' + b"9" * 5000 + b"}",
        "{path} is damaged: it holds a number 5,000 digits long, which no msq file does. Nothing was imported",
    ),
    "deeply nested JSON to verify": (
        "verify",
        "deep.json",
        nested(100_000).encode(),
        "{path} is nested too deeply to be a submission",
    ),
    "deeply nested JSON to import": (
        "import",
        "deep.json",
        nested(100_000).encode(),
        "{path} is nested too deeply to be a submission. Nothing was imported",
    ),
    "deeply nested TOML to verify": (
        "verify",
        "deep.toml",
        b"a = " + nested(5000).encode(),
        "{path} is nested too deeply to be a submission",
    ),
}


@pytest.mark.parametrize("name", DEEP_AND_LONG)
def test_deep_nesting_and_long_numbers_are_named_as_what_is_wrong(name, tmp_path, capsys) -> None:
    command, file_name, content, message = DEEP_AND_LONG[name]
    path = tmp_path / file_name
    path.write_bytes(content)
    assert_one_line(run_cli(capsys, command, str(path)), 1, message.format(path=path))


def test_a_long_number_deep_in_a_sealed_submission_never_crashes(submission_document) -> None:
    data = (
        json.dumps(sealed(submission_document))
        .replace('"revision": 1', '"revision": ' + "1" * 4301, 1)
        .encode()
    )
    with pytest.raises(SubmissionError) as caught:
        read_submission(data, known_questionnaires(), "s.json")
    assert "4,301 digits long" in str(caught.value) and "set_int_max_str_digits" not in str(caught.value)
