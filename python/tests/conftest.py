"""Shared helpers: the repository root and the `analyze` binary the parity
tests compare with (VNANALYZE_BIN, else target/release or target/debug).
A missing binary fails the tests that need it: they never skip."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_3b1f77d61af83a32.txt"


def analyze_bin() -> Path:
    env = os.environ.get("VNANALYZE_BIN")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        p = target / profile / "analyze"
        if p.exists():
            return p
    pytest.fail(
        "no `analyze` binary: build it (cargo build --release) or set VNANALYZE_BIN"
    )


@pytest.fixture(scope="session")
def cli():
    """Runs the CLI with arguments; returns (exit code, stdout lines)."""
    binary = analyze_bin()

    def run(*args):
        p = subprocess.run(
            [str(binary), *map(str, args), "--jsonl", "--quiet"],
            capture_output=True,
            check=False,
        )
        assert p.returncode in (0, 1), p.stderr.decode("utf-8", "replace")
        return p.returncode, p.stdout.decode("utf-8").splitlines()

    return run
