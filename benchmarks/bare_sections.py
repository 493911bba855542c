"""The floor for showing a section: bare Textual widgets for the same questions and answers.

    python benchmarks/bare_sections.py DRAFT.json   # the first section of a draft, as a process

A bare Textual app with msq's layout (an index, a content switcher, a footer) where each section
holds, for each question of the full draft, a heading and Textual's own widget of its kind: two
Inputs per URL entry, a TextArea per text, a Checkbox per option, a RadioSet for yes/no, an Input
per contact field. No msq code runs in it: the time it takes to show a section is what Textual
itself needs on this machine for those widgets, which `section_switch_ms` is compared with.
Run as a program it reads the definitions and the draft with the standard library alone (no
pydantic) and shows the first section: the floor for msq's start-up with the same screen.
"""

import json
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Input, OptionList, Static


def _question_widgets(question, answer) -> list[Widget]:
    # Each kind's Textual widgets are imported when first needed, as msq does.
    widgets: list[Widget] = [Static(f"{question.number}. {question.text}")]
    if question.kind == "urls":
        for entry in answer or [{"url": "", "label": ""}]:
            for item in [entry, *entry.get("children", [])]:
                widgets.append(
                    Horizontal(Input(item.get("url", "")), Input(item.get("label", "")), classes="row")
                )
    elif question.kind == "text":
        from textual.widgets import TextArea

        widgets.append(TextArea(answer or "", soft_wrap=True, compact=True))
    elif question.kind == "checklist":
        from textual.widgets import Checkbox, TextArea

        answer = answer or {}
        checked = set(answer.get("selected", []))
        details = answer.get("details", {})
        for option in question.options:
            widgets.append(Checkbox(option.text, option.id in checked, compact=True))
            if option.detail:
                widgets.append(Input(details.get(option.id, "")))
        if question.other is not None:
            widgets.append(Checkbox(question.other.label, "other" in checked, compact=True))
            widgets.append(TextArea(answer.get("other", ""), soft_wrap=True, compact=True))
        if question.explanation is not None:
            widgets.append(Static(question.explanation.text))
            widgets.append(TextArea(answer.get("explanation", ""), soft_wrap=True, compact=True))
    elif question.kind == "yes_no":
        from textual.widgets import RadioButton, RadioSet

        widgets.append(RadioSet(RadioButton("Yes", answer == "yes"), RadioButton("No", answer == "no")))
    elif question.kind == "contact":
        widgets.extend(Input((answer or {}).get(field, "")) for field in question.fields)
    widgets.append(Static(""))
    return widgets


class BareSections(App[None]):
    """Sections of plain Textual widgets, built on first show like msq's."""

    CSS = """
    #index { width: 28; }
    .row { height: 1; }
    .row Input { width: 1fr; }
    Input { border: none; height: 1; padding: 0; }
    TextArea { height: auto; max-height: 12; }
    """

    def __init__(self, questionnaire, response, open_first: bool = False) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.response = response
        self.open_first = open_first
        self.views: dict[str, VerticalScroll] = {}

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(
                *[f"{section.id} {section.title[:18]}" for section in self.questionnaire.sections], id="index"
            )
            yield ContentSwitcher(id="sections")
        yield Footer()

    async def on_mount(self) -> None:
        if self.open_first:
            await self.show_section(self.questionnaire.sections[0].id)

    async def show_section(self, section_id: str) -> Widget | None:
        """Show a section (built and mounted the first time) and focus its first field."""
        switcher = self.query_one(ContentSwitcher)
        view = self.views.get(section_id)
        if view is None:
            section = self.questionnaire.section(section_id)
            widgets: list[Widget] = [Static(f"{section.id}. {section.title}")]
            for question in section.questions:
                widgets.extend(_question_widgets(question, self.response.answers.get(question.id)))
            view = VerticalScroll(*widgets, id=f"section-{section_id}")
            self.views[section_id] = view
            await switcher.mount(view)
        switcher.current = view.id
        first = next((widget for widget in view.query("*") if widget.focusable), None)
        if first is not None:
            first.focus()
        return first


CONTACT_FIELDS = ["name", "title", "organization", "email", "phone"]


class PlainQuestionnaire:
    """The definitions file as plain objects, with the attributes `BareSections` reads."""

    def __init__(self, path: Path) -> None:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        self.sections = []
        for section in data["sections"]:
            questions = []
            for question in section["questions"]:
                plain = {
                    "number": "",
                    "text": "",
                    "options": [],
                    "other": None,
                    "explanation": None,
                    "fields": CONTACT_FIELDS,
                    **question,
                }
                plain["options"] = [
                    SimpleNamespace(**{"detail": False, **option}) for option in plain["options"]
                ]
                if plain["other"] is not None:
                    plain["other"] = SimpleNamespace(**{"label": "Other:", **plain["other"]})
                if plain["explanation"] is not None:
                    plain["explanation"] = SimpleNamespace(**plain["explanation"])
                questions.append(SimpleNamespace(**plain))
            self.sections.append(
                SimpleNamespace(id=section["id"], title=section["title"], questions=questions)
            )

    def section(self, section_id: str):
        return next(section for section in self.sections if section.id == section_id)


if __name__ == "__main__":
    definitions = Path(__file__).resolve().parent.parent / "questions" / "msq2020.toml"
    draft = SimpleNamespace(answers=json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["answers"])
    BareSections(PlainQuestionnaire(definitions), draft, open_first=True).run()
