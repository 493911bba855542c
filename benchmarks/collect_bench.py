"""How fast `msq collect` takes DPIDG's inbox: 193 fully answered, signed submissions, against the
standard library alone reading, parsing and hashing the same files; and the peak memory of a run
of 10,000 files (opt-in: making the files takes a minute or two)."""

import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_inbox(folder: Path, revisions: int = 1) -> list[Path]:
    """One signed submission per Member State (and ``revisions`` revisions of each), as export writes them."""
    from msq_tui.model.countries import member_states
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.submission.document import sealed, to_json
    from msq_tui.submission.signed import trusted_comment
    from msq_tui.submission.signing import generate_key, sign_bytes
    from tests.collect_inbox import SIGNED_AT, signed_document

    questionnaire = builtin_questionnaire()
    folder.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    paths = []
    for country in member_states():
        document = signed_document(questionnaire, country.iso3, SIGNED_AT)
        for revision in range(1, revisions + 1):
            if revision > 1:  # a later revision of the same answers: sealed again, as export would
                body = {k: v for k, v in document.items() if k != "integrity"}
                body = {**body, "revision": revision, "signoff": {**body["signoff"], "revision": revision}}
                document = sealed(body)
            data = to_json(document)
            path = folder / f"MSQ2020_{country.iso3}_r{revision}.json"
            path.write_bytes(data)
            (folder / f"{path.name}.minisig").write_bytes(
                sign_bytes(key, data, trusted_comment(document), "bench")
            )
            paths.append(path)
    return paths


def stdlib_only(paths: list[Path]) -> None:
    """What any tool must do at least: read each file, parse it, hash it."""
    for path in paths:
        data = path.read_bytes()
        json.loads(data)
        hashlib.sha256(data).hexdigest()


def collect_193(runs: int) -> tuple[float, float, dict]:
    """(seconds to collect 193 submissions into a new database, collect's time per file against the
    standard library's, details)."""
    from msq_tui.collect.collector import collect
    from msq_tui.store.questionnaires import known_questionnaires

    folder = Path(tempfile.mkdtemp(prefix="msq-bench-collect-"))
    paths = make_inbox(folder / "inbox")
    known = known_questionnaires()
    collect_times, stdlib_times, collect_cpu, stdlib_cpu = [], [], [], []
    for run in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        stdlib_only(paths)
        stdlib_times.append(time.perf_counter() - started)
        stdlib_cpu.append(time.process_time() - cpu)
        started = time.perf_counter()
        tally, _ = collect([folder / "inbox"], folder / f"run{run}.sqlite", known)
        collect_times.append(time.perf_counter() - started)
        assert tally.added == 193 and not tally.refused, tally
    started = time.perf_counter()
    collect([folder / "inbox"], folder / "run0.sqlite", known)
    again = time.perf_counter() - started
    one_process = []
    for run in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        collect([folder / "inbox"], folder / f"one{run}.sqlite", known, workers=1)
        one_process.append(time.perf_counter() - started)
        collect_cpu.append(time.process_time() - cpu)
    required = _required_work(paths, folder, known, runs)
    shutil.rmtree(folder, ignore_errors=True)
    seconds, floor = statistics.median(collect_times), statistics.median(stdlib_times)
    details = {
        "collect_193_stdlib_s": round(floor, 4),
        "collect_193_again_s": round(again, 3),  # the same files collected again: nothing to add
        "collect_193_one_process_s": round(statistics.median(one_process), 3),
        # The machine is shared: CPU time too, of one process doing all the work.
        "collect_193_cpu_s": round(statistics.median(collect_cpu), 3),
        "collect_per_file_ratio_cpu": round(
            statistics.median(collect_cpu) / max(statistics.median(stdlib_cpu), 1e-6), 1
        ),
        # What parts of the work the issue asks for cost on their own, against the same floor (CPU
        # time, one process): the digest's canonical JSON, and writing the rows of the tables it
        # names (answers as JSON and as text, URL entries) from files already verified.
        **{
            f"collect_floor_{name}_ratio": round(cost / max(statistics.median(stdlib_cpu), 1e-6), 1)
            for name, cost in required.items()
        },
    }
    return seconds, seconds / floor, details


def _required_work(paths: list[Path], folder: Path, known: dict, runs: int) -> dict[str, float]:
    """Median CPU seconds of two parts of collecting that no implementation can skip."""
    from msq_tui.collect.checking import verify_source
    from msq_tui.collect.database import add_verified, mark_current, open_database
    from msq_tui.collect.sources import read_sources
    from msq_tui.submission.document import canonical

    documents = [json.loads(path.read_bytes()) for path in paths]
    verified = [verify_source(source, known, None) for path in paths for source in read_sources(path)]
    canonical_cpu, rows_cpu = [], []
    for run in range(runs):
        cpu = time.process_time()
        for document in documents:
            canonical({key: value for key, value in document.items() if key != "integrity"})
        canonical_cpu.append(time.process_time() - cpu)
        connection = open_database(folder / f"rows{run}.sqlite")
        cpu = time.process_time()
        for one in verified:
            add_verified(connection, one)
        mark_current(connection)
        connection.commit()
        rows_cpu.append(time.process_time() - cpu)
        connection.close()
    return {"canonical": statistics.median(canonical_cpu), "rows": statistics.median(rows_cpu)}


_PEAK = """
import resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from msq_tui.collect.collector import collect
from msq_tui.store.questionnaires import known_questionnaires
# One process doing all the work: its peak is what a run holds (each worker of a parallel run is
# a copy of it that verifies, and does not hold the database's writes).
tally, totals = collect([Path(sys.argv[1])], Path(sys.argv[2]), known_questionnaires(), workers=1)
assert not tally.refused, tally.refused[:3]
print(tally.added, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_mb(folder: Path, database: Path) -> tuple[int, float, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, str(folder), str(database), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    added, peak_kb = result.stdout.split()
    return int(added), int(peak_kb) / 1024, time.perf_counter() - started


def collect_10000_peak() -> tuple[float, dict]:
    """Peak RSS (MB) of one process collecting 10,036 files (193 countries x 52 revisions), with the
    peak for 1,000 of them beside it: steady memory means the two are close."""
    folder = Path(tempfile.mkdtemp(prefix="msq-bench-collect-"))
    make_inbox(folder / "many", revisions=52)
    small = folder / "some"
    small.mkdir()
    for path in sorted((folder / "many").glob("*.json"))[:1000]:
        (small / path.name).write_bytes(path.read_bytes())
    _, peak_1000, _ = _peak_mb(small, folder / "some.sqlite")
    added, peak_10000, seconds = _peak_mb(folder / "many", folder / "many.sqlite")
    details = {
        "collect_1000_peak_mb": round(peak_1000, 1),
        "collect_10000_files": added,
        "collect_10000_s": round(seconds, 1),
        "collect_10000_database_mb": round((folder / "many.sqlite").stat().st_size / 1e6, 1),
    }
    shutil.rmtree(folder, ignore_errors=True)  # a gigabyte of files and database
    return peak_10000, details
