"""Drafts on disk: the store, locks and history, autosave, the open session, emergency copies and crash reports."""
