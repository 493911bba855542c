"""DPIDG's inbox for the collection tests, made with msq's own functions: a fully answered, signed-off
and signed submission for each of the 193 Member States, and the files that go wrong around them.

Built once per test session (about two seconds); the tests copy what they change.
"""

import json
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from msq_tui.collect.collector import collect
from msq_tui.model.countries import member_states
from msq_tui.model.definitions_check import builtin_questionnaire
from msq_tui.store.questionnaires import known_questionnaires
from msq_tui.submission.document import sealed, submission_document, to_json, to_toml
from msq_tui.submission.email_file import submission_email
from msq_tui.submission.export import export_stem
from msq_tui.submission.signed import trusted_comment
from msq_tui.submission.signing import SecretKey, generate_key, sign_bytes
from msq_tui.submission.signoff import Signer, reopen, sign_off
from msq_tui.submission.verify import read_submission

from .fixtures import full_response

SIGNED_AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
# Left out of the inbox, so the report has Member States that did not submit; the first of them
# sent only a file changed after export.
MISSING = ("BTN", "CPV", "FJI", "LSO", "TUV")
TAMPERED_ONLY = "BTN"
SECOND_REVISION = "ARG"
IN_THE_MAIL = "MEX"
AS_TOML = ("CHL", "DNK", "EGY", "FRA", "GHA")  # sent as TOML only
BOTH_FORMATS = ("IND", "JPN")  # sent as JSON and TOML (the same submission twice)


@dataclass
class Inbox:
    folder: Path
    keys: Path  # ISO3.pub for every Member State
    secret_keys: dict[str, SecretKey]
    documents: dict[str, dict]  # the current document of each country, by ISO3
    revision_one: dict  # SECOND_REVISION's first revision
    submitted: tuple[str, ...]  # ISO3 of the countries with a valid submission in the inbox
    refused: dict[str, str] = field(default_factory=dict)  # file name -> cause expected


def signed_document(questionnaire, iso3: str, when: datetime, publish: bool = True) -> dict:
    response = full_response(questionnaire, iso3)
    response = response.model_copy(update={"response_id": uuid.uuid5(uuid.NAMESPACE_URL, f"msq-test/{iso3}")})
    signer = Signer(
        f"Official of {iso3}",
        "Chief Information Officer",
        f"Ministry of ICT of {iso3}",
        f"cio@{iso3.lower()}.example.org",
    )
    return sealed(
        submission_document(questionnaire, sign_off(questionnaire, response, signer, publish, now=when))
    )


def write_signed(folder: Path, questionnaire, document: dict, key: SecretKey, fmt: str = "json") -> Path:
    """The file export writes (its name too), with its .minisig beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    data = to_json(document) if fmt == "json" else to_toml(document)
    stem = export_stem(questionnaire, read_submission(data, known_questionnaires()).response)
    path = folder / f"{stem}.{fmt}"
    path.write_bytes(data)
    untrusted = f"msq signature, key {key.public_key.key_id}"
    (folder / f"{path.name}.minisig").write_bytes(sign_bytes(key, data, trusted_comment(document), untrusted))
    return path


def build_inbox(root: Path) -> Inbox:
    questionnaire = builtin_questionnaire()
    folder, keys = root / "inbox", root / "keys"
    keys.mkdir(parents=True)
    secret_keys: dict[str, SecretKey] = {}
    documents: dict[str, dict] = {}
    for index, country in enumerate(member_states()):
        key = secret_keys[country.iso3] = generate_key()
        (keys / f"{country.iso3}.pub").write_text(key.public_key.file_text())
        documents[country.iso3] = signed_document(
            questionnaire, country.iso3, SIGNED_AT + timedelta(minutes=index), publish=index % 4 != 0
        )
        if country.iso3 in MISSING or country.iso3 == IN_THE_MAIL:
            continue
        region = (
            folder / country.region.replace(" ", "-") / country.subregion.replace(" ", "-")
        )  # folders in folders
        if country.iso3 in AS_TOML:
            write_signed(region, questionnaire, documents[country.iso3], key, "toml")
        else:
            write_signed(region, questionnaire, documents[country.iso3], key, "json")
        if country.iso3 in BOTH_FORMATS:
            write_signed(region, questionnaire, documents[country.iso3], key, "toml")
    inbox = Inbox(folder, keys, secret_keys, documents, {}, ())

    # A second revision, signed later, with one answer changed: it is the country's current one.
    inbox.revision_one = documents[SECOND_REVISION]
    first = read_submission(to_json(inbox.revision_one), known_questionnaires()).response
    second = reopen(first)
    second.answers = {**second.answers, "q10": "no"}  # q11 now hidden: the submission leaves it out
    second = sign_off(
        questionnaire,
        second,
        Signer("Second Official", "Minister", "Ministry of ICT", "minister@arg.example.org"),
        True,
        now=SIGNED_AT + timedelta(days=30),
    )
    documents[SECOND_REVISION] = sealed(submission_document(questionnaire, second))
    write_signed(folder / "later", questionnaire, documents[SECOND_REVISION], secret_keys[SECOND_REVISION])

    # The mail msq writes, as saved from a mail program: the JSON and the TOML, each with its signature.
    mail_document = documents[IN_THE_MAIL]
    files = {
        fmt: (
            f"MSQ2020_{IN_THE_MAIL}.{fmt}",
            to_json(mail_document) if fmt == "json" else to_toml(mail_document),
        )
        for fmt in ("json", "toml")
    }
    key = secret_keys[IN_THE_MAIL]
    signatures = {
        fmt: (
            f"{name}.minisig",
            sign_bytes(key, data, trusted_comment(mail_document), "msq signature"),
            key.public_key.key_id,
        )
        for fmt, (name, data) in files.items()
    }
    submission = read_submission(files["json"][1], known_questionnaires())
    mail = submission_email(submission, files, "dpidg@un.org", now=SIGNED_AT, signatures=signatures)
    (folder / "mail").mkdir()
    (folder / "mail" / "Mexico response.eml").write_bytes(mail)

    # What goes wrong: a file changed after export, a copy under another name, a JSON that is not
    # a submission, and a download cut short.
    wrong = folder / "downloads"
    wrong.mkdir()
    tampered = json.loads(to_json(documents[TAMPERED_ONLY]))
    tampered["answers"]["q6"] = "Changed after export."
    (wrong / "MSQ2020_BTN_tampered.json").write_text(json.dumps(tampered, indent=2))
    original = next(folder.rglob("MSQ2020_KEN_*.json"))
    shutil.copyfile(original, wrong / "copy of Kenya.json")
    (wrong / "package.json").write_text('{"name": "not-a-submission", "version": "1.0.0"}')
    half = to_json(documents["ZWE"])
    (wrong / "MSQ2020_ZWE_partial.json").write_bytes(half[: len(half) // 2])
    (wrong / "notes.txt").write_text("not read: only .json, .toml and .eml files are")
    inbox.refused = {
        "MSQ2020_BTN_tampered.json": "changed",
        "copy of Kenya.json": "duplicate",
        "package.json": "not-submission",
        "MSQ2020_ZWE_partial.json": "damaged",
    }
    inbox.submitted = tuple(country.iso3 for country in member_states() if country.iso3 not in MISSING)
    return inbox


# Both test modules import these fixtures; built once per session whichever asks first.
_built: dict[str, object] = {}


@pytest.fixture(scope="session")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Inbox:
    if "inbox" not in _built:
        _built["inbox"] = build_inbox(tmp_path_factory.mktemp("collect"))
    return _built["inbox"]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def collected(inbox: Inbox, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inbox collected once (without keys), into a database the tests only read."""
    if "collected" not in _built:
        database = tmp_path_factory.mktemp("collected") / "msq2020.sqlite"
        collect([inbox.folder], database, known_questionnaires())
        _built["collected"] = database
    return _built["collected"]  # type: ignore[return-value]
