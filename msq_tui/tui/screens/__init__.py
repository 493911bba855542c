"""The screens of the terminal application: start, questionnaire, review, and the dialogs."""
