"""The native module (Rust, PyO3); use the functions of ``vnanalyze``."""

from typing import Any, Dict, Iterable, Iterator, Optional

__version__: str

class Settings:
    def __init__(
        self,
        *,
        date: Optional[str] = None,
        tone: Optional[str] = None,
        stage: str = "summarize",
        tokens: bool = False,
        html: Optional[bool] = None,
        encoding: Optional[str] = None,
        max_bytes: Optional[int] = None,
    ) -> None: ...

class Batch(Iterator[Any]):
    def __iter__(self) -> "Batch": ...
    def __next__(self) -> Any: ...

def analyze(input: Any, settings: Settings) -> Dict[str, Any]: ...
def analyze_many(
    inputs: Iterable[Any],
    settings: Settings,
    threads: Optional[int] = None,
    window: Optional[int] = None,
    raw: bool = False,
) -> Batch: ...
def schema_json() -> str: ...
