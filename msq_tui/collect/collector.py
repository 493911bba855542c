"""A collection run: every file found under the paths given, judged as `msq verify` judges it, put
into the database or listed as refused, and the run goes on whatever a file holds."""

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from msq_tui.collect.checking import Judgement, Refused, Trusted, judge
from msq_tui.collect.database import add_refused, add_verified, mark_current, open_database, refuse_duplicate
from msq_tui.collect.sources import Source, files_to_read, read_sources
from msq_tui.model.definitions import Questionnaire

# Work is committed in batches: a run stopped half-way keeps what it did, and the next run goes on.
BATCH = 200


@dataclass
class Tally:
    """Counts of a run, and what was refused in it (file name, message)."""

    found: int = 0  # files found under the paths (a mail is one, whatever it holds)
    read: int = 0
    files: int = 0  # submission files judged (each attachment of a mail is one)
    added: int = 0
    copies: int = 0
    known: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def done(self) -> int:
        return self.added + self.copies + self.known + len(self.refused)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


@dataclass(frozen=True)
class Totals:
    """The database after a run: submissions, countries with a current one, refused files."""

    submissions: int
    countries: int
    refused: int
    # The current submissions by signature status ("signed", "unchecked", "unsigned"): whether the
    # collection shows who made them, or only that they match their own fingerprints.
    signatures: dict[str, int] = field(default_factory=dict)


# Called after each file: the tally so far, and the file's name, status ("added", "copy", "known",
# "refused") and message.
Listener = Callable[[Tally, str, str, str], None]


def collect(
    paths: Iterable[Path],
    database: Path,
    questionnaires: dict[tuple[str, str], Questionnaire],
    trusted: Trusted | None = None,
    listener: Listener | None = None,
    workers: int | None = None,
) -> tuple[Tally, Totals]:
    """Collect the files under ``paths`` into ``database``. Raises DatabaseError when the database
    cannot be used; a file never stops the run. Files are verified by ``workers`` processes (by
    default one per core for a run of PARALLEL_FROM files or more); one process writes the database."""
    tally = Tally()
    found = list(files_to_read(paths))
    tally.found = len(found)
    workers = workers if workers is not None else _default_workers(len(found))
    pool = _pool(workers, questionnaires, trusted)  # forked before the database is open: see _pool
    try:
        connection = open_database(database)
        try:
            pending = 0
            for source, found_out in _judged(
                _sources(found, tally), connection, questionnaires, trusted, pool, workers
            ):
                status, message = _record(connection, source, found_out)
                tally.files += 1
                if status == "refused":
                    tally.refused.append((source.name, message))
                elif status == "added":
                    tally.added += 1
                elif status == "copy":
                    tally.copies += 1
                else:
                    tally.known += 1
                if listener is not None:
                    listener(tally, source.name, status, message)
                pending += 1
                if pending >= BATCH:
                    mark_current(connection)
                    connection.commit()
                    pending = 0
            mark_current(connection)
            connection.commit()
            return tally, totals(connection)
        finally:
            connection.close()  # an interrupted batch is rolled back: the next run does it again
    except BaseException:
        if pool is not None:  # stopped (Ctrl-C, a database error): the workers are not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        raise
    finally:
        if pool is not None:
            # Done: every future is done, so waiting costs nothing, and the pool's thread is not
            # left to meet closed pipes at interpreter exit (a traceback from a script's exit).
            pool.shutdown(wait=True)


def _sources(found: list[Path], tally: Tally) -> Iterator[Source]:
    for path in found:
        tally.read += 1
        yield from read_sources(path)


# -- Verifying in worker processes ---------------------------------------------------------------------

PARALLEL_FROM = 40  # below this, starting the workers costs more than they save
IN_FLIGHT_PER_WORKER = 8  # files read ahead: enough to keep the workers busy, few enough to keep memory flat

_worker_questionnaires: dict = {}
_worker_trusted: Trusted | None = None


def _default_workers(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # spawning (Windows, macOS) would import msq again in each worker: not worth it
    return min(os.cpu_count() or 1, 8)


def _pool(workers: int, questionnaires, trusted: Trusted | None) -> ProcessPoolExecutor | None:
    if workers < 2:
        return None
    # Forked, the workers inherit the definitions and the keys instead of loading them again. They
    # are started at once, before the database is opened: SQLite forbids using a connection across
    # a fork, and a process that has none cannot touch it.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(questionnaires, trusted)
    )
    pool.submit(os.getpid).result()  # with fork, the first task starts every worker
    return pool


def _start_worker(questionnaires, trusted: Trusted | None) -> None:
    global _worker_questionnaires, _worker_trusted
    # Ctrl-C is the writing process's to handle (it rolls the open batch back and ends the
    # workers); a worker that took it too would print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_questionnaires, _worker_trusted = questionnaires, trusted


def _judge_in_worker(source: Source) -> Judgement:
    return judge(source, _worker_questionnaires, _worker_trusted)


Found = str | Refused | Judgement | Future


def _judged(
    sources: Iterator[Source], connection, questionnaires, trusted: Trusted | None, pool, workers: int
) -> Iterator[tuple[Source, Found]]:
    """Each source with its outcome, in the order read: "known" (taken before, not read again), a
    Refused decided at once (a duplicate), or the Judgement of verifying it (in a worker, when there
    are workers; the database is written by this process only)."""
    waiting: deque[tuple[Source, Found]] = deque()
    limit = IN_FLIGHT_PER_WORKER * max(workers, 1)
    for source in sources:
        waiting.append((source, _start(connection, source, questionnaires, trusted, pool)))
        while len(waiting) >= limit or (waiting and not isinstance(waiting[0][1], Future)):
            yield _done(waiting.popleft())
    while waiting:
        yield _done(waiting.popleft())


def _start(connection, source: Source, questionnaires, trusted: Trusted | None, pool) -> Found:
    if trusted is None and was_taken(connection, source):
        return "known"
    try:
        refuse_duplicate(connection, source)
    except Refused as refusal:
        return refusal
    if pool is None:
        return judge(source, questionnaires, trusted)
    return pool.submit(_judge_in_worker, source)


def _done(item: tuple[Source, Found]) -> tuple[Source, Found]:
    source, outcome = item
    return source, outcome.result() if isinstance(outcome, Future) else outcome


def _record(connection, source: Source, outcome: Found) -> tuple[str, str]:
    """Write what was found of ``source``; its status and message."""
    if outcome == "known":
        return "known", ""
    try:
        if isinstance(outcome, Refused):
            raise outcome
        assert isinstance(outcome, Judgement)
        if outcome.verified is None:
            raise Refused(outcome.cause, outcome.message, outcome.iso3)
        result = add_verified(connection, outcome.verified)
    except Refused as refusal:
        sha256 = source.sha256
        add_refused(connection, source.name, sha256, refusal)
        return "refused", str(refusal)
    return result.status, result.message


def was_taken(connection, source: Source) -> bool:
    """Whether this very file, byte for byte, was verified and taken by an earlier run with the same
    signature beside it: then it would be judged the same again, and is not read further (a run with
    keys checks every file again, as a key may be new)."""
    if source.data is None:
        return False
    row = connection.execute(
        "SELECT submissions.signature_status FROM files JOIN submissions ON submissions.id = files.submission_id"
        " WHERE files.sha256 = ? AND files.file_name = ?",
        (source.sha256, source.name),
    ).fetchone()
    return row is not None and (row[0] == "unsigned") == (source.signature is None)


def totals(connection) -> Totals:
    submissions = connection.execute("SELECT count(*) FROM submissions").fetchone()[0]
    countries = connection.execute(
        "SELECT count(DISTINCT iso3) FROM submissions WHERE is_current = 1"
    ).fetchone()[0]
    refused = connection.execute("SELECT count(*) FROM refused").fetchone()[0]
    signatures = dict(
        connection.execute(
            "SELECT signature_status, count(*) FROM submissions WHERE is_current = 1 GROUP BY signature_status"
        ).fetchall()
    )
    return Totals(submissions, countries, refused, signatures)
