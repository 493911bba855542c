"""The e-mail to DPIDG as a standard .eml file (RFC 5322), with the JSON and TOML attached.

msq sends nothing: the official opens the file in Outlook, Thunderbird or Apple Mail (it opens
as a message ready to send, marked X-Unsent) and sends it from their own account.
"""

import email.policy
import email.utils
from datetime import UTC, datetime
from email.message import EmailMessage

from msq_tui.model.submitted import describe_progress, progress
from msq_tui.submission.document import grouped
from msq_tui.submission.signoff import one_line
from msq_tui.submission.verify import Submission


def submission_email(
    submission: Submission,
    files: dict[str, tuple[str, bytes]],
    to_address: str,
    now: datetime | None = None,
    *,
    signatures: dict[str, tuple[str, bytes, str]],
) -> bytes:
    """The message as bytes; ``files`` maps "json"/"toml" to (file name, content), ``signatures``
    maps them to their .minisig (file name, content, key id: see `signed.signatures_to_attach`);
    without any, the message says the files are unsigned."""
    document = submission.document
    signoff = document.get("signoff") or {}
    country = document["country"]["name"]
    short_title = submission.questionnaire.questionnaire.short_title
    message = EmailMessage(policy=email.policy.SMTP)
    message["To"] = to_address
    sender = (signoff.get("email") or "").replace(",", ";").split(";")[0].strip()
    if sender and one_line(sender) == sender:  # a line break in a header would end it: no From then
        message["From"] = email.utils.formataddr((one_line(signoff.get("name", "")), sender))
    message["Subject"] = f"{short_title} response - {country}"
    message["Date"] = email.utils.format_datetime(now or datetime.now(UTC))
    message["Message-ID"] = email.utils.make_msgid(domain="msq-tui.invalid")
    message["X-Unsent"] = "1"  # Outlook opens it as a draft to send
    signed = ""
    if signoff:
        signed = (
            f", signed off by {signoff['name']}, {signoff['title']}, {signoff['organization']},"
            f" on {signoff['signed_at'].replace('T', ' ').replace('Z', ' UTC')}"
        )
    body = (
        "Dear colleagues of the Division of Public Institutions and Digital Government,\n\n"
        f"Please find attached the response of {country} to the {submission.questionnaire.title},"
        f" revision {document['revision']}{signed}.\n"
        f"It has {describe_progress(*progress(submission.questionnaire, submission.response))}.\n\n"
        "The two attached files hold the same content, as JSON and as TOML. Its fingerprint (SHA-256) is:\n\n"
        f"    {submission.fingerprint}\n"
        f"    {grouped(submission.fingerprint)}\n\n"
        "This fingerprint, written in this same message, proves nothing on its own: anyone who changes the files"
        " can change it too. It shows the files are unchanged only when it equals the one we read to you"
        " or send you another way.\n\n"
        f"{_signature_paragraph(signatures)}\n\n"
        "Kind regards,\n"
        f"{signoff.get('name', '')}\n"
    )
    message.set_content(body)
    for fmt in ("json", "toml"):
        if fmt in files:
            name, content = files[fmt]
            message.add_attachment(content, maintype="application", subtype=fmt, filename=name)
        if signatures and fmt in signatures:
            name, content, _ = signatures[fmt]
            message.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes()


def _signature_paragraph(signatures: dict[str, tuple[str, bytes, str]]) -> str:
    if not signatures:
        return (
            "These files are NOT signed: nothing in them shows who made them. Please confirm the fingerprint"
            " with us by telephone or by letter. `msq verify FILE` checks that a file matches its fingerprint."
        )
    key_ids = ", ".join(sorted({key_id for _, _, key_id in signatures.values()}))
    return (
        f"Each file is signed (the attached .minisig files, minisign's format) with our key {key_ids}."
        " Please check the signatures with the public key we gave you before, never with a key sent"
        " in this message: `msq verify FILE --key OUR_KEY.pub`, or `minisign -Vm FILE -p OUR_KEY.pub`."
        " A valid signature shows the files come from the holder of that key and were not changed since."
    )
