"""The JSON Schema of a response, generated from the answer models and a questionnaire's questions.

Each question id of the questionnaire becomes a property of `answers` with the schema of its
kind's answer, so the schema says exactly what a response to this edition may hold.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from msq_tui.model.answers import Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.wording import plain, sentence_case


def _answers_model(questionnaire: Questionnaire, name: str, note: str = "") -> type[BaseModel]:
    """A model with one optional field per question, typed by the question's kind."""
    fields: dict[str, Any] = {}
    for question in questionnaire.questions():
        label = questionnaire.name_of(question)
        description = f"{sentence_case(label)} ({question.kind})"
        if question.text:
            description += f": {plain(question.text)}"
        fields[question.id] = (
            kind_of(question).answer_type | None,
            Field(default=None, description=description + note),
        )
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def response_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a draft file: a response to ``questionnaire``."""
    prefix = questionnaire.id.capitalize()
    response_model = create_model(
        f"{prefix}Response",
        __base__=Response,
        answers=(
            _answers_model(questionnaire, f"{prefix}Answers"),
            Field(description="The answers, by question id"),
        ),
    )
    return _schema(
        response_model,
        f"Response to the {questionnaire.questionnaire.short_title} ({questionnaire.id} {questionnaire.version})",
    )


def submission_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a submission file (JSON, and TOML read as the same data)."""
    from msq_tui.submission.document import SealedSubmission

    prefix = questionnaire.id.capitalize()
    answers = _answers_model(
        questionnaire, f"{prefix}SubmittedAnswers", "; present only when asked and answered"
    )
    submission_model = create_model(
        f"{prefix}Submission",
        __base__=SealedSubmission,
        answers=(
            answers,
            Field(description="Every answer of every question that applies; empty answers are left out"),
        ),
    )
    schema = _schema(
        submission_model,
        f"Submission of a response to the {questionnaire.questionnaire.short_title} ({questionnaire.id} {questionnaire.version})",
    )
    schema["description"] = (
        "integrity.digest is the SHA-256 (hex) of the RFC 8785 canonical JSON of the whole document without"
        " its integrity member."
    )
    return schema
