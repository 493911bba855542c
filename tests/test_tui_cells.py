"""Text cut and padded by terminal cells, read from the drawn screen at 80x24: Chinese and Persian
section titles and agency names stay in their columns, end in "…" where cut, and are never cut
through a character (a Chinese character takes two cells; a Persian vowel sign and the zero-width
non-joiner none).
"""

import uuid
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from msq_tui.model.answers import Response
from msq_tui.model.contributions import Assignment
from msq_tui.model.definitions_check import builtin_questionnaire, load_definitions
from msq_tui.store.drafts import DraftStore
from msq_tui.tui.app import MsqApp
from msq_tui.tui.screens.review import wording_start
from msq_tui.tui.screens.sections import INDEX_WIDTH, SectionIndex
from msq_tui.tui.text_cells import cut_to_cells, fit_to_cells

from .conftest import DATA
from .test_tui_at_rest import screen_lines, settle
from .tui_helpers import SIZE

SAVED = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


@given(st.text(alphabet=st.sampled_from("ab 中文سلام\u200cِ…é"), max_size=30), st.integers(0, 20))
def test_a_fitted_text_takes_exactly_its_cells(text: str, width: int) -> None:
    for align in ("left", "right"):
        shown = fit_to_cells(text, width, align=align)  # type: ignore[arg-type]
        assert cell_len(shown) == width
        assert shown.strip(" ") == cut_to_cells(text, width).strip(" ")


def test_the_start_of_a_chinese_wording_on_the_review_takes_no_more_cells_than_an_english_one() -> None:
    english = wording_start("What is the address of the national portal where every service is listed?")
    chinese = wording_start("国家门户网站的网址是什么？所有在线服务都列在哪里？请给出完整的网址。")
    persian = wording_start("نشانیِ درگاهِ ملی چیست و فهرستِ همه‌یِ خدماتِ برخط کجاست؟")
    for start in (english, chinese, persian):
        assert start.endswith("…") and cell_len(start) <= 41, start
    assert chinese.startswith("国家门户网站的网址是什么？")
    assert persian.startswith("نشانیِ درگاهِ ملی چیست")


# -- the section index ----------------------------------------------------------------------------


async def test_chinese_and_persian_section_titles_keep_the_index_in_its_columns(isolated_home) -> None:
    questionnaire = load_definitions(DATA / "wide_titles.toml")
    app = MsqApp(questionnaire, DraftStore(isolated_home), new_country="CHN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert all(line.cell_length == SIZE[0] for line in lines)
        index = app.screen.query_one(SectionIndex).region
        rows = [lines[index.y + row].crop(index.x, index.x + INDEX_WIDTH - 1).text for row in range(5)]
    titles = {section.id: section.title for section in questionnaire.sections}
    shown: dict[str, str] = {}
    for row in rows[:4]:  # one line a section: none wraps onto the next
        numeral, rest = row[1:6].strip(), row[6:]  # after the option's padding cell
        assert numeral in titles, rows
        # The counts start in one column on every line, whatever the title's script.
        title_cells = rest.index("0/1")
        assert cell_len(rest[:title_cells]) == 11 + 3, rows  # the title's 11 cells, "0/1" right in 6
        shown[numeral] = rest[:title_cells].rstrip()
    assert rows[4].strip() == ""
    assert shown["I"] == "电子政务的…"  # five characters and the ellipsis in its 11 cells: none halved
    assert shown["II"].endswith("…") and titles["II"].startswith(shown["II"][:-1])
    assert "\u200c" in shown["II"]  # the zero-width non-joiner is kept, taking no cell
    assert shown["III"] == titles["III"]  # 13 characters, 11 cells: it fits whole
    assert shown["IV"] == "Institutio…"


# -- the start screen -----------------------------------------------------------------------------


def agency_part(questionnaire, agency: str, number: int) -> Response:
    """An agency's draft, its agency named ``agency``, last saved at `SAVED`."""
    from msq_tui.agencies.assignment import agency_draft

    assignment = Assignment(
        response_id=uuid.UUID(f"{number + 1}0000000-0000-4000-8000-000000000000"),
        country="IRN",
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator="ITO",
        agency=agency,
        questions=["q16"],
        created=SAVED,
    )
    draft = agency_draft(questionnaire, assignment)
    return draft.model_copy(
        update={
            "response_id": uuid.UUID(f"{number + 1}0000000-0000-4000-8000-000000000001"),
            "updated": SAVED,
        }
    )


AGENCIES = [
    "中华人民共和国工业和信息化部信息通信发展司",  # line 2 cut through a wide character...
    "X中华人民共和国工业和信息化部信息通信发展司",  # ... in one of these two, whatever the columns
    "سازمانِ فناوریِ اطلاعاتِ ایران، معاونتِ دولتِ هوشمند و خدماتِ الکترونیکیِ کشور",
]


async def test_chinese_and_persian_agency_names_on_the_start_screen_are_cut_by_cells(isolated_home) -> None:
    questionnaire = builtin_questionnaire()
    store = DraftStore(isolated_home)
    store.prepare()
    for number, agency in enumerate(AGENCIES):
        store.save(agency_part(questionnaire, agency, number))
    app = MsqApp(questionnaire, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        drafts = app.screen.query_one("#drafts").region
        rows = [
            lines[y].crop(drafts.x, drafts.right).text for y in range(drafts.y, drafts.y + 2 * len(AGENCIES))
        ]
    assert all(line.cell_length == SIZE[0] for line in lines)
    seconds = rows[1::2]
    for agency in AGENCIES:
        (second,) = [line for line in seconds if f"agency part: {agency[:3]}" in line]
        said = second.rstrip()
        assert said.endswith("…"), said
        # The name's start, as it is: a wide character that did not fit is left out, not blanked.
        start = said.split("agency part: ", 1)[1][:-1]
        assert agency.startswith(start), (agency, start)
        assert cell_len(said) in (drafts.width - 1, drafts.width - 2)  # a half character's cell to spare
