"""morgue: full-text search of news archives, from Python.

    import morgue
    with morgue.open("news.morgue") as archive:
        result = archive.search('"oil prices" place:iran', limit=5)
        print(result.total, [hit.headline for hit in result])
        months = archive.histogram("topic:crude", by="month").to_pandas()

The API is documented in docs/python.md; errors are morgue.Error and its
subclasses (morgue.errors).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple, Union
import os as _os

from . import errors
from .errors import (
    Corruption,
    Error,
    InternalError,
    InvalidArgument,
    InvalidInput,
    IOFailure,
    LimitExceeded,
    Locked,
    NotAnArchive,
    NotFound,
    QuerySyntaxError,
    VersionError,
)
from . import _morgue
from ._morgue import Article, Caption, Entity, Hit, Query, Quote, TextField
from ._archive import (
    AddResult,
    Archive,
    Bin,
    CheckReport,
    Export,
    Facets,
    FacetValue,
    Histogram,
    Kwic,
    KwicLine,
    ReadIssue,
    SearchResult,
    SideBySide,
    SplitHistograms,
    Stats,
    Term,
    Terms,
    TermsInterval,
    open,
)

__version__ = "0.1.0"


def read(path: Union[str, "_os.PathLike[str]"], *, format: str = "auto",
         source: Optional[str] = None, strict: bool = False) -> Tuple[List[Article], List[ReadIssue]]:
    """Reads a file or directory into articles, as ``morgue index`` would,
    without an archive: returns (articles, issues)."""
    articles, issues = _morgue.read(_os.fspath(path), format, source or "", strict)
    return articles, [ReadIssue(**i) for i in issues]


def repair(path: Union[str, "_os.PathLike[str]"]) -> Dict[str, Any]:
    """Rebuilds the archive's index from its store (Archive::Repair)."""
    articles, seconds = _morgue.repair(_os.fspath(path))
    return {"articles": articles, "seconds": seconds}


def salvage(path: Union[str, "_os.PathLike[str]"], dest: Union[str, "_os.PathLike[str]"]) -> Dict[str, Any]:
    """Copies every readable article into a new archive (Archive::Salvage)."""
    return _morgue.salvage(_os.fspath(path), _os.fspath(dest))


def article_problem(article: Article) -> str:
    """Why an archive would refuse the article, or "" (morgue::ArticleProblem)."""
    return _morgue.article_problem(article)


def mark_highlights(text: str, highlights: Sequence[Tuple[int, int]], open: str = "<b>",
                    close: str = "</b>", escape: str = "html") -> str:
    """A snippet with its highlight ranges marked (morgue::MarkHighlights);
    escape "html", "terminal" or "none"."""
    return _morgue.mark_highlights(text, list(highlights), open, close, escape)


escape_markup = _morgue.escape_markup
escape_for_terminal = _morgue.escape_for_terminal

__all__ = [
    "AddResult", "Archive", "Article", "Bin", "Caption", "CheckReport", "Corruption", "Entity",
    "Error", "Export", "FacetValue", "Facets", "Histogram", "Hit", "IOFailure", "InternalError",
    "InvalidArgument", "InvalidInput", "Kwic", "KwicLine", "LimitExceeded", "Locked",
    "NotAnArchive", "NotFound", "Query", "QuerySyntaxError", "Quote", "ReadIssue", "SearchResult",
    "SideBySide", "SplitHistograms", "Stats", "Term", "Terms", "TermsInterval", "TextField",
    "VersionError", "article_problem", "errors", "escape_for_terminal", "escape_markup",
    "mark_highlights", "open", "read", "repair", "salvage",
]
