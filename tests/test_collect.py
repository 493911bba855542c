"""`msq collect`: 193 signed submissions and the files that go wrong around them, into one SQLite
database, each verified as `msq verify` verifies it."""

import hashlib
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.collect.collector import collect
from msq_tui.collect.progress import Progress
from msq_tui.model.countries import member_states
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import sealed, to_json

from . import collect_inbox
from .collect_inbox import (
    AS_TOML,
    BOTH_FORMATS,
    IN_THE_MAIL,
    MISSING,
    SECOND_REVISION,
    TAMPERED_ONLY,
    Inbox,
    write_signed,
)

# The session's inbox and its collection (fixtures of collect_inbox).
inbox = collect_inbox.inbox
collected = collect_inbox.collected


def rows(database: Path, query: str, *parameters) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query, parameters).fetchall()


def count(database: Path, table: str, where: str = "1") -> int:
    return rows(database, f"SELECT count(*) FROM {table} WHERE {where}")[0][0]


def url_entries_in(value: list) -> int:
    return sum(1 + url_entries_in(entry.get("children", [])) for entry in value)


def documents_collected(inbox: Inbox) -> list[dict]:
    return [document for iso3, document in inbox.documents.items() if iso3 not in MISSING] + [
        inbox.revision_one
    ]


# -- What the database holds ---------------------------------------------------------------------------


def test_every_valid_submission_is_in_and_every_refused_file_listed(inbox, collected) -> None:
    documents = documents_collected(inbox)
    assert count(collected, "submissions") == len(documents) == 189
    assert {row[0] for row in rows(collected, "SELECT fingerprint FROM submissions")} == {
        d["integrity"]["digest"] for d in documents
    }
    # Each file taken: a submission's first, plus the TOML beside a JSON and the TOML in the mail.
    assert count(collected, "files") == 189 + len(BOTH_FORMATS) + 1
    assert count(collected, "answers") == sum(len(d["answers"]) for d in documents)
    questionnaire = next(iter(known_questionnaires().values()))
    url_questions = [q.id for q in questionnaire.questions() if q.kind == "urls"]
    assert count(collected, "urls") == sum(
        url_entries_in(d["answers"].get(q, [])) for d in documents for q in url_questions
    )
    refused = {
        Path(name).name: cause for name, cause in rows(collected, "SELECT file_name, cause FROM refused")
    }
    assert refused == inbox.refused


def test_a_submission_row_says_what_the_file_says(inbox, collected) -> None:
    document = inbox.documents["KEN"]
    (row,) = rows(
        collected,
        "SELECT iso3, country, questionnaire_id, questionnaire_version, response_id, revision, signed_at, signer, publish,"
        " fingerprint, signature_status, sha256, file_name FROM submissions WHERE iso3 = 'KEN'",
    )
    signoff = document["signoff"]
    assert row[:11] == (
        "KEN", "Kenya", "msq2020", document["questionnaire"]["version"], document["response_id"], 1,
        signoff["signed_at"], signoff["name"], "yes" if signoff["publish"] else "no", document["integrity"]["digest"], "unchecked",
    )  # fmt: skip
    assert row[11] == hashlib.sha256(Path(row[12]).read_bytes()).hexdigest()


def test_the_current_submission_is_the_latest_valid_revision(inbox, collected) -> None:
    revisions = rows(
        collected,
        "SELECT revision, is_current, signer FROM submissions WHERE iso3 = ? ORDER BY revision",
        SECOND_REVISION,
    )
    assert revisions == [(1, 0, f"Official of {SECOND_REVISION}"), (2, 1, "Second Official")]
    current = dict(rows(collected, "SELECT iso3, fingerprint FROM submissions WHERE is_current = 1"))
    assert len(current) == 193 - len(MISSING)
    assert current == {
        iso3: d["integrity"]["digest"] for iso3, d in inbox.documents.items() if iso3 not in MISSING
    }
    # The older revision keeps its answers; the current one holds what it submitted (q11 hidden by q10 = no).
    assert rows(
        collected, "SELECT revision FROM answers WHERE iso3 = ? AND question_id = 'q11'", SECOND_REVISION
    ) == [(1,)]


def test_the_members_missing_are_the_ones_not_sent(collected) -> None:
    present = {row[0] for row in rows(collected, "SELECT iso3 FROM submissions WHERE is_current = 1")}
    assert {c.iso3 for c in member_states()} - present == set(MISSING)
    assert rows(collected, "SELECT iso3, cause FROM refused WHERE file_name LIKE '%tampered%'") == [
        (TAMPERED_ONLY, "changed")
    ]


def test_answers_read_as_text_and_urls_with_their_parents(collected) -> None:
    q8 = rows(
        collected, "SELECT kind, number, answer_text FROM answers WHERE iso3 = 'KEN' AND question_id = 'q8'"
    )[0]
    assert q8[0] == "checklist" and q8[1] == "8"
    lines = q8[2].splitlines()  # the ticked options' wording (footnote marks left out), details, explanation
    assert lines[0] == "Has an implementation plan — Appendix C of the roadmap"
    assert lines[2].endswith("accessible by the most vulnerable groups") and lines[3].startswith(
        "Explanation: The government"
    )
    assert (
        json.loads(
            rows(collected, "SELECT answer_json FROM answers WHERE iso3 = 'KEN' AND question_id = 'q10'")[0][
                0
            ]
        )
        == "yes"
    )
    nested = rows(
        collected,
        "SELECT number, position, label, url, parent_label FROM urls WHERE iso3 = 'KEN' AND question_id = 'q5g' AND position = '1.3'",
    )
    assert nested == [("5g", "1.3", "Company 3", "https://company3.moe.gov.ir/", "Ministry of Energy")]
    q1 = rows(collected, "SELECT answer_text FROM answers WHERE iso3 = 'KEN' AND question_id = 'q1'")[0][0]
    assert q1.splitlines() == ["www.egovernment.ir", "www.iran.gov.ir"]


def test_files_in_folders_toml_and_mail_attachments_are_all_read(collected) -> None:
    names = dict(rows(collected, "SELECT iso3, file_name FROM submissions WHERE is_current = 1"))
    assert all(names[iso3].endswith(".toml") for iso3 in AS_TOML)
    assert names[IN_THE_MAIL].endswith(f"Mexico response.eml > MSQ2020_{IN_THE_MAIL}.json")
    copies = [
        name for (name,) in rows(collected, "SELECT file_name FROM files WHERE file_name LIKE '%.eml > %'")
    ]
    assert sorted(Path(name).name for name in copies) == [
        "Mexico response.eml > MSQ2020_MEX.json",
        "Mexico response.eml > MSQ2020_MEX.toml",
    ]


# -- Runs: again, more, and the files left as they were -------------------------------------------------


def dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def test_collecting_the_same_files_again_changes_nothing(inbox, collected, tmp_path) -> None:
    database = tmp_path / "again.sqlite"
    shutil.copyfile(collected, database)
    before = dump(database)
    tally, _ = collect([inbox.folder], database, known_questionnaires())
    assert (tally.added, tally.copies, len(tally.refused)) == (0, 0, len(inbox.refused))
    assert dump(database) == before


def test_collecting_more_adds_to_the_database_and_never_touches_a_file(inbox, collected, tmp_path) -> None:
    def state() -> dict:
        return {
            path: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in inbox.folder.rglob("*")
            if path.is_file()
        }

    files_before = state()
    database = tmp_path / "growing.sqlite"
    europe = inbox.folder / "Europe"
    first, totals = collect([europe], database, known_questionnaires())
    assert first.refused == [] and totals.submissions == first.added > 30
    _, totals = collect([inbox.folder], database, known_questionnaires())
    assert totals.submissions == count(collected, "submissions")
    assert rows(database, "SELECT iso3, revision, is_current FROM submissions ORDER BY 1, 2") == rows(
        collected, "SELECT iso3, revision, is_current FROM submissions ORDER BY 1, 2"
    )
    assert state() == files_before


# -- The command: exit status, what it prints, keys --------------------------------------------------


def test_the_command_exits_1_when_a_file_was_refused_and_prints_no_line_per_file(
    inbox, tmp_path, capsys
) -> None:
    database = tmp_path / "c.sqlite"
    assert main(["collect", str(inbox.folder / "Europe"), "-o", str(database)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 3 and "0 refused" in out and err == ""  # no progress bar off a terminal
    assert main(["collect", str(inbox.folder / "downloads"), "-o", str(database)]) == 1
    out, err = capsys.readouterr()
    # Kenya's original is not in Europe: its copy is the first seen, and taken.
    assert "1 added, 0 collected before, 3 refused" in out and err.count("REFUSED: ") == 3
    assert "package.json is not an msq submission" in err
    assert main(["collect", str(inbox.folder / "Europe"), "-o", str(database), "--verbose"]) == 0
    assert capsys.readouterr().err.count("known: ") > 30


def signed_inbox(inbox: Inbox, root: Path) -> Path:
    """Three good files, a forged one (answer changed, fingerprint recomputed, the signature kept)
    and one signed with another country's key."""
    from msq_tui.submission.document import to_json as document_json

    questionnaire = next(iter(known_questionnaires().values()))
    folder = root / "signed"
    for iso3 in ("KEN", "NOR", "PER"):
        write_signed(folder, questionnaire, inbox.documents[iso3], inbox.secret_keys[iso3])
    original = write_signed(
        folder / "forged", questionnaire, inbox.documents["URY"], inbox.secret_keys["URY"]
    )
    forged = {key: value for key, value in inbox.documents["URY"].items() if key != "integrity"}
    forged = sealed({**forged, "answers": {**forged["answers"], "q6": "A forged answer."}})
    original.write_bytes(document_json(forged))
    write_signed(folder / "wrong-key", questionnaire, inbox.documents["SWE"], inbox.secret_keys["NOR"])
    return folder


def test_with_keys_every_signature_is_checked_as_verify_checks_it(inbox, tmp_path, capsys) -> None:
    folder = signed_inbox(inbox, tmp_path)
    database = tmp_path / "keys.sqlite"
    assert main(["collect", str(folder), "-o", str(database), "--keys", str(inbox.keys)]) == 1
    assert dict(rows(database, "SELECT iso3, signature_status FROM submissions")) == {
        "KEN": "signed",
        "NOR": "signed",
        "PER": "signed",
    }
    refused = {
        Path(name).parent.name: (cause, message)
        for name, cause, message in rows(database, "SELECT file_name, cause, message FROM refused")
    }
    assert refused["forged"][0] == "signature" and "does not match the file" in refused["forged"][1]
    assert (
        refused["wrong-key"][0] == "signature"
        and "NOR.pub" in refused["wrong-key"][1]
        and "for SWE" in refused["wrong-key"][1]
    )
    # msq verify says the same of each file.
    for path in sorted(folder.rglob("*.json")):
        capsys.readouterr()
        expected = 1 if path.parent.name in refused else 0
        assert main(["verify", str(path), "--keys", str(inbox.keys)]) == expected, path


def test_a_file_taken_without_keys_leaves_when_its_signature_fails_with_them(inbox, tmp_path) -> None:
    folder = signed_inbox(inbox, tmp_path)
    database = tmp_path / "later-keys.sqlite"
    collect([folder], database, known_questionnaires())
    assert count(database, "submissions", "iso3 = 'URY'") == 1  # without keys, a forged file looks intact
    assert main(["collect", str(folder), "-o", str(database), "--keys", str(inbox.keys)]) == 1
    assert count(database, "submissions", "iso3 IN ('URY', 'SWE')") == 0
    assert count(database, "answers", "iso3 IN ('URY', 'SWE')") == 0
    assert dict(rows(database, "SELECT iso3, signature_status FROM submissions")) == {
        "KEN": "signed",
        "NOR": "signed",
        "PER": "signed",
    }


def test_what_verify_refuses_collect_refuses_and_the_reverse(inbox, collected, capsys) -> None:
    refused = {name for (name,) in rows(collected, "SELECT file_name FROM refused")}
    taken = {name for (name,) in rows(collected, "SELECT file_name FROM files")}
    for path in (
        sorted((inbox.folder / "downloads").glob("*.json"))
        + sorted((inbox.folder / "Europe").rglob("*.json"))[:5]
    ):
        verdict = main(["verify", str(path)])
        capsys.readouterr()
        if "copy of" in path.name:
            continue  # a duplicate is a good file collected twice: verify passes it, collect lists it once
        assert (verdict == 0) == (str(path) in taken) and (verdict == 1) == (str(path) in refused), path


# -- Bad input ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_text("not a database at all " * 100), "not an SQLite database msq can use"),
        (
            lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(),
            "not a collection of msq submissions",
        ),
    ],
    ids=["folder", "not-sqlite", "other-sqlite"],
)
def test_a_database_that_is_not_one_is_named_in_one_line(inbox, tmp_path, capsys, make, message) -> None:
    database = tmp_path / "db.sqlite"
    make(database)
    before = database.read_bytes() if database.is_file() else None
    assert main(["collect", str(inbox.folder / "mail"), "-o", str(database)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (database.read_bytes() if database.is_file() else None) == before


def test_bad_files_of_every_kind_are_refused_and_the_run_goes_on(inbox, tmp_path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "garbage.eml").write_bytes(os.urandom(2000))
    (folder / "no-attachment.eml").write_text("From: a@b.org\nSubject: hello\n\nJust text.\n")
    (folder / "binary.json").write_bytes(b"\x00\xff" * 100)
    (folder / "empty.toml").write_bytes(b"")
    os.mkfifo(folder / "pipe.json")
    (folder / "draft.json").write_text(json.dumps({"format": "msq-response", "format_version": 1}))
    (
        folder / "nan\udcff.json".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    ).write_bytes(b"{}")
    shutil.copytree(inbox.folder / "Oceania", folder / "Oceania")
    database = tmp_path / "bad.sqlite"
    tally, totals = collect([folder, folder / "missing.json"], database, known_questionnaires())
    causes = {
        Path(name).name: cause for name, cause in rows(database, "SELECT file_name, cause FROM refused")
    }
    assert causes["no-attachment.eml"] == "not-submission" and causes["garbage.eml"] == "not-submission"
    assert (
        causes["binary.json"] == "unreadable"
        and causes["empty.toml"] == "damaged"
        and causes["pipe.json"] == "unreadable"
    )
    assert (
        causes["draft.json"] == "not-submission"
        and causes["missing.json"] == "unreadable"
        and "nan\\udcff.json" in causes
    )
    assert totals.submissions == tally.added == len(list((folder / "Oceania").rglob("*.json"))) > 5
    messages = [message for (message,) in rows(database, "SELECT message FROM refused")]
    assert all(message and "\n" not in message for message in messages)


def test_a_run_stopped_half_way_keeps_what_it_committed(inbox, tmp_path, monkeypatch) -> None:
    """A run stopped half-way (Ctrl-C) keeps its committed batches; the next run completes it."""
    import msq_tui.collect.collector as collector

    monkeypatch.setattr(collector, "BATCH", 10)
    database = tmp_path / "stopped.sqlite"
    seen = []

    def stop_after_25(tally, name, status, message) -> None:
        seen.append(name)
        if len(seen) == 25:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        collect([inbox.folder / "Europe"], database, known_questionnaires(), listener=stop_after_25)
    assert count(database, "submissions") == 20
    _, totals = collect([inbox.folder / "Europe"], database, known_questionnaires())
    assert totals.submissions == len(list((inbox.folder / "Europe").rglob("*.json"))) + len(
        list((inbox.folder / "Europe").rglob("*.toml"))
    )


# -- Progress ----------------------------------------------------------------------------------------------


class FakeTerminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_progress_bar_shows_on_a_terminal_only_after_a_second(inbox, tmp_path) -> None:
    terminal = FakeTerminal()
    progress = Progress(terminal)
    database = tmp_path / "progress.sqlite"

    def slow_start(tally, name, status, message) -> None:
        if tally.files == 3:
            tally.started -= 5  # as if the first files took five seconds
        progress(tally, name, status, message)

    collect([inbox.folder / "Europe"], database, known_questionnaires(), listener=slow_start)
    progress.finish()
    lines = [line for line in terminal.text.split("\r") if line]
    assert lines and "Collecting" in lines[0] and "files/s" in lines[0] and "0 refused" in lines[0]
    assert terminal.text.endswith("\r\x1b[K")
    quiet = FakeTerminal()
    quiet_progress = Progress(quiet)

    def quick_run(tally, name, status, message) -> None:
        # As if every file came at once: the run stays under a second however loaded the machine is.
        tally.started = time.monotonic()
        quiet_progress(tally, name, status, message)

    collect([inbox.folder / "Europe"], tmp_path / "quiet.sqlite", known_questionnaires(), listener=quick_run)
    assert quiet.text == ""  # a run under a second says nothing


def test_a_path_that_does_not_exist_stops_before_anything_is_written(inbox, tmp_path, capsys) -> None:
    database = tmp_path / "never.sqlite"
    assert main(["collect", str(inbox.folder / "mail"), str(tmp_path / "typo"), "-o", str(database)]) == 1
    err = capsys.readouterr().err
    assert err == f"msq: {tmp_path / 'typo'} does not exist: check the path (nothing was collected)\n"
    assert not database.exists()


def test_attachments_of_the_same_name_in_one_mail_are_each_read(inbox, tmp_path) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Forwarded: two responses"
    message.set_content("Both attached.")
    for iso3 in ("NOR", "PER"):
        message.add_attachment(
            to_json(inbox.documents[iso3]), maintype="application", subtype="json", filename="submission.json"
        )
    (tmp_path / "two.eml").write_bytes(message.as_bytes())
    database = tmp_path / "two.sqlite"
    tally, _ = collect([tmp_path / "two.eml"], database, known_questionnaires())
    assert tally.added == 2 and tally.refused == []
    names = sorted(Path(name).name for (name,) in rows(database, "SELECT file_name FROM submissions"))
    assert names == [
        "two.eml > submission.json (attachment 1 of that name)",
        "two.eml > submission.json (attachment 2 of that name)",
    ]


def test_one_process_or_several_the_database_is_the_same(inbox, collected, tmp_path) -> None:
    """Large runs verify in worker processes; the database they make is the one a single process makes."""
    database = tmp_path / "one-process.sqlite"
    collect([inbox.folder], database, known_questionnaires(), workers=1)
    several = tmp_path / "several.sqlite"
    collect([inbox.folder], several, known_questionnaires(), workers=2)
    queries = [
        "SELECT file_name, sha256, iso3, revision, fingerprint, signature_status, answered, asked, is_current FROM submissions ORDER BY 1",
        "SELECT sha256, file_name FROM files ORDER BY 1",
        "SELECT iso3, revision, question_id, number, kind, answer_json, answer_text FROM answers ORDER BY 1, 2, 3",
        "SELECT iso3, revision, question_id, position, label, url, parent_label FROM urls ORDER BY 1, 2, 3, 4",
        "SELECT file_name, sha256, iso3, cause, message FROM refused ORDER BY 1",
    ]
    for query in queries:
        assert rows(database, query) == rows(collected, query) == rows(several, query), query


def test_a_fault_of_msq_on_one_file_lists_it_and_the_run_goes_on(inbox, tmp_path, monkeypatch) -> None:
    import msq_tui.collect.checking as checking

    real = checking.read_submission

    def failing_on_norway(data, questionnaires, name, *more):
        if "MSQ2020_NOR_" in name:
            raise RecursionError("a bug")
        return real(data, questionnaires, name, *more)

    monkeypatch.setattr(checking, "read_submission", failing_on_norway)
    database = tmp_path / "fault.sqlite"
    tally, totals = collect([inbox.folder / "Europe"], database, known_questionnaires(), workers=1)
    assert [Path(name).name for name, _ in tally.refused] == ["MSQ2020_NOR_2026-01-20_r1.json"]
    assert "msq failed on it (RecursionError)" in tally.refused[0][1]
    assert totals.submissions == tally.added > 30
