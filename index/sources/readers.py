"""Reading articles from files: plain text, Markdown with front matter, JSON / JSON Lines, HTML.

`read_path()` walks files and folders and yields one `Read` per article or per failure, so that a
batch goes on past a bad file (or a bad JSON record) and every failure is named with its reason:
whatever goes wrong with one file or record is that file's or record's failure, never the
batch's. Parsing is pure (`read_text`, `read_markdown`, `read_json_records` — a stream, record
by record —, `read_html`); only `read_path()` touches the disk.
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import io
import itertools
import logging
import os
import re
import reprlib
import stat
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TextIO

import yaml

from index.store.errors import ReadError
from index.store.models import Article
from index.text.passages import PARAGRAPH_SEPARATOR
from index.sources.json_records import (
    RecordTooLong,
    bounded_lines,
    json_lines,
    json_values,
    lines_as_values,
    parse_record,
)
from index.sources.articles import (
    SENTENCE_END,
    DEFAULT_MAX_ARTICLE_BYTES,
    LIMIT_SETTING,
    Read,
    is_heading,
    clean_text,
    compose,
    decode,
    size_text,
    sniff_binary,
)

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

# A JSON Lines record may spell each character as a 6-character \uXXXX escape: a line longer
# than this many characters per allowed article byte cannot hold an article under the limit.
JSON_CHARS_PER_BYTE = 6
ARTICLE_FIELDS = ("id", "title", "text", "url", "source", "published", "author")

log = logging.getLogger("newsbot.readers")

def _looks_hard_wrapped(lines: list[str]) -> bool:
    """True for text wrapped at a fixed width (e-mail style), where a line is not a paragraph."""
    long_lines = [ln for ln in lines if len(ln) > 40]
    if len(long_lines) < 4 or max(len(ln) for ln in lines) > 100:
        return False
    unterminated = sum(1 for ln in long_lines if not ln.rstrip().endswith(SENTENCE_END))
    return unterminated >= len(long_lines) / 2


def read_text(text: str, name: str) -> Article:
    """A plain-text article: one paragraph a line (or blank-line blocks for hard-wrapped text).

    Short lines without final punctuation are section headings ("Réaction ukrainienne"); such a
    line opening the file is the title. `name` (the file name) is only used in messages.
    """
    lines = [ln.strip() for ln in clean_text(text).split("\n")]
    if _looks_hard_wrapped([ln for ln in lines if ln]):
        blocks = [b.replace("\n", " ") for b in "\n".join(lines).split("\n\n")]
    else:
        blocks = lines
    blocks = [b.strip() for b in blocks if b.strip()]
    if not blocks:
        raise ReadError("the file is empty")
    marked = [(b, is_heading(b) and i + 1 < len(blocks)) for i, b in enumerate(blocks)]
    return compose(None, marked)


# ---------------------------------------------------------------------------- Markdown

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"\1"),  # italics
    (re.compile(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"^\s{0,3}(?:>\s?)+", re.M), ""),  # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), ""),  # list markers
]


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date that does not exist (`published: 2023-02-30`)
    stays the text it is, for the field's own check to name, instead of failing the file."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)  # type: ignore[arg-type]


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterLoader.construct_yaml_timestamp)


def _front_matter(block: str) -> Any:
    """The front matter's fields: YAML, or else plain "key: value" lines.

    Hand-written front matter often has a title with a colon in it ("title: Ours : 10 millions"),
    which YAML rejects; read such lines as key, then everything after the first colon.
    """
    try:
        return yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        fields = {}
        for line in block.splitlines():
            key, sep, value = line.partition(":")
            if not line.strip():
                continue
            if not sep or not key.strip().isidentifier():
                problem = str(exc).splitlines()[0]
                raise ReadError(f"the front matter between the --- lines is not valid YAML ({problem})") from None
            fields[key.strip()] = value.strip().strip("\"'")
        return fields


def read_markdown(text: str, name: str) -> Article:
    """A Markdown article, with optional YAML front matter (title, date, url, source, author, id)."""
    text = clean_text(text)
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER_RE.match(text)
    if match:
        loaded = _front_matter(match.group(1))
        if isinstance(loaded, dict):
            meta = loaded
        text = text[match.end() :]
    blocks: list[tuple[str, bool]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines or re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", lines[0]):
            continue
        heading = _MD_HEADING_RE.match(lines[0])
        if heading:
            blocks.append((heading.group(1), True))
            lines = lines[1:]
        if lines:
            body = "\n".join(lines)
            for pattern, repl in _MD_INLINE:
                body = pattern.sub(repl, body)
            blocks.append((body, False))
    fields = article_fields(meta, {})
    title = fields.pop("title", None) or None
    fields.pop("text", None)
    if not blocks:
        raise ReadError("the file has no text after its front matter")
    return compose(title, blocks, **fields)


# ---------------------------------------------------------------------------- JSON


def _iso_date(value: Any) -> str:
    """An ISO 8601 date or datetime string, or ReadError saying what is expected."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        candidate = value.strip()
        try:
            datetime.fromisoformat(candidate.replace("Z", "+00:00"))
            return candidate
        except ValueError:
            pass
    # reprlib: a YAML alias bomb in front matter would make a full repr() billions of items long.
    raise ReadError(f"'published' must be an ISO 8601 date such as 2023-03-26 (got {_short_repr(value)})")


def _short_repr(value: Any) -> str:
    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = 80
    shortener.maxlevel, shortener.maxlist, shortener.maxdict = 2, 4, 4
    return shortener.repr(value)


def article_fields(record: Mapping[str, Any], field_map: Mapping[str, str]) -> dict[str, Any]:
    """The contract's fields of one record, checked, after applying `field_map`.

    `field_map` maps a contract field to the record's key, or several keys joined with "+"
    (their texts become consecutive paragraphs): {"text": "heading+article", "published": "date"}.
    Missing optional fields are None; unknown keys are ignored.
    """
    out: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        keys = field_map.get(name, "published|date" if name == "published" else name)
        values = [record.get(k) for k in re.split(r"[+|]", keys) if record.get(k) not in (None, "")]
        if "|" in keys:
            values = values[:1]
        if not values:
            continue
        if name == "published":
            out[name] = _iso_date(values[0])
            continue
        if name == "id" and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            values = [str(v) for v in values]
        bad = [v for v in values if not isinstance(v, str)]
        if bad:
            raise ReadError(f"'{name}' must be a string (got {json_type(bad[0])})")
        out[name] = PARAGRAPH_SEPARATOR.join(clean_text(v).strip() for v in values)
    return out


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages: "an array", not "list"."""
    names = {bool: "true or false", int: "a number", float: "a number", str: "a string", list: "an array",
             dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def article_from_record(record: Any, field_map: Mapping[str, str] | None = None) -> Article:
    """An Article from one JSON object of the article contract (title and text required)."""
    if not isinstance(record, dict):
        raise ReadError(f"expected a JSON object with 'title' and 'text' (got {json_type(record)})")
    fields = article_fields(record, field_map or {})
    missing = [name for name in ("title", "text") if not fields.get(name, "").strip()]
    if missing:
        raise ReadError("missing " + " and ".join(f"'{m}'" for m in missing))
    title, text = fields.pop("title"), fields.pop("text")
    blocks = [(p, False) for p in re.split(r"\n\s*\n", text)]
    return compose(title, blocks, **fields)


def read_json_records(stream: TextIO, lines: bool, field_map: Mapping[str, str] | None = None,
                      max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[tuple[int, Article | ReadError]]:
    """Articles of a JSON document (one object, an array, values one after the other) or of JSON
    Lines, one per record, streamed (`index.sources.json_records`): memory is bounded by the
    largest record, not the file.

    Yields (record number, Article or ReadError): a bad record is reported, the others go in.
    A record whose text is over `max_article_bytes` (UTF-8) is refused; a record too long to
    hold such an article is skipped without being held in memory.
    """
    limit = JSON_CHARS_PER_BYTE * max_article_bytes + 65_536
    values = json_lines(stream, limit) if lines else _document_values(stream, limit)
    for number, value in values:
        if isinstance(value, RecordTooLong):
            yield number, ReadError(f"{value} (the limit is {size_text(max_article_bytes)} of text, {LIMIT_SETTING})")
        elif isinstance(value, ReadError):
            yield number, value
        else:
            yield number, _record_article(value, field_map, max_article_bytes)


def _document_values(stream: TextIO, limit: int) -> Iterator[tuple[int, str | ReadError]]:
    """The records of a .json document; JSON Lines saved as .json (its first line a whole object)
    are read line by line, so that one broken line costs only itself."""
    head = stream.read(65_536)
    if head.lstrip().startswith("{") and "\n" not in head.lstrip():
        head += stream.readline(limit)
    first_line = head.lstrip().split("\n", 1)[0]
    if first_line.startswith("{") and len(first_line) <= limit:
        try:
            jsonl = isinstance(parse_record(first_line), dict)
        except ReadError:
            jsonl = False
        if jsonl:
            if not head.endswith("\n"):
                head += stream.readline(limit)
            numbered = enumerate(itertools.chain(bounded_lines(io.StringIO(head), limit),
                                                 bounded_lines(stream, limit)), start=1)
            yield from ((n, v) for n, v in lines_as_values(numbered, limit))
            return
    yield from json_values(_Prefixed(head, stream), limit)


class _Prefixed(io.TextIOBase):
    """A text stream whose first characters were already read: `head`, then the rest."""

    def __init__(self, head: str, rest: TextIO) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int | None = -1) -> str:
        if self.head:
            out, self.head = self.head, ""
            return out
        return self.rest.read(size)


def _record_article(text: str, field_map: Mapping[str, str] | None,
                    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article | ReadError:
    """The Article of one record's JSON text, or the reason it is refused: never an exception,
    so that a record cannot take the rest of its file with it."""
    try:
        article = article_from_record(parse_record(text), field_map)
    except ReadError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 — an unforeseen record: named and counted, the file goes on
        log.debug("record refused by an unexpected error", exc_info=True)
        return ReadError(f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    size = len(article.text.encode("utf-8"))
    if size > max_article_bytes:
        return ReadError(f"the article's text is {size_text(size, 1)}, over the {size_text(max_article_bytes)} limit for "
                         f"one article ({LIMIT_SETTING})")
    return article


# ---------------------------------------------------------------------------- files and folders


def _suffixes(path: Path) -> tuple[str, bool]:
    """The article suffix of a path and whether it is gzipped: "a.jsonl.gz" → (".jsonl", True)."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return Path(path.stem).suffix.lower(), True
    return suffix, False


def iter_files(path: Path) -> Iterator[Path]:
    """Files under `path` (itself if a file), sorted, skipping hidden files and folders.

    Symbolic links to folders are not followed, so a link loop cannot trap the walk.
    """
    if not path.is_dir():
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def read_file(path: Path, field_map: Mapping[str, str] | None = None, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
              on_bytes: Callable[[int], None] | None = None) -> Iterator[Read]:
    """The articles of one file (several for JSON), or one failed `Read` saying why.

    Whatever goes wrong with one file is that file's failure (or, for JSON, one record's): the
    caller's batch goes on. `on_bytes(n)` is told of the file's bytes as they are read (the
    progress bar), its whole size once done with it.
    """
    origin = str(path)
    suffix, gzipped = _suffixes(path)
    counter = _ByteCounter(on_bytes)
    try:
        with contextlib.suppress(OSError):  # the bytes `total_bytes` counted, refused files' too
            if stat.S_ISREG((size := path.stat()).st_mode):
                counter.size = size.st_size
        if suffix not in SUPPORTED_SUFFIXES:
            kind = f"'{suffix}'" if suffix else "without an extension"
            raise ReadError(f"unsupported file type {kind} (newsbot reads .txt, .md, .json, .jsonl, .html, and .gz of these)")
        # A FIFO would block the batch forever, a device (a link to /dev/zero) never ends.
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ReadError("not a regular file (a FIFO, socket or device): newsbot reads only files")
        if suffix in JSONL_SUFFIXES or suffix in JSON_SUFFIXES:
            yield from _read_json_file(path, gzipped, suffix in JSONL_SUFFIXES, field_map, max_article_bytes, counter)
            return
        if status.st_size > max_article_bytes and not gzipped:
            raise ReadError(f"the file is {size_text(status.st_size, 1)}, over the {size_text(max_article_bytes)} limit "
                            f"for one article ({LIMIT_SETTING})")
        data = _read_bytes(path, gzipped, max_article_bytes)
        if not data.strip():
            raise ReadError("the file is empty")
        binary = sniff_binary(data)
        if binary:
            raise ReadError(f"this is {binary}")
        text, warnings = decode(data)
        if suffix in HTML_SUFFIXES:
            from index.sources.html import read_html  # trafilatura is slow to import; only HTML needs it

            article = read_html(text)
        elif suffix in MARKDOWN_SUFFIXES:
            article = read_markdown(text, path.name)
        else:
            article = read_text(text, path.name)
        if article.id is None and article.url is None:
            article.id = Path(path.stem).stem if gzipped else path.stem
        article.origin = origin
        counter.finish()
        yield Read(origin, article=article, warnings=warnings)
    except ReadError as exc:
        yield Read(origin, error=str(exc))
    except FileNotFoundError:
        yield Read(origin, error="no such file or folder")
    except IsADirectoryError:
        yield Read(origin, error="is a folder")
    except PermissionError:
        yield Read(origin, error="permission denied: newsbot cannot read it")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Read(origin, error=f"cannot be read ({exc})")
    except Exception as exc:  # noqa: BLE001 — an input nobody foresaw: named and counted, never the batch's end
        log.debug("%s refused by an unexpected error", origin, exc_info=True)
        yield Read(origin, error=f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    finally:
        counter.finish()


class _ByteCounter:
    """Tells `on_bytes` how many bytes of one file were read, and the rest of its size at the end."""

    def __init__(self, on_bytes: Callable[[int], None] | None) -> None:
        self.on_bytes = on_bytes
        self.size = 0
        self.counted = 0

    def add(self, n: int) -> None:
        self.counted += n
        if self.on_bytes:
            self.on_bytes(n)

    def finish(self) -> None:
        if self.size > self.counted:
            self.add(self.size - self.counted)

    def open(self, path: Path, gzipped: bool, utf16: bool = False) -> io.TextIOWrapper:
        """`path` as UTF-8 text (or UTF-16 with its BOM; a BOM skipped, bad bytes replaced), its bytes
        counted as they are read."""
        raw: IO[bytes] = io.BufferedReader(_CountingFile(open(path, "rb"), self.add))  # noqa: SIM115
        if gzipped:
            raw = gzip.GzipFile(fileobj=raw, mode="rb")
        return io.TextIOWrapper(raw, encoding="utf-16" if utf16 else "utf-8-sig", errors="replace")


class _CountingFile(io.RawIOBase):
    """A file whose reads are reported to `on_read(n)`."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None]) -> None:
        self.raw, self.on_read = raw, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.on_read(n)
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _read_bytes(path: Path, gzipped: bool, limit: int) -> bytes:
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"the file holds more than {size_text(limit)} of text, over the limit for one article ({LIMIT_SETTING})")
    return data


def _read_json_file(path: Path, gzipped: bool, lines: bool, field_map: Mapping[str, str] | None,
                    max_article_bytes: int, counter: _ByteCounter) -> Iterator[Read]:
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as raw:
        head = raw.read(4)
        binary = sniff_binary(head)
        if binary and not head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ReadError(f"this is {binary}")
    records = 0
    with counter.open(path, gzipped, utf16=head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))) as stream:
        for number, result in read_json_records(stream, lines, field_map, max_article_bytes):
            records += 1
            origin = f"{path}:{number}"
            if isinstance(result, ReadError):
                yield Read(origin, error=str(result))
            else:
                result.origin = origin
                yield Read(origin, article=result)
    if not records:
        raise ReadError("no article in it: an empty JSON array, or nothing but white space" if not lines else
                        "no article in it: no line holds a record")


def read_path(path: str | os.PathLike[str], field_map: Mapping[str, str] | None = None,
              max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
              on_bytes: Callable[[int], None] | None = None) -> Iterator[Read]:
    """Every article under a file or folder (recursively), and every failure with its reason.

    `on_bytes(n)` is told of the bytes read, file by file (see `total_bytes` for the whole).
    """
    root = Path(path)
    if not root.exists() and not root.is_symlink():
        yield Read(str(root), error="no such file or folder")
        return
    files = 0
    for file in iter_files(root):
        files += 1
        yield from read_file(file, field_map, max_article_bytes, on_bytes)
    if not files:
        yield Read(str(root), error="the folder holds no file (hidden files and folders are not read)")


def total_bytes(path: str | os.PathLike[str]) -> int:
    """The size of the regular files `read_path(path)` reads: what its `on_bytes` adds up to."""
    total = 0
    for file in iter_files(Path(path)):
        try:
            status = file.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            total += status.st_size
    return total
