"""Type stubs of vnanalyze (see the module's docstrings for the behaviour)."""

import datetime
import os
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Union

__version__: str

#: One record: the CLI's JSON object (schema version 2), or an error record
#: ``{"source": {"path", "bytes"}, "error": {"kind", "message"}}``.
Record = Dict[str, Any]
Input = Union[str, bytes, bytearray, memoryview, os.PathLike[str]]
Stage = Literal["normalize", "tokenize", "extract", "summarize"]
Tone = Literal["old", "new"]
EncodingName = Literal["utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni"]

class AnalyzeError(Exception):
    kind: str
    message: str
    path: Optional[str]
    record: Record
    def __init__(self, record: Record) -> None: ...

class NotFound(AnalyzeError): ...
class Unreadable(AnalyzeError): ...
class EmptyInput(AnalyzeError): ...
class BinaryInput(AnalyzeError): ...
class TooLarge(AnalyzeError): ...
class Undecodable(AnalyzeError): ...
class BadRecord(AnalyzeError): ...
class NoArticle(AnalyzeError): ...
class InternalError(AnalyzeError): ...

ERRORS: Dict[str, type[AnalyzeError]]

def analyze(
    text_or_bytes: Input,
    *,
    date: Union[str, datetime.date, None] = None,
    tone: Optional[Tone] = None,
    stage: Stage = "summarize",
    tokens: bool = False,
    html: Optional[bool] = None,
    encoding: Optional[EncodingName] = None,
    max_bytes: Optional[int] = None,
) -> Record: ...
def analyze_many(
    inputs: Iterable[Input],
    *,
    threads: Optional[int] = None,
    window: Optional[int] = None,
    date: Union[str, datetime.date, None] = None,
    tone: Optional[Tone] = None,
    stage: Stage = "summarize",
    tokens: bool = False,
    html: Optional[bool] = None,
    encoding: Optional[EncodingName] = None,
    max_bytes: Optional[int] = None,
) -> Iterator[Record]: ...
def schema() -> Dict[str, Any]: ...

ITEM_COLUMNS: Dict[str, List[str]]
ARTICLE_COLUMNS: List[str]

def frames(records: Iterable[Record]) -> Dict[str, Any]:
    """``articles``, ``dates``, ``figures``, ``doc_refs``, ``entities``: pandas DataFrames."""
    ...
