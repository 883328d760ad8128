"""vnanalyze.analyze: values, spans in Python str indices, options, input
types and the error classes, on texts written for these tests."""

import datetime
import pathlib

import pytest

import vnanalyze

TEXT = (
    "Ngày 5/3/2021, Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU về phát triển du lịch.\n"
    "Năm 2023, toàn tỉnh trồng được 6,61 triệu cây xanh, đạt 7,24% kế hoạch.\n"
    "Chủ tịch UBND tỉnh Trần Văn Bình chỉ đạo thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.\n"
)

LISTS = ("dates", "figures", "doc_refs", "entities")


def spans_hold(text, rec):
    for name in LISTS + ("removed",):
        for item in rec[name]:
            s, e = item["span"]
            assert text[s:e] == item["text"], (name, item)
    for sent in rec["summary"]["sentences"]:
        s, e = sent["span"]
        assert text[s:e] == sent["text"]


def test_values_of_a_short_article():
    rec = vnanalyze.analyze(TEXT)
    assert rec["schema_version"] == 2
    assert rec["source"] == {
        "path": None,
        "bytes": len(TEXT.encode("utf-8")),
        "chars": len(TEXT),
        "encoding": "utf-8",
        "tone": "old",
        "format": "text",
    }
    refs = [(r["text"], r["code"], r["issuer"], r["date"], r["system"]) for r in rec["doc_refs"]]
    assert refs == [
        ("Nghị quyết số 37-NQ/TU", "37-NQ/TU", "Tỉnh ủy", "2021-03-05", "party"),
        ("Chỉ thị số 05-CT/TW", "05-CT/TW", "Bộ Chính trị", None, "party"),
    ]
    figures = [(f["text"], f["kind"], f["value"], f["unit"]) for f in rec["figures"]]
    assert ("6,61 triệu cây xanh", "count", 6610000, "cây xanh") in figures
    assert ("7,24%", "percent", 7.24, "%") in figures
    assert [(d["text"], d["value"]) for d in rec["dates"]][:2] == [
        ("Ngày 5/3/2021", "2021-03-05"),
        ("Năm 2023", "2023"),
    ]
    people = [e for e in rec["entities"] if e["kind"] == "person"]
    assert people[0]["name"] == "Trần Văn Bình"
    assert people[0]["title"] == "Chủ tịch UBND tỉnh"
    spans_hold(TEXT, rec)


def test_figure_values_are_exact_python_numbers():
    rec = vnanalyze.analyze("Tổng vốn đầu tư đạt 45.799 tỷ đồng, tăng 0,5 điểm phần trăm.")
    money = rec["figures"][0]
    assert money["value"] == 45_799_000_000_000 and isinstance(money["value"], int)
    assert money["unit"] == "VND"


def test_spans_index_the_python_str_astral_nfd_and_crlf():
    # An emoji (one code point, two UTF-16 units, four UTF-8 bytes), a
    # decomposed (NFD) name and CRLF line ends before the items: spans are
    # code points of the str as given, so slicing still gives the text.
    import unicodedata

    head = "🇻🇳 Tin mới 😀\r\n"
    body = unicodedata.normalize("NFD", "Thường trực Tỉnh ủy Yên Bái") + " quán triệt Quy định số 144-QĐ/TW ngày 9/5/2024.\r\n"
    text = head + body
    rec = vnanalyze.analyze(text)
    assert rec["source"]["chars"] == len(text)
    ref = rec["doc_refs"][0]
    assert ref["code"] == "144-QĐ/TW"
    s, e = ref["span"]
    assert text[s:e] == "Quy định số 144-QĐ/TW"
    names = [e["name"] for e in rec["entities"]]
    assert "Yên Bái" in " ".join(names)  # the canonical name is NFC
    spans_hold(text, rec)


def test_a_str_with_a_leading_byte_order_mark_keeps_its_indices():
    text = "\ufeffTỉnh ủy ban hành Nghị quyết số 37-NQ/TU."
    rec = vnanalyze.analyze(text)
    s, e = rec["doc_refs"][0]["span"]
    assert text[s:e] == "Nghị quyết số 37-NQ/TU"
    assert rec["source"]["bytes"] == len(text.encode("utf-8"))


def test_bytes_are_decoded_like_files_and_spans_index_the_decoded_text():
    raw = "\ufeffTỉnh ủy ban hành Nghị quyết số 37-NQ/TU.".encode("utf-8")
    rec = vnanalyze.analyze(raw)
    text = raw.decode("utf-8-sig")
    s, e = rec["doc_refs"][0]["span"]
    assert text[s:e] == "Nghị quyết số 37-NQ/TU"
    assert rec["source"]["bytes"] == len(raw)
    # UTF-16 with its byte order mark; spans index the decoded text.
    text = "Quốc hội thông qua Luật Đất đai số 31/2024/QH15 ngày 18/1/2024."
    raw = text.encode("utf-16")
    rec = vnanalyze.analyze(raw)
    assert rec["source"]["encoding"] == "utf-16le"
    ref = rec["doc_refs"][0]
    assert (ref["code"], ref["name"], ref["date"]) == ("31/2024/QH15", "Đất đai", "2024-01-18")
    s, e = ref["span"]
    assert raw.decode("utf-16")[s:e] == ref["text"] == "Luật Đất đai số 31/2024/QH15"
    assert vnanalyze.analyze(bytearray(raw)) == rec
    assert vnanalyze.analyze(memoryview(raw)) == rec


def test_a_path_is_read_and_named_in_the_record(tmp_path):
    p = tmp_path / "bai.txt"
    p.write_text("Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.\n", encoding="utf-8")
    rec = vnanalyze.analyze(p)
    assert rec["source"]["path"] == str(p)
    assert rec["doc_refs"][0]["code"] == "37-NQ/TU"


def test_options_date_tone_stage_tokens():
    text = "Hôm qua, Ủy ban nhân dân tỉnh họp bàn về hòa giải. Năm ngoái tỉnh đạt 5% tăng trưởng."
    rec = vnanalyze.analyze(text, date="2024-02-21")
    assert rec["meta"]["published"] == "2024-02-21"
    assert rec["meta"]["published_from"] == "input"
    assert [(d["text"], d["value"], d["relative"]) for d in rec["dates"]] == [
        ("Hôm qua", "2024-02-20", True),
        ("Năm ngoái", "2023", True),
    ]
    assert vnanalyze.analyze(text, date=datetime.date(2024, 2, 21)) == rec
    assert vnanalyze.analyze(text, date=datetime.datetime(2024, 2, 21, 9, 30))["meta"]["published"] == "2024-02-21T09:30:00"
    # Without a date the relative dates are left out, with a warning.
    bare = vnanalyze.analyze(text)
    assert bare["dates"] == [] and bare["warnings"]

    new = vnanalyze.analyze(text, tone="new")
    assert any(e["name"] == "Uỷ ban nhân dân tỉnh" for e in new["entities"])
    old = vnanalyze.analyze(text, tone="old")
    assert any(e["name"] == "Ủy ban nhân dân tỉnh" for e in old["entities"])

    norm = vnanalyze.analyze(text, stage="normalize")
    assert norm["dates"] == [] and norm["stats"]["sentences"] == 0
    tok = vnanalyze.analyze(text, stage="tokenize")
    assert tok["sentences"][0]["words"] == [
        "Hôm_qua", ",", "Ủy_ban", "nhân_dân", "tỉnh", "họp", "bàn", "về", "hòa_giải", ".",
    ]
    ext = vnanalyze.analyze(text, stage="extract", date="2024-02-21")
    assert ext["dates"] == rec["dates"] and ext["summary"]["sentences"] == []
    assert "sentences" not in rec  # only with tokens=True, as in the CLI
    assert vnanalyze.analyze(text, tokens=True)["sentences"][1]["text"].startswith("Năm ngoái")


def test_html_is_recognised_or_forced():
    page = (
        "<!DOCTYPE html><html><head><title>Tỉnh ủy họp</title></head><body>"
        "<article><h1>Tỉnh ủy họp phiên thường kỳ</h1>"
        "<p>Sáng nay, Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU về phát triển du lịch, "
        "giao các sở, ngành triển khai thực hiện trong năm 2024.</p>"
        "<p>Hội nghị cũng thống nhất kế hoạch kiểm tra, giám sát của Ban Thường vụ Tỉnh ủy.</p>"
        "</article></body></html>"
    )
    rec = vnanalyze.analyze(page)
    assert rec["source"]["format"] == "html"
    ref = rec["doc_refs"][0]
    s, e = ref["span"]
    assert rec["text"][s:e] == ref["text"] == "Nghị quyết số 37-NQ/TU"
    as_text = vnanalyze.analyze(page, html=False)
    assert as_text["source"]["format"] == "text" and as_text["text"] is None
    forced = vnanalyze.analyze(page, html=True)
    assert forced == rec
    with pytest.raises(vnanalyze.NoArticle) as e:
        vnanalyze.analyze("<html><body><a href='/a'>Trang chủ</a></body></html>")
    assert e.value.kind == "no_article"


@pytest.mark.parametrize(
    "value, cls, kind",
    [
        ("", vnanalyze.EmptyInput, "empty"),
        (" \n\t ", vnanalyze.EmptyInput, "empty"),
        (b"", vnanalyze.EmptyInput, "empty"),
        (b"abc\x00\x01\x02def", vnanalyze.BinaryInput, "binary"),
        ("Tỉnh ủy\x00", vnanalyze.BinaryInput, "binary"),
        ("x\ud800y", vnanalyze.Undecodable, "undecodable"),
    ],
)
def test_error_classes(value, cls, kind):
    with pytest.raises(cls) as e:
        vnanalyze.analyze(value)
    err = e.value
    assert isinstance(err, vnanalyze.AnalyzeError)
    assert err.kind == kind == cls.kind
    assert err.record["error"]["kind"] == kind
    assert vnanalyze.ERRORS[kind] is cls


def test_error_classes_for_files_and_limits(tmp_path):
    with pytest.raises(vnanalyze.NotFound) as e:
        vnanalyze.analyze(tmp_path / "missing.txt")
    assert e.value.path == str(tmp_path / "missing.txt")
    assert e.value.record == {
        "source": {"path": str(tmp_path / "missing.txt"), "bytes": None},
        "error": {"kind": "not_found", "message": "no such file or directory"},
    }
    with pytest.raises(vnanalyze.Unreadable):
        vnanalyze.analyze(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("Tỉnh ủy họp. " * 100, encoding="utf-8")
    with pytest.raises(vnanalyze.TooLarge) as e:
        vnanalyze.analyze(big, max_bytes=100)
    assert e.value.record["source"]["bytes"] == big.stat().st_size
    with pytest.raises(vnanalyze.TooLarge):
        vnanalyze.analyze("Tỉnh ủy họp. " * 100, max_bytes=100)
    with pytest.raises(vnanalyze.Undecodable) as e:
        vnanalyze.analyze(bytes(range(128, 256)) * 3)
    assert e.value.message.startswith("undecodable: no supported encoding explains the bytes")


def test_bad_arguments_raise_python_errors():
    with pytest.raises(TypeError):
        vnanalyze.analyze(42)
    with pytest.raises(TypeError):
        vnanalyze.analyze(None)
    with pytest.raises(ValueError, match="not a date"):
        vnanalyze.analyze("Tỉnh ủy họp.", date="21/2/2024")
    with pytest.raises(ValueError, match="tone"):
        vnanalyze.analyze("Tỉnh ủy họp.", tone="middle")
    with pytest.raises(ValueError, match="stage"):
        vnanalyze.analyze("Tỉnh ủy họp.", stage="parse")
    with pytest.raises(ValueError, match="encoding"):
        vnanalyze.analyze(b"abc", encoding="latin-1")


def test_schema_and_version():
    s = vnanalyze.schema()
    assert s["title"] == "vnanalyze output record, schema version 2"
    assert "anyOf" in s or "oneOf" in s
    assert vnanalyze.__version__.count(".") == 2
    import importlib.metadata

    assert importlib.metadata.version("vnanalyze") == vnanalyze.__version__


def test_the_package_is_typed():
    pkg = pathlib.Path(vnanalyze.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "__init__.pyi").exists()
