"""The collection's SQLite database: one file any SQLite tool reads, holding every verified
submission (older revisions too), its answers and URL entries, and every refused file with why.

Files are known by the SHA-256 of their bytes, submissions by their fingerprint, so collecting the
same files again changes nothing; a country's current submission is its latest valid revision (by
revision, then signing time), worked out again after every run.
"""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from msq_tui.collect.checking import Refused, Verified
from msq_tui.collect.sources import Source

DATABASE_FORMAT = "msq-collection"
DATABASE_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,             -- the first file it was collected from
    sha256 TEXT NOT NULL,                -- of that file's bytes
    iso3 TEXT NOT NULL,
    country TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    response_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    signed_at TEXT NOT NULL,             -- UTC, RFC 3339
    signer TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    signer_organization TEXT NOT NULL,
    signer_email TEXT NOT NULL,
    publish TEXT NOT NULL CHECK (publish IN ('yes', 'no')),
    fingerprint TEXT NOT NULL UNIQUE,    -- the submission's own SHA-256 (the same in its JSON and TOML)
    signature_status TEXT NOT NULL CHECK (signature_status IN ('signed', 'unchecked', 'unsigned')),
    signature TEXT NOT NULL,             -- what `msq verify` says of it
    key_id TEXT,
    answered INTEGER NOT NULL,
    asked INTEGER NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 0,
    collected_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (       -- every file taken: a submission's first, and its copy in the other format
    sha256 TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    collected_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    iso3 TEXT NOT NULL,
    revision INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    number TEXT NOT NULL,                -- as printed ("2a"); empty for an unnumbered question
    kind TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    answer_text TEXT NOT NULL,
    PRIMARY KEY (submission_id, question_id)
);
CREATE TABLE IF NOT EXISTS urls (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    iso3 TEXT NOT NULL,
    country TEXT NOT NULL,
    revision INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    number TEXT NOT NULL,
    position TEXT NOT NULL,              -- "3", or "3.2" for the second entry nested under the third
    label TEXT NOT NULL,
    url TEXT NOT NULL,                   -- as typed (a bare www. address stays bare)
    parent_label TEXT NOT NULL,
    PRIMARY KEY (submission_id, question_id, position)
);
CREATE TABLE IF NOT EXISTS refused (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,                -- empty when the file could not be read
    iso3 TEXT NOT NULL,                  -- the country it claims, when it names one
    cause TEXT NOT NULL,
    message TEXT NOT NULL,
    refused_at TEXT NOT NULL,
    UNIQUE (file_name, sha256)
);
CREATE INDEX IF NOT EXISTS submissions_by_country ON submissions (iso3, questionnaire_id);
CREATE VIEW IF NOT EXISTS current_submissions AS SELECT * FROM submissions WHERE is_current = 1;
"""

SIGNATURE_RANK = {"unsigned": 0, "unchecked": 1, "signed": 2}


class DatabaseError(Exception):
    """The database cannot be opened or written; the message says what to do."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _problem(path: Path, error: sqlite3.Error, read_only: bool = False) -> DatabaseError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"{path} is being written by another program (another msq collect?): wait for it to finish and run again"
        )
    if "not a database" in text or "malformed" in text:
        # `msq report` reads the database it is given (its -o is the report): say which file to give.
        what_to_do = "give the database `msq collect` made" if read_only else "give another file name with -o"
        return DatabaseError(
            f"{path} is not an SQLite database msq can use (damaged, or another kind of file): {what_to_do}"
        )
    return DatabaseError(f"{path} cannot be used: {text}")


def open_database(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """The collection at ``path``, created when missing (unless ``read_only``); DatabaseError when
    it is not one."""
    if path.is_dir():
        raise DatabaseError(
            f"{path} is a folder: give a database file name, such as {path / 'msq2020.sqlite'}"
        )
    if read_only and not path.exists():
        raise DatabaseError(f"{path} does not exist: make it first with `msq collect FOLDER -o {path}`")
    if not read_only and not path.parent.exists():
        raise DatabaseError(f"the folder {path.parent} does not exist: create it first or choose another")
    try:
        if read_only:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=10)
        else:
            connection = sqlite3.connect(path, timeout=10)
        found = _format_of(connection)
        if found is None and not read_only and _is_empty(connection):
            # One transaction: each statement of a script would otherwise be its own, each
            # waiting for the disk (a tenth of a second of a 193-file run went there).
            connection.executescript(f"BEGIN;\n{SCHEMA}\nCOMMIT;")
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", DATABASE_FORMAT), ("version", DATABASE_VERSION), ("created", _now())],
            )
            connection.commit()
            found = (DATABASE_FORMAT, DATABASE_VERSION)
    except sqlite3.Error as error:
        raise _problem(path, error, read_only) from None
    if found is None:
        connection.close()
        raise DatabaseError(
            f"{path} is an SQLite database, but not a collection of msq submissions: give another file name"
        )
    if found[1] != DATABASE_VERSION:
        connection.close()
        raise DatabaseError(
            f"{path} is a collection of version {found[1]}; this msq reads version {DATABASE_VERSION}: update msq-tui"
        )
    connection.row_factory = sqlite3.Row
    return connection


def _format_of(connection: sqlite3.Connection) -> tuple[str, str] | None:
    try:
        values = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return (values["format"], values.get("version", "")) if values.get("format") == DATABASE_FORMAT else None


def _is_empty(connection: sqlite3.Connection) -> bool:
    return connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


@dataclass
class Outcome:
    """What one file did to the collection."""

    status: str  # "added", "copy" (another file of a submission there), "known" (collected before), "refused"
    message: str = ""


def add_verified(connection: sqlite3.Connection, verified: Verified) -> Outcome:
    """Put a verified file in: a new submission, a copy of one, or nothing when it was there.
    Refused as a duplicate when the same bytes were taken under another name."""
    name = verified.name
    # It verifies now: what was refused under its name (these bytes, or a download cut short that
    # this complete one replaced) is no longer in the inbox to follow up.
    connection.execute("DELETE FROM refused WHERE file_name = ?", (name,))
    known = connection.execute(
        "SELECT file_name, submission_id FROM files WHERE sha256 = ?", (verified.sha256,)
    ).fetchone()
    if known is not None and known["file_name"] != name:
        raise _duplicate(name, known["file_name"], verified.document["country"]["iso3"])
    if known is not None:
        _better_signature(connection, known["submission_id"], verified)
        return Outcome("known")
    document = verified.document
    existing = connection.execute(
        "SELECT id, file_name FROM submissions WHERE fingerprint = ?", (verified.fingerprint,)
    ).fetchone()
    if existing is not None:  # the TOML of a JSON collected before (or the other way round)
        connection.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?)", (verified.sha256, name, existing["id"], _now())
        )
        _better_signature(connection, existing["id"], verified)
        return Outcome("copy", f"the same submission as {existing['file_name']}")
    submission_id = _insert_submission(connection, verified)
    connection.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?)", (verified.sha256, name, submission_id, _now())
    )
    iso3, country, revision = document["country"]["iso3"], document["country"]["name"], document["revision"]
    connection.executemany(
        "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(submission_id, iso3, revision, *row) for row in verified.answers],
    )
    connection.executemany(
        "INSERT INTO urls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(submission_id, iso3, country, revision, *row) for row in verified.urls],
    )
    return Outcome("added", f"{document['country']['name']}, revision {document['revision']}")


def _duplicate(name: str, first: str, iso3: str) -> Refused:
    return Refused(
        "duplicate",
        f"{name} is a duplicate: the same file as {first}, collected already; nothing of it is added",
        iso3,
    )


def _insert_submission(connection: sqlite3.Connection, verified: Verified) -> int:
    document = verified.document
    signoff = document["signoff"]
    cursor = connection.execute(
        "INSERT INTO submissions (file_name, sha256, iso3, country, questionnaire_id, questionnaire_version, response_id,"
        " revision, signed_at, signer, signer_title, signer_organization, signer_email, publish, fingerprint,"
        " signature_status, signature, key_id, answered, asked, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            verified.name,
            verified.sha256,
            document["country"]["iso3"],
            document["country"]["name"],
            document["questionnaire"]["id"],
            document["questionnaire"]["version"],
            document["response_id"],
            document["revision"],
            signoff["signed_at"],
            signoff["name"],
            signoff["title"],
            signoff["organization"],
            signoff["email"],
            "yes" if signoff["publish"] else "no",
            verified.fingerprint,
            verified.signature.status,
            verified.signature.message,
            verified.signature.key_id,
            verified.answered,
            verified.asked,
            _now(),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _better_signature(connection: sqlite3.Connection, submission_id: int, verified: Verified) -> None:
    """A signature checked now with a trusted key counts for a submission collected before without one."""
    row = connection.execute(
        "SELECT signature_status FROM submissions WHERE id = ?", (submission_id,)
    ).fetchone()
    if SIGNATURE_RANK[verified.signature.status] > SIGNATURE_RANK[row["signature_status"]]:
        connection.execute(
            "UPDATE submissions SET signature_status = ?, signature = ?, key_id = ? WHERE id = ?",
            (verified.signature.status, verified.signature.message, verified.signature.key_id, submission_id),
        )


def refuse_duplicate(connection: sqlite3.Connection, source: Source) -> None:
    """Refused: a file with the same bytes as one taken before under another name (a second copy of
    an attachment, a download saved twice). Judged before anything else, as nothing of it is new."""
    if source.data is None:
        return
    sha256 = source.sha256
    known = connection.execute(
        "SELECT files.file_name, submissions.iso3 FROM files JOIN submissions ON submissions.id = files.submission_id WHERE files.sha256 = ?",
        (sha256,),
    ).fetchone()
    if known is not None and known["file_name"] != source.name:
        raise _duplicate(source.name, known["file_name"], known["iso3"])


def add_refused(connection: sqlite3.Connection, name: str, sha256: str, refusal: Refused) -> None:
    """List a refused file (once: the same file refused again stays one row, with its latest cause).

    A file collected before and refused now (its signature fails with a key given only now) leaves
    the collection: what does not verify is not in it."""
    if sha256:
        taken = connection.execute(
            "SELECT submission_id FROM files WHERE sha256 = ? AND file_name = ?", (sha256, name)
        ).fetchone()
        if taken is not None and refusal.cause != "duplicate":
            _withdraw_file(connection, sha256, taken["submission_id"])
    # A file holds one content: an earlier refusal of other bytes under this name is replaced by this one.
    connection.execute("DELETE FROM refused WHERE file_name = ? AND sha256 != ?", (name, sha256))
    connection.execute(
        "INSERT INTO refused (file_name, sha256, iso3, cause, message, refused_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (file_name, sha256) DO UPDATE SET cause = excluded.cause, message = excluded.message, iso3 = excluded.iso3",
        (name, sha256, refusal.iso3, refusal.cause, str(refusal), _now()),
    )


def _withdraw_file(connection: sqlite3.Connection, sha256: str, submission_id: int) -> None:
    connection.execute("DELETE FROM files WHERE sha256 = ?", (sha256,))
    if connection.execute("SELECT 1 FROM files WHERE submission_id = ?", (submission_id,)).fetchone() is None:
        for table in ("answers", "urls"):
            connection.execute(f"DELETE FROM {table} WHERE submission_id = ?", (submission_id,))
        connection.execute("DELETE FROM submissions WHERE id = ?", (submission_id,))


def mark_current(connection: sqlite3.Connection) -> None:
    """Each country's current submission: its latest valid revision, then its latest signing."""
    connection.execute(
        "UPDATE submissions SET is_current = (id = (SELECT later.id FROM submissions AS later"
        " WHERE later.iso3 = submissions.iso3 AND later.questionnaire_id = submissions.questionnaire_id"
        " ORDER BY later.revision DESC, later.signed_at DESC, later.id ASC LIMIT 1))"
    )
