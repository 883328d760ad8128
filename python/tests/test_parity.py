"""The same dict as the CLI's JSON record, on the seed article, the clean
fixtures' articles, the HTML fixture pages and the hostile regression inputs:
one `analyze` per path, `analyze_many` over them all, and `str` input."""

import json
import shutil
import tomllib

import vnanalyze
from conftest import ROOT, SEED


def inputs(tmp_path):
    """The seed, each clean fixture's article as a file, the HTML pages and
    the regression inputs, copied under tmp_path (short, stable paths)."""
    paths = []
    d = tmp_path / "in"
    d.mkdir()
    paths.append(shutil.copy(SEED, d / SEED.name))
    for f in sorted((ROOT / "fixtures" / "clean").glob("*.toml")):
        case = tomllib.loads(f.read_text(encoding="utf-8"))
        p = d / (f.stem + ".txt")
        p.write_text(case["input"], encoding="utf-8", newline="")
        paths.append(p)
    for pattern in ("fixtures/html/*.html", "fixtures/regressions/*.bin"):
        for f in sorted(ROOT.glob(pattern)):
            paths.append(shutil.copy(f, d / f.name))
    return [type(SEED)(p) for p in paths]


def test_records_equal_the_cli_records(tmp_path, cli):
    paths = inputs(tmp_path)
    assert len(paths) > 20
    code, lines = cli(*paths)
    cli_records = [json.loads(line) for line in lines]
    assert len(cli_records) == len(paths)
    assert code == 1  # some regression inputs are errors: binary, ...
    assert any("error" in r for r in cli_records)

    many = list(vnanalyze.analyze_many(paths, threads=2))
    assert many == cli_records

    for p, want in zip(paths, cli_records):
        try:
            got = vnanalyze.analyze(p)
        except vnanalyze.AnalyzeError as e:
            assert "error" in want and e.kind == want["error"]["kind"]
            got = e.record
        assert got == want, p.name


def test_str_input_equals_the_cli_record_but_for_the_path(tmp_path, cli):
    paths = [p for p in inputs(tmp_path) if p.suffix == ".txt"]
    _, lines = cli(*paths)
    for p, line in zip(paths, lines):
        want = json.loads(line)
        want["source"]["path"] = None
        text = p.read_bytes().decode("utf-8")
        assert vnanalyze.analyze(text) == want, p.name


def test_options_match_the_cli(tmp_path, cli):
    _, lines = cli("--date", "2020-10-12", "--tone", "new", "--tokens", SEED)
    want = json.loads(lines[0])
    assert vnanalyze.analyze(SEED, date="2020-10-12", tone="new", tokens=True) == want
    _, lines = cli("extract", SEED)
    assert vnanalyze.analyze(SEED, stage="extract") == json.loads(lines[0])


def test_the_issue_command_on_the_seed(cli):
    # The done-when command's expression: the seed's first reference is
    # "Chương trình hành động 135", which has no code (None), as in the CLI.
    rec = vnanalyze.analyze(open(SEED, encoding="utf-8").read())
    _, lines = cli(SEED)
    first = json.loads(lines[0])["doc_refs"][0]
    assert rec["doc_refs"][0] == first
    assert (first["text"], first["code"]) == ("Chương trình hành động 135", None)
    assert [r["code"] for r in rec["doc_refs"]][3:5] == ["05-CT/TW", "37-NQ/TU"]
