"""`msq report`: the collection as Markdown, one HTML page, CSV and XLSX, read back and compared with
the database; text from respondents never becomes markup or a formula."""

import csv
import io
import re
import sqlite3
import sys
from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.collect.collector import collect
from msq_tui.collect.sheets import FORMULA_STARTS, inert
from msq_tui.files.terminal_text import visible
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.ordering import human_order
from msq_tui.store.questionnaires import known_questionnaires

from . import collect_inbox
from .collect_inbox import (
    MISSING,
    SECOND_REVISION,
    TAMPERED_ONLY,
    write_signed,
)
from .test_hostile_input import CLEAR_AND_FAKE_OK, HOSTILE_TEXT

openpyxl = pytest.importorskip("openpyxl")

# The session's inbox and its collection (fixtures of collect_inbox).
inbox = collect_inbox.inbox
collected = collect_inbox.collected


def report(capsys, *arguments: str) -> tuple[int, str, str]:
    code = main(["report", *arguments])
    out, err = capsys.readouterr()
    return code, out, err


def current_urls(database: Path) -> list[tuple]:
    """The current URL entries, by country as people read (Côte d'Ivoire before Croatia), each in its order."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT u.iso3, u.country, u.number, u.question_id, u.position, u.label, u.url, u.parent_label FROM urls AS u"
            " JOIN submissions AS s ON s.id = u.submission_id WHERE s.is_current = 1 ORDER BY u.rowid"
        ).fetchall()
    return sorted(rows, key=lambda row: (human_order(row[1]), row[0]))


def test_the_evidence_csv_read_back_equals_the_database(collected, tmp_path, capsys) -> None:
    target = tmp_path / "evidence.csv"
    assert report(capsys, str(collected), "-o", str(target))[0] == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: a spreadsheet reads any script right
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == [
        "ISO3",
        "Member State",
        "Question",
        "Question id",
        "Entry",
        "Label",
        "URL",
        "Parent label",
    ]
    expected = current_urls(collected)
    assert len(table) - 1 == len(expected) > 5000
    assert [tuple(row) for row in table[1:]] == [tuple(str(value) for value in row) for row in expected]
    assert any(row[1] == "Côte d'Ivoire" for row in table[1:])


def test_the_xlsx_has_a_sheet_per_table_equal_to_the_database(collected, tmp_path, capsys) -> None:
    target = tmp_path / "report.xlsx"
    assert report(capsys, str(collected), "-o", str(target)) == (0, "", f"Wrote {target}\n")
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["member_states", "refused", "coverage", "evidence", "answers"]
    evidence = list(workbook["evidence"].iter_rows(values_only=True))
    assert [tuple("" if value is None else str(value) for value in row) for row in evidence[1:]] == [
        tuple(str(value) for value in row) for row in current_urls(collected)
    ]
    members = {row[0]: row for row in list(workbook["member_states"].iter_rows(values_only=True))[1:]}
    assert len(members) == 193
    assert {iso3 for iso3, row in members.items() if row[2] != "submitted"} == set(MISSING)
    assert members[TAMPERED_ONLY][2] == "refused" and members[SECOND_REVISION][3] == 2
    refused = list(workbook["refused"].iter_rows(values_only=True))[1:]
    assert sorted(row[2] for row in refused) == ["changed", "damaged", "duplicate", "not-submission"]
    with sqlite3.connect(collected) as connection:
        answers = connection.execute(
            "SELECT count(*) FROM answers JOIN submissions ON submissions.id = submission_id WHERE is_current = 1"
        ).fetchone()[0]
    assert sum(1 for _ in workbook["answers"].iter_rows()) - 1 == answers


def test_markdown_names_who_submitted_who_did_not_and_what_was_refused(collected, capsys) -> None:
    code, out, _ = report(capsys, str(collected))
    assert code == 0
    assert (
        "**188** of 193 Member States submitted; 1 sent only files that were refused; 4 have not submitted; 4 files refused."
        in out
    )
    missing = out.split("## Not submitted (5)")[1].split("## Refused")[0]
    assert [line for line in missing.splitlines() if line.startswith("- ")] == [
        f"- {country_by_iso3(iso3).name} ({iso3}){' — only refused files' if iso3 == TAMPERED_ONLY else ''}"
        for iso3 in sorted(MISSING, key=lambda iso3: country_by_iso3(iso3).name)
    ]
    assert "| ARG | Argentina | 2 | 2026-02-19 09:00 | Second Official |" in out
    assert "Was changed after it was exported" in out and "Is a duplicate: the same file as" in out


def test_coverage_counts_answers_yes_no_and_options(collected, capsys) -> None:
    out = report(capsys, str(collected))[1]
    coverage = out.split("## Coverage per question")[1].split("## Evidence")[0]
    # Argentina's second revision says no
    assert (
        "- **10** (188 of 188 answered) Do you collect usage statistics of e-government services?\n  - Yes: 187\n  - No: 1\n"
        in coverage
    )
    assert "- **11** (187 of 187 answered) If yes," in coverage  # asked only after a yes
    assert (
        "- **15** (188 of 188 answered) Does your government have a specific national strategy on one or more of"
        " following new technologies?\n  - Artificial Intelligence (AI): 0\n  - Blockchain: 0\n  - Big data: 188\n"
        in coverage
    )
    assert "  - Augmented reality: 0\n  - Other: 188\n" in coverage


def test_the_html_page_is_self_contained_and_marks_every_member_state(collected, tmp_path, capsys) -> None:
    target = tmp_path / "report.html"
    assert report(capsys, str(collected), "-o", str(target))[0] == 0
    page = target.read_text()
    assert "<script" not in page and not re.search(
        r"""(src|href)=["']?(https?:)?//(?!")""", page.split("<body>")[0]
    )
    assert "default-src 'none'" in page  # even an escaping mistake could load or run nothing
    states = re.findall(
        r'<span class="(submitted|refused|not-submitted)" title="[^"]*">([A-Z]{3})(?: ✗| –)?</span>', page
    )
    assert len(states) == 193 and {iso3 for status, iso3 in states if status != "submitted"} == set(MISSING)
    assert ("refused", TAMPERED_ONLY) in states and f"{TAMPERED_ONLY} ✗</span>" in page  # not by colour alone
    questionnaire = next(iter(known_questionnaires().values()))
    bars = sum(
        1 + (2 if q.kind == "yes_no" else len(q.option_ids) if q.kind == "checklist" else 0)
        for q in questionnaire.questions()
    )
    assert page.count("<details>") == 188 and page.count('class="bar"') == bars
    assert (
        'Yes <span class="bar" role="img" aria-label="99%"><i style="width:99.5%"></i></span><span class="count">187 of 188</span>'
        in page
    )
    assert '<a class="url" href="https://company3.moe.gov.ir/" rel="noopener noreferrer nofollow">' in page


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile_database(tmp_path, inbox) -> Path:
    """One submission whose labels and texts are hostile: markup, Markdown links, terminal escapes, formulas."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.submission.document import sealed, submission_document
    from msq_tui.submission.signoff import Signer, sign_off

    from .fixtures import full_response

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire, "NOR")
    labels = [HOSTILE_TEXT, CLEAR_AND_FAKE_OK, *FORMULAS]
    response.set_answer(
        questionnaire.question("q1"),
        [UrlEntry(label=label, url=f"www.site{n}.no") for n, label in enumerate(labels)],
    )
    response.set_answer(questionnaire.question("q6"), FORMULAS[0] + " " + HOSTILE_TEXT)
    signer = Signer('=cmd|"/c calc"!A1', "<b>Minister</b>", "@Ministry", "cio@nor.example.org")
    document = sealed(submission_document(questionnaire, sign_off(questionnaire, response, signer, True)))
    write_signed(tmp_path / "hostile", questionnaire, document, inbox.secret_keys["NOR"])
    database = tmp_path / "hostile.sqlite"
    collect([tmp_path / "hostile"], database, known_questionnaires())
    return database


def test_respondent_text_never_becomes_markup_or_a_formula(hostile_database, tmp_path, capsys) -> None:
    for fmt in ("md", "html", "csv", "xlsx"):
        assert report(capsys, str(hostile_database), "-o", str(tmp_path / f"r.{fmt}"))[0] == 0
    page = (tmp_path / "r.html").read_text()
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "\x1b" not in page and r"\x1b[2J" in page
    assert not re.search(r'href="(?!https?://)', page)
    markdown = (tmp_path / "r.md").read_text()
    # Markdown shows them escaped (\<img, \](javascript), which no renderer takes for markup or a link.
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(javascript", markdown) and "\x1b" not in markdown
    assert r"\<img src=x onerror=alert(2)\>" in markdown
    cells = [
        cell
        for row in csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig")))
        for cell in row
    ]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert "'" + FORMULAS[0] in cells and "'@SUM(A1:A2)" in cells
    workbook = openpyxl.load_workbook(tmp_path / "r.xlsx")
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    # In the workbook the text stays as typed (a string cell is never evaluated), control characters shown.
    missing = [formula for formula in FORMULAS if visible(formula, layout=True) not in values]
    assert missing == [] and '=cmd|"/c calc"!A1' in values


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+98 21", "'+98 21"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        ("'=1", "'=1"),
    ],
)
def test_a_csv_cell_that_a_spreadsheet_would_evaluate_is_made_text(value, shown) -> None:
    assert inert(value) == shown


def test_bad_input_to_report_is_one_line_and_writes_nothing(collected, tmp_path, capsys, monkeypatch) -> None:
    code, out, err = report(capsys, str(tmp_path / "none.sqlite"))
    assert (
        code == 1 and "does not exist: make it first with `msq collect" in err and len(err.splitlines()) == 1
    )
    assert not (tmp_path / "none.sqlite").exists()
    code, _, err = report(capsys, str(collected), "--format", "xlsx")
    assert code == 1 and "give -o FILE.xlsx" in err
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    code, _, err = report(capsys, str(collected), "-o", str(tmp_path / "r.xlsx"))
    assert code == 1 and "pip install 'msq-tui[collect]'" in err and not (tmp_path / "r.xlsx").exists()
    not_a_collection = tmp_path / "other.sqlite"
    sqlite3.connect(not_a_collection).execute("CREATE TABLE t (x)").connection.commit()
    code, _, err = report(capsys, str(not_a_collection))
    assert code == 1 and "not a collection of msq submissions" in err


def test_each_submission_says_how_much_of_the_form_it_answers(collected, tmp_path) -> None:
    """Assessors see completeness per country: the current submission's answered / applying
    questions, as words (a spreadsheet would read "37/39" as a date)."""
    import sqlite3

    from msq_tui.collect.report import gather

    connection = sqlite3.connect(collected)
    connection.row_factory = sqlite3.Row
    stored = {
        row["iso3"]: (row["answered"], row["asked"])
        for row in connection.execute("SELECT iso3, answered, asked FROM submissions WHERE is_current = 1")
    }
    report = gather(connection)
    column = report.members.headers.index("Answered")
    shown = {row[0]: row[column] for row in report.members.rows if row[2] == "submitted"}
    assert shown and shown == {iso3: f"{answered} of {asked}" for iso3, (answered, asked) in stored.items()}
    assert all(answered <= asked and asked > 30 for answered, asked in stored.values())
