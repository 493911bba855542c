"""The benchmark script keeps working: every key present and positive. No timing is asserted."""

import json
import subprocess
import sys

from .conftest import REPOSITORY

KEYS = {"startup_ratio", "section_switch_ms", "keystroke_ratio", "paste_100kb_ms", "autosave_ms_p99", "ui_block_ms_max", "export_verify_ms", "rss_ratio"}


def test_benchmark_script_quick_run_reports_every_key(isolated_home) -> None:
    result = subprocess.run(
        [sys.executable, str(REPOSITORY / "benchmarks" / "run.py"), "--quick", "--json"],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert KEYS <= set(figures)
    for key in KEYS:
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
