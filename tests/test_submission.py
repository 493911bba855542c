"""Sign-off, export, verify, import, render and e-mail of a fully answered response."""

import email
import email.policy
import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msq_tui.cli import main
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.validation import validate_response
from msq_tui.store.drafts import DraftStore
from msq_tui.store.errors import DraftError
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import (
    digest,
    exported_answers,
    sealed,
    submission_document,
    to_json,
    to_toml,
)
from msq_tui.submission.email_file import submission_email
from msq_tui.submission.export import ExportRefused, export
from msq_tui.submission.render import render
from msq_tui.submission.signoff import Signer, SignOffBlocked, reopen, sign_off
from msq_tui.submission.verify import (
    SubmissionError,
    read_submission,
    read_submission_file,
)

from .fixtures import full_response

SIGNER = Signer(
    "Amir Nazemi", "President of ITO", "Information Technology Organization of Iran", "nazemi@ito.gov.ir"
)
SIGNED_AT = datetime(2019, 3, 27, 10, 15, tzinfo=UTC)


@pytest.fixture
def signed(questionnaire):
    return sign_off(questionnaire, full_response(questionnaire), SIGNER, publish=True, now=SIGNED_AT)


@pytest.fixture
def exported(questionnaire, signed, tmp_path):
    json_path, toml_path = export(questionnaire, signed, tmp_path / "out", keys=None)
    return json_path, toml_path


# -- Sign-off --------------------------------------------------------------------------------------


def test_the_fixture_is_fully_answered_and_has_no_error(questionnaire) -> None:
    problems = validate_response(questionnaire, full_response(questionnaire))
    assert problems == []


def test_sign_off_records_signer_time_revision_and_makes_read_only(signed) -> None:
    assert signed.status == "signed" and signed.is_signed
    assert signed.signoff.name == "Amir Nazemi" and signed.signoff.publish is True
    assert signed.signoff.signed_at == SIGNED_AT and signed.signoff.revision == 1


@pytest.mark.parametrize(
    ("question_id", "bad_answer", "words"),
    [
        ("q1", [UrlEntry(url="javascript:alert(1)")], "only http"),
        ("q6", "word " * 251, "over the limit"),
        ("contact", ContactAnswer(name="A", title="B", organization="C", email="not-an-address"), "e-mail"),
        (
            "q4_cio",
            ContactAnswer(name="A", title="B", organization="C", email="a@b.org", phone="call me"),
            "Phone",
        ),
        ("q15", None, "option 'quantum_physics'"),
        ("q99", None, "not a question"),
        ("q10", None, "does not fit"),
    ],
)
def test_sign_off_is_blocked_by_each_kind_of_error(questionnaire, question_id, bad_answer, words) -> None:
    response = full_response(questionnaire)
    if question_id == "q15":
        response.answers = {**response.answers, "q15": {"selected": ["quantum_physics"]}}
    elif question_id == "q99":
        response.answers = {**response.answers, "q99": "text"}
    elif question_id == "q10":
        response.answers = {**response.answers, "q10": "maybe"}
    else:
        response.set_answer(questionnaire.question(question_id), bad_answer)
    with pytest.raises(SignOffBlocked) as blocked:
        sign_off(questionnaire, response, SIGNER, publish=True)
    assert any(words in problem.message for problem in blocked.value.problems), blocked.value.problems
    assert "Sign-off is blocked" in str(blocked.value)


def test_unanswered_questions_do_not_block(questionnaire) -> None:
    response = full_response(questionnaire)
    response.set_answer(questionnaire.question("q24"), None)
    assert sign_off(questionnaire, response, SIGNER, publish=False).is_signed


def test_signer_details_are_checked(questionnaire) -> None:
    with pytest.raises(ValueError, match="e-mail"):
        sign_off(questionnaire, full_response(questionnaire), Signer("A", "B", "C", "nope"), publish=True)


def test_reopen_makes_a_new_revision_to_sign_again(questionnaire, signed) -> None:
    again = reopen(signed)
    assert (again.status, again.revision, again.signoff) == ("draft", 2, None)
    assert sign_off(questionnaire, again, SIGNER, publish=True).signoff.revision == 2


# -- Export and verify -----------------------------------------------------------------------------


def test_only_a_signed_off_response_exports(questionnaire, tmp_path) -> None:
    with pytest.raises(ExportRefused, match="not signed off"):
        export(questionnaire, full_response(questionnaire), tmp_path, keys=None)
    assert list(tmp_path.iterdir()) == []


def test_export_names_and_same_content_in_json_and_toml(questionnaire, signed, exported) -> None:
    json_path, toml_path = exported
    assert (
        json_path.name == "MSQ2020_IRN_2019-03-27_r1.json"
        and toml_path.name == "MSQ2020_IRN_2019-03-27_r1.toml"
    )
    from_json = json.loads(json_path.read_text(encoding="utf-8"))
    from_toml = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    assert from_json == from_toml
    assert from_json["country"] == {"iso3": "IRN", "name": "Iran (Islamic Republic of)"}
    assert from_json["questionnaire"]["id"] == "msq2020" and from_json["revision"] == 1
    assert from_json["signoff"]["signed_at"] == "2019-03-27T10:15:00Z"
    assert from_json["integrity"]["digest"] == digest(from_json)
    assert set(from_json["answers"]) == {q.id for q in questionnaire.questions()}  # all asked, all answered


def test_verify_both_files_gives_the_same_fingerprint(exported) -> None:
    fingerprints = {read_submission_file(path, known_questionnaires()).fingerprint for path in exported}
    assert len(fingerprints) == 1 and len(fingerprints.pop()) == 64


def test_round_trip_through_import_keeps_every_answer_and_the_fingerprint(
    questionnaire, signed, exported, isolated_home
) -> None:
    original = sealed(submission_document(questionnaire, signed))
    store = DraftStore(isolated_home)
    for path in exported:
        submission = read_submission_file(path, known_questionnaires())
        assert sealed(submission_document(questionnaire, submission.response)) == original
        imported = store.import_file(path, questionnaire).response
        assert exported_answers(questionnaire, imported) == exported_answers(questionnaire, signed)
        assert (
            imported.revision == 2 and imported.status == "draft"
        )  # a signed file comes in as the next revision
    assert len(store.ids()) == 2  # the second import did not overwrite the first


def leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path, node


def changed(node, path, value):
    copy = json.loads(json.dumps(node))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def test_changing_any_value_in_the_json_fails_verify(exported) -> None:
    document = json.loads(exported[0].read_text(encoding="utf-8"))
    questionnaires = known_questionnaires()
    checked = 0
    for path, value in leaves(document):
        if path[0] == "integrity":
            continue
        altered = (
            (not value) if isinstance(value, bool) else (value + 1 if isinstance(value, int) else f"{value}!")
        )
        data = json.dumps(changed(document, path, altered)).encode()
        with pytest.raises(SubmissionError) as caught:
            read_submission(data, questionnaires, "altered.json")
        assert caught.value.cause in (
            "changed",
            "damaged",
            "unknown-version",
            "not-submission",
            "unknown-questionnaire",
        ), path
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('name = "Iran (Islamic Republic of)"', 'name = "Iraq"'),
        ('iso3 = "IRN"', 'iso3 = "IRQ"'),
        ('name = "Amir Nazemi"', 'name = "Someone Else"'),
        ('url = "www.egovernment.ir"', 'url = "www.example.ir"'),
        ("publish = true", "publish = false"),
        ('"Goals 8, 9 and 12"', '"Goals 8 and 9"'),
    ],
)
def test_changing_the_toml_fails_verify(exported, old, new) -> None:
    text = exported[1].read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(SubmissionError) as caught:
        read_submission(text.replace(old, new, 1).encode(), known_questionnaires(), "altered.toml")
    assert caught.value.cause == "changed"


# -- Bad input of any kind -------------------------------------------------------------------------


def corpus(valid_json: bytes) -> dict[str, tuple[bytes, str]]:
    document = json.loads(valid_json)
    return {
        "empty": (b"", "damaged"),
        "truncated": (valid_json[: len(valid_json) // 2], "damaged"),
        "not UTF-8": (b"\xff\xfe\x00garbage" * 10, "unreadable"),
        "binary": (bytes(range(256)), "unreadable"),
        "deeply nested": (b"[" * 200_000 + b"]" * 200_000, "damaged"),
        "deeply nested TOML": (b"a = " + b"[" * 100_000 + b"]" * 100_000, "damaged"),
        "duplicate keys": (
            valid_json.replace(b'"revision": 1,', b'"revision": 1, "revision": 2,', 1),
            "damaged",
        ),
        "NaN": (valid_json.replace(b'"revision": 1,', b'"revision": NaN,', 1), "damaged"),
        "TOML nan": (b'format = "msq-submission"\nformat_version = 1\nx = nan\n', "damaged"),
        "wrong types": (json.dumps({**document, "revision": "one"}).encode(), "damaged"),
        "answers not a table": (json.dumps({**document, "answers": [1, 2]}).encode(), "damaged"),
        "another app's JSON": (b'{"name": "left-pad", "version": "1.3.0"}', "not-submission"),
        "a JSON list": (b"[1, 2, 3]", "not-submission"),
        "an msq draft": (b'{"format": "msq-response", "format_version": 1}', "not-submission"),
        "a future format": (json.dumps({**document, "format_version": 7}).encode(), "unknown-version"),
        "an unknown questionnaire": (
            json.dumps(
                {**document, "questionnaire": {"id": "msq2030", "version": "1", "title": "x"}}
            ).encode(),
            "unknown-questionnaire",
        ),
        "changed after sign-off": (json.dumps({**document, "revision": 5}).encode(), "changed"),
        "unsigned": (
            json.dumps(
                sealed({k: v for k, v in document.items() if k not in ("signoff", "integrity")})
            ).encode(),
            "not-signed",
        ),
        "an answer that does not fit": (
            json.dumps(
                sealed(
                    {
                        **{k: v for k, v in document.items() if k != "integrity"},
                        "answers": {**document["answers"], "q10": "maybe"},
                    }
                )
            ).encode(),
            "does-not-fit",
        ),
        "an unknown question": (
            json.dumps(
                sealed(
                    {
                        **{k: v for k, v in document.items() if k != "integrity"},
                        "answers": {**document["answers"], "q99": "x"},
                    }
                )
            ).encode(),
            "does-not-fit",
        ),
    }


def test_bad_input_corpus_gives_its_own_cause_and_never_a_traceback(exported) -> None:
    for name, (data, cause) in corpus(exported[0].read_bytes()).items():
        with pytest.raises(SubmissionError) as caught:
            read_submission(data, known_questionnaires(), name)
        assert caught.value.cause == cause, f"{name}: {caught.value.cause}: {caught.value}"
        assert str(caught.value)


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(SubmissionError, match="bytes"):
        read_submission_file(big, known_questionnaires())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzzed_files_never_crash_verify_or_import(exported, isolated_home, questionnaire, data) -> None:
    original = data.draw(st.sampled_from([exported[0].read_bytes(), exported[1].read_bytes()]))
    position = data.draw(st.integers(0, len(original) - 1))
    kind = data.draw(st.sampled_from(["flip", "cut", "insert", "random"]))
    if kind == "flip":
        mutated = (
            original[:position]
            + bytes([original[position] ^ data.draw(st.integers(1, 255))])
            + original[position + 1 :]
        )
    elif kind == "cut":
        mutated = original[:position]
    elif kind == "insert":
        mutated = original[:position] + data.draw(st.binary(min_size=1, max_size=20)) + original[position:]
    else:
        mutated = data.draw(st.binary(max_size=2000))
    try:
        read_submission(mutated, known_questionnaires(), "fuzzed")
    except SubmissionError:
        pass
    path = isolated_home.parent / "fuzzed.json"
    path.write_bytes(mutated)
    try:
        DraftStore(isolated_home).import_file(path, questionnaire)
    except DraftError:
        pass


# -- Render and e-mail -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_render_holds_every_question_answer_signoff_and_fingerprint(questionnaire, signed, fmt) -> None:
    fingerprint = digest(submission_document(questionnaire, signed))
    document = render(questionnaire, signed, fmt, fingerprint)
    import html as html_module
    import re

    text = re.sub(r"<[^>]+>", "", document) if fmt == "html" else document.replace("\\", "")
    flat = " ".join(html_module.unescape(text).split())
    for question in questionnaire.questions():
        if question.number:
            assert f"{question.number}." in flat
    for entries in (
        "www.egovernment.ir",
        "http://111.iri.ir/",
        "Company 10",
        "Goals 8, 9 and 12",
        "Cognitive science",
    ):
        assert entries in flat
    assert (
        "☒ has an implementation plan" in flat
        and "☐ is aligned with the national development strategy" in flat
    )
    assert "Signed off by Amir Nazemi" in flat and fingerprint in flat
    assert "☒ I/We hereby authorize UNDESA" in flat
    if fmt == "html":
        assert '<a href="http://www.egovernment.ir">www.egovernment.ir</a>' in document


def test_email_file_parses_with_its_two_attachments(questionnaire, exported) -> None:
    submission = read_submission_file(exported[0], known_questionnaires())
    files = {
        "json": (exported[0].name, exported[0].read_bytes()),
        "toml": (exported[1].name, exported[1].read_bytes()),
    }
    raw = submission_email(submission, files, "dpidg@un.org", signatures={})
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "dpidg@un.org"
    assert message["Subject"] == "MSQ 2020 response - Iran (Islamic Republic of)"
    assert "nazemi@ito.gov.ir" in message["From"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert submission.fingerprint in body
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attachments) == {exported[0].name, exported[1].name}
    assert attachments[exported[0].name] == exported[0].read_bytes()
    assert b"\r\n" in raw  # RFC 5322 line ends


# -- The commands, as an official uses them ----------------------------------------------------------


def test_sign_export_verify_email_and_import_from_the_command_line(
    questionnaire, isolated_home, tmp_path, capsys
) -> None:
    store = DraftStore(isolated_home)
    store.prepare()
    response = full_response(questionnaire)
    store.save(response)
    response_id = str(response.response_id)
    assert main(["export", response_id[:8], "-o", str(tmp_path)]) == 1
    assert "not signed off" in capsys.readouterr().err
    assert main(["sign", "IRN", "--publish", "yes"]) == 0  # the signer comes from the contact section
    assert "Signed off revision 1" in capsys.readouterr().out
    assert main(["export", "IRN", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    paths = [Path(line.removeprefix("Wrote ")) for line in out.splitlines() if line.startswith("Wrote ")]
    assert [p.suffix for p in paths] == [".json", ".toml"]
    assert main(["verify", str(paths[1])]) == 0
    verified = capsys.readouterr().out
    assert (
        "Iran (Islamic Republic of)" in verified
        and "Amir Nazemi" in verified
        and "Revision:      1" in verified
    )
    fingerprint = next(line.split()[-1] for line in verified.splitlines() if line.startswith("Fingerprint:"))
    assert len(fingerprint) == 64
    paths[0].write_text(
        paths[0].read_text(encoding="utf-8").replace("www.egovernment.ir", "www.evil.example"),
        encoding="utf-8",
    )
    assert main(["verify", str(paths[0])]) == 1
    assert "changed after it was exported" in capsys.readouterr().err
    assert main(["email", str(paths[1]), "-o", str(tmp_path / "mail.eml")]) == 0
    parsed = email.message_from_bytes((tmp_path / "mail.eml").read_bytes(), policy=email.policy.default)
    assert len(list(parsed.iter_attachments())) == 2
    assert main(["reopen", "IRN"]) == 0
    assert main(["import", str(paths[1])]) == 0
    assert len(store.ids()) == 2
    assert main(["render", str(paths[1]), "-o", str(tmp_path / "print.html")]) == 0
    assert "Amir Nazemi" in (tmp_path / "print.html").read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1, max_size=300).filter(str.strip), label=st.text(max_size=60))
def test_json_and_toml_hold_the_same_characters_whatever_was_typed(text: str, label: str) -> None:
    """Windows line ends, control characters, quotes, backslashes, any script: the same in both."""
    from msq_tui.model.definitions_check import builtin_questionnaire

    questionnaire = builtin_questionnaire()
    response = full_response(questionnaire)
    response.set_answer(questionnaire.question("q6"), text + "\r\n" + text)
    response.set_answer(questionnaire.question("q14"), text)
    response.set_answer(
        questionnaire.question("q1"), [UrlEntry(label=label or "x", url="www.egovernment.ir")]
    )
    document = sealed(submission_document(questionnaire, response))
    from_json = json.loads(to_json(document))
    from_toml = tomllib.loads(to_toml(document).decode("utf-8"))
    assert from_json == from_toml == document
