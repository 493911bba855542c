"""What DPIDG's walk through `msq collect`, `msq report` and `msq verify` found: each test fails on
the code before its fix (a printed report without its evidence, a foreign TOML called cut-short
JSON, a key missing or wrong named only as "not among the trusted keys", ...)."""

import re

from msq_tui.cli import main

from . import collect_inbox

inbox = collect_inbox.inbox
collected = collect_inbox.collected


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(list(arguments))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_printed_html_report_shows_every_countrys_evidence(collected, tmp_path, capsys) -> None:
    # A closed <details> hides its content in print whatever its own `display`: print must open
    # the content itself, or a printed report has no evidence at all.
    target = tmp_path / "report.html"
    assert run(capsys, "report", str(collected), "-o", str(target))[0] == 0
    page = target.read_text()
    assert "<details>" in page
    style = page.split("<style>")[1].split("</style>")[0]
    printed = re.search(r"@media print\{(.*)\}", style, re.S)
    assert printed and re.search(
        r"details::details-content\{[^}]*content-visibility:visible", printed.group(1)
    )


def test_a_toml_file_opening_with_a_table_is_read_as_toml_not_as_broken_json(tmp_path, capsys) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text('[editor]\nfont = "Mono"\n')
    code, out, err = run(capsys, "verify", str(settings))
    assert code == 1 and "is not an msq submission" in out + err and "JSON" not in out + err
    broken = tmp_path / "list.json"
    broken.write_text('[1, 2, "cut')
    code, out, err = run(capsys, "verify", str(broken))
    assert code == 1 and "not valid JSON" in out + err  # a damaged JSON is still named as one


def test_a_report_named_for_a_format_msq_does_not_write_is_refused(collected, tmp_path, capsys) -> None:
    code, _, err = run(capsys, "report", str(collected), "-o", str(tmp_path / "report.pdf"))
    assert code == 1 and "does not write .pdf files" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "report.pdf").exists()  # Markdown was written into it, exit 0
    assert run(capsys, "report", str(collected), "-o", str(tmp_path / "report.txt"))[0] == 0
    assert (tmp_path / "report.txt").read_text().startswith("# ")
    assert run(capsys, "report", str(collected), "--format", "md", "-o", str(tmp_path / "r.pdf"))[0] == 0


def test_report_given_a_file_that_is_no_database_does_not_point_at_its_own_output_option(
    tmp_path, capsys
) -> None:
    page = tmp_path / "report.html"
    page.write_text("<!DOCTYPE html><html></html>\n")
    code, _, err = run(capsys, "report", str(page))
    assert code == 1 and "is not an SQLite database" in err and "give the database `msq collect` made" in err
    assert "with -o" not in err  # report's -o is where the report goes, not the database to read
    code, _, err = run(capsys, "collect", str(tmp_path), "-o", str(page))
    assert code == 1 and "give another file name with -o" in err


def test_a_signature_by_a_key_not_trusted_says_whether_the_countrys_key_is_missing_or_another(
    inbox, tmp_path, capsys
) -> None:
    import shutil

    from msq_tui.submission.signing import generate_key

    keys = tmp_path / "keys"
    shutil.copytree(inbox.keys, keys)
    (keys / "AFG.pub").unlink()  # not received yet
    wrong = generate_key().public_key
    (keys / "ALB.pub").write_text(wrong.file_text())  # a key that is not the one ALB signed with
    afghanistan = next(inbox.folder.rglob("MSQ2020_AFG_*.json"))
    albania = next(inbox.folder.rglob("MSQ2020_ALB_*.json"))
    code, out, err = run(capsys, "verify", str(afghanistan), "--keys", str(keys))
    assert code == 1 and "which is not among the trusted keys given (no AFG.pub among them)" in err
    assert "put the public key received from AFG with the others" in err
    code, out, err = run(capsys, "verify", str(albania), "--keys", str(keys))
    assert code == 1 and f"the trusted key for ALB, is key {wrong.key_id}" in err and "ask ALB" in err
    code, out, err = run(
        capsys,
        "collect",
        str(afghanistan),
        str(albania),
        "-o",
        str(tmp_path / "c.sqlite"),
        "--keys",
        str(keys),
    )
    assert code == 1 and "no AFG.pub among them" in err and f"is key {wrong.key_id}" in err


def test_a_file_cut_short_still_counts_for_the_country_it_names(inbox, tmp_path, capsys) -> None:
    import csv
    import io

    from msq_tui.submission.document import to_json, to_toml

    folder = tmp_path / "downloads"
    folder.mkdir()
    for iso3, data in (("ZWE", to_json(inbox.documents["ZWE"])), ("ZMB", to_toml(inbox.documents["ZMB"]))):
        (folder / f"download-{iso3.lower()}.part.{'json' if iso3 == 'ZWE' else 'toml'}").write_bytes(
            data[: len(data) // 2]
        )
    database = tmp_path / "c.sqlite"
    assert run(capsys, "collect", str(folder), "-o", str(database))[0] == 1
    code, out, _ = run(capsys, "report", str(database), "--format", "csv", "--table", "member_states")
    header, *lines = list(csv.reader(io.StringIO(out)))
    rows = {row[0]: row for row in lines}
    assert rows["ZWE"][2] == rows["ZMB"][2] == "refused"  # not "not submitted": they sent a file
    assert rows["ZWE"][header.index("Files refused")] == "1"


def test_verify_given_a_saved_mail_says_it_is_one_and_what_to_give_instead(inbox, capsys) -> None:
    mail = next(inbox.folder.rglob("*.eml"))
    code, out, err = run(capsys, "verify", str(mail))
    assert code == 1 and "is a saved e-mail, not a submission file: save its .json attachment" in err
    assert "damaged" not in err and "Cause: not-submission" in err


def test_collect_ends_with_its_totals_after_the_refused_files_and_counts_in_good_english(
    inbox, tmp_path, monkeypatch
) -> None:
    import io
    import sys

    screen = io.StringIO()  # a terminal shows stdout and stderr in the order written
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("")
    angola = next(inbox.folder.rglob("MSQ2020_AGO_*.json"))
    (tmp_path / "ago.json").write_bytes(angola.read_bytes())
    assert main(["collect", str(tmp_path), "-o", str(tmp_path / "c.sqlite")]) == 1
    lines = screen.getvalue().splitlines()
    assert lines[0].startswith("REFUSED: ") and lines[1].startswith("REFUSED: ")
    assert lines[-3].startswith("Read 3 submission files") and "1 added" in lines[-3]
    assert lines[-2].endswith(
        "1 submission; 1 of 193 Member States have a current one; 2 refused files listed."
    )
    assert lines[-1].startswith("Signatures of the current submissions: ")


def test_a_table_asked_of_a_report_that_holds_every_table_is_said_not_ignored(
    collected, tmp_path, capsys
) -> None:
    code, _, err = run(capsys, "report", str(collected), "--table", "refused", "-o", str(tmp_path / "r.md"))
    assert (
        code == 1 and "--table chooses the one table a CSV holds" in err and not (tmp_path / "r.md").exists()
    )
    code, out, _ = run(capsys, "report", str(collected), "--table", "refused", "--format", "csv")
    assert code == 0 and out.startswith("File,ISO3,Cause,Why")
    code, out, _ = run(capsys, "report", str(collected), "--format", "csv")
    assert code == 0 and out.startswith("ISO3,Member State,Question")  # the evidence, by default


def test_a_mail_without_a_submission_is_refused_as_not_one_not_as_unreadable(tmp_path, capsys) -> None:
    import sqlite3
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "cio@gov.to", "dpidg@un.org", "Re: MSQ"
    mail.set_content("We will send our response next week.")
    (tmp_path / "Re MSQ.eml").write_bytes(mail.as_bytes())
    database = tmp_path / "c.sqlite"
    code, _, err = run(capsys, "collect", str(tmp_path / "Re MSQ.eml"), "-o", str(database))
    assert code == 1 and "holds no .json or .toml attachment" in err
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT cause FROM refused").fetchall() == [("not-submission",)]


def test_collect_says_how_many_current_submissions_had_their_signature_checked(
    inbox, tmp_path, capsys
) -> None:
    folder = inbox.folder / "Africa"
    code, out, _ = run(capsys, "collect", str(folder), "-o", str(tmp_path / "a.sqlite"))
    assert code == 0
    countries = int(out.split(" of 193 Member States")[0].rsplit(" ", 1)[1])
    assert (
        f"Signatures of the current submissions: 0 checked with a trusted key, {countries} not checked"
        " (collect again with --keys DIR to check them), 0 unsigned." in out
    )
    code, out, _ = run(
        capsys, "collect", str(folder), "-o", str(tmp_path / "a.sqlite"), "--keys", str(inbox.keys)
    )
    assert code == 0 and f"{countries} checked with a trusted key, 0 not checked" in out


def test_a_file_refused_then_replaced_under_its_name_is_listed_as_it_is_now(inbox, tmp_path, capsys) -> None:
    import sqlite3

    from msq_tui.submission.document import to_json

    folder = tmp_path / "inbox"
    folder.mkdir()
    download = folder / "MSQ2020_ZWE.json"
    whole = to_json(inbox.documents["ZWE"])
    database = tmp_path / "c.sqlite"
    download.write_bytes(whole[: len(whole) // 2])  # the download stopped
    assert run(capsys, "collect", str(folder), "-o", str(database))[0] == 1
    download.write_bytes(b"")  # downloaded again, and saved empty
    assert run(capsys, "collect", str(folder), "-o", str(database))[0] == 1
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT message FROM refused").fetchall() == [
            (f"{download} is empty: it was not saved or downloaded whole; ask the sender for it again",)
        ]
    download.write_bytes(whole)  # at last
    code, out, _ = run(capsys, "collect", str(folder), "-o", str(database))
    assert code == 0 and "0 refused files listed" in out
    code, out, _ = run(capsys, "report", str(database), "--format", "csv", "--table", "member_states")
    zimbabwe = next(line for line in out.splitlines() if line.startswith("ZWE,"))
    assert ",submitted," in zimbabwe and ",0," in zimbabwe  # no refused file left to follow up


def test_a_file_changed_after_signing_says_what_to_ask_the_sender(inbox, tmp_path, capsys) -> None:
    import json

    from msq_tui.submission.document import sealed, to_json

    original = next(inbox.folder.rglob("MSQ2020_SWE_*.json"))
    edited = json.loads(original.read_bytes())
    edited["answers"]["q6"] = "Edited, and the fingerprint recomputed."
    changed = tmp_path / original.name
    changed.write_bytes(to_json(sealed({k: v for k, v in edited.items() if k != "integrity"})))
    (tmp_path / f"{original.name}.minisig").write_bytes(
        original.with_name(f"{original.name}.minisig").read_bytes()
    )
    code, _, err = run(capsys, "verify", str(changed), "--keys", str(inbox.keys))
    assert code == 1 and "the signature does not match the file" in err
    assert "ask the sender for the original file and its .minisig" in err


def test_a_submitted_country_whose_other_file_was_refused_shows_it_in_the_submitted_table(
    inbox, tmp_path, capsys
) -> None:
    import json
    import shutil

    from msq_tui.submission.document import to_json

    folder = tmp_path / "inbox"
    folder.mkdir()
    first = next(inbox.folder.rglob("MSQ2020_AGO_*.json"))
    shutil.copy(first, folder)
    later = json.loads(to_json(inbox.documents["AGO"]))
    later["revision"] = later["signoff"]["revision"] = 2
    later["answers"]["q6"] = "Revision 2, edited by hand after export."  # its digest not recomputed
    (folder / "MSQ2020_AGO_r2.json").write_text(json.dumps(later))
    database = tmp_path / "c.sqlite"
    assert run(capsys, "collect", str(folder), "-o", str(database))[0] == 1
    code, out, _ = run(capsys, "report", str(database))
    header = next(line for line in out.splitlines() if line.startswith("| ISO3 | Member State | Revision"))
    angola = next(line for line in out.splitlines() if line.startswith("| AGO | Angola | 1 |"))
    assert header.endswith("| Files refused |") and angola.endswith("| 1 |")
    page = tmp_path / "r.html"
    assert run(capsys, "report", str(database), "-o", str(page))[0] == 0
    assert "<th>Files refused</th>" in page.read_text().split('id="submitted"')[1].split("</table>")[0]


def test_the_hidden_copies_a_mac_leaves_when_unzipping_are_not_read(inbox, tmp_path, capsys) -> None:
    import shutil

    folder = tmp_path / "unzipped"
    (folder / "__MACOSX").mkdir(parents=True)
    original = next(inbox.folder.rglob("MSQ2020_PER_*.json"))
    shutil.copy(original, folder)
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "
    (folder / f"._{original.name}").write_bytes(apple_double)
    (folder / "__MACOSX" / f"._{original.name}").write_bytes(apple_double)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.json").write_text("{}")
    code, out, err = run(capsys, "collect", str(folder), "-o", str(tmp_path / "c.sqlite"))
    assert code == 0 and "Read 1 submission file" in out and "1 added" in out and err == ""
    named = folder / f"._{original.name}"  # named outright, it is read, and refused
    assert run(capsys, "collect", str(named), "-o", str(tmp_path / "c.sqlite"))[0] == 1


def test_a_mail_saved_by_outlook_as_msg_is_listed_with_what_to_do_not_passed_over(tmp_path, capsys) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "MSQ response Peru.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    code, out, err = run(capsys, "collect", str(folder), "-o", str(tmp_path / "c.sqlite"))
    assert code == 1 and "1 refused" in out
    assert "is a mail saved by Outlook (.msg), which msq cannot read: save its attachments" in err
