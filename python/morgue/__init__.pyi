# Type stubs of the morgue package (docs/python.md), for editors and type checkers.
import datetime
import enum
import os
from typing import (Any, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple,
                    Union)

from . import errors as errors
from .errors import Corruption as Corruption
from .errors import Error as Error
from .errors import InternalError as InternalError
from .errors import InvalidArgument as InvalidArgument
from .errors import InvalidInput as InvalidInput
from .errors import IOFailure as IOFailure
from .errors import LimitExceeded as LimitExceeded
from .errors import Locked as Locked
from .errors import NotAnArchive as NotAnArchive
from .errors import NotFound as NotFound
from .errors import QuerySyntaxError as QuerySyntaxError
from .errors import VersionError as VersionError

__version__: str

PathLike = Union[str, os.PathLike[str]]
DateLike = Union[str, datetime.date, datetime.datetime, None]
QueryLike = Union[str, "Query", None]
Filters = Union[Dict[str, Union[str, Sequence[str]]], Sequence[Tuple[str, str]], None]

class TextField(enum.Enum):
    ALL: int
    HEADLINE: int
    BODY: int
    QUOTE: int
    CAPTION: int

class Query:
    @staticmethod
    def word(word: str, field: TextField = ...) -> Query: ...
    @staticmethod
    def phrase(text: str, field: TextField = ...) -> Query: ...
    @staticmethod
    def prefix(prefix: str, field: TextField = ...) -> Query: ...
    @staticmethod
    def near(words: Sequence[str], distance: int, field: TextField = ...) -> Query: ...
    @staticmethod
    def filter(field: str, value: str) -> Query: ...
    @staticmethod
    def language(code: str) -> Query: ...
    @staticmethod
    def dates(date_from: Optional[str] = None, date_to: Optional[str] = None) -> Query: ...
    @staticmethod
    def parse(text: str) -> Query: ...
    @staticmethod
    def all_of(parts: Sequence[Query]) -> Query: ...
    @staticmethod
    def any_of(parts: Sequence[Query]) -> Query: ...
    @staticmethod
    def negate(query: Query) -> Query: ...
    def __and__(self, other: Query) -> Query: ...
    def __or__(self, other: Query) -> Query: ...
    def __invert__(self) -> Query: ...

class Quote:
    text: str
    speaker: str
    attribution: str
    paragraph: int
    offset: int
    origin: str  # "supplied" | "extracted"
    def __init__(self, text: str, speaker: str = "", attribution: str = "", paragraph: int = 0,
                 offset: int = 0) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Caption:
    text: str
    credit: str
    def __init__(self, text: str, credit: str = "") -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Entity:
    name: str
    kind: str  # "person" | "org" | "place"
    canonical: str
    origin: str  # "tagged" | "user" | "extracted"
    def __init__(self, name: str, kind: str, canonical: str = "", origin: str = "user") -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Article:
    id: str
    source: str
    url: str
    published: Optional[datetime.datetime]  # UTC-aware; settable from datetime, date, str
    date_only: Optional[bool]
    section: str
    headline: str
    authors: Tuple[str, ...]
    dateline: str
    body: Tuple[str, ...]
    quotes: Tuple[Quote, ...]
    captions: Tuple[Caption, ...]
    entities: Tuple[Entity, ...]
    topics: Tuple[str, ...]
    language: str
    text: str  # the body's paragraphs joined by blank lines
    def __init__(self, **fields: Any) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Hit:
    id: str
    source: str
    published: Optional[datetime.datetime]
    date_only: Optional[bool]
    headline: str
    score: float
    snippet: str
    highlights: List[Tuple[int, int]]  # code points of snippet, end exclusive
    snippet_html: str
    group_size: int
    explanation: str
    article: Optional[Article]
    def to_dict(self) -> Dict[str, Any]: ...

class SearchResult:
    total: int
    exact: bool
    groups: int
    hits: List[Hit]
    query_description: str
    parsed_query: str
    missing_nodes: List[str]
    partial: bool
    ids: List[str]
    def __iter__(self) -> Iterator[Hit]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Hit: ...
    def to_pandas(self) -> Any: ...

class FacetValue(NamedTuple):
    value: str
    count: int

class Facets:
    by: str
    total: int
    values: List[FacetValue]
    missing_nodes: List[str]
    partial: bool
    def __iter__(self) -> Iterator[FacetValue]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> FacetValue: ...
    def to_dict(self) -> Dict[str, int]: ...
    def to_pandas(self) -> Any: ...

class Bin(NamedTuple):
    label: str
    start: datetime.date
    count: int
    all: int
    share: Optional[float]

class Histogram:
    by: str
    total: int
    undated: int
    bins: List[Bin]
    missing_nodes: List[str]
    partial: bool
    def __iter__(self) -> Iterator[Bin]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Bin: ...
    def to_pandas(self) -> Any: ...

class Export:
    delivered: int
    def __iter__(self) -> Export: ...
    def __next__(self) -> Article: ...
    def close(self) -> None: ...
    def __enter__(self) -> Export: ...
    def __exit__(self, *exc: Any) -> None: ...
    def to_pandas(self, columns: Optional[Sequence[str]] = None) -> Any: ...

class SideBySide(Dict[str, Any]):
    def to_pandas(self, value: str = "count") -> Any: ...

class SplitHistograms:
    field: str
    total: int
    series: SideBySide
    outside: Histogram
    def to_pandas(self, value: str = "count") -> Any: ...

class Term(NamedTuple):
    term: str
    phrase: bool
    in_matches: int
    in_archive: int
    score: float
    in_archive_estimated: bool

class TermsInterval(NamedTuple):
    label: str
    start: datetime.date
    documents: int
    terms: List[Term]

class Terms:
    field: str
    total: int
    groups: int
    documents: int
    sampled: bool
    seed: Optional[int]
    archive: int
    undated: int
    terms: List[Term]
    intervals: List[TermsInterval]
    archive_sample: Optional[int]
    def __iter__(self) -> Iterator[Term]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Term: ...
    def to_pandas(self) -> Any: ...

class KwicLine(NamedTuple):
    id: str
    source: str
    published: Optional[datetime.datetime]
    field: str
    paragraph: int
    offset: int
    left: str
    match: str
    right: str

class Kwic:
    delivered: int
    def __iter__(self) -> Kwic: ...
    def __next__(self) -> KwicLine: ...
    def close(self) -> None: ...
    def __enter__(self) -> Kwic: ...
    def __exit__(self, *exc: Any) -> None: ...
    def to_pandas(self) -> Any: ...

class Stats:
    format_version: int
    language: str
    shards: int
    nodes: int
    articles: int
    first: Optional[datetime.datetime]
    last: Optional[datetime.datetime]
    undated: int
    # A cluster's stores and files are on its nodes: None there.
    quarantined: Optional[int]
    store_bytes: Optional[int]
    index_bytes: Optional[int]
    total_bytes: Optional[int]
    top_sources: List[FacetValue]
    top_sections: List[FacetValue]
    top_persons: List[FacetValue]
    top_orgs: List[FacetValue]
    top_places: List[FacetValue]
    # A cluster's articles on each node (node k at k - 1); None for an archive.
    node_articles: Optional[List[int]] = None
    missing_nodes: Optional[List[str]] = None
    @property
    def partial(self) -> bool: ...

class CheckReport:
    articles: int
    ids: int
    documents: int
    pending: int
    missing_from_index: int
    missing_from_store: int
    dangling_ids: int
    undecodable: int
    quarantined: int
    unreadable: int
    lost: int
    store_damaged: bool
    problems: List[str]
    @property
    def ok(self) -> bool: ...

class ReadIssue:
    file: str
    line: int
    record: int
    reason: str
    skipped: bool
    message: str

class AddResult:
    added: int
    replaced: int
    unchanged: int
    superseded: int
    issues: List[ReadIssue]

class Archive:
    path: str
    closed: bool
    writable: bool
    def __init__(self, path: PathLike, mode: str = "r", *, shards: int = 2, language: str = "en",
                 shards_at_once_from: int = 100000, allow_partial: bool = False) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Archive: ...
    def __exit__(self, *exc: Any) -> None: ...
    def search(self, query: QueryLike = "", *, limit: int = 10, offset: int = 0,
               sort: str = "relevance", seed: Optional[int] = None,
               date_from: DateLike = None, date_to: DateLike = None,
               default_op: str = "and", collapse: bool = False, snippets: bool = True,
               snippet_length: int = 200, filters: Filters = None, explain: bool = False,
               fetch_articles: bool = False, time_limit_ms: int = 0,
               ranking: Optional[Dict[str, float]] = None) -> SearchResult: ...
    def count(self, query: QueryLike = "", *, date_from: DateLike = None,
              date_to: DateLike = None, default_op: str = "and", collapse: bool = False,
              filters: Filters = None) -> int: ...
    def facets(self, query: QueryLike = "", *, by: str, top: int = 10, date_from: DateLike = None,
               date_to: DateLike = None, default_op: str = "and",
               filters: Filters = None) -> Facets: ...
    def histogram(self, query: QueryLike = "", *, by: str = "month", date_from: DateLike = None,
                  date_to: DateLike = None, default_op: str = "and",
                  filters: Filters = None) -> Histogram: ...
    def export(self, query: QueryLike = "", *, sort: str = "relevance",
               seed: Optional[int] = None, date_from: DateLike = None, date_to: DateLike = None, default_op: str = "and",
               queue: int = 256, filters: Filters = None) -> Export: ...
    def histograms_side_by_side(self, queries: Union[Dict[str, QueryLike], Sequence[QueryLike]],
                                *, by: str = "month", date_from: DateLike = None,
                                date_to: DateLike = None, default_op: str = "and",
                                filters: Filters = None) -> SideBySide: ...
    def histogram_split(self, query: QueryLike = "", *, field: str = "source", top: int = 5,
                        by: str = "month", date_from: DateLike = None, date_to: DateLike = None,
                        default_op: str = "and", filters: Filters = None) -> SplitHistograms: ...
    def facets_side_by_side(self, queries: Union[Dict[str, QueryLike], Sequence[QueryLike]],
                            *, by: str, top: int = 10, date_from: DateLike = None,
                            date_to: DateLike = None, default_op: str = "and",
                            filters: Filters = None) -> SideBySide: ...
    def terms(self, query: QueryLike = "", *, field: str = "body", top: int = 20,
              kind: str = "both", by: Optional[str] = None, min_count: int = 3,
              sample_size: int = 10000, seed: int = 1, phrase_candidates: int = 200,
              collapse: bool = True, keep_stop_terms: bool = False, date_from: DateLike = None,
              date_to: DateLike = None, default_op: str = "and",
              phrase_match_limit: Optional[int] = 20000, archive_sample: int = 100000,
              filters: Filters = None) -> Terms: ...
    def kwic(self, query: QueryLike, *, width: int = 40, sort: str = "oldest",
             seed: Optional[int] = None, date_from: DateLike = None, date_to: DateLike = None,
             default_op: str = "and", queue: int = 1024, filters: Filters = None) -> Kwic: ...
    def saved_queries(self) -> Dict[str, str]: ...
    def save_query(self, name: str, query: str) -> None: ...
    def delete_query(self, name: str) -> bool: ...
    def similar(self, id: str, query: QueryLike = "", *, limit: int = 10, offset: int = 0,
                date_from: DateLike = None, date_to: DateLike = None, snippets: bool = True,
                filters: Filters = None) -> SearchResult: ...
    def get(self, id: str) -> Optional[Article]: ...
    def __getitem__(self, id: str) -> Article: ...
    def __contains__(self, id: str) -> bool: ...
    def __len__(self) -> int: ...
    def stats(self, top: int = 10) -> Stats: ...
    def check(self) -> CheckReport: ...
    def backup(self, dest: PathLike) -> None: ...
    def add(self, articles: Union[Iterable[Union[Dict[str, Any], Article]], Dict[str, Any],
                                  Article, PathLike], *, source: Optional[str] = None,
            batch_size: int = 10000) -> AddResult: ...
    def add_files(self, paths: Union[PathLike, Iterable[PathLike]], *, format: str = "auto",
                  source: Optional[str] = None, strict: bool = False,
                  batch_size: int = 10000) -> AddResult: ...
    def delete(self, id: str, *, source: Optional[str] = None) -> bool: ...
    def compact(self) -> None: ...

def open(path: PathLike, mode: str = "r", *, shards: int = 2, language: str = "en",
         shards_at_once_from: int = 100000, allow_partial: bool = False) -> Archive: ...
def read(path: PathLike, *, format: str = "auto", source: Optional[str] = None,
         strict: bool = False) -> Tuple[List[Article], List[ReadIssue]]: ...
def repair(path: PathLike) -> Dict[str, Any]: ...
def salvage(path: PathLike, dest: PathLike) -> Dict[str, Any]: ...
def article_problem(article: Article) -> str: ...
def mark_highlights(text: str, highlights: Sequence[Tuple[int, int]], open: str = "<b>",
                    close: str = "</b>", escape: str = "html") -> str: ...
def escape_markup(text: str) -> str: ...
def escape_for_terminal(text: str) -> str: ...
