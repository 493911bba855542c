"""msq-tui: answer the UN E-Government Survey's Member States Questionnaire in a terminal.

The package's top level is the core (definitions, answers, validation, drafts, rendering), which
never imports Textual; the terminal application lives in `msq_tui.tui`.
"""

__version__ = "0.1.0"
