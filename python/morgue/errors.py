"""morgue's exceptions: one hierarchy, mapped from morgue::Error's codes.

Every exception the library raises for a failure of morgue's own is a
:class:`morgue.Error`; the subclass says what kind (``ErrorCode`` in
include/morgue/error.h). Where the C++ error knows it, ``file``, ``line``,
``record`` and ``position`` say where (otherwise None); ``code`` is the
stable short name (``"query syntax"``).
"""

from __future__ import annotations

from typing import Optional


class Error(Exception):
    """A failure reported by morgue (morgue::Error)."""

    code: str = "error"
    file: Optional[str] = None
    line: Optional[int] = None
    record: Optional[int] = None
    position: Optional[int] = None


class InvalidArgument(Error, ValueError):
    """A caller's mistake: a bad option value, a bad id, a write on a read-only archive."""

    code = "invalid argument"


class QuerySyntaxError(Error, ValueError):
    """The query string cannot be parsed; ``position`` is the 0-based byte offset."""

    code = "query syntax"


class InvalidInput(Error, ValueError):
    """An input file or record is malformed (``file``, ``line``, ``record``)."""

    code = "invalid input"


class NotFound(Error, LookupError):
    """No such article, file or archive."""

    code = "not found"


class NotAnArchive(Error):
    """The directory exists but is not a morgue archive."""

    code = "not an archive"


class VersionError(Error):
    """The archive's format is not one this build reads (run ``morgue repair``)."""

    code = "unsupported version"


class Locked(Error):
    """Another process holds the archive's write lock."""

    code = "locked"


class Corruption(Error):
    """The archive's files are damaged or disagree."""

    code = "corruption"


class IOFailure(Error, OSError):
    """The operating system refused a read or a write."""

    code = "I/O error"


class LimitExceeded(Error):
    """A request exceeds a limit (a too broad wildcard, a too long histogram)."""

    code = "limit exceeded"


class InternalError(Error):
    """A bug in morgue."""

    code = "internal error"


_BY_CODE = {
    cls.code: cls
    for cls in (
        InvalidArgument,
        QuerySyntaxError,
        InvalidInput,
        NotFound,
        NotAnArchive,
        VersionError,
        Locked,
        Corruption,
        IOFailure,
        LimitExceeded,
        InternalError,
    )
}


def _class_for(code: str) -> type:
    """The exception class for a morgue::ErrorCodeName (Error for an unknown one)."""
    return _BY_CODE.get(code, Error)
