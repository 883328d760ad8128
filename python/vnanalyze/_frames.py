"""Records to pandas DataFrames: one row per article, one row per item."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

#: The item lists and their fields after ``text``, as ``--format csv`` writes them.
ITEM_COLUMNS: Dict[str, List[str]] = {
    "dates": ["value", "grain", "relative"],
    "figures": ["kind", "value", "unit", "per", "total", "qualifier"],
    "doc_refs": ["type", "number", "code", "key", "system", "issuer", "date", "name", "terms"],
    "entities": ["kind", "name", "title", "expansion"],
}

#: The columns of the ``articles`` frame.
ARTICLE_COLUMNS: List[str] = [
    "article", "id", "path", "error", "error_message",
    "title", "published", "published_from", "place", "author", "credit", "tags",
    "format", "encoding", "tone", "bytes", "chars",
    "paragraphs", "sentences", "words", "syllables",
    "dates", "figures", "doc_refs", "entities",
    "summary", "keywords", "warnings",
]


def frames(records: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """Records to a dict of pandas DataFrames: ``articles``, ``dates``,
    ``figures``, ``doc_refs`` and ``entities``.

    ``records`` is any iterable of records (``analyze_many``'s iterator, a
    list of ``analyze`` results, or CLI JSON Lines parsed with
    ``json.loads``); it is read once.

    - ``articles``: one row per record. ``article`` is the record's position
      (0, 1, ...), ``id`` the record's ``id`` (CLI ``--stdin-jsonl``) or else
      its ``source.path``; ``error`` and ``error_message`` are set for an
      error record and ``None`` otherwise; then the metadata, the counts
      (``paragraphs`` ... ``syllables``; ``dates`` ... ``entities`` count
      items), the ``summary`` sentences joined by spaces, the ``keywords``
      and ``warnings`` lists.
    - ``dates``, ``figures``, ``doc_refs``, ``entities``: one row per item,
      columns ``article``, ``id``, ``start``, ``end``, ``text`` and the
      item's fields in the order of ``analyze --format csv``; ``start`` and
      ``end`` are the span, in characters. Join to ``articles`` on
      ``article``.

    Needs pandas (``pip install 'vnanalyze[pandas]'``).

    >>> recs = vnanalyze.analyze_many([
    ...     "Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU.",
    ...     "Thực hiện Nghị quyết số 37-NQ/TU và Chỉ thị số 05-CT/TW.",
    ... ])
    >>> f = vnanalyze.frames(recs)
    >>> f["doc_refs"][["article", "start", "end", "code"]].to_string(index=False)
    ' article  start  end     code\\n       0     17   39 37-NQ/TU\\n       1     10   32 37-NQ/TU\\n       1     36   55 05-CT/TW'
    >>> f["doc_refs"].groupby("key").size().sort_values(ascending=False).index[0]
    '37-NQ/TU'
    """
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "vnanalyze.frames needs pandas: pip install 'vnanalyze[pandas]'"
        ) from e

    articles: List[list] = []
    items: Dict[str, List[list]] = {k: [] for k in ITEM_COLUMNS}
    for n, rec in enumerate(records):
        source = rec.get("source") or {}
        ident = rec.get("id", source.get("path"))
        error = rec.get("error")
        if error is not None:
            row: Dict[str, Any] = {
                "article": n,
                "id": ident,
                "path": source.get("path"),
                "error": error.get("kind"),
                "error_message": error.get("message"),
                "bytes": source.get("bytes"),
            }
            articles.append([row.get(c) for c in ARTICLE_COLUMNS])
            continue
        meta = rec.get("meta") or {}
        stats = rec.get("stats") or {}
        summary = rec.get("summary") or {}
        row = {
            "article": n,
            "id": ident,
            "path": source.get("path"),
            "format": source.get("format"),
            "encoding": source.get("encoding"),
            "tone": source.get("tone"),
            "bytes": source.get("bytes"),
            "chars": source.get("chars"),
            "tags": list(meta.get("tags") or []),
            "summary": " ".join(s["text"] for s in summary.get("sentences") or []),
            "keywords": [k["text"] for k in summary.get("keywords") or []],
            "warnings": list(rec.get("warnings") or []),
        }
        for key in ("title", "published", "published_from", "place", "author", "credit"):
            row[key] = meta.get(key)
        for key in ("paragraphs", "sentences", "words", "syllables"):
            row[key] = stats.get(key)
        for name, fields in ITEM_COLUMNS.items():
            lst = rec.get(name) or []
            row[name] = len(lst)
            out = items[name]
            for item in lst:
                start, end = item["span"]
                out.append([n, ident, start, end, item["text"]] + [item.get(f) for f in fields])
        articles.append([row.get(c) for c in ARTICLE_COLUMNS])

    result = {"articles": pd.DataFrame(articles, columns=ARTICLE_COLUMNS)}
    for name, fields in ITEM_COLUMNS.items():
        result[name] = pd.DataFrame(
            items[name], columns=["article", "id", "start", "end", "text"] + fields
        )
    return result
