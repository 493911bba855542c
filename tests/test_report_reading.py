"""`msq report` read as an assessor reads it, in every format (Markdown, HTML, CSV, XLSX) of the 193
signed submissions: the form's wordings as plain sentences (no footnote markers, no "collectively.: 1"),
countries in the order people read (Côte d'Ivoire before Croatia), tables laid out to be read."""

import csv
import io
import re
import unicodedata
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.model.countries import member_states
from msq_tui.model.ordering import folded, human_order
from msq_tui.model.wording import label, standalone

from . import collect_inbox
from .collect_inbox import MISSING

openpyxl = pytest.importorskip("openpyxl")

inbox = collect_inbox.inbox
collected = collect_inbox.collected

MARKERS = re.compile(r"\\?\[\\?\^\d+\\?\]")  # [^8], or \[\^8\] as Markdown escapes it


def people_order(name: str) -> tuple[str, str]:
    """The order the brief asks for, written out here on its own: NFKD, no combining marks, casefold."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), name


class PageText(HTMLParser):
    """The text of a page as a reader sees it, a line per block; the bars' labels kept apart."""

    BLOCKS = {"p", "h1", "h2", "tr", "div", "summary", "li"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_style = tag == "style"
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False if tag == "style" else self.in_style

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.parts.append(data)

    @classmethod
    def of(cls, page: str) -> str:
        parser = cls()
        parser.feed(page)
        return "".join(parser.parts)


@pytest.fixture(scope="module")
def outputs(collected: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every format of the report of the collection, read back: texts, CSV tables, the workbook."""
    folder = tmp_path_factory.mktemp("reading")
    found: dict = {}
    for fmt in ("md", "html", "xlsx"):
        assert main(["report", str(collected), "-o", str(folder / f"report.{fmt}")]) == 0
    for table in ("member_states", "refused", "coverage", "evidence", "answers"):
        target = folder / f"{table}.csv"
        assert main(["report", str(collected), "--table", table, "-o", str(target)]) == 0
        found[table] = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    found["md"] = (folder / "report.md").read_text()
    found["html"] = (folder / "report.html").read_text()
    found["page"] = PageText.of(found["html"])
    found["xlsx"] = openpyxl.load_workbook(folder / "report.xlsx")
    return found


def sheet_rows(workbook, name: str) -> list[tuple]:
    return list(workbook[name].iter_rows(values_only=True))


def md_coverage(markdown: str) -> str:
    return markdown.split("## Coverage per question")[1].split("## Evidence")[0]


# -- 1. The form's wordings without footnote markers ------------------------------------------


def test_option_and_question_wordings_have_no_footnote_markers_in_any_format(outputs) -> None:
    workbook_text = "\n".join(
        str(value)
        for sheet in outputs["xlsx"].worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    csv_text = "\n".join(cell for table in ("coverage", "answers") for row in outputs[table] for cell in row)
    for fmt, text in (
        ("md", outputs["md"]),
        ("html", outputs["html"]),
        ("csv", csv_text),
        ("xlsx", workbook_text),
    ):
        assert not MARKERS.findall(text), fmt
    # Options and questions that carry one on the form ([^8], [^2], [^6]) read as the sentence.
    assert "  - Digitally publishing government expenditure: 0\n" in md_coverage(outputs["md"])
    assert (
        "**1** (188 of 188 answered) What is the official e-government portal at the national level?"
        in outputs["md"]
    )
    assert "\nDigitally publishing government expenditure 0 of 188" in outputs["page"]
    assert (
        "1 What is the official e-government portal at the national level? If more than one, please list all."
        in outputs["page"]
    )
    coverage = {row[1]: row for row in outputs["coverage"][1:]}
    assert (
        coverage["q1"][2]
        == "What is the official e-government portal at the national level? If more than one, please list all."
    )
    assert "Digitally publishing government expenditure: 0" in coverage["q9"][6].splitlines()
    assert any(line.endswith("by the most vulnerable groups: 188") for line in coverage["q8"][6].splitlines())


# -- 2. Coverage lines: a label and its count, nothing doubled ---------------------------------


def count_lines_of_every_format(outputs) -> dict[str, list[str]]:
    markdown = [line[4:] for line in md_coverage(outputs["md"]).splitlines() if line.startswith("  - ")]
    sheet = [line for row in outputs["coverage"][1:] for line in row[6].splitlines()]
    workbook = [
        line for row in sheet_rows(outputs["xlsx"], "coverage")[1:] if row[6] for line in row[6].splitlines()
    ]
    # The page draws a bar after each label: "label <bar>N of M".
    page = [
        f"{name}: {count}"
        for name, count in re.findall(
            r"<div>([^<]*) <span class=\"bar\"[^>]*><i[^>]*></i></span><span class=\"count\">(\d+) of",
            outputs["html"],
        )
    ]
    return {"md": markdown, "csv": sheet, "xlsx": workbook, "html": page}


def test_every_coverage_line_joins_its_label_and_count_cleanly(outputs) -> None:
    found = count_lines_of_every_format(outputs)
    assert all(len(lines) == len(found["csv"]) > 40 for lines in found.values()), {
        k: len(v) for k, v in found.items()
    }
    for fmt, lines in found.items():
        # No ".: 1", "::", ";:", ",:" nor " : ": the label ends in a word (or ")" "?"), then ": N".
        bad = [line for line in lines if not re.fullmatch(r"[A-Z][^\n]*[^\s.:;,]: \d+", line)]
        assert bad == [], (fmt, bad)
    for fmt in found:
        lines = found[fmt]
        assert "A group of government agencies responded to the questionnaire collectively: 0" in lines, fmt
        assert "I am authorized and fully knowledgeable to respond to this questionnaire: 188" in lines, fmt
        assert "Has an implementation plan: 188" in lines, fmt  # lower case on the form, after its question
        assert (
            "Has an emphasis on digital by default; digital by design; mobile-first principle: 0" in lines
        ), fmt
        assert "Yes: 187" in lines and "No: 1" in lines, fmt


def test_unnumbered_questions_are_named_as_a_sentence_in_coverage_and_answers(outputs) -> None:
    assert "- **Question 4 (details)** (188 of 188 answered)\n" in outputs["md"]
    assert "- **The contact card of section X** (188 of 188 answered)\n" in outputs["md"]
    assert "Question 4 (details)" in outputs["page"] and "question 4 (details)" not in outputs["page"]
    names = {row[4]: row[3] for row in outputs["answers"][1:]}
    assert names["q4_cio"] == "Question 4 (details)" and names["contact"] == "The contact card of section X"
    assert all(
        row[3] for row in sheet_rows(outputs["xlsx"], "answers")[1:]
    )  # every answer says which question


@pytest.mark.parametrize(
    ("wording", "read"),
    [
        (
            "A group of government agencies responded to the questionnaire collectively.",
            "A group of government agencies responded to the questionnaire collectively",
        ),
        ("Other, please specify:", "Other, please specify"),
        (
            "has an emphasis to 'leave no one behind'; or other groups[^6]",
            "Has an emphasis to 'leave no one behind'; or other groups",
        ),
        ("Digitally publishing government expenditure[^8]", "Digitally publishing government expenditure"),
        ("Is it published online?", "Is it published online?"),
        ("Internet of Things (IOT)", "Internet of Things (IOT)"),
        ("  e-government[^2]  portal ;", "E-government portal"),
    ],
)
def test_a_wording_as_a_label_reads_on_its_own(wording: str, read: str) -> None:
    assert label(wording) == read


def test_a_standalone_wording_keeps_its_sentence() -> None:
    assert standalone("is aligned with the SDGs[^3].") == "Is aligned with the SDGs."
    assert standalone("E-services[^3]") == "E-services"


# -- 3. Countries in the order people read ------------------------------------------------------


def in_order_of_appearance(names: list) -> list[str]:
    seen: list[str] = []
    for name in names:
        if not seen or seen[-1] != name:
            seen.append(str(name))
    return seen


def country_lists(outputs) -> dict[str, list[str]]:
    markdown, page, workbook = outputs["md"], outputs["html"], outputs["xlsx"]
    submitted = markdown.split("## Submitted")[1].split("## Not submitted")[0]
    return {
        "md submitted": [
            line.split(" | ")[1] for line in submitted.splitlines() if re.match(r"\| [A-Z]{3} \|", line)
        ],
        "md evidence": re.findall(r"^### (.+) \([A-Z]{3}\)$", markdown, flags=re.MULTILINE),
        "html states": re.findall(r'<span class="[a-z-]+" title="([^"]+): [a-z ]+">', page),
        "html evidence": re.findall(r"<summary>(.+) \([A-Z]{3}\): \d+ entries</summary>", page),
        "html submitted": re.findall(r"<tr><td>[A-Z]{3}</td><td>([^<]+)</td>", page),
        "csv member_states": [row[1] for row in outputs["member_states"][1:]],
        "csv evidence": in_order_of_appearance([row[1] for row in outputs["evidence"][1:]]),
        "csv answers": in_order_of_appearance([row[1] for row in outputs["answers"][1:]]),
        "xlsx member_states": [row[1] for row in sheet_rows(workbook, "member_states")[1:]],
        "xlsx evidence": in_order_of_appearance([row[1] for row in sheet_rows(workbook, "evidence")[1:]]),
        "xlsx answers": in_order_of_appearance([row[1] for row in sheet_rows(workbook, "answers")[1:]]),
    }


def test_countries_are_in_the_order_people_read_in_every_format(outputs) -> None:
    for where, names in country_lists(outputs).items():
        names = [name.replace("&#x27;", "'") for name in names]
        assert len(names) >= 188, where
        assert names == sorted(names, key=people_order), where
        assert (
            names.index("Costa Rica")
            < names.index("Côte d'Ivoire")
            < names.index("Croatia")
            < names.index("Czechia")
        ), where
        assert names.index("Tunisia") < names.index("Türkiye") < names.index("Turkmenistan"), where
    assert len(set(map(tuple, country_lists(outputs).values()))) > 1  # the lists differ (submitted, all 193)


def test_the_not_submitted_list_and_the_193_state_table_follow_that_order(outputs) -> None:
    table = sheet_rows(outputs["xlsx"], "member_states")[1:]
    assert len(table) == 193 and [row[1] for row in table] == sorted(
        (c.name for c in member_states()), key=people_order
    )
    missing = re.findall(
        r"^- (.+) \(([A-Z]{3})\)",
        outputs["md"].split("## Not submitted")[1].split("## Refused")[0],
        flags=re.MULTILINE,
    )
    assert {iso3 for _, iso3 in missing} == set(MISSING)
    assert [name for name, _ in missing] == sorted((name for name, _ in missing), key=people_order)


def test_one_key_orders_names_for_people() -> None:
    names = ["Czechia", "Cuba", "Côte d'Ivoire", "croatia", "Costa Rica", "Ève", "Eve", "Zambia", "Åland"]
    assert sorted(names, key=human_order) == [
        "Åland",
        "Costa Rica",
        "Côte d'Ivoire",
        "croatia",
        "Cuba",
        "Czechia",
        "Eve",
        "Ève",
        "Zambia",
    ]
    assert folded("  Côte   d’Ivoire ") == folded("cote d'ivoire") == "cote d'ivoire"
    assert [c.name for c in member_states()] == sorted((c.name for c in member_states()), key=human_order)


# -- 4. Read as an assessor: what each format lays out ------------------------------------------


def test_a_refused_file_is_named_once_and_its_reason_reads_as_a_sentence(outputs) -> None:
    refused = outputs["refused"][1:]
    assert len(refused) == 4
    for file_name, _, _, why in refused:
        assert file_name not in why and why[:1].isupper(), why
    assert any(why.startswith("Was changed after it was exported") for *_, why in refused)
    files = [Path(row[0]).name for row in refused]
    assert files == sorted(files, key=people_order)  # "copy of Kenya.json" among the M's, not after them
    assert "4 files refused." in outputs["md"] and "4 files refused." in outputs["page"]


def test_the_workbook_is_laid_out_to_be_read(outputs) -> None:
    workbook = outputs["xlsx"]
    members = workbook["member_states"]
    argentina = next(row for row in members.iter_rows(min_row=2) if row[0].value == "ARG")
    signed = argentina[4]
    assert signed.value == datetime(2026, 2, 19, 9, 0) and signed.number_format == "yyyy-mm-dd hh:mm"
    assert members.column_dimensions["B"].width >= len("United Kingdom of Great Britain and Northern Ireland")
    assert members.auto_filter.ref == "A1:L194"
    answers = workbook["answers"]
    multi_line = [row[6] for row in answers.iter_rows(min_row=2, max_row=60) if "\n" in (row[6].value or "")]
    assert multi_line and all(cell.alignment.wrap_text for cell in multi_line)
    single = [row[1] for row in answers.iter_rows(min_row=2, max_row=60)]
    assert not any(cell.alignment.wrap_text for cell in single)  # a country's name is not wrapped
    coverage = workbook["coverage"]
    assert [cell.value for cell in coverage[1]] == [
        "Question",
        "Question id",
        "Wording",
        "Kind",
        "Answered",
        "Of",
        "Counts",
    ]


def test_markdown_and_html_show_signing_times_to_the_minute(outputs) -> None:
    assert "| ARG | Argentina | 2 | 2026-02-19 09:00 | Second Official |" in outputs["md"]
    assert "<td>2026-02-19 09:00</td>" in outputs["html"]
    assert "T09:00:00Z" not in outputs["md"] and "T09:00:00Z" not in outputs["html"]
    csv_times = {row[0]: row[4] for row in outputs["member_states"][1:]}
    assert csv_times["ARG"] == "2026-02-19 09:00:00" and csv_times["BTN"] == ""


def test_the_submitted_table_says_what_publish_and_signature_mean(outputs) -> None:
    submitted = outputs["md"].split("## Submitted")[1].split("## Not submitted")[0]
    assert "unchecked, collected without the keys to check it (msq collect --keys DIR checks it)" in submitted
    assert "Publish: whether the signer authorised UNDESA to publish the responses." in outputs["page"]
