"""Vietnamese political news articles to structured records.

``vnanalyze`` runs the Rust pipeline of the ``analyze`` command-line tool
(decode, normalize, segment, extract, summarize) inside Python and returns
exactly the CLI's JSON record (schema version 2) as Python objects: the Party
and State documents an article cites, its dates, figures, people, bodies and
places, and an extractive summary.

>>> import vnanalyze
>>> text = "Ngày 5/3/2021, Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU về phát triển du lịch."
>>> rec = vnanalyze.analyze(text)
>>> ref = rec["doc_refs"][0]
>>> ref["code"], ref["issuer"], ref["date"]
('37-NQ/TU', 'Tỉnh ủy', '2021-03-05')
>>> s, e = ref["span"]
>>> text[s:e] == ref["text"]
True

Spans are ``[start, end)`` offsets in characters (Unicode code points) of the
analysed text, so they index a Python ``str`` directly: ``text[s:e]`` for a
``str`` input, ``rec["text"][s:e]`` for an HTML page (whose extracted article
the record carries as ``text``), and for ``bytes`` the text decoded with
``rec["source"]["encoding"]`` (a UTF-8 or UTF-16 byte order mark dropped).

``analyze_many`` runs a batch on all cores without the GIL and yields one
record per input in input order; a bad input yields an error record instead
of stopping the batch. ``frames`` turns records into pandas DataFrames (with
the ``pandas`` extra: ``pip install 'vnanalyze[pandas]'``).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from typing import Any, Dict, Iterable, Iterator, Optional, Union

from . import _vnanalyze

__all__ = [
    "__version__",
    "analyze",
    "analyze_many",
    "schema",
    "frames",
    "AnalyzeError",
    "NotFound",
    "Unreadable",
    "EmptyInput",
    "BinaryInput",
    "TooLarge",
    "Undecodable",
    "BadRecord",
    "NoArticle",
    "InternalError",
    "ERRORS",
]

#: The package's version (the version of the Rust crates it is built from).
__version__: str = _vnanalyze.__version__

Record = Dict[str, Any]
Input = Union[str, bytes, bytearray, memoryview, "_os.PathLike[str]"]


class AnalyzeError(Exception):
    """An input could not be analysed; the base of one class per error kind.

    ``kind`` is the CLI's error kind (``"empty"``, ``"binary"``, ...),
    ``message`` its message, ``path`` the input's path when it was a file,
    and ``record`` the whole error record the CLI would write.

    >>> try:
    ...     vnanalyze.analyze("   ")
    ... except vnanalyze.AnalyzeError as e:
    ...     print(type(e).__name__, e.kind, e.record["error"]["message"])
    EmptyInput empty empty input
    """

    #: The CLI's error kind this class stands for.
    kind: str = ""

    def __init__(self, record: Record):
        error = record.get("error") or {}
        source = record.get("source") or {}
        self.record: Record = record
        self.kind = error.get("kind", self.kind)
        self.message: str = error.get("message", "")
        self.path: Optional[str] = source.get("path")
        where = f"{self.path}: " if self.path else ""
        super().__init__(f"{where}{self.message}")


class NotFound(AnalyzeError):
    """A path that does not exist (kind ``not_found``)."""

    kind = "not_found"


class Unreadable(AnalyzeError):
    """A path that cannot be read, or is not a regular file (kind ``unreadable``)."""

    kind = "unreadable"


class EmptyInput(AnalyzeError):
    """No bytes, or only white space (kind ``empty``)."""

    kind = "empty"


class BinaryInput(AnalyzeError):
    """NUL bytes outside a UTF-16 text: not a text (kind ``binary``)."""

    kind = "binary"


class TooLarge(AnalyzeError):
    """More bytes than ``max_bytes`` (default 50 MiB; kind ``too_large``)."""

    kind = "too_large"


class Undecodable(AnalyzeError):
    """No supported encoding explains the bytes, or a ``str`` with lone
    surrogates (kind ``undecodable``)."""

    kind = "undecodable"


class BadRecord(AnalyzeError):
    """An item of ``analyze_many`` that is not a str, bytes or path (kind
    ``bad_record``; ``analyze`` raises ``TypeError`` instead)."""

    kind = "bad_record"


class NoArticle(AnalyzeError):
    """An HTML page with no article in it (kind ``no_article``)."""

    kind = "no_article"


class InternalError(AnalyzeError):
    """A bug in vnanalyze (kind ``internal``); please report it with the input."""

    kind = "internal"


#: Error kind -> its exception class.
ERRORS: Dict[str, type] = {
    c.kind: c
    for c in (
        NotFound,
        Unreadable,
        EmptyInput,
        BinaryInput,
        TooLarge,
        Undecodable,
        BadRecord,
        NoArticle,
        InternalError,
    )
}

_STAGES = ("normalize", "tokenize", "extract", "summarize")


def _settings(date, tone, stage, tokens, html, encoding, max_bytes) -> "_vnanalyze.Settings":
    if isinstance(date, _dt.datetime):
        date = date.replace(tzinfo=None, microsecond=0).isoformat()
    elif isinstance(date, _dt.date):
        date = date.isoformat()
    elif date is not None and not isinstance(date, str):
        raise TypeError(f"date must be a str, datetime.date or None, not {type(date).__name__}")
    if max_bytes is not None and (not isinstance(max_bytes, int) or max_bytes < 0):
        raise ValueError(f"max_bytes must be a whole number of bytes, not {max_bytes!r}")
    return _vnanalyze.Settings(
        date=date,
        tone=tone,
        stage=stage,
        tokens=bool(tokens),
        html=None if html is None else bool(html),
        encoding=encoding,
        max_bytes=max_bytes,
    )


def analyze(
    text_or_bytes: Input,
    *,
    date: Union[str, _dt.date, None] = None,
    tone: Optional[str] = None,
    stage: str = "summarize",
    tokens: bool = False,
    html: Optional[bool] = None,
    encoding: Optional[str] = None,
    max_bytes: Optional[int] = None,
) -> Record:
    """Analyse one article and return the CLI's JSON record as a dict.

    ``text_or_bytes`` is a ``str`` (the text itself), ``bytes`` (a file's
    content, decoded as the CLI decodes files: UTF-8, UTF-16 with a byte
    order mark, Windows-1258, TCVN3 or VNI) or an ``os.PathLike`` such as a
    ``pathlib.Path`` (the file is read, and its path is ``source.path``).
    An HTML page is recognised by its content and its article extracted.

    Keyword arguments, as the CLI's options:

    - ``date``: the article's date (``"2024-02-21"``, a date-time, or a
      ``datetime.date``), for relative and partial dates; it wins over the
      article's own date line (``meta.published_from == "input"``).
    - ``tone``: ``"old"`` (hòa, thủy) or ``"new"`` (hoà, thuỷ) tone-mark
      placement of the normalized fields; default the input's majority.
    - ``stage``: run the pipeline up to ``"normalize"``, ``"tokenize"``,
      ``"extract"`` or ``"summarize"`` (the whole of it, the default).
    - ``tokens``: also write ``sentences`` with their words.
    - ``html``: ``True`` reads the input as a web page, ``False`` as plain
      text, ``None`` (default) recognises a page by its content.
    - ``encoding``: decode bytes with this encoding instead of detecting one
      (``utf-8``, ``utf-16le``, ``utf-16be``, ``windows-1258``, ``tcvn3``,
      ``vni``); a ``str`` is always text already.
    - ``max_bytes``: refuse larger inputs (default 50 MiB).

    Raises an ``AnalyzeError`` subclass (``EmptyInput``, ``BinaryInput``,
    ``TooLarge``, ``Undecodable``, ``NoArticle``, ``NotFound``,
    ``Unreadable``, ``InternalError``) when the input cannot be analysed,
    ``TypeError`` for an input of another type and ``ValueError`` for a bad
    option. The GIL is released while the article is analysed.

    >>> rec = vnanalyze.analyze("Thứ Tư, 21/2/2024\\nNăm qua, tỉnh trồng 6,61 triệu cây xanh.")
    >>> rec["meta"]["published"], rec["dates"][1]["text"], rec["dates"][1]["value"]
    ('2024-02-21', 'Năm qua', '2023')
    >>> f = rec["figures"][0]
    >>> f["text"], f["value"], f["unit"]
    ('6,61 triệu cây xanh', 6610000, 'cây xanh')
    >>> vnanalyze.analyze("Hôm qua, UBND tỉnh họp.", date="2024-02-21")["dates"][0]["value"]
    '2024-02-20'
    """
    if not isinstance(text_or_bytes, (str, bytes, bytearray, memoryview, _os.PathLike)):
        raise TypeError(
            "analyze() takes a str, bytes or a path (os.PathLike), "
            f"not {type(text_or_bytes).__name__}"
        )
    settings = _settings(date, tone, stage, tokens, html, encoding, max_bytes)
    record = _vnanalyze.analyze(text_or_bytes, settings)
    if "error" in record:
        raise ERRORS.get(record["error"].get("kind"), AnalyzeError)(record)
    return record


def analyze_many(
    inputs: Iterable[Input],
    *,
    threads: Optional[int] = None,
    window: Optional[int] = None,
    date: Union[str, _dt.date, None] = None,
    tone: Optional[str] = None,
    stage: str = "summarize",
    tokens: bool = False,
    html: Optional[bool] = None,
    encoding: Optional[str] = None,
    max_bytes: Optional[int] = None,
) -> Iterator[Record]:
    """Analyse many articles on all cores; yield one record per input, in order.

    ``inputs`` is any iterable of what ``analyze`` takes (``str``, ``bytes``,
    paths), read lazily: at most ``window`` inputs (default 8 per thread, at
    least 16) are in flight at once, so memory stays bounded however long
    the iterable is. The work runs on ``threads`` worker threads (default:
    all cores) without the GIL; records come back in input order.

    An input that cannot be analysed yields its error record, as the CLI
    writes it (``{"source": {"path", "bytes"}, "error": {"kind",
    "message"}}``), and the batch goes on; an item of another type is an
    error record of kind ``bad_record``. Only an exception raised by the
    iterable itself stops the batch. The other keyword arguments are
    ``analyze``'s.

    >>> texts = ["Quyết định số 123/QĐ-UBND của UBND tỉnh.", "", b"\\x00\\x01"]
    >>> for rec in vnanalyze.analyze_many(texts, threads=2):
    ...     print(rec["error"]["kind"] if "error" in rec else rec["doc_refs"][0]["code"])
    123/QĐ-UBND
    empty
    binary

    A folder, in the CLI's order (``analyze DIR`` walks in sorted order):

    >>> from pathlib import Path
    >>> paths = sorted(Path("seeds").glob("*.txt"))  # doctest: +SKIP
    >>> records = list(vnanalyze.analyze_many(paths))  # doctest: +SKIP
    """
    settings = _settings(date, tone, stage, tokens, html, encoding, max_bytes)
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ValueError(f"threads must be 1 or more, not {threads!r}")
    if window is not None and (not isinstance(window, int) or window < 1):
        raise ValueError(f"window must be 1 or more, not {window!r}")
    return _vnanalyze.analyze_many(inputs, settings, threads, window)


def schema() -> Record:
    """The JSON Schema (draft 2020-12) of one record, as ``analyze schema`` prints it.

    >>> s = vnanalyze.schema()
    >>> s["title"]
    'vnanalyze output record, schema version 2'
    """
    return _json.loads(_vnanalyze.schema_json())


from ._frames import ARTICLE_COLUMNS, ITEM_COLUMNS, frames  # noqa: E402
