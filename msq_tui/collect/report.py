"""What assessors read from a collection: who submitted (when, which revision, signed by whom), who
has not, the files refused and why, coverage per question, and the evidence list (every URL of the
current submissions). Gathered once from the database as tables; `page`, `sheets` and
`markdown` lay the same tables out in their formats."""

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from msq_tui.model.countries import member_states
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.store.questionnaires import known_questionnaires

SUBMITTED, REFUSED, NOT_SUBMITTED = "submitted", "refused", "not submitted"


@dataclass(frozen=True)
class Table:
    """One table of the report: a sheet in XLSX, a CSV file, a table in Markdown and HTML."""

    name: str  # the sheet's name and the CSV's --table
    title: str
    headers: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]


@dataclass(frozen=True)
class Coverage:
    number: str
    question_id: str
    text: str
    kind: str
    answered: int
    of: int  # current submissions the question applies to (answered or not)
    counts: list[tuple[str, int]] = field(default_factory=list)  # yes/no, or each option ticked


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
        rows = [
            (
                c.number,
                c.question_id,
                c.kind,
                c.answered,
                c.of,
                "; ".join(f"{label}: {count}" for label, count in c.counts),
            )
            for c in self.coverage
        ]
        return Table(
            "coverage",
            "Coverage per question",
            ("Question", "Question id", "Kind", "Answered", "Of", "Counts"),
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
                    row["signed_at"],
                    row["signer"],
                    row["signer_organization"],
                    row["publish"],
                    row["signature_status"],
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
            "Files refused",
            "File",
        ),
        member_rows,
    )
    refused = Table(
        "refused",
        "Refused files",
        ("File", "ISO3", "Cause", "Why"),
        [
            tuple(row)
            for row in connection.execute(
                "SELECT file_name, iso3, cause, message FROM refused ORDER BY file_name"
            )
        ],
    )
    evidence = Table(
        "evidence",
        "Evidence: every URL of the current submissions",
        ("ISO3", "Member State", "Question", "Question id", "Entry", "Label", "URL", "Parent label"),
        _evidence_rows(connection),
    )
    answers = Table(
        "answers",
        "Answers of the current submissions",
        ("ISO3", "Member State", "Revision", "Question", "Question id", "Kind", "Answer"),
        [
            tuple(row)
            for row in connection.execute(
                "SELECT a.iso3, s.country, a.revision, a.number, a.question_id, a.kind, a.answer_text FROM answers AS a"
                " JOIN submissions AS s ON s.id = a.submission_id WHERE s.is_current = 1 ORDER BY s.country, a.rowid"
            )
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
        " JOIN submissions AS s ON s.id = u.submission_id WHERE s.is_current = 1 ORDER BY u.country, u.rowid"
    )
    return [tuple(row) for row in rows]


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
    for question in questionnaire.questions():
        applies = [iso3 for iso3 in current if questionnaire.applies(question, answers.get(iso3, {}))]
        given = [answers[iso3][question.id] for iso3 in applies if question.id in answers.get(iso3, {})]
        counts = kind_of(question).coverage_counts(question, given)
        number = question.number or questionnaire.name_of(question)
        coverage.append(
            Coverage(number, question.id, question.text, question.kind, len(given), len(applies), counts)
        )
    return coverage
