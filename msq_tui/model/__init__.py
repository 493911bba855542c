"""The questionnaire and its answers: definitions and their check, answers, validation, words, URLs, countries."""
