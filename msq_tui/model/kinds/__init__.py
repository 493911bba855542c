"""The question kinds, each in one module, and the registry everything else asks.

A kind's module (`urls`, `text`, `yes_no`, `checklist`, `contact`, `choice`) holds its definition
model (a `base.Question` with a literal `kind`), its answer model, and a `KIND`: a `base.Kind` that
says, for that kind alone, what counts as an answer (`is_empty`), what a submission holds of it
(`visible`, `left_out`, `dump(..., submitted=True)`), what is wrong with it (`problems`, as
structured `model.problems.Problem`s), how it reads (`text_lines`, `markdown`, `html`), how it
fits another edition (`fit`), what skip logic it answers (`condition_tests`, `meets`) and what a
definitions file can get wrong in it (`definition_problems`, `word_limits`).

Validation, the submission, render, verify, the schema, fitting, the definitions check, plain
mode and the TUI's choice of widget all ask `kind_of(question)` (or `KINDS[name]`); none of them
names a kind. The definitions file's union of question models is built from this registry.

Adding a kind: write `model/kinds/<name>.py` (its `KIND`), add it to `_MODULES` below, and give it
a widget, `tui/widgets/<name>.py`, named in `tui/widgets/__init__.py`; `choice` was added so.

Comparing and merging (for assignments to agencies, issue 14), on answers as their kind's model
(`KIND.read(stored_value)`) or None for no answer:

- ``kind.same_answer(a, b) -> bool``: whether two answers say the same; None and every empty form
  of the kind (a blank text, a list of empty entries, nothing checked) are alike.
- ``kind.merge(base, ours, theirs) -> Merged | Conflict``: the three-way rule. Only one side
  changed it from ``base``: that side (`Merged(answer)`, ``answer`` None for "no answer"); both
  changed it alike: it; both changed it differently: `Conflict(base, ours, theirs)`, keeping both.
  A kind may settle more: a contact card merges field by field.
"""

from importlib import import_module
from typing import Annotated, Any, Union

from pydantic import Field

from msq_tui.model.kinds.base import Conflict, Kind, Merged, Question

__all__ = ["KINDS", "Conflict", "Merged", "kind_of", "question_union", "register"]

# The kinds in the order their names are listed to people ("use one of urls, text, ...").
_MODULES = ("urls", "text", "yes_no", "checklist", "contact", "choice")

KINDS: dict[str, Kind[Any, Any]] = {
    kind.name: kind for kind in (import_module(f"{__name__}.{module}").KIND for module in _MODULES)
}


def register(kind: Kind[Any, Any]) -> None:
    """Add a kind (as tests do); `question_union` made afterwards includes it."""
    KINDS[kind.name] = kind


def kind_of(question: Question) -> Kind[Any, Any]:
    """The rules of ``question``'s kind."""
    return KINDS[question.kind]


def question_union() -> Any:
    """The pydantic type of "a question of any kind", told apart by its `kind`."""
    models = tuple(kind.question_model for kind in KINDS.values())
    return Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007 (a union of a tuple)
