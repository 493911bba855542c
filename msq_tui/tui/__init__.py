"""The terminal application: screens and one widget per question kind, on top of the core."""
