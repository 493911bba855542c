"""The mark beside a section, in the section index and on the review screen: one rule for both."""

ERRORS_MARK = "✗"
CARRIED_MARK = "↺"
COMPLETE_MARK = "✓"
NO_MARK = " "


def section_mark(has_errors: bool, answered: int, asked: int, has_carried: bool = False) -> str:
    """✗ while an error stands in the section; ↺ while an answer carried from an earlier edition waits
    to be reviewed; ✓ once every question that applies is answered; else a space."""
    if has_errors:
        return ERRORS_MARK
    if has_carried:
        return CARRIED_MARK
    if answered == asked:
        return COMPLETE_MARK
    return NO_MARK
