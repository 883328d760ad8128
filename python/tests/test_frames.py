"""vnanalyze.frames: DataFrames with one row per article and per item."""

import vnanalyze
from conftest import SEED


def test_frames_rows_and_columns():
    texts = [
        "Ngày 5/3/2021, Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.",
        "",
        "Thực hiện Nghị quyết số 37-NQ/TU, huyện trồng 2.000 cây.",
    ]
    f = vnanalyze.frames(vnanalyze.analyze_many(texts))
    assert set(f) == {"articles", "dates", "figures", "doc_refs", "entities"}
    arts = f["articles"]
    assert list(arts.columns) == vnanalyze.ARTICLE_COLUMNS
    assert list(arts["article"]) == [0, 1, 2]
    assert list(arts["error"].fillna("-")) == ["-", "empty", "-"]
    assert list(arts["doc_refs"].fillna(-1)) == [1, -1, 1]
    refs = f["doc_refs"]
    assert list(refs.columns) == ["article", "id", "start", "end", "text"] + vnanalyze.ITEM_COLUMNS["doc_refs"]
    assert list(refs["article"]) == [0, 2]
    for row in refs.itertuples():
        assert texts[row.article][row.start:row.end] == row.text
    assert refs.groupby("key").size().to_dict() == {"37-NQ/TU": 2}
    figs = f["figures"]
    assert figs.loc[0, "value"] == 2000 and figs.loc[0, "unit"] == "cây"
    assert list(f["dates"]["value"]) == ["2021-03-05"]


def test_frames_of_the_seed_file_carry_the_path():
    f = vnanalyze.frames([vnanalyze.analyze(SEED)])
    assert f["articles"].loc[0, "path"] == str(SEED)
    assert set(f["doc_refs"]["id"]) == {str(SEED)}
    assert f["articles"].loc[0, "published"] == "2024-02-21T09:30:21"
    assert len(f["entities"]) == f["articles"].loc[0, "entities"]


def test_empty_frames_keep_their_columns():
    f = vnanalyze.frames([])
    assert len(f["articles"]) == 0
    assert list(f["entities"].columns) == ["article", "id", "start", "end", "text", "kind", "name", "title", "expansion"]
