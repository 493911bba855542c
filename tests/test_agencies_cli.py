"""Hand out, answer apart, merge: `msq assign` -> `msq import` -> edit -> `msq sign`/`export` -> `msq merge`,
each side in its own MSQ_HOME, as two machines would be."""

import json
from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.drafts import DraftStore
from msq_tui.submission.document import digest, sealed, submission_document

from .fixtures import full_response

SIGNER = [
    "--name",
    "Sara Ahmadi",
    "--title",
    "Director",
    "--organization",
    "Ministry of Justice",
    "--email",
    "sara@moj.ir",
]


class Homes:
    """The coordinator's and the agency's msq homes; `as_(who)` makes one of them the current one."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        self.out = tmp_path / "mail"
        self.out.mkdir()

    def as_(self, who: str) -> DraftStore:
        self.monkeypatch.setenv("MSQ_HOME", str(self.tmp_path / who))
        store = DraftStore()
        store.prepare()
        return store


@pytest.fixture
def homes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Homes:
    return Homes(tmp_path, monkeypatch)


def edit(store: DraftStore, draft: str, **answers) -> None:
    questionnaire = builtin_questionnaire()
    response_id = store.find(draft)
    response = store.load(response_id, questionnaire)
    response.answers.update(answers)
    store.save(response)


def coordinator_with_assignment(homes: Homes, capsys) -> tuple[DraftStore, str, Path]:
    questionnaire = builtin_questionnaire()
    store = homes.as_("coordinator")
    response = full_response(questionnaire)
    store.save(response)
    assert (
        main(
            [
                "assign",
                "1111",
                "--to",
                "Ministry of Justice",
                "--questions",
                "III,q16,VIII",
                "-o",
                str(homes.out),
            ]
        )
        == 0
    )
    [assignment] = homes.out.glob("*_assignment.json")
    assert assignment.name == "MSQ2020_IRN_ministry-of-justice_assignment.json"
    capsys.readouterr()
    return store, str(response.response_id), assignment


def agency_part(homes: Homes, assignment: Path, capsys, **answers) -> Path:
    store = homes.as_("agency")
    assert main(["import", str(assignment)]) == 0
    [draft] = store.ids()
    edit(store, draft, **answers)
    assert main(["sign", draft[:8], *SIGNER, "--unsigned"]) == 0
    assert main(["export", draft[:8], "-o", str(homes.out)]) == 0
    capsys.readouterr()
    return max(homes.out.glob("*_part_r*.json"))


def test_assign_import_edit_export_merge(homes: Homes, capsys) -> None:
    questionnaire = builtin_questionnaire()
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    document = json.loads(assignment.read_text())
    assert document["agency"] == "Ministry of Justice" and document["response_id"] == response_id
    assert document["questions"] == ["q9", "q16", "q17", "q18", "q19", "q20", "q21"]
    assert document["base"]["q17"] == full_response(questionnaire).answers["q17"]

    part = agency_part(homes, assignment, capsys, q17="Agency: 70 percent.", q18="Agency: 2 percent of GDP.")
    assert part.name == "MSQ2020_IRN_ministry-of-justice_part_r1.json"
    assert part.with_suffix(".toml").is_file()

    # The agency's draft shows only its questions as its own: the rest are not judged there.
    agency = homes.as_("agency")
    [agency_id] = agency.ids()
    agency_draft = agency.load(agency_id, questionnaire)
    assert set(agency_draft.answers) == {"q9", "q16", "q17", "q18", "q19", "q20", "q21"}

    coordinator = homes.as_("coordinator")
    edit(coordinator, response_id, q17="Coordinator: 65 percent.", q19="Coordinator's own edit.")
    assert main(["merge", response_id[:8], str(part)]) == 3
    printed = capsys.readouterr().out
    assert "applied 1, conflicts 1" in printed
    assert "collectively" in printed  # the proposal for X.1
    merged = coordinator.load(response_id, questionnaire)
    assert merged.answers["q18"] == "Agency: 2 percent of GDP."
    assert merged.answers["q17"] == "Coordinator: 65 percent."  # kept, not overwritten
    assert merged.answers["q19"] == "Coordinator's own edit."
    assert merged.collaboration.conflicts["q17"].agency == "Agency: 70 percent."
    provenance = merged.collaboration.provenance["q18"]
    assert (provenance.agency, provenance.signer, provenance.part_revision) == (
        "Ministry of Justice",
        "Sara Ahmadi",
        1,
    )

    # The rendered document says where the agency's answer came from.
    capsys.readouterr()
    assert main(["render", response_id[:8]]) == 0
    rendered = capsys.readouterr().out
    assert "_From Ministry of Justice (signed by Sara Ahmadi, part r1, merged" in rendered
    assert "## Contributors" in rendered

    # Sign-off is blocked until the conflict is decided.
    assert main(["sign", response_id[:8], "--publish", "yes", "--unsigned"]) == 1
    assert "in conflict" in capsys.readouterr().err
    assert main(["resolve", response_id[:8]]) == 3
    assert main(["resolve", response_id[:8], "q17", "--keep", "agency"]) == 0
    assert main(["merge", response_id[:8], "--tick-collective"]) == 0
    assert main(["sign", response_id[:8], "--publish", "yes", "--unsigned"]) == 0
    assert main(["export", response_id[:8], "-o", str(homes.out / "submission")]) == 0
    [submission] = (homes.out / "submission").glob("*.json")
    assert main(["verify", str(submission)]) == 0
    sent = json.loads(submission.read_text())
    assert sent["answers"]["q17"] == "Agency: 70 percent."
    assert "collective" in sent["answers"]["x1"]["selected"]
    [contributor] = sent["contributors"]
    assert contributor["agency"] == "Ministry of Justice"
    assert contributor["signer"]["name"] == "Sara Ahmadi"
    assert contributor["questions"] == ["q17", "q18"]


def test_refusals_each_in_one_line(homes: Homes, capsys) -> None:
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    part = agency_part(homes, assignment, capsys, q17="Agency text.")
    homes.as_("coordinator")
    assert main(["merge", response_id[:8], str(part)]) == 0
    capsys.readouterr()
    # the same part twice: a no-op
    assert main(["merge", response_id[:8], str(part)]) == 0
    assert "merged already" in capsys.readouterr().out
    # a seal that fails
    forged = homes.out / "forged.json"
    document = json.loads(part.read_text())
    document["answers"]["q17"] = "Forged."
    forged.write_text(json.dumps(document))
    assert main(["merge", response_id[:8], str(forged)]) == 1
    error = capsys.readouterr().err
    assert "does not match its seal" in error and "Traceback" not in error
    # resealed for another question, not assigned
    document = json.loads(part.read_text())
    document["answers"]["q1"] = [{"url": "www.evil.example"}]
    document["revision"] = document["signoff"]["revision"] = 2
    sneaky = homes.out / "sneaky.json"
    sneaky.write_text(json.dumps(sealed({k: v for k, v in document.items() if k != "integrity"})))
    assert main(["merge", response_id[:8], str(sneaky)]) == 1
    assert "not assigned" in capsys.readouterr().err
    # another response
    questionnaire = builtin_questionnaire()
    store = homes.as_("coordinator")
    other = store.create(questionnaire, "FRA")
    assert main(["merge", str(other.response_id)[:8], str(part)]) == 1
    assert "another response" in capsys.readouterr().err
    # not a part at all
    assert main(["merge", response_id[:8], str(assignment)]) == 1
    assert "is an assignment, not a part" in capsys.readouterr().err
    # a folder and a missing file
    assert main(["merge", response_id[:8], str(homes.out)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert main(["import", str(part)]) == 1
    assert "msq merge" in capsys.readouterr().err


def test_a_merge_is_a_history_point_restore_undoes(homes: Homes, capsys) -> None:
    questionnaire = builtin_questionnaire()
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    part = agency_part(homes, assignment, capsys, q18="Agency.")
    store = homes.as_("coordinator")
    before = store.load(response_id, questionnaire).answers["q18"]
    assert main(["merge", response_id[:8], str(part)]) == 0
    assert store.load(response_id, questionnaire).answers["q18"] == "Agency."
    assert main(["restore", response_id[:8], "2"]) == 0
    restored = store.load(response_id, questionnaire)
    assert restored.answers["q18"] == before
    assert not restored.collaboration.merged  # the merge itself is undone, so it can be merged again


def test_a_newer_revision_of_a_part_is_merged_an_older_refused(homes: Homes, capsys) -> None:
    questionnaire = builtin_questionnaire()
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    first = agency_part(homes, assignment, capsys, q18="First.")
    agency = homes.as_("agency")
    [draft] = agency.ids()
    assert main(["reopen", draft[:8]]) == 0
    edit(agency, draft, q18="Second.")
    assert main(["sign", draft[:8], *SIGNER, "--unsigned"]) == 0
    assert main(["export", draft[:8], "-o", str(homes.out)]) == 0
    second = homes.out / "MSQ2020_IRN_ministry-of-justice_part_r2.json"
    assert second.is_file()
    store = homes.as_("coordinator")
    assert main(["merge", response_id[:8], str(second)]) == 0
    assert main(["merge", response_id[:8], str(first)]) == 1
    assert "older than revision 2" in capsys.readouterr().err
    assert store.load(response_id, questionnaire).answers["q18"] == "Second."


def test_a_submission_without_agencies_digests_as_before(questionnaire) -> None:
    """No `contributors` key, no `collaboration` in the draft file: old files stay byte for byte."""
    from datetime import UTC, datetime

    from msq_tui.submission.signoff import Signer, sign_off

    signer = Signer("Amir Nazemi", "Head", "ITO", "amir@ito.gov.ir")
    moment = datetime(2019, 3, 27, 9, 0, tzinfo=UTC)
    response = sign_off(questionnaire, full_response(questionnaire), signer, publish=True, now=moment)
    document = submission_document(questionnaire, response)
    assert "contributors" not in document
    assert "collaboration" not in response.model_dump_json()
    # computed with main's code before agencies existed (commit 827b33f)
    assert digest(document) == "e9204bf8c4720cc42a58ffd13dd278e414bb65478b9f00d22c282b116fd00d60"


def test_an_assignment_file_from_elsewhere_is_checked(homes: Homes, capsys) -> None:
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    homes.as_("agency")
    document = json.loads(assignment.read_text())
    document["base"]["q17"] = {"not": "a text"}
    bad = homes.out / "bad_assignment.json"
    bad.write_text(json.dumps(sealed({k: v for k, v in document.items() if k != "integrity"})))
    assert main(["import", str(bad)]) == 1
    assert "does not fit" in capsys.readouterr().err
    bad.write_text('{"format": "msq-assignment", "format_version": 1, "a": ' * 3000)
    assert main(["import", str(bad)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_signed_part_is_checked_with_the_agencys_key(homes: Homes, capsys, monkeypatch) -> None:
    from msq_tui.submission import signing

    monkeypatch.setattr(signing, "SCRYPT_LOG2_N", 10)  # the same format, a fast test
    coordinator, response_id, assignment = coordinator_with_assignment(homes, capsys)
    passphrase = homes.tmp_path / "passphrase.txt"
    passphrase.write_text("correct horse battery staple\n")
    store = homes.as_("agency")
    assert main(["key", "new", "--passphrase-file", str(passphrase)]) == 0
    assert main(["key", "export", "-o", str(homes.tmp_path / "ict.pub")]) == 0
    assert main(["import", str(assignment)]) == 0
    [draft] = store.ids()
    edit(store, draft, q18="Signed agency answer.")
    assert main(["sign", draft[:8], *SIGNER, "--passphrase-file", str(passphrase)]) == 0
    assert main(["export", draft[:8], "-o", str(homes.out)]) == 0
    part = homes.out / "MSQ2020_IRN_ministry-of-justice_part_r1.json"
    assert Path(f"{part}.minisig").is_file()
    capsys.readouterr()
    homes.as_("coordinator")
    # the signature made over different bytes (the part edited and resealed) is refused
    tampered = homes.out / "tampered.json"
    document = json.loads(part.read_text())
    document["answers"]["q18"] = "Changed on the way."
    tampered.write_text(json.dumps(sealed({k: v for k, v in document.items() if k != "integrity"})))
    Path(f"{tampered}.minisig").write_bytes(Path(f"{part}.minisig").read_bytes())
    assert main(["merge", response_id[:8], str(tampered), "--key", str(homes.tmp_path / "ict.pub")]) == 1
    assert "signature" in capsys.readouterr().err
    assert main(["merge", response_id[:8], str(part), "--key", str(homes.tmp_path / "ict.pub")]) == 0
    assert "signed by key" in capsys.readouterr().out


def test_plain_mode_in_an_agency_draft_asks_only_the_assigned_questions(homes: Homes, capsys) -> None:
    import io
    import json

    from msq_tui.plain.mode import run_plain

    _, _, assignment = coordinator_with_assignment(homes, capsys)
    store = homes.as_("agency")
    assert main(["import", str(assignment)]) == 0
    [draft] = store.ids()
    questionnaire = builtin_questionnaire()
    assigned = json.loads(assignment.read_text())["questions"]
    first = next(question for question in questionnaire.questions() if question.id in assigned)
    out = io.StringIO()
    run_plain(
        store, questionnaire, open_id=draft, stdin=io.StringIO(":goto 6\n:goto II\n:quit\n"), stdout=out
    )
    said = out.getvalue()
    assert f"Question {first.number} (1 of {len(assigned)})" in said  # the first assigned, of those assigned
    assert "Question 6 is answered by the coordinator, " in said  # the words of model/assigned.py
    assert "Section II is answered by the coordinator, " in said
    assert "this draft answers questions 9 and 16–21 for Ministry of Justice." in said
    # Its progress counts its own questions, here and in `msq list`, not the whole form's.
    mine = [
        question for question in questionnaire.questions() if question.id in assigned and not question.part_of
    ]
    assert f"of {len(mine)} questions answered" in said
    capsys.readouterr()
    assert main(["list"]) == 0
    assert f"/{len(mine)} " in capsys.readouterr().out
