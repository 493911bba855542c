"""Any edition: questionnaires installed as files, drafts that keep their own, answers carried forward.

The sample later edition (tests/data/msq2026_sample.toml, a SAMPLE, not an official form) renames
question 2a, renames an option of question 8 and moves an option of question 9 into it, removes
question 6 and others, and adds a crisis section.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.model.answers import Response
from msq_tui.model.carry import carry_forward
from msq_tui.model.definitions_check import check_definitions_text, load_definitions
from msq_tui.model.kinds.checklist import ChecklistAnswer
from msq_tui.model.kinds.contact import ContactAnswer
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.validation import carried_problems, validate_response
from msq_tui.store.drafts import DraftStore, parse_draft, serialise
from msq_tui.store.questionnaires import InstallRefused, QuestionnaireLibrary, QuestionnaireMissing
from msq_tui.submission.export import export
from msq_tui.submission.signoff import Signer, sign_off

from .conftest import DATA, REPOSITORY
from .fixtures import full_response

SAMPLE = DATA / "msq2026_sample.toml"
SIGNER = Signer("Amir Nazemi", "President of ITO", "ITO", "nazemi@ito.gov.ir")


@pytest.fixture(scope="module")
def sample():
    return load_definitions(SAMPLE)


def answered_2020(questionnaire) -> Response:
    """The full 2020 response, with the options the sample renames and moves checked and detailed."""
    response = full_response(questionnaire)
    q8 = questionnaire.question("q8")
    answer = response.answer(q8)
    answer.selected.append("digital_first")
    answer.details["digital_first"] = "Digital first since 2019"
    response.set_answer(q8, answer)
    q9 = questionnaire.question("q9")
    answer = response.answer(q9)
    answer.selected.append("open_data")
    answer.details["open_data"] = "Open data law of 2018"
    response.set_answer(q9, answer)
    return response


def strings_in(value) -> list[str]:
    """Every text typed in an answer (not option ids, which an edition may rename)."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [text for key, item in value.items() if key != "selected" for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


# -- The sample and the `earlier` field --------------------------------------------------------------


def test_the_sample_passes_the_check_and_says_it_is_a_sample(sample, capsys) -> None:
    assert main(["check", str(SAMPLE)]) == 0
    assert "13 questions" in capsys.readouterr().out
    assert "SAMPLE" in sample.title and "not an official form" in sample.title
    assert [section.id for section in sample.sections] == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            ('earlier = { question = "q2a" }', 'earlier = { question = "q2a", options = { x = "y" } }'),
            "for questions with options (checklist and choice)",
        ),
        (("digital_first_principle = ", "no_such_option = "), "does not have"),
        (
            (
                'earlier = { question = "q2a" }',
                'earlier = { question = "q2a" }\n\n[[sections.questions]]\nid = "q2a_again"\nkind = "urls"\ntext = "Again"\nearlier = { question = "q2a" }',
            ),
            "taken by question 'eservices_portal'",
        ),
        (('open_data_law = "q9.open_data"', 'open_data_law = "digital_first"'), "takes 'q8.digital_first'"),
    ],
)
def test_the_check_refuses_an_earlier_field_that_cannot_be_followed(change, message) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert change[0] in text
    questionnaire, problems = check_definitions_text(text.replace(change[0], change[1], 1), "edited.toml")
    errors = [str(problem) for problem in problems if problem.severity == "error"]
    assert any(message in error for error in errors), problems


# -- Installing --------------------------------------------------------------------------------------


def test_add_installs_lists_and_refuses_what_does_not_pass(isolated_home, tmp_path, capsys) -> None:
    assert main(["questionnaires", "add", str(SAMPLE)]) == 0
    installed = isolated_home / "questionnaires" / "msq2026_sample-2026.0-sample.toml"
    assert installed.read_bytes() == SAMPLE.read_bytes()
    assert oct(installed.stat().st_mode & 0o777) == "0o600"
    capsys.readouterr()
    assert main(["questionnaires", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(item["id"], item["origin"], item["default"]) for item in listed] == [
        ("msq2020", "built-in", False),
        ("msq2026_sample", "installed", True),
    ]
    # The same file again: no change. Another file with the same id and version: refused.
    assert main(["questionnaires", "add", str(SAMPLE)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    changed = tmp_path / "changed.toml"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("Thank you for testing", "Thanks for testing")
    )
    assert main(["questionnaires", "add", str(changed)]) == 1
    assert "differs" in capsys.readouterr().err
    # A file with errors: refused, every problem listed as `msq check` lists it.
    broken = tmp_path / "broken.toml"
    broken.write_text(SAMPLE.read_text(encoding="utf-8").replace("year = 2026", "year = 2026\nbogus = 1"))
    assert main(["questionnaires", "add", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "was not installed" in err and "unknown field `bogus`" in err
    assert main(["check", str(broken)]) == 1
    assert "unknown field `bogus`" in capsys.readouterr().out
    assert sorted(path.name for path in (isolated_home / "questionnaires").iterdir()) == [installed.name]


def test_a_newer_version_installs_beside_the_older_and_each_draft_keeps_its_own(
    isolated_home, tmp_path
) -> None:
    newer = tmp_path / "newer.toml"
    newer.write_text(
        SAMPLE.read_text(encoding="utf-8")
        .replace('version = "2026.0-sample"', 'version = "2026.1-sample"')
        .replace("Thank you for testing", "Thanks again for testing")
    )
    library = QuestionnaireLibrary(isolated_home)
    library.add(SAMPLE)
    library.add(newer)
    store = DraftStore(isolated_home)
    old = store.questionnaires.choose("msq2026_sample@2026.0-sample")
    new = store.questionnaires.choose("msq2026_sample")
    assert (old.version, new.version) == ("2026.0-sample", "2026.1-sample")
    assert store.questionnaires.default() is new
    first = store.create(old, "IRN")
    second = store.create(new, "IRN")
    builtin = store.questionnaires.find("msq2020", "2020.1")
    for created, questionnaire in ((first, old), (second, new)):
        loaded = store.load(str(created.response_id), builtin)  # whatever the caller holds
        assert (loaded.questionnaire_id, loaded.questionnaire_version) == (
            questionnaire.id,
            questionnaire.version,
        )
        assert store.questionnaire_for(loaded) is questionnaire
    assert {summary.questionnaire for summary in store.summaries(builtin)} == {
        "msq2026_sample 2026.0-sample",
        "msq2026_sample 2026.1-sample",
    }


def test_a_draft_of_a_questionnaire_not_installed_says_what_to_install_and_is_never_rewritten(
    isolated_home, tmp_path, capsys
) -> None:
    store = DraftStore(isolated_home)
    store.questionnaires.add(SAMPLE)
    draft = store.create(store.questionnaires.choose("msq2026_sample"), "IRN")
    (isolated_home / "questionnaires" / "msq2026_sample-2026.0-sample.toml").unlink()
    path = store.path(str(draft.response_id))
    before = path.read_bytes()
    short = str(draft.response_id)[:8]
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "needs its questionnaire" in out and "msq questionnaires add FILE" in out
    for command in (["open", short], ["export", short], ["render", short], ["history", short]):
        assert main(command) == 1, command
        err = capsys.readouterr().err
        assert "MSQ 2026 SAMPLE (msq2026_sample 2026.0-sample)" in err, command
        assert "msq2026_sample-2026.0-sample.toml" in err and "msq questionnaires add FILE" in err
    fresh = DraftStore(isolated_home)
    with pytest.raises(QuestionnaireMissing):
        fresh.load(str(draft.response_id), fresh.questionnaires.default())
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.damaged-*"))
    # Installed again, it opens as it was.
    assert main(["questionnaires", "add", str(SAMPLE)]) == 0
    assert (
        DraftStore(isolated_home).load(str(draft.response_id), fresh.questionnaires.default()).answers == {}
    )


def test_an_old_draft_without_the_new_fields_still_loads(isolated_home, questionnaire) -> None:
    response = full_response(questionnaire)
    document = json.loads(serialise(response))
    for field in ("questionnaire_title", "carried", "carried_from"):
        document.pop(field)
    loaded = parse_draft(json.dumps(document).encode())
    assert loaded.answers == response.answers and loaded.carried == {}


# -- Carrying forward ----------------------------------------------------------------------------------


def test_a_full_2020_response_carries_forward_and_nothing_is_lost(questionnaire, sample) -> None:
    earlier = answered_2020(questionnaire)
    carried = carry_forward(earlier, sample, questionnaire).response
    assert (carried.questionnaire_id, carried.country) == ("msq2026_sample", "IRN")
    assert carried.response_id != earlier.response_id
    answers = carried.answers
    assert answers["q1"] == earlier.answers["q1"]  # the same id
    assert answers["eservices_portal"] == earlier.answers["q2a"]  # renamed
    q8 = ChecklistAnswer.model_validate(answers["q8"])
    assert "digital_first_principle" in q8.selected  # a renamed option
    assert q8.details["digital_first_principle"] == "Digital first since 2019"
    assert "open_data_law" in q8.selected  # moved from question 9
    assert q8.details["open_data_law"] == "Open data law of 2018"
    assert q8.explanation == earlier.answers["q8"]["explanation"]
    unmapped = {item.question_id: item for item in carried.unmapped}
    assert unmapped["q6"].value == earlier.answers["q6"]  # a removed question
    assert "open_data" not in unmapped["q9"].value["selected"]  # moved, not copied
    assert set(unmapped["q9"].value["selected"]) == set(earlier.answers["q9"]["selected"]) - {"open_data"}
    # Every word of the 2020 response is in the new draft: an answer or an unmapped one.
    kept = strings_in(carried.answers) + strings_in([item.value for item in carried.unmapped])
    for text in strings_in(earlier.answers):
        assert text in kept, text
    assert not [p for p in validate_response(sample, carried) if p.is_error]
    # Each carried answer is marked, with where it came from.
    assert carried.carried_from == "the 2020 response"
    assert carried.carried["eservices_portal"] == "question 2a"
    assert set(carried.carried) == set(answers)
    assert {p.question_id for p in carried_problems(sample, carried)} == set(answers)


def test_hidden_answers_and_checklist_details_of_a_draft_carry_and_hidden_ones_ask_no_review(
    questionnaire, sample
) -> None:
    earlier = answered_2020(questionnaire)
    earlier.set_answer(questionnaire.question("q4"), "no")  # the CIO's card is kept, hidden
    assert earlier.answers["q4_cio"]
    carried = carry_forward(earlier, sample, questionnaire).response
    assert carried.answers["q4_cio"] == earlier.answers["q4_cio"]
    assert "q4_cio" in carried.carried
    assert "q4_cio" not in {p.question_id for p in carried_problems(sample, carried)}
    assert any(p.code == "hidden" and p.question_id == "q4_cio" for p in validate_response(sample, carried))
    carried.set_answer(sample.question("q4"), "yes")  # shown again: asked to be reviewed again
    assert "q4_cio" in {p.question_id for p in carried_problems(sample, carried)}


def test_a_mark_goes_when_the_answer_is_changed_or_kept_as_is(questionnaire, sample) -> None:
    carried = carry_forward(answered_2020(questionnaire), sample, questionnaire).response
    contact = sample.question("contact")
    card = ContactAnswer.model_validate(carried.answers["contact"])
    carried.set_answer(contact, card.model_copy(update={"phone": "+98 21 1234 5678"}))
    assert "contact" not in carried.carried
    carried.keep_carried("q1")
    assert "q1" not in carried.carried and carried.answers["q1"]
    carried.set_answer(sample.question("q3"), [UrlEntry(url="www.ito.gov.ir")])
    assert "q3" not in carried.carried
    left = {p.question_id for p in carried_problems(sample, carried)}
    assert left and not left & {"contact", "q1", "q3"}


# -- The whole path from the command line ----------------------------------------------------------------


def run_msq(home: Path, arguments: list[str], script: str = ":quit\n") -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "MSQ_HOME": str(home), "PYTHONPATH": str(REPOSITORY)}
    env.pop("ACCESSIBLE", None)
    return subprocess.run(
        [sys.executable, "-m", "msq_tui", *arguments],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_new_from_a_2020_submission_then_sign_export_verify_render(
    isolated_home, questionnaire, tmp_path, capsys
) -> None:
    signed_2020 = sign_off(questionnaire, answered_2020(questionnaire), SIGNER, publish=True)
    [submission_2020] = export(questionnaire, signed_2020, tmp_path / "2020", ("json",), keys=None)
    assert main(["questionnaires", "add", str(SAMPLE)]) == 0
    # Another country's file is refused; nothing is made.
    refused = run_msq(isolated_home, ["new", "--country", "FRA", "--from", str(submission_2020)])
    assert refused.returncode == 1 and "not of France" in refused.stderr
    assert DraftStore(isolated_home).ids() == []
    # The default questionnaire is the newest edition; plain mode answers the new crisis questions,
    # C.4 of a kind 2020 did not have (a single choice).
    script = ":goto C.1\ny\nSchools moved online within a week.\n.\n\n2\n:keep\n:review\n:quit\n"
    result = run_msq(isolated_home, ["new", "--country", "IRN", "--from", str(submission_2020)], script)
    assert result.returncode == 0, result.stderr
    assert "answers carried from the 2020 response" in result.stdout
    assert "not yet reviewed" in result.stdout
    store = DraftStore(isolated_home)
    [response_id] = store.ids()
    draft = store.load(response_id, questionnaire)
    assert draft.questionnaire_id == "msq2026_sample"
    assert draft.answers["c1"] == "yes" and draft.answers["c2"].startswith("Schools")
    assert draft.answers["c4"]["selected"] == "regional"
    short = response_id[:8]
    capsys.readouterr()
    assert main(["sign", short, "--publish", "yes", "--unsigned"]) == 0
    out = capsys.readouterr().out
    assert "Warning:" in out and "carried from the 2020 response" in out  # warned, not blocked
    assert main(["export", short, "-o", str(tmp_path / "2026"), "--format", "both"]) == 0
    [exported] = sorted((tmp_path / "2026").glob("MSQ*.json"))
    capsys.readouterr()
    assert main(["verify", str(exported)]) == 0
    assert "is a well-formed" in capsys.readouterr().out
    assert main(["render", str(exported)]) == 0
    rendered = capsys.readouterr().out
    assert "Crisis and Emergency" in rendered and "Schools moved online" in rendered
    assert main(["import", str(exported)]) == 0  # a signed 2026 file comes back as a draft of 2026
    assert {summary.questionnaire for summary in DraftStore(isolated_home).summaries(questionnaire)} == {
        "msq2026_sample 2026.0-sample"
    }
    # DPIDG's collector reads it with the installed edition: the answers of a kind 2020 did not have too.
    database = tmp_path / "msq2026.sqlite"
    assert main(["collect", str(tmp_path / "2026"), "-o", str(database)]) == 0
    import sqlite3

    with sqlite3.connect(database) as connection:
        [(questionnaire_id, iso3)] = connection.execute(
            "SELECT questionnaire_id, iso3 FROM submissions"
        ).fetchall()
        assert (questionnaire_id, iso3) == ("msq2026_sample", "IRN")
        kinds = dict(connection.execute("SELECT question_id, kind FROM answers").fetchall())
        texts = dict(connection.execute("SELECT question_id, answer_text FROM answers").fetchall())
    assert kinds["c4"] == "choice" and kinds["c1"] == "yes_no"
    assert texts["c4"] == "Regional or state governments" and texts["c1"] == "Yes"


def test_verify_refuses_a_submission_of_a_questionnaire_not_installed(
    isolated_home, sample, tmp_path, capsys
) -> None:
    response = Response.new(sample, "IRN")
    response.set_answer(sample.question("c1"), "no")
    signed = sign_off(sample, response, SIGNER, publish=False)
    [path] = export(sample, signed, tmp_path, ("json",), keys=None)
    assert main(["verify", str(path)]) == 1
    assert "does not know" in capsys.readouterr().err
    with pytest.raises(InstallRefused):
        QuestionnaireLibrary(isolated_home).add(tmp_path / "missing.toml")
