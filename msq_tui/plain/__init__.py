"""The line-by-line mode for screen readers and pipes: prompts over the same session and validation as the TUI."""
