"""JSON article files, streamed: the records of a JSON array (or of JSON values one after the
other) and of JSON Lines, one at a time.

Two promises, whatever the file:
- memory is bounded by the largest record, not by the file: a 1 GB export is read in 1 MB
  slices, and a record over the size limit is skipped without being held (docs/reliability.md);
- each record is parsed on its own, by the standard library's `json`, so that a bad record (a
  syntax error, a lone surrogate, a 5,000-digit number, nesting 100,000 deep) costs only itself:
  the records before and after it still go in.

A small scanner finds where each record ends (strings skipped whole by a regular expression,
brackets counted on a stack); `json.loads` then parses the record's text. No streaming JSON
library is used: the one tried (ijson 3.6, C backend) crashes the process with a segmentation
fault on an integer of more than 4,300 digits, and stops at the first syntax error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from index.store.errors import ReadError


class RecordTooLong(ReadError):
    """A record (or a JSON Lines line) too long to hold an article: skipped without being held."""

CHUNK_CHARS = 1 << 20  # read 1 M characters at a time
# A string, a bracket, or a run of anything else (numbers, literals, commas, spaces). A string
# cut by the end of the buffer matches none of them: more text is read, and the scan goes on.
# JSON strings hold no raw line break: a string still open at the end of its line is broken, and
# the record with it (the next line may start a good one).
_TOKEN_RE = re.compile(r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"|[\[\]{}]|[^"\[\]{}]+')
_SCALAR_RE = re.compile(r'[^,\[\]{}"\s]+')
_SPACE_RE = re.compile(r"[\s,]*")  # between records: white space and commas (an extra comma costs nothing)
_CLOSERS = {"[": "]", "{": "}"}
MAX_DEPTH = 64  # deeper than this, a record is no article: refused before json.loads recurses


def _number(digits: str) -> int | float:
    """An integer as JSON gives it; one too long for Python's int-from-string limit (4,300
    digits) becomes an infinite float instead of failing the whole line."""
    if len(digits) > sys.get_int_max_str_digits() > 0:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


def parse_record(text: str) -> Any:
    """One record's JSON value, or ReadError with the reason (never another exception)."""
    try:
        return json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno} of the record"
        raise ReadError(f"not valid JSON: {exc.msg} ({where})") from None
    except RecursionError:
        raise ReadError("JSON nested too deeply to be an article") from None
    except ValueError as exc:  # anything else json refuses
        raise ReadError(f"not valid JSON ({str(exc)[:200]})") from None


class _Scanner:
    """The text of a stream, read in slices. `pos` is where scanning is; `mark` is where the
    record being scanned starts: text before the mark is let go when the next slice is read."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.buf = ""
        self.pos = self.mark = 0
        self.eof = False

    def more(self) -> bool:
        """Read the next slice, dropping the text before `mark`; False at the end of the stream."""
        if self.eof:
            return False
        data = self.stream.read(CHUNK_CHARS)
        if not data:
            self.eof = True
            return False
        self.buf = self.buf[self.mark :] + data
        self.pos -= self.mark
        self.mark = 0
        return True

    def skip(self, pattern: re.Pattern[str]) -> None:
        """Move past what `pattern` matches (white space, commas), across slices."""
        while True:
            self.mark = self.pos
            match = pattern.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf) or not self.more():
                return

    def peek(self) -> str:
        """The character at `pos` ("" at the end of the stream)."""
        if self.pos >= len(self.buf):
            self.mark = self.pos
            self.more()
        return self.buf[self.pos : self.pos + 1]


_SPACES_RE = re.compile(r"\s*")


def json_values(stream: TextIO, max_chars: int) -> Iterator[tuple[int, str | ReadError]]:
    """(record number, the record's JSON text or ReadError) for each record of a JSON document:
    the elements of a top-level array, or top-level values one after the other.

    A record longer than `max_chars` characters is scanned to its end without being kept, and
    reported; so is one nested more than MAX_DEPTH deep.
    """
    scan = _Scanner(stream)
    number = 0
    in_array = False
    cut = False  # the last record was cut by the end of the file: no need to say the array is too
    while True:
        scan.skip(_SPACE_RE if in_array else _SPACES_RE)
        first = scan.peek()
        if not first:
            if in_array and not cut:
                yield number + 1, ReadError("not valid JSON: the file ends before the array is closed with ']' (is it cut short?)")
            return
        if first == "[" and not in_array:  # a top-level array: its elements are the records
            in_array = True
            scan.pos += 1
            continue
        if first in "]}":
            scan.pos += 1
            if first == "]" and in_array:
                in_array = False
                continue
            number += 1
            yield number, ReadError(f"not valid JSON: this '{first}' closes nothing")
            continue
        number += 1
        value = _record(scan, max_chars)
        cut = isinstance(value, ReadError) and "the file ends inside" in str(value)
        yield number, value


def _record(scan: _Scanner, max_chars: int) -> str | ReadError:
    """The text of the value at the scanner's position, which moves past it."""
    scan.mark = scan.pos
    if scan.buf[scan.pos] not in '[{"':  # a number, a literal, or garbage: up to the next separator
        while (match := _SCALAR_RE.match(scan.buf, scan.pos)) is not None:
            scan.pos = match.end()
            if scan.pos < len(scan.buf) or not scan.more():
                break
        if scan.pos == scan.mark:  # a lone separator where a value should be (a top-level ","): named, passed
            scan.pos += 1
        return scan.buf[scan.mark : scan.pos]
    stack: list[str] = []
    let_go = 0  # characters of this record already dropped: it is too long (or deep) to keep
    deepest = 0
    while True:
        match = _TOKEN_RE.match(scan.buf, scan.pos)
        if match is None and (line_end := scan.buf.find("\n", scan.pos)) >= 0:
            scan.pos = line_end + 1  # resume on the next line
            return ReadError("not valid JSON: a string of this record is not closed on its line")
        if match is None or (match.end() == len(scan.buf) and not scan.eof):
            if scan.more():  # a string or a run cut by the end of the slice: read on
                continue
            if match is None:
                scan.pos = len(scan.buf)
                return ReadError("not valid JSON: the file ends inside a string of this record (is it cut short?)")
        token = match.group()
        scan.pos = match.end()
        if token in _CLOSERS:
            stack.append(_CLOSERS[token])
            deepest = max(deepest, len(stack))
        elif token in ("]", "}") and (not stack or stack.pop() != token):
            return ReadError(f"not valid JSON: a '{token}' does not match its opening bracket")
        if not stack:
            break
        if scan.pos >= len(scan.buf) and scan.eof:
            return ReadError("not valid JSON: the file ends inside this record (is it cut short?)")
        if (let_go or deepest > MAX_DEPTH or scan.pos - scan.mark > max_chars) and scan.pos - scan.mark > CHUNK_CHARS:
            let_go += scan.pos - scan.mark  # refused anyway: keep scanning for its end, holding nothing
            scan.mark = scan.pos
    size = let_go + scan.pos - scan.mark
    if size > max_chars:
        return RecordTooLong(f"the record is {size:,} characters long: too long for one article")
    if deepest > MAX_DEPTH:
        return ReadError("JSON nested too deeply to be an article")
    return scan.buf[scan.mark : scan.pos]


# ---------------------------------------------------------------------------- JSON Lines


def bounded_lines(stream: TextIO, limit: int) -> Iterator[str | None]:
    """The lines of `stream`; None for a line over `limit` characters, skipped chunk by chunk."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield None
        else:
            yield line


def lines_as_values(numbered: Iterable[tuple[int, str | None]], limit: int) -> Iterator[tuple[int, str | ReadError]]:
    """(line number, the line's JSON text or RecordTooLong) of numbered lines; blank lines skipped."""
    for number, line in numbered:
        if line is None:
            yield number, RecordTooLong(f"the line is over {limit:,} characters: too long for one article")
        elif line.strip():
            yield number, line


def json_lines(stream: TextIO, limit: int) -> Iterator[tuple[int, str | ReadError]]:
    """(line number, JSON text or RecordTooLong) of each non-blank line of JSON Lines."""
    return lines_as_values(enumerate(bounded_lines(stream, limit), start=1), limit)
