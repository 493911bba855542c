"""The `msq` command from the outside: version, blank form, schema, and a core free of Textual."""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from msq_tui import __version__
from msq_tui.cli import main
from msq_tui.model.wording import FOOTNOTE_MARK, plain

from .conftest import REPOSITORY


def run_msq(*arguments: str, home: Path) -> subprocess.CompletedProcess[str]:
    import os

    environment = {**os.environ, "MSQ_HOME": str(home), "PYTHONPATH": str(REPOSITORY)}
    return subprocess.run(
        [sys.executable, "-m", "msq_tui", *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_version(isolated_home: Path) -> None:
    result = run_msq("--version", home=isolated_home)
    assert result.returncode == 0
    assert result.stdout.strip() == f"msq-tui {__version__}"


def test_unknown_command_is_a_usage_error(isolated_home: Path) -> None:
    result = run_msq("frobnicate", home=isolated_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "msq:" in result.stderr


def all_wordings(questionnaire) -> list[str]:
    info = questionnaire.questionnaire
    texts = [info.title, plain(info.introduction), info.authorisation, *info.closing.splitlines()]
    for section in questionnaire.sections:
        texts.append(plain(section.title))
        texts += [group.text for group in section.groups]
        for question in section.questions:
            texts += [plain(text) for _, text in question.wording_texts() if text]
    return texts + list(questionnaire.footnotes.values())


def test_blank_markdown_holds_the_whole_form(questionnaire, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["blank"]) == 0
    document = capsys.readouterr().out
    flat = " ".join(plain(document).replace("\\", "").split())
    for text in all_wordings(questionnaire):
        assert " ".join(text.split()) in flat, text
    for question in questionnaire.questions():
        if question.number:
            assert f"**{question.number}.**" in document
    for number in questionnaire.footnotes:
        assert f"[^{number}]:" in document
    assert document.count("☐") >= 11 + 9 + 10 + 5 + 6  # every option, Other and yes/no box
    assert "(Maximum 250 words)" in document and "(Max. 250 words)" in document


def test_blank_html_to_a_file(questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "blank.html"
    assert main(["blank", "-o", str(output)]) == 0  # the format follows the suffix
    assert f"Wrote {output}" in capsys.readouterr().err
    document = output.read_text(encoding="utf-8")
    assert document.startswith("<!DOCTYPE html>") and "<style>" in document and "<script" not in document
    # The page's text, as a reader sees it: tags gone, footnote links shown as their numbers.
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", document.replace("↩", ""))).split())
    info = questionnaire.questionnaire
    wordings = [
        info.title,
        info.introduction,
        info.authorisation,
        *info.closing.splitlines(),
        *questionnaire.footnotes.values(),
    ]
    for section in questionnaire.sections:
        wordings += [section.title, *(group.text for group in section.groups)]
        for question in section.questions:
            wordings += [wording for _, wording in question.wording_texts() if wording]
    for wording in wordings:
        assert " ".join(FOOTNOTE_MARK.sub(r"\1", wording).split()) in text, wording
    for number in questionnaire.footnotes:
        assert f'id="fn{number}"' in document
    assert "@media print" in document


def test_blank_to_a_missing_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["blank", "-o", str(tmp_path / "no" / "such" / "blank.md")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_schema_describes_every_question(questionnaire, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--draft"]) == 0
    schema = json.loads(capsys.readouterr().out)
    answers = schema["$defs"][schema["properties"]["answers"]["$ref"].rsplit("/", 1)[1]]
    assert set(answers["properties"]) == {q.id for q in questionnaire.questions()}
    assert answers["additionalProperties"] is False
    assert {"response_id", "country", "status", "questionnaire_id", "questionnaire_version"} <= set(
        schema["properties"]
    )


def test_schema_accepts_a_response_and_refuses_a_wrong_one(
    questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from msq_tui.model.answers import Response
    from msq_tui.model.kinds.urls import UrlEntry

    assert main(["schema", "--draft"]) == 0
    schema = json.loads(capsys.readouterr().out)
    response = Response.new(questionnaire, "IRN")
    response.set_answer(questionnaire.question("q1"), [UrlEntry(url="www.egovernment.ir")])
    document = response.model_dump(mode="json")
    jsonschema.validate(document, schema)
    document["answers"]["q1"] = "not a list"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_countries_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["countries", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 193
    assert main(["countries", "iran"]) == 0
    assert capsys.readouterr().out.strip() == "IRN  Iran (Islamic Republic of)"
