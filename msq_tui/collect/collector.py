"""A collection run: every file found under the paths given, judged as `msq verify` judges it, put
into the database or listed as refused, and the run goes on whatever a file holds."""

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from msq_tui.collect.checking import Refused, Trusted, verify_source
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


# Called after each file: the tally so far, and the file's name, status ("added", "copy", "known",
# "refused") and message.
Listener = Callable[[Tally, str, str, str], None]


def collect(
    paths: Iterable[Path],
    database: Path,
    questionnaires: dict[tuple[str, str], Questionnaire],
    trusted: Trusted | None = None,
    listener: Listener | None = None,
) -> tuple[Tally, Totals]:
    """Collect the files under ``paths`` into ``database``. Raises DatabaseError when the database
    cannot be used; a file never stops the run."""
    connection = open_database(database)
    tally = Tally()
    try:
        pending = 0
        found = list(files_to_read(paths))
        tally.found = len(found)
        for path in found:
            tally.read += 1
            for source in read_sources(path):
                status, message = _take(connection, source, questionnaires, trusted)
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


def _take(connection, source: Source, questionnaires, trusted: Trusted | None) -> tuple[str, str]:
    if trusted is None and was_taken(connection, source):
        return "known", ""
    try:
        refuse_duplicate(connection, source)
        outcome = add_verified(connection, verify_source(source, questionnaires, trusted))
    except Refused as refusal:
        sha256 = hashlib.sha256(source.data).hexdigest() if source.data is not None else ""
        add_refused(connection, source.name, sha256, refusal)
        return "refused", str(refusal)
    return outcome.status, outcome.message


def was_taken(connection, source: Source) -> bool:
    """Whether this very file, byte for byte, was verified and taken by an earlier run with the same
    signature beside it: then it would be judged the same again, and is not read further (a run with
    keys checks every file again, as a key may be new)."""
    if source.data is None:
        return False
    row = connection.execute(
        "SELECT submissions.signature_status FROM files JOIN submissions ON submissions.id = files.submission_id"
        " WHERE files.sha256 = ? AND files.file_name = ?",
        (hashlib.sha256(source.data).hexdigest(), source.name),
    ).fetchone()
    return row is not None and (row[0] == "unsigned") == (source.signature is None)


def totals(connection) -> Totals:
    submissions = connection.execute("SELECT count(*) FROM submissions").fetchone()[0]
    countries = connection.execute(
        "SELECT count(DISTINCT iso3) FROM submissions WHERE is_current = 1"
    ).fetchone()[0]
    refused = connection.execute("SELECT count(*) FROM refused").fetchone()[0]
    return Totals(submissions, countries, refused)
