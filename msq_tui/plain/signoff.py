"""`:sign` and `:export` in plain mode: the signer's details asked line by line, the key's passphrase, the files."""

from collections.abc import Callable

from msq_tui.model.answers import Response
from msq_tui.model.validation import carried_problems, errors, validate_response
from msq_tui.plain.console import PlainConsole


class SignOffCommands(PlainConsole):
    """Signing the response off and writing its submission files."""

    def sign(self) -> None:
        from msq_tui.submission.signoff import Signer, sign_off, signer_from_contact

        response = self.session.response
        if self.session.read_only:
            self.say("This draft is open read-only: it cannot be signed off here.")
            return
        if response.is_signed:
            self.say(f"Revision {response.revision} is signed off already. :export writes its files.")
            return
        found = errors(validate_response(self.questionnaire, response))
        if found:
            self.say(
                f"Sign-off is blocked by {len(found)} error{'s' if len(found) != 1 else ''}; fix them first:"
            )
            self.say(*(f"  {problem.message}" for problem in found))
            return
        carried = carried_problems(self.questionnaire, response)
        if carried:  # a warning, not a block
            self.say(
                f"Warning: {len(carried)} answer{'s' if len(carried) != 1 else ''} carried from {response.carried_from}"
                f" {'are' if len(carried) != 1 else 'is'} not yet reviewed (:review lists them); signing off sends them as they are."
            )
        contact = signer_from_contact(self.questionnaire, response)
        self.say(
            "Sign-off: the signer's details (an empty line takes the value in brackets, from the contact card)."
        )
        values = []
        for label, default in (
            ("Name", contact.name),
            ("Title", contact.title),
            ("Organization", contact.organization),
            ("E-mail", contact.email),
        ):
            self.say(f"{label}{f' [{default}]' if default else ''}:")
            line = self.read().strip()
            values.append(line or default)
        signer = Signer(*values)
        if (
            self.assigned is not None
        ):  # an agency's part: no authorisation to publish, the national sign-off's
            self._sign_part(signer)
            return
        self.say("I/We hereby authorize UNDESA to publish my/our responses as deemed necessary: y or n?")
        answer = self.read().strip().lower()
        if answer not in ("y", "yes", "n", "no"):
            self.say(
                "Not signed off: type y or n for the authorisation to publish. Type :sign to start again."
            )
            return
        publish = answer.startswith("y")
        signed, key_note = self._signed(
            lambda: sign_off(self.questionnaire, response, signer, publish=publish)
        )
        if signed is None:
            return
        self.say(
            f"Signed off revision {signed.revision} as {signer.name}, {signer.title}. The response is now read-only.",
            key_note,
            "Next: :export",
        )

    def _sign_part(self, signer) -> None:
        """An agency's part signed off as `msq sign` does it (agencies/part.py), then `:export` writes it."""
        from msq_tui.agencies.part import answering, sign_part

        signed, key_note = self._signed(lambda: sign_part(self.questionnaire, self.session.response, signer))
        if signed is None:
            return
        assignment = answering(signed)
        self.say(
            f"Signed off revision {signed.revision} of {assignment.agency}'s part as {signer.name}, {signer.title}."
            " It is now read-only.",
            key_note,
            f"Next: :export, then send the part file to {assignment.coordinator}.",
        )

    def _signed(self, sign: Callable[[], Response]) -> tuple[Response | None, str]:
        """The response signed off by ``sign`` (a national response's or a part's), its files signed
        with the signer's key and the draft saved; (None, "") after saying why not."""
        from msq_tui.submission.signoff import SignOffBlocked

        response = self.session.response
        try:
            signed = sign()
        except SignOffBlocked as blocked:
            self.say(
                str(blocked).split("\n", 1)[0], *(f"  {problem.message}" for problem in blocked.problems)
            )
            return None, ""
        except ValueError as error:
            self.say(f"Not signed off: {error}. Type :sign to start again.")
            return None, ""
        key_note = self._sign_files(signed)
        if key_note is None:
            return None, ""
        state = self.session.replace_response(signed)
        if state.kind == "failed":
            self.session.replace_response(response)
            self.say(f"Not signed off: the draft could not be saved ({state.reason}).")
            return None, ""
        return signed, key_note

    def _sign_files(self, signed) -> str | None:
        """Sign the files export will write with the signer's key, if there is one; what to tell, or None when it failed."""
        from msq_tui.store.keys import KeyStore
        from msq_tui.submission.document import sealed, submission_document
        from msq_tui.submission.signed import sign_submission
        from msq_tui.submission.signing import SigningError

        keys = KeyStore()
        if not keys.has_key():
            return "Not signed with a key (you have none: `msq key new` makes one): the files will carry no signature, only their fingerprint."
        try:
            locked = keys.locked_key()
            passphrase = None
            if locked.encrypted:
                self.say(
                    f"Passphrase of the signing key (key id {keys.public_key().key_id}) on the next line:"
                )
                if self.stdin.isatty():
                    import getpass

                    passphrase = getpass.getpass("")
                else:
                    passphrase = self.read()
            key = keys.unlock(passphrase)
            if self.assigned is not None:  # an agency's part: its own files, as `msq sign` signs them
                from msq_tui.agencies.part import part_document, sign_part_files

                key_id = sign_part_files(part_document(self.questionnaire, signed), key)
            else:
                key_id = sign_submission(sealed(submission_document(self.questionnaire, signed)), key, keys)
        except (SigningError, OSError) as error:
            self.say(f"Not signed off: {getattr(error, 'strerror', None) or error}")
            return None
        return f"Signed with key {key_id}: export writes a signature (FILE.minisig) beside each file."

    def export(self) -> None:
        from msq_tui.store.keys import KeyStore
        from msq_tui.submission.document import grouped, submission_fingerprint
        from msq_tui.submission.export import ExportRefused, default_export_folder, export

        response = self.session.response
        if not response.is_signed:
            self.say("Not exported: only a signed-off response is exported. :review, then :sign, first.")
            return
        folder = default_export_folder()
        if self.assigned is not None:  # an agency's part: the part files, for the coordinator
            self._export_part(folder)
            return
        try:
            paths = export(self.questionnaire, response, folder, keys=KeyStore())
        except ExportRefused as refused:
            self.say(*str(refused).split("\n"))
            return
        except OSError as error:
            self.say(f"Could not write to {folder}: {error.strerror or error}")
            return
        fingerprint = submission_fingerprint(self.questionnaire, response)
        self.say(
            *(f"Wrote {path}" for path in paths),
            f"Fingerprint: {grouped(fingerprint)}",
            f"Next, after :quit: msq email {paths[0]}",
        )

    def _export_part(self, folder) -> None:
        from msq_tui.agencies.part import PartRefused, answering, export_part

        response = self.session.response
        try:
            paths = export_part(self.questionnaire, response, folder)
        except PartRefused as refused:
            self.say(f"Not exported: {refused}")
            return
        except OSError as error:
            self.say(f"Could not write to {folder}: {error.strerror or error}")
            return
        self.say(
            *(f"Wrote {path}" for path in paths),
            f"Send {paths[0].name} to {answering(response).coordinator}; to change it later, `msq reopen` makes the next revision.",
        )
