"""How fast msq feels, measured against bare Textual in the same run.

    python benchmarks/run.py [--quick] [--json]

Each figure is a median over several runs (p99 and max where the key says so). Start-up and
memory are measured on whole processes in a pseudo-terminal, msq and a bare Textual app showing
one word run in turn; the in-app figures use the real app headless (App.run_test) on a fully
answered draft made here, in a temporary MSQ_HOME. Keystroke and paste costs are CPU time of
the process (the machines are shared and noisy; CPU time is what our code adds). Signing's
figure excludes unlocking the key (scrypt, slow on purpose), which is reported apart.
"""

import argparse
import asyncio
import atexit
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {
    "startup_ratio": ("<=", 1.5),
    "section_switch_ms": ("<", 50),
    "keystroke_ratio": ("<=", 1.2),
    "paste_100kb_ms": ("<", 1000),
    "autosave_ms_p99": ("<", 20),
    "ui_block_ms_max": ("<", 5),
    "export_verify_ms": ("<", 100),
    "sign_verify_ms": ("<", 50),
    "rss_ratio": ("<=", 1.3),
    "merge_ms": ("<", 200),
    "collect_193_s": ("<", 2),
    "collect_per_file_ratio": ("<=", 3),
    "collect_10000_peak_mb": ("<", 200),
}
# Measured only when named in --only: making 10,000 signed files takes a minute or two.
OPT_IN = {"collect_10000_peak_mb"}


def temporary_folder(prefix: str) -> str:
    """A folder in the temporary folder, removed when the run ends (hundreds were left behind)."""
    folder = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, folder, True)
    return folder


def make_home() -> tuple[Path, str]:
    """A temporary MSQ_HOME holding one fully answered draft; returns (home, draft id)."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore
    from tests.fixtures import full_response

    home = Path(temporary_folder("msq-bench-"))
    store = DraftStore(home)
    store.prepare()
    response = full_response(builtin_questionnaire())
    store.save(response)
    return home, str(response.response_id)


# -- Whole processes in a pseudo-terminal -----------------------------------------------------------

_ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]")


def run_until_drawn(
    arguments: list[str], marker: bytes, environment: dict[str, str], timeout: float = 30.0
) -> tuple[float, int]:
    """Start a program in an 80x24 pty; return (seconds until ``marker`` is drawn, peak RSS in KB)."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(arguments[0], arguments, environment)
    output = bytearray()
    drawn = None
    deadline = started + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                output.extend(chunk)
                if drawn is None and marker in _ANSI.sub(b"", bytes(output)):
                    drawn = time.perf_counter() - started
                    settle = time.perf_counter() + 0.5  # let it finish starting, for its peak memory
                    while time.perf_counter() < settle:
                        if select.select([fd], [], [], 0.05)[0]:
                            try:
                                os.read(fd, 65536)
                            except OSError:
                                break
                    break
        peak = 0
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
        except (OSError, AttributeError):
            pass
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    if drawn is None:
        raise RuntimeError(f"{arguments} never drew {marker!r}: {bytes(output)[-500:]!r}")
    return drawn, peak


# The first question's wording: the questionnaire itself is on screen, not only its frame.
MSQ_MARKER = b"What is the official"


def startup_and_memory(runs: int) -> tuple[float, float, dict]:
    """(start-up ratio, peak memory ratio, details): msq over the one-word app, paired run by run.

    A third program, `bare_sections.py`, shows msq's first screen with Textual's own widgets and
    no msq code (the standard library reads the files): what Textual alone needs for that screen.
    """
    import compileall

    # An installed msq starts from bytecode (pip compiles it at install), as Textual here does;
    # this source tree may never have been compiled (PYTHONDONTWRITEBYTECODE), so compile it.
    compileall.compile_dir(ROOT / "msq_tui", quiet=1)
    home, response_id = make_home()
    environment = {**os.environ, "MSQ_HOME": str(home), "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    environment.pop("NO_COLOR", None)
    programs = {
        "msq": ([sys.executable, "-m", "msq_tui", "open", response_id], MSQ_MARKER),
        "bare": ([sys.executable, str(ROOT / "benchmarks" / "bare_word.py")], b"Hello"),
        "same_screen": (
            [
                sys.executable,
                str(ROOT / "benchmarks" / "bare_sections.py"),
                str(home / "drafts" / f"{response_id}.json"),
            ],
            MSQ_MARKER,
        ),
    }
    for arguments, marker in programs.values():
        run_until_drawn(arguments, marker, environment)  # warm the file cache for each
    times: dict[str, list[float]] = {name: [] for name in programs}
    memory: dict[str, list[int]] = {name: [] for name in programs}
    ratios, rss_ratios = [], []
    for _ in range(runs):
        for name, (arguments, marker) in programs.items():
            seconds, peak = run_until_drawn(arguments, marker, environment)
            times[name].append(seconds)
            memory[name].append(peak)
        ratios.append(times["msq"][-1] / times["bare"][-1])
        rss_ratios.append(memory["msq"][-1] / memory["bare"][-1] if memory["bare"][-1] else 0.0)
    details = {}
    for name in programs:
        details[f"startup_{name}_ms"] = round(statistics.median(times[name]) * 1000, 1)
        details[f"rss_{name}_mb"] = round(statistics.median(memory[name]) / 1024, 1)
    details["startup_same_screen_ratio"] = round(
        statistics.median(
            same / bare for same, bare in zip(times["same_screen"], times["bare"], strict=True)
        ),
        3,
    )
    return statistics.median(ratios), statistics.median(rss_ratios), details


# -- In the app, headless -----------------------------------------------------------------------------


async def next_frame(screen) -> None:
    """Wait until the screen has drawn its next frame."""
    drawn = asyncio.get_running_loop().create_future()
    screen.call_after_refresh(lambda: drawn.done() or drawn.set_result(None))
    await drawn


async def section_switches(rounds: int) -> dict[str, float]:
    """Median ms to show a section the first time and once built, for msq and for bare Textual.

    Timed from the key's action to the frame drawn with the section's questions in place and
    the focus in its first field. The bare figures come from `bare_sections.BareSections`:
    Textual's own widgets for the same questions and answers, no msq code; rounds alternate.
    """
    from benchmarks.bare_sections import BareSections
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore
    from msq_tui.tui.app import MsqApp

    questionnaire = builtin_questionnaire()
    order = [section.id for section in questionnaire.sections]
    order = order[1:] + order[:1]  # the draft opens in section I: it is shown last, built already
    times: dict[str, list[float]] = {"first": [], "again": [], "bare_first": [], "bare_again": []}

    for _ in range(rounds):
        home, response_id = make_home()  # a fresh draft each round: it opens in section I
        app = MsqApp(questionnaire, DraftStore(home), open_id=response_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = app.screen
            for key in ("first", "again"):
                for section_id in order:
                    await pilot.pause()
                    started = time.perf_counter()
                    screen.show_section(section_id, focus=True)
                    view = screen.section_view(section_id)
                    while True:
                        await next_frame(screen)
                        focused = screen.focused
                        if view.complete.is_set() and focused is not None and view in focused.ancestors:
                            break
                    times[key].append((time.perf_counter() - started) * 1000)

        bare = BareSections(questionnaire, DraftStore(home).load(response_id, questionnaire))
        async with bare.run_test(size=(80, 24)) as pilot:
            await bare.show_section(order[-1])
            for key in ("bare_first", "bare_again"):
                for section_id in order:
                    await pilot.pause()
                    started = time.perf_counter()
                    await bare.show_section(section_id)
                    await next_frame(bare.screen)
                    times[key].append((time.perf_counter() - started) * 1000)
    return {key: statistics.median(values) for key, values in times.items()}


WORDS = (
    "The government publishes usage statistics of online services every quarter on its portal " * 40
).split()


async def keystroke_cost(words_to_type: int, rounds: int) -> tuple[float, dict]:
    """CPU ms per key typing into a text question holding ~250 words, over a bare TextArea app."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    from msq_tui.model.answers import Response
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore
    from msq_tui.tui.app import MsqApp

    prefix = " ".join(WORDS[: 250 - words_to_type]) + " "
    typed = " ".join(WORDS[:words_to_type])

    class BareTextArea(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(prefix, soft_wrap=True)

        def on_mount(self) -> None:
            area = self.query_one(TextArea)
            area.focus()
            area.move_cursor(area.document.end)

    async def per_key(app, ready) -> float:
        # Keys are posted to the app as a terminal's driver posts them, one at a time, each
        # waited for until the text holds it and the next frame is drawn. (Pilot.press also
        # asks every widget on the screen whether it is idle, after every key: a cost a real
        # terminal never pays, and one that grows with the number of widgets on the screen.)
        from textual import events

        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await ready(app, pilot)
            area = app.focused
            length = len(area.text)
            started = time.process_time()
            for character in typed:
                app.post_message(events.Key("space" if character == " " else character, character))
                length += 1
                while len(area.text) < length:
                    await asyncio.sleep(0.001)
                await next_frame(app.screen)
            return (time.process_time() - started) * 1000 / len(typed)

    async def bare_ready(app, pilot) -> None:
        pass

    questionnaire = builtin_questionnaire()
    home = Path(temporary_folder("msq-bench-"))
    store = DraftStore(home)
    store.prepare()
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q14"), prefix)
    response.position.section, response.position.question = "VI", "q14"
    store.save(response)

    async def msq_ready(app, pilot) -> None:
        area = app.focused
        area.move_cursor(area.document.end)
        await pilot.pause()

    bare_costs, msq_costs = [], []
    for _ in range(rounds):  # in turn, paired: the machine's load changes from minute to minute
        bare_costs.append(await per_key(BareTextArea(), bare_ready))
        msq_costs.append(
            await per_key(
                MsqApp(questionnaire, DraftStore(home), open_id=str(response.response_id)), msq_ready
            )
        )
    ratio = statistics.median(msq / bare for msq, bare in zip(msq_costs, bare_costs, strict=True))
    details = {
        "keystroke_msq_cpu_ms": round(statistics.median(msq_costs), 3),
        "keystroke_bare_cpu_ms": round(statistics.median(bare_costs), 3),
    }
    return ratio, details


async def paste_100kb(runs: int) -> float:
    """Wall ms from pasting 100 KB (paragraphs) into a text question until its count shows it."""
    from textual import events

    from msq_tui.model.answers import Response
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.model.words import count_words
    from msq_tui.store.drafts import DraftStore
    from msq_tui.tui.app import MsqApp

    paragraph = "Officials engage citizens on social media and publish their decisions there every day. " * 5
    text = ""
    while len(text) < 100_000:
        text += paragraph.strip() + "\n\n"
    text = text[:100_000]
    expected = f"{count_words(text)} / 250 words"
    questionnaire = builtin_questionnaire()
    times = []
    for _ in range(runs):
        home = Path(temporary_folder("msq-bench-"))
        store = DraftStore(home)
        store.prepare()
        response = Response.new(questionnaire, "IRN")
        response.position.section, response.position.question = "VI", "q14"
        store.save(response)
        app = MsqApp(questionnaire, DraftStore(home), open_id=str(response.response_id))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            counter = app.screen.query_one(".word-count")
            started = time.perf_counter()
            app.focused.post_message(events.Paste(text))
            while expected not in str(counter.render()):
                await asyncio.sleep(0.001)
            await pilot.pause()  # and drawn
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def autosave_p99(saves: int) -> float:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore, serialise
    from tests.fixtures import full_response

    home = Path(temporary_folder("msq-bench-"))
    store = DraftStore(home)
    store.prepare()
    response = full_response(builtin_questionnaire())
    times = []
    for index in range(saves):
        response.answers = {**response.answers, "q24": f"state {index} " + response.answers["q24"]}
        data = serialise(response)
        started = time.perf_counter()
        store.write(str(response.response_id), data)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[min(len(times) - 1, int(len(times) * 0.99))]


async def ui_block_max(seconds: float) -> float:
    """The longest the UI thread spends on autosave (taking the snapshot) while typing."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore
    from msq_tui.store.session import DraftSession
    from msq_tui.tui.app import MsqApp

    home, response_id = make_home()
    questionnaire = builtin_questionnaire()
    blocks: list[float] = []
    original = DraftSession._submit

    def timed(self) -> None:
        started = time.perf_counter()
        original(self)
        blocks.append((time.perf_counter() - started) * 1000)

    DraftSession._submit = timed
    try:
        app = MsqApp(questionnaire, DraftStore(home), open_id=response_id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.screen.jump_to("q24", "text")
            await pilot.pause()
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                await pilot.press("a")
            await pilot.pause(1.0)
    finally:
        DraftSession._submit = original
    if not blocks:
        raise RuntimeError("no autosave happened while typing")
    return max(blocks)


def export_verify(runs: int) -> float:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.keys import KeyStore
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.export import export
    from msq_tui.submission.signoff import Signer, sign_off
    from msq_tui.submission.verify import read_submission_file
    from tests.fixtures import full_response

    questionnaire = builtin_questionnaire()
    signed = sign_off(
        questionnaire,
        full_response(questionnaire),
        Signer("A Name", "A Title", "An Organization", "a@b.org"),
        publish=True,
    )
    known = known_questionnaires()
    times = []
    for _ in range(runs):
        folder = Path(temporary_folder("msq-bench-"))
        started = time.perf_counter()
        paths = export(questionnaire, signed, folder, keys=KeyStore())  # as the commands export
        for path in paths:
            read_submission_file(path, known)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def merge_part_of_a_section(runs: int) -> float:
    """Merging an agency's part of a whole section (I: 17 questions, the URL lists) into a fully
    answered draft, in ms: reading and checking the part file, the three-way merge of every
    question (some applied, some in conflict), and saving the draft as a history point."""
    import os

    from msq_tui.agencies.assignment import agency_draft, hand_out, questions_named, write_assignment
    from msq_tui.agencies.merge import merge_part
    from msq_tui.agencies.part import export_part, read_part, sign_part
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftStore
    from msq_tui.submission.signoff import Signer
    from tests.fixtures import full_response

    questionnaire = builtin_questionnaire()
    known = {(questionnaire.id, questionnaire.version): questionnaire}
    times = []
    home_before = os.environ.get("MSQ_HOME")
    for _ in range(runs):
        home = Path(temporary_folder("msq-bench-merge-"))
        os.environ["MSQ_HOME"] = str(home / "agency")  # the agency's key store: none, so unsigned
        store = DraftStore(home / "coordinator")
        store.prepare()
        response, assignment = hand_out(
            questionnaire,
            full_response(questionnaire),
            "Ministry of ICT",
            questions_named(questionnaire, "I"),
            "ITO",
        )
        store.save(response)
        write_assignment(questionnaire, assignment, home)
        part = agency_draft(questionnaire, assignment)
        for index, question_id in enumerate(assignment.questions):
            value = part.answers.get(question_id)
            if isinstance(value, list):  # the agency adds an entry to every list
                part.answers[question_id] = [
                    *value,
                    {"label": f"Agency entry {index}", "url": "www.agency.gov.ir"},
                ]
        for question_id in assignment.questions[:3]:  # and the coordinator changed three as well
            value = response.answers.get(question_id)
            if isinstance(value, list):
                response.answers[question_id] = [*value, {"label": "Coordinator's", "url": "www.ito.gov.ir"}]
        store.save(response)
        signed = sign_part(
            questionnaire, part, Signer("Sara Ahmadi", "Director", "Ministry of ICT", "s@ict.gov.ir")
        )
        [path] = export_part(questionnaire, signed, home / "mail", ("json",))
        started = time.perf_counter()
        read = read_part(path, known)
        outcome = merge_part(
            questionnaire, store.load(str(response.response_id), questionnaire), read.content
        )
        store.save_history_point(outcome.response)
        times.append((time.perf_counter() - started) * 1000)
        assert outcome.applied and outcome.conflicts, "the benchmark's part must apply and conflict"
    if home_before is None:
        os.environ.pop("MSQ_HOME", None)
    else:
        os.environ["MSQ_HOME"] = home_before
    return statistics.median(times)


def sign_verify(runs: int) -> tuple[float, float]:
    """(what signing and checking add to export and verify, in ms; unlocking the key with scrypt, in ms).

    Added: signing both files at sign-off (and storing the signatures), export writing each
    FILE.minisig, and verify reading the trusted key and the .minisig and checking them. Unlocking
    the secret key (scrypt, N = 2^17: meant to be slow) happens once per sign-off and is excluded,
    reported apart.
    """
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.document import sealed, submission_document
    from msq_tui.submission.export import export
    from msq_tui.submission.signed import check_signature, sign_submission
    from msq_tui.submission.signing import read_public_key_file, read_signature_file
    from msq_tui.submission.signoff import Signer, sign_off
    from tests.fixtures import full_response

    questionnaire = builtin_questionnaire()
    signed = sign_off(
        questionnaire,
        full_response(questionnaire),
        Signer("A Name", "A Title", "An Organization", "a@b.org"),
        publish=True,
    )
    document = sealed(submission_document(questionnaire, signed))
    keys = KeyStore(Path(temporary_folder("msq-bench-keys-")))
    keys.create("a benchmark passphrase")
    started = time.perf_counter()
    key = keys.unlock("a benchmark passphrase")
    unlock_ms = (time.perf_counter() - started) * 1000
    folder = Path(temporary_folder("msq-bench-"))
    paths = export(questionnaire, signed, folder, keys=None)  # the files themselves are export_verify_ms's
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        sign_submission(document, key, keys)
        for path in paths:
            data = path.read_bytes()
            signature_file = path.with_name(path.name + ".minisig")
            signature_file.write_bytes(
                keys.signature_for(data)
            )  # what export's _write_signature does, from this home
            trusted = read_public_key_file(keys.public_path)
            checked = check_signature(
                document,
                data,
                read_signature_file(path),
                {trusted.key_number: (trusted, str(keys.public_path))},
            )
            assert checked.status == "signed", checked.message
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), unlock_ms


def machine() -> str:
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, AttributeError):
        pass
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs: to check the script works, not to quote"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", metavar="KEY,...", help="measure only these keys (while working on one)")
    arguments = parser.parse_args()
    quick = arguments.quick
    wanted = set(arguments.only.split(",")) if arguments.only else set(GOALS) - OPT_IN
    unknown = wanted - set(GOALS)
    if unknown:
        parser.error(f"unknown keys: {', '.join(sorted(unknown))}; the keys are {', '.join(GOALS)}")
    os.environ.setdefault("MSQ_HOME", temporary_folder("msq-bench-"))

    results: dict[str, float] = {}
    details: dict[str, object] = {"machine": machine(), "quick": quick}
    if wanted & {"startup_ratio", "rss_ratio"}:
        startup, rss, startup_details = startup_and_memory(2 if quick else 11)
        results["startup_ratio"] = round(startup, 3)
        results["rss_ratio"] = round(rss, 3)
        details.update(startup_details)
    if "section_switch_ms" in wanted:
        switches = asyncio.run(section_switches(1 if quick else 3))
        results["section_switch_ms"] = round(switches["first"], 2)
        details["section_switch_built_ms"] = round(switches["again"], 2)
        details["section_switch_bare_ms"] = round(switches["bare_first"], 2)
        details["section_switch_bare_built_ms"] = round(switches["bare_again"], 2)
    if "keystroke_ratio" in wanted:
        ratio, keystroke_details = asyncio.run(keystroke_cost(3 if quick else 12, 1 if quick else 7))
        results["keystroke_ratio"] = round(ratio, 3)
        details.update(keystroke_details)
    if "paste_100kb_ms" in wanted:
        results["paste_100kb_ms"] = round(asyncio.run(paste_100kb(1 if quick else 5)), 1)
    if "autosave_ms_p99" in wanted:
        results["autosave_ms_p99"] = round(autosave_p99(30 if quick else 300), 2)
    if "ui_block_ms_max" in wanted:
        results["ui_block_ms_max"] = round(asyncio.run(ui_block_max(2.0 if quick else 6.0)), 3)
    if "export_verify_ms" in wanted:
        results["export_verify_ms"] = round(export_verify(3 if quick else 20), 2)

    if "merge_ms" in wanted:
        results["merge_ms"] = round(merge_part_of_a_section(3 if quick else 20), 2)

    if "sign_verify_ms" in wanted:
        added, unlock = sign_verify(3 if quick else 20)
        results["sign_verify_ms"] = round(added, 2)
        details["key_unlock_scrypt_ms_excluded"] = round(unlock, 1)

    if wanted & {"collect_193_s", "collect_per_file_ratio"}:
        from benchmarks.collect_bench import collect_193

        seconds, ratio, collect_details = collect_193(1 if quick else 5)
        results["collect_193_s"] = round(seconds, 3)
        results["collect_per_file_ratio"] = round(ratio, 2)
        details.update(collect_details)
    if "collect_10000_peak_mb" in wanted:
        from benchmarks.collect_bench import collect_10000_peak

        peak, peak_details = collect_10000_peak()
        results["collect_10000_peak_mb"] = round(peak, 1)
        details.update(peak_details)

    if arguments.json:
        print(json.dumps({**results, "details": details}))
        return 0
    print(f"msq benchmarks on {details['machine']}{' (quick)' if quick else ''}")
    print(f"{'key':<20}{'value':>12}  {'goal':<8}met")
    for key, value in results.items():
        op, goal = GOALS[key]
        met = value <= goal if op == "<=" else value < goal
        print(f"{key:<20}{value:>12}  {op} {goal:<5}{'yes' if met else 'NO'}")
    for key, value in details.items():
        if key not in ("machine", "quick"):
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
