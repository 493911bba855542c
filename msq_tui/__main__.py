"""`python -m msq_tui`, the same as the `msq` command."""

from msq_tui.cli import run

if __name__ == "__main__":
    run()
