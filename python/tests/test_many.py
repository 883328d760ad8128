"""vnanalyze.analyze_many: one record per input, in input order, error
records for bad inputs, on folders shaped like bench-news (many short
articles) written for these tests."""

import itertools

import pytest

import vnanalyze

TEMPLATES = [
    "Ngày {d}/{m}/2023, Tỉnh ủy ban hành Nghị quyết số {n}-NQ/TU về phát triển kinh tế.",
    "Năm 2022, huyện trồng được {n} nghìn cây xanh, đạt {d},5% kế hoạch.",
    "Chủ tịch UBND tỉnh chỉ đạo thực hiện Quyết định số {n}/QĐ-UBND ngày {d}/{m}/2024.",
    "Bộ Chính trị ban hành Chỉ thị số {n}-CT/TW về công tác cán bộ.",
]


def article(i):
    """A short article whose first document number is `i + 1`."""
    t = TEMPLATES[i % len(TEMPLATES)]
    return t.format(n=i + 1, d=i % 28 + 1, m=i % 12 + 1) + "\n"


def first_number(rec):
    for r in rec["doc_refs"]:
        return int(r["number"])
    for f in rec["figures"]:
        return int(f["value"]) // 1000
    return None


def test_order_and_completeness_over_a_folder(tmp_path):
    n = 300
    for i in range(n):
        (tmp_path / f"news_{i:04d}.txt").write_text(article(i), encoding="utf-8")
    (tmp_path / "news_0100.txt").write_bytes(b"")  # one empty file among them
    paths = sorted(tmp_path.glob("*.txt"))
    records = list(vnanalyze.analyze_many(paths, threads=2, window=5))
    assert len(records) == n
    assert [r["source"]["path"] for r in records] == [str(p) for p in paths]
    assert records[100]["error"]["kind"] == "empty"
    for i, rec in enumerate(records):
        if i != 100:
            assert first_number(rec) == i + 1, (i, rec["source"])
    # The same records as one analyze() per input.
    for i in (0, 1, 2, 3, 299):
        assert records[i] == vnanalyze.analyze(paths[i])


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_the_same_records_whatever_the_threads(threads):
    texts = [article(i) for i in range(60)]
    one = list(vnanalyze.analyze_many(texts, threads=1))
    assert list(vnanalyze.analyze_many(texts, threads=threads)) == one
    assert one == [vnanalyze.analyze(t) for t in texts]


def test_a_lazy_iterable_is_read_as_needed():
    pulled = []

    def gen():
        for i in itertools.count():
            pulled.append(i)
            yield article(i)

    it = vnanalyze.analyze_many(gen(), threads=2, window=4)
    first = [next(it) for _ in range(10)]
    assert [first_number(r) for r in first] == list(range(1, 11))
    # At most `window` inputs beyond what was yielded are read.
    assert len(pulled) <= 10 + 4


def test_bad_items_are_error_records_and_the_batch_goes_on():
    items = ["Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.", 42, None, b"\x00\x00abc\x00", "  ", "x\ud800", "Chỉ thị số 05-CT/TW.".encode("utf-8")]
    kinds = [r.get("error", {}).get("kind") for r in vnanalyze.analyze_many(items)]
    assert kinds == [None, "bad_record", "bad_record", "binary", "empty", "undecodable", None]
    rec = list(vnanalyze.analyze_many([42]))[0]
    assert rec == {
        "source": {"path": None, "bytes": None},
        "error": {"kind": "bad_record", "message": "bad input record: expected str, bytes or a path, got int"},
    }


def test_an_exception_of_the_iterable_stops_the_batch():
    def gen():
        yield "Tỉnh ủy họp."
        raise KeyError("source failed")

    it = vnanalyze.analyze_many(gen())
    with pytest.raises(KeyError):
        list(it)
    assert list(it) == []


def test_empty_input_and_early_stop():
    assert list(vnanalyze.analyze_many([])) == []
    it = vnanalyze.analyze_many((article(i) for i in range(1000)), threads=2)
    assert first_number(next(it)) == 1
    del it  # dropping a running batch lets the workers go


def test_options_apply_to_every_input():
    texts = ["Hôm qua, Tỉnh ủy họp.", "Năm ngoái, tỉnh tăng trưởng 5%."]
    recs = list(vnanalyze.analyze_many(texts, date="2024-02-21", stage="extract"))
    assert [r["dates"][0]["value"] for r in recs] == ["2024-02-20", "2023"]
    assert all(r["summary"]["sentences"] == [] for r in recs)
    with pytest.raises(ValueError):
        vnanalyze.analyze_many(texts, threads=0)
    with pytest.raises(ValueError):
        vnanalyze.analyze_many(texts, tone="x")
