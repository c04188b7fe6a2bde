"""morgue::Error codes as one Python exception hierarchy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import morgue
from morgue import _morgue

# ErrorCode's order in include/morgue/error.h, and the class each must become.
CODES = [
    ("invalid argument", morgue.InvalidArgument),
    ("query syntax", morgue.QuerySyntaxError),
    ("invalid input", morgue.InvalidInput),
    ("not found", morgue.NotFound),
    ("not an archive", morgue.NotAnArchive),
    ("unsupported version", morgue.VersionError),
    ("locked", morgue.Locked),
    ("corruption", morgue.Corruption),
    ("I/O error", morgue.IOFailure),
    ("limit exceeded", morgue.LimitExceeded),
    ("internal error", morgue.InternalError),
]


@pytest.mark.parametrize("number", range(len(CODES)))
def test_every_code_has_its_class(number):
    code, cls = CODES[number]
    with pytest.raises(cls) as e:
        _morgue._raise(number, f"message {number}", 7)
    assert type(e.value) is cls and isinstance(e.value, morgue.Error)
    assert e.value.code == code and str(e.value) == f"message {number}"
    assert e.value.position == 7
    assert e.value.file is None and e.value.line is None and e.value.record is None
    with pytest.raises(ValueError):
        _morgue._raise(len(CODES), "x", -1)


def test_builtin_bases():
    assert issubclass(morgue.QuerySyntaxError, ValueError)
    assert issubclass(morgue.NotFound, LookupError)
    assert issubclass(morgue.IOFailure, OSError)
    assert not issubclass(morgue.Locked, ValueError)


def test_query_syntax_error_has_position(gen):
    with pytest.raises(morgue.QuerySyntaxError) as e:
        gen.search('oil AND (prices OR')
    assert e.value.position is not None and 0 <= e.value.position <= len('oil AND (prices OR')
    with pytest.raises(morgue.QuerySyntaxError) as e:
        gen.count('"unclosed phrase')
    assert e.value.position == 0
    with pytest.raises(morgue.QuerySyntaxError):
        morgue.Query.parse("a AND")


def test_open_errors(tmp_path):
    with pytest.raises(morgue.NotFound):
        morgue.open(tmp_path / "absent")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "file.txt").write_text("x")
    with pytest.raises(morgue.NotAnArchive):
        morgue.open(tmp_path / "plain")
    with pytest.raises(morgue.NotAnArchive):
        morgue.open(tmp_path / "plain", "c")
    with pytest.raises(ValueError):
        morgue.open(tmp_path / "x", "rw")
    with pytest.raises(morgue.InvalidArgument):
        morgue.open(tmp_path / "x", "c", shards=0)


def test_locked_by_another_process(tmp_path):
    path = tmp_path / "locked"
    morgue.open(path, "c").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, morgue
            a = morgue.open({str(path)!r}, "w")
            print("ready", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ))
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(morgue.Locked) as e:
            morgue.open(path, "w")
        assert str(holder.pid) in str(e.value)
        with morgue.open(path) as reader:  # readers are never locked out
            assert len(reader) == 0
    finally:
        holder.communicate("\n", timeout=30)
    morgue.open(path, "w").close()  # released


def test_limit_error(gen):
    with pytest.raises(morgue.LimitExceeded):
        gen.histogram(by="day", date_from="1000", date_to="2999")


def test_out_of_range_and_unencodable_arguments_name_the_argument(gen):
    # Found by the review: these reached pybind11 and raised its TypeError
    # "_make_request(): incompatible function arguments", naming no argument.
    for kwargs, name in [({"limit": 2**64}, "limit"), ({"offset": 2**70}, "offset"),
                         ({"snippet_length": 2**64}, "snippet_length"),
                         ({"time_limit_ms": 2**100}, "time_limit_ms")]:
        with pytest.raises(ValueError, match=name):
            gen.search("zorblat", **kwargs)
    assert gen.search("zorblat", offset=2**64 - 1).ids == []  # the largest still works
    with pytest.raises(ValueError, match="top"):
        gen.facets("zorblat", by="place", top=2**64)
    with pytest.raises(ValueError, match="top"):
        gen.stats(top=-1)
    with pytest.raises(ValueError, match="top"):
        gen.stats(top=2**64)
    with pytest.raises(ValueError, match="queue"):
        gen.export("zorblat", queue=-1)
    with pytest.raises(TypeError, match="queue"):
        gen.export("zorblat", queue="5")
    with pytest.raises(ValueError, match="query is not valid text.*surrogate"):
        gen.search("zorblat \ud800")
    with pytest.raises(ValueError, match="query is not valid text"):
        gen.count("\udcff")
    for call in (gen.get, gen.__getitem__, gen.__contains__, gen.similar):
        with pytest.raises(ValueError, match="id is not valid text"):
            call("a\ud800")
