"""The JSON Schema of a response, generated from the answer models and a questionnaire's questions.

Each question id of the questionnaire becomes a property of `answers` with the schema of its
kind's answer, so the schema says exactly what a response to this edition may hold.
"""

from typing import Any

from pydantic import ConfigDict, Field, create_model

from .answers import ANSWER_TYPES, Response
from .definitions import Questionnaire, plain


def response_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a response to ``questionnaire``."""
    fields: dict[str, Any] = {}
    for question in questionnaire.questions():
        name = questionnaire.name_of(question)
        description = f"{name[:1].upper()}{name[1:]} ({question.kind})"
        if question.text:
            description += f": {plain(question.text)}"
        fields[question.id] = (
            ANSWER_TYPES[question.kind] | None,
            Field(default=None, description=description),
        )
    answers_model = create_model(
        f"{questionnaire.id.capitalize()}Answers",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    response_model = create_model(
        f"{questionnaire.id.capitalize()}Response",
        __base__=Response,
        answers=(answers_model, Field(description="The answers, by question id")),
    )
    schema = response_model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Response to the {questionnaire.questionnaire.short_title} ({questionnaire.id} {questionnaire.version})"
    return schema


def submission_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a submission file (JSON, and TOML read as the same data)."""
    from .submission import _Submission

    fields: dict[str, Any] = {}
    for question in questionnaire.questions():
        name = questionnaire.name_of(question)
        description = f"{name[:1].upper()}{name[1:]} ({question.kind}); present only when answered and asked"
        fields[question.id] = (ANSWER_TYPES[question.kind] | None, Field(default=None, description=description))
    answers_model = create_model(f"{questionnaire.id.capitalize()}SubmittedAnswers", __config__=ConfigDict(extra="forbid"), **fields)
    submission_model = create_model(
        f"{questionnaire.id.capitalize()}Submission",
        __base__=_Submission,
        answers=(answers_model, Field(description="Every answer of every question that applies; empty answers are left out")),
    )
    schema = submission_model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Submission of a response to the {questionnaire.questionnaire.short_title} ({questionnaire.id} {questionnaire.version})"
    schema["description"] = (
        "integrity.digest is the SHA-256 (hex) of the RFC 8785 canonical JSON of the whole document without"
        " its integrity member."
    )
    return schema
