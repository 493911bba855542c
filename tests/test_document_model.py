"""The submission is one pydantic model that writes the files and reads them: the same bytes and
digest as the hand-built document it replaced (golden files, and that document kept here as an oracle)."""

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from msq_tui.model.answers import Response
from msq_tui.model.countries import country_by_iso3
from msq_tui.submission.document import (
    SealedSubmission,
    digest,
    exported_answers,
    rfc3339,
    sealed,
    submission_document,
    submission_fingerprint,
    to_json,
    to_toml,
)
from msq_tui.submission.signoff import Signer, sign_off
from msq_tui.submission.verify import read_submission

from .fixtures import full_response

GOLDEN = Path(__file__).parent / "data" / "golden"
RESPONSE_ID = uuid.UUID("00000000-0000-4000-8000-00000000abcd")
SIGNER = Signer("Ada Example", "Director, e-Government", "Ministry of Examples", "ada@example.org")


def hand_built_document(questionnaire, response: Response) -> dict[str, Any]:
    """The document as msq built it by hand before the model (the oracle)."""
    country = country_by_iso3(response.country)
    document: dict[str, Any] = {
        "format": "msq-submission",
        "format_version": 1,
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": questionnaire.title,
        },
        "response_id": str(response.response_id),
        "revision": response.revision,
        "country": {"iso3": response.country, "name": country.name if country else response.country},
        "answers": exported_answers(questionnaire, response),
    }
    if response.signoff is not None:
        signoff = response.signoff
        document["signoff"] = {
            "name": signoff.name,
            "title": signoff.title,
            "organization": signoff.organization,
            "email": signoff.email,
            "publish": signoff.publish,
            "signed_at": rfc3339(signoff.signed_at),
            "revision": signoff.revision,
        }
    return document


def golden_response(questionnaire) -> Response:
    return full_response(questionnaire).model_copy(update={"response_id": RESPONSE_ID})


def test_the_files_are_byte_for_byte_the_golden_ones(questionnaire) -> None:
    response = golden_response(questionnaire)
    signed = sign_off(
        questionnaire, response, SIGNER, publish=True, now=datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    )
    document = sealed(submission_document(questionnaire, signed))
    assert to_json(document) == (GOLDEN / "signed.json").read_bytes()
    assert to_toml(document) == (GOLDEN / "signed.toml").read_bytes()
    assert (
        to_json(sealed(submission_document(questionnaire, response)))
        == (GOLDEN / "unsigned.json").read_bytes()
    )
    assert submission_fingerprint(questionnaire, signed) == document["integrity"]["digest"]
    assert (
        document["integrity"]["digest"] == "a6278d91e6d85eaa941b05d148a1f4d346661e328c799e26080bc4c1662dfc57"
    )


def test_the_model_reads_back_what_it_wrote(questionnaire) -> None:
    data = (GOLDEN / "signed.json").read_bytes()
    parsed = SealedSubmission.model_validate(json.loads(data))
    assert parsed.signoff is not None and parsed.signoff.signed_at == "2026-03-01T12:30:00Z"
    assert to_json(parsed.dump()) == data
    submission = read_submission(data, {(questionnaire.id, questionnaire.version): questionnaire})
    assert submission.response.signoff is not None
    assert submission.response.signoff.signed_at == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert submission_fingerprint(questionnaire, submission.response) == submission.fingerprint


details = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda text: text.strip() == text and text.strip())


@settings(max_examples=40, deadline=None)
@given(
    name=details,
    title=details,
    organization=details,
    publish=st.booleans(),
    revision=st.integers(min_value=1, max_value=40),
    seconds=st.integers(min_value=0, max_value=10**9),
    text=st.text(max_size=60),
    signed=st.booleans(),
)
def test_the_model_writes_what_the_hand_built_document_wrote(
    questionnaire, name, title, organization, publish, revision, seconds, text, signed
) -> None:
    response = golden_response(questionnaire).model_copy(update={"revision": revision})
    response.set_answer(questionnaire.question("q6"), text)
    if signed:
        moment = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds, microseconds=seconds % 999)
        signer = Signer(name, title, organization, "ada@example.org")
        response = sign_off(questionnaire, response, signer, publish=publish, now=moment)
    expected = hand_built_document(questionnaire, response)
    document = submission_document(questionnaire, response)
    assert json.dumps(document) == json.dumps(expected)  # the same values, in the same order
    assert digest(document) == digest(expected)
    assert to_toml(sealed(document)) == to_toml(sealed(expected))
