import subprocess
import sys

from pathsum.cli import main


def test_demo_prints_the_seed_examples(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "∂e/∂c = d  = 2" in out
    assert "b → c → e  1 · d   1 · 2    2" in out
    assert "reverse  5      1  5  each of the 5 edges that reach e once" in out
    assert "∂Z/∂X = 36, a sum over 9 paths from X to Z" in out
    assert "factored, as reverse accumulation builds it: (α + β + γ)·(δ + ε + ζ)" in out


def test_demo_runs_as_the_installed_command():
    result = subprocess.run(
        [sys.executable, "-m", "pathsum.cli", "demo"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "∂e/∂b = 5, a sum over 2 paths from b to e" in result.stdout


def test_unknown_subcommand_exits_2(capsys):
    try:
        main(["frobnicate"])
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("argparse accepted an unknown command")
    assert "invalid choice" in capsys.readouterr().err


def test_demo_stops_quietly_when_the_reader_goes_away():
    result = subprocess.run(
        f"'{sys.executable}' -m pathsum.cli demo | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("1. e = (a + b)")
    assert result.stderr == ""
