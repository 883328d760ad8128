"""examples/python/most_cited.py runs on a folder and finds the documents
most cited."""

import subprocess
import sys

from conftest import ROOT

ARTICLES = [
    "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU về phát triển du lịch.\n",
    "Thực hiện Nghị quyết số 37-NQ/TU và Chỉ thị số 05-CT/TW của Bộ Chính trị.\n",
    "Các huyện quán triệt Nghị quyết số 37-NQ/TU; Nghị quyết số 37-NQ/TU được triển khai rộng.\n",
    "Quyết định số 123/QĐ-UBND ngày 3/4/2023 của UBND tỉnh.\n",
]


def test_most_cited_example(tmp_path):
    for i, text in enumerate(ARTICLES):
        (tmp_path / f"a{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "most_cited.py"), str(tmp_path), "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "5 articles, 1 failed, 6 document references"
    # Header, then the top three: 37-NQ/TU in 3 articles (4 mentions) first.
    top = [line.split()[0] for line in lines[2:5]]
    assert top[0] == "37-NQ/TU"
    assert lines[2].split()[1:3] == ["3", "4"]
    assert set(top[1:]) == {"05-CT/TW", "123/QĐ-UBND"}
