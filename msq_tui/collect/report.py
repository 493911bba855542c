"""What assessors read from a collection: who submitted (when, which revision, signed by whom), who
has not, the files refused and why, coverage per question, and the evidence list (every URL of the
current submissions). Gathered once from the database as tables; `page`, `sheets` and
`markdown` lay the same tables out in their formats.

Countries, signers and files are listed in the order people read (model.ordering: Côte d'Ivoire
before Croatia), and the form's wordings read as plain sentences (model.wording: no footnote
markers, no "collectively.: 1")."""

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from msq_tui.model.countries import member_states
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.ordering import human_order
from msq_tui.model.wording import label, sentence_case, standalone
from msq_tui.store.questionnaires import known_questionnaires

SUBMITTED, REFUSED, NOT_SUBMITTED = "submitted", "refused", "not submitted"
# What the submitted table's last columns mean, said under it in Markdown and HTML.
SUBMITTED_KEY = (
    "Publish: whether the signer authorised UNDESA to publish the responses."
    " Signature: signed, checked with the country's trusted key; unchecked, collected without the keys"
    " to check it (msq collect --keys DIR checks it); unsigned, no signature came with the file."
    " Answered: the questions the current submission answers, of those that apply to it."
    " Files refused: files claiming this country that did not verify (a later revision among them?),"
    " listed under Refused files."
)
# The columns of the Member States table that the Submitted table of Markdown and HTML shows
# (not the status, which is the table's title, nor the file): the refused files too, so a country
# whose newer revision was refused is not read as done.
SUBMITTED_COLUMNS = (0, 1, 3, 4, 5, 6, 7, 8, 9, 10)


def signing_time(stamp: str) -> datetime | str:
    """A submission's signing time (RFC 3339) as a date and time in UTC without a zone, as a
    spreadsheet takes one (the column says UTC); the text as it is if it is not one."""
    try:
        return datetime.fromisoformat(stamp).astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        return stamp


def cell_text(value: object) -> str:
    """A table's value as Markdown and HTML show it: a time to the minute ("2026-01-20 09:00")."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value)


@dataclass(frozen=True)
class Table:
    """One table of the report: a sheet in XLSX, a CSV file, a table in Markdown and HTML."""

    name: str  # the sheet's name and the CSV's --table
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]


@dataclass(frozen=True)
class Coverage:
    number: str  # as printed ("2a"), or how the form names an unnumbered question ("Question 4 (details)")
    question_id: str
    text: str  # the question's wording, plain (standalone)
    kind: str
    answered: int
    of: int  # current submissions the question applies to (answered or not)
    counts: list[tuple[str, int]] = field(default_factory=list)  # yes/no, or each option: label, count

    def count_lines(self) -> list[str]:
        """Each option and its count as one line: "Big data: 188"."""
        return [f"{name}: {count}" for name, count in self.counts]


@dataclass
class Report:
    generated: str
    questionnaire: str
    members: Table
    refused: Table
    coverage: list[Coverage]
    evidence: Table
    answers: Table

    @property
    def status_counts(self) -> Counter:
        return Counter(row[2] for row in self.members.rows)

    def coverage_table(self) -> Table:
        # An option per line: option wordings have semicolons and commas of their own.
        rows = [
            (c.number, c.question_id, c.text, c.kind, c.answered, c.of, "\n".join(c.count_lines()))
            for c in self.coverage
        ]
        return Table(
            "coverage",
            "Coverage per question",
            ("Question", "Question id", "Wording", "Kind", "Answered", "Of", "Counts"),
            rows,
        )

    def tables(self) -> list[Table]:
        return [self.members, self.refused, self.coverage_table(), self.evidence, self.answers]


def gather(connection: sqlite3.Connection, now: datetime | None = None) -> Report:
    """The report of the collection ``connection`` holds (read only)."""
    questionnaire = _questionnaire_of(connection)
    current = {
        row["iso3"]: row for row in connection.execute("SELECT * FROM submissions WHERE is_current = 1")
    }
    refused_by_country = Counter(
        row[0] for row in connection.execute("SELECT iso3 FROM refused WHERE iso3 != ''")
    )
    member_rows: list[tuple[object, ...]] = []
    for country in member_states():
        row = current.get(country.iso3)
        refused_files = refused_by_country.get(country.iso3, 0)
        if row is not None:
            member_rows.append(
                (
                    country.iso3,
                    country.name,
                    SUBMITTED,
                    row["revision"],
                    signing_time(row["signed_at"]),
                    row["signer"],
                    row["signer_organization"],
                    row["publish"],
                    row["signature_status"],
                    f"{row['answered']} of {row['asked']}",  # words: a spreadsheet reads "37/39" as a date
                    refused_files,
                    row["file_name"],
                )
            )
        else:
            member_rows.append(
                (
                    country.iso3,
                    country.name,
                    REFUSED if refused_files else NOT_SUBMITTED,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    refused_files,
                    "",
                )
            )
    members = Table(
        "member_states",
        "The 193 Member States",
        (
            "ISO3",
            "Member State",
            "Status",
            "Revision",
            "Signed at (UTC)",
            "Signed by",
            "Organization",
            "Publish",
            "Signature",
            "Answered",
            "Files refused",
            "File",
        ),
        member_rows,
    )
    refused_rows = connection.execute("SELECT file_name, iso3, cause, message FROM refused").fetchall()
    refused = Table(
        "refused",
        "Refused files",
        ("File", "ISO3", "Cause", "Why"),
        [
            (name, iso3, cause, _reason(name, message))
            for name, iso3, cause, message in sorted(refused_rows, key=lambda row: human_order(row[0]))
        ],
    )
    evidence = Table(
        "evidence",
        "Evidence: every URL of the current submissions",
        ("ISO3", "Member State", "Question", "Question id", "Entry", "Label", "URL", "Parent label"),
        _evidence_rows(connection),
    )
    names = _question_names(questionnaire)
    answer_rows = connection.execute(
        "SELECT a.iso3, s.country, a.revision, a.number, a.question_id, a.kind, a.answer_text FROM answers AS a"
        " JOIN submissions AS s ON s.id = a.submission_id WHERE s.is_current = 1 ORDER BY a.rowid"
    )
    answers = Table(
        "answers",
        "Answers of the current submissions",
        ("ISO3", "Member State", "Revision", "Question", "Question id", "Kind", "Answer"),
        [
            (iso3, country, revision, number or names.get(str(question_id), ""), question_id, kind, text)
            for iso3, country, revision, number, question_id, kind, text in _by_country(answer_rows)
        ],
    )
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = questionnaire.title if questionnaire else "no submission collected yet"
    return Report(
        stamp, title, members, refused, _coverage(connection, questionnaire, current), evidence, answers
    )


def _evidence_rows(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(
        "SELECT u.iso3, u.country, u.number, u.question_id, u.position, u.label, u.url, u.parent_label FROM urls AS u"
        " JOIN submissions AS s ON s.id = u.submission_id WHERE s.is_current = 1 ORDER BY u.rowid"
    )
    return _by_country(rows)


def _by_country(rows: Iterable[Sequence[object]]) -> list[tuple[object, ...]]:
    """Rows (ISO3, country name, ...) by country in the order people read, each country's in the
    order given. SQLite's ORDER BY compares code points and puts Côte d'Ivoire after Czechia."""
    return sorted((tuple(row) for row in rows), key=lambda row: (human_order(str(row[1])), row[0]))


def _reason(file_name: str, message: str) -> str:
    """Why a file was refused, without the file's name it starts with (the File column has it):
    "Was changed after it was exported: ..." beside the file, not the path twice."""
    if file_name and message.startswith(file_name + " "):
        return sentence_case(message[len(file_name) + 1 :])
    return message


def _question_names(questionnaire: Questionnaire | None) -> dict[str, str]:
    """How the report names each question: its printed number ("2a"), else the form's name for it
    ("Question 4 (details)", "The contact card of section X")."""
    if questionnaire is None:
        return {}
    return {
        question.id: question.number or sentence_case(questionnaire.name_of(question))
        for question in questionnaire.questions()
    }


def _questionnaire_of(connection: sqlite3.Connection) -> Questionnaire | None:
    """The definitions of the questionnaire most current submissions answer (one edition per database, as a rule)."""
    found = connection.execute(
        "SELECT questionnaire_id, questionnaire_version, count(*) AS n FROM submissions WHERE is_current = 1"
        " GROUP BY questionnaire_id, questionnaire_version ORDER BY n DESC LIMIT 1"
    ).fetchone()
    known = known_questionnaires()
    if found is None:
        return next(iter(known.values()), None)
    return known.get((found[0], found[1]))


def _coverage(
    connection: sqlite3.Connection, questionnaire: Questionnaire | None, current: dict
) -> list[Coverage]:
    if questionnaire is None:
        return []
    answers: dict[str, dict[str, object]] = {}  # iso3 -> question id -> answer
    for iso3, question_id, value in connection.execute(
        "SELECT a.iso3, a.question_id, a.answer_json FROM answers AS a JOIN submissions AS s ON s.id = a.submission_id WHERE s.is_current = 1"
    ):
        answers.setdefault(iso3, {})[question_id] = json.loads(value)
    coverage = []
    names = _question_names(questionnaire)
    for question in questionnaire.questions():
        applies = [iso3 for iso3 in current if questionnaire.applies(question, answers.get(iso3, {}))]
        given = [answers[iso3][question.id] for iso3 in applies if question.id in answers.get(iso3, {})]
        counts = [
            (label(option), count) for option, count in kind_of(question).coverage_counts(question, given)
        ]
        # A checklist's lead ("National e-government strategy or equivalent:") says what its
        # options are about; its text alone may be only "Please check whichever applies."
        wording = " ".join(
            standalone(part) for part in (question.text, getattr(question, "lead", "")) if part
        )
        coverage.append(
            Coverage(
                names[question.id], question.id, wording, question.kind, len(given), len(applies), counts
            )
        )
    return coverage
