"""Any text a person can type or paste, in every field kind: stored as typed, reopened without error.

Markup brackets, escape sequences, format characters (ZWNJ, RLM, soft hyphen), Persian and Chinese:
the draft keeps exactly what was typed, the app never crashes drawing it, and the draft reopens.
"""

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual import events

from msq_tui.model.answers import Response
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore

from .test_tui_keys import post_key_burst, settle
from .tui_helpers import SIZE, make_app, widget_for

# What a respondent's keyboard can produce, and what breaks naive code: markup, brackets of every
# kind, format characters, right-to-left and CJK letters, a backslash, quotes.
TYPABLE = st.sampled_from(
    list("ab Z09[]/@=:;.,'\"\\<>{}()#*_~-")
    + [
        "[/]",
        "[@click=app.quit]",
        "[bold]",
        "\u200c",
        "\u200d",
        "\u200e",
        "\u200f",
        "\u00ad",
        "\ufe0f",
        "م",
        "ی",
        "خ",
        "中",
        "文",
        "é",
        "\u00a0",
    ]
)
TYPED_TEXT = st.lists(TYPABLE, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
# Pasted text may hold anything a clipboard holds, control characters and escape sequences included.
PASTED_TEXT = st.lists(
    st.sampled_from(["x", "[/]", "\x1b]2;title\x07", "\x1b[31m", "\x9b", "\x00", "\u200c", "中", " ", "\t"]),
    min_size=1,
    max_size=8,
).map("".join)

FIELDS = ("q1 url", "q1 label", "q6 text", "q8 detail", "contact name")


async def type_everywhere(home, typed: dict[str, str], pasted: str) -> Response:
    questionnaire = builtin_questionnaire()
    response = Response.new(questionnaire, "IRN")
    app = make_app(home, response)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # q1: the URL field has the focus when a new draft opens; Enter goes to its label.
        post_key_burst(app, [*typed["q1 url"], "\n", *typed["q1 label"]])
        await settle(pilot)
        app.screen.show_section("II")
        await settle(pilot)
        widget_for(app, "q6").focus_field(None)
        await settle(pilot)
        post_key_burst(app, [*typed["q6 text"]])
        app.post_message(events.Paste(pasted))
        await settle(pilot)
        widget_for(app, "q8").focus_field(None)
        await settle(pilot)
        post_key_burst(app, [" ", "\t", *typed["q8 detail"]])  # tick the first option, Tab to its detail
        await settle(pilot)
        app.screen.show_section("X")
        await settle(pilot)
        widget_for(app, "contact").focus_field("name")
        await pilot.pause()
        post_key_burst(app, [*typed["contact name"]])
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await asyncio.sleep(0.5)
    reopened = DraftStore(home).load(str(response.response_id), questionnaire)
    # Reopened in a new app, every section is drawn without error.
    app = make_app(home, reopened)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for section in questionnaire.sections:
            app.screen.show_section(section.id)
            await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
    return reopened


# Each example runs the app twice (~4 s): a few examples, derandomised, and no shrinking (a
# failure prints its example; shrinking would rerun the app hundreds of times).
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(typed=st.fixed_dictionaries({field: TYPED_TEXT for field in FIELDS}), pasted=PASTED_TEXT)
@example(
    typed={
        "q1 url": "www.gov.ir/[/]",
        "q1 label": "می\u200cخواهم [@click=app.quit]x[/]",
        "q6 text": "+98 21 8838 6301 [/] \u200f中文\u00ad",
        "q8 detail": "john[at]un.org \u200d\ufe0f",
        "contact name": "[bold]Amir[/] \u200e",
    },
    pasted="\x1b]2;PWNED\x07\x1b[31m red \x9b",
)
def test_any_text_typed_into_every_field_kind_is_kept_and_reopens(typed, pasted) -> None:
    with tempfile.TemporaryDirectory() as home:  # a home per example, removed after it
        reopened = asyncio.run(type_everywhere(Path(home), typed, pasted))
    answers = reopened.answers
    assert answers["q1"][0]["url"] == typed["q1 url"]
    assert answers["q1"][0]["label"] == typed["q1 label"]
    assert answers["q6"] == typed["q6 text"] + pasted
    first_option = builtin_questionnaire().question("q8").options[0].id
    assert answers["q8"]["details"][first_option] == typed["q8 detail"]
    assert answers["contact"]["name"] == typed["contact name"]
