"""Reading articles from files: plain text, Markdown with front matter, JSON / JSON Lines, HTML.

`read_path()` walks files and folders and yields one `Read` per article or per failure, so that a
batch goes on past a bad file and every failure is named with its reason. Parsing is pure
(`read_text`, `read_markdown`, `read_json_records`, `read_html`); only `read_path()` touches the disk.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import reprlib
import stat
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from index.store.errors import ReadError
from index.store.models import Article
from index.text.passages import PARAGRAPH_SEPARATOR
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

MAX_JSON_FILE_BYTES = 512 * 1024 * 1024  # a JSON array is loaded whole; JSON Lines are streamed
# A JSON Lines record may spell each character as a 6-character \uXXXX escape: a line longer
# than this many characters per allowed article byte cannot hold an article under the limit.
JSON_CHARS_PER_BYTE = 6
ARTICLE_FIELDS = ("id", "title", "text", "url", "source", "published", "author")

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


def _front_matter(block: str) -> Any:
    """The front matter's fields: YAML, or else plain "key: value" lines.

    Hand-written front matter often has a title with a colon in it ("title: Ours : 10 millions"),
    which YAML rejects; read such lines as key, then everything after the first colon.
    """
    try:
        return yaml.safe_load(block)
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
            raise ReadError(f"'{name}' must be a string (got {type(bad[0]).__name__})")
        out[name] = PARAGRAPH_SEPARATOR.join(clean_text(v).strip() for v in values)
    return out


def article_from_record(record: Any, field_map: Mapping[str, str] | None = None) -> Article:
    """An Article from one JSON object of the article contract (title and text required)."""
    if not isinstance(record, dict):
        raise ReadError(f"expected a JSON object with 'title' and 'text' (got {type(record).__name__})")
    fields = article_fields(record, field_map or {})
    missing = [name for name in ("title", "text") if not fields.get(name, "").strip()]
    if missing:
        raise ReadError("missing " + " and ".join(f"'{m}'" for m in missing))
    title, text = fields.pop("title"), fields.pop("text")
    blocks = [(p, False) for p in re.split(r"\n\s*\n", text)]
    return compose(title, blocks, **fields)


def read_json_records(stream: io.TextIOBase, lines: bool, field_map: Mapping[str, str] | None = None,
                      max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[tuple[int, Article | ReadError]]:
    """Articles of a JSON document (one object or an array) or of JSON Lines, one per record.

    Yields (record number, Article or ReadError): a bad record is reported, the others go in.
    A record whose text is over `max_article_bytes` (UTF-8) is refused; a JSON Lines line too
    long to hold such an article is skipped without being held in memory.
    """
    if not lines:
        text = stream.read()
        stripped = text.lstrip()
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if stripped.startswith("{") and "Extra data" in str(exc):
                yield from read_json_records(io.StringIO(text), True, field_map, max_article_bytes)
                return
            raise ReadError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        except RecursionError:
            raise ReadError("JSON nested too deeply to be an article") from None
        records = document if isinstance(document, list) else [document]
        for number, record in enumerate(records, start=1):
            yield number, _record_article(record, field_map, max_article_bytes)
        return
    line_limit = JSON_CHARS_PER_BYTE * max_article_bytes + 65_536
    for number, line in enumerate(_bounded_lines(stream, line_limit), start=1):
        if line is None:
            yield number, ReadError(f"the line is over {line_limit:,} characters: too long for one article "
                                    f"(the limit is {size_text(max_article_bytes)}, {LIMIT_SETTING})")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ReadError(f"not valid JSON: {exc.msg}")
            continue
        except RecursionError:
            yield number, ReadError("JSON nested too deeply to be an article")
            continue
        yield number, _record_article(record, field_map, max_article_bytes)


def _bounded_lines(stream: io.TextIOBase, limit: int) -> Iterator[str | None]:
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


def _record_article(record: Any, field_map: Mapping[str, str] | None,
                    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article | ReadError:
    try:
        article = article_from_record(record, field_map)
    except ReadError as exc:
        return exc
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


def read_file(path: Path, field_map: Mapping[str, str] | None = None, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Read]:
    """The articles of one file (several for JSON), or one failed `Read` saying why."""
    origin = str(path)
    suffix, gzipped = _suffixes(path)
    try:
        if suffix not in SUPPORTED_SUFFIXES:
            kind = f"'{suffix}'" if suffix else "without an extension"
            raise ReadError(f"unsupported file type {kind} (newsbot reads .txt, .md, .json, .jsonl, .html, and .gz of these)")
        # A FIFO would block the batch forever, a device (a link to /dev/zero) never ends.
        if not stat.S_ISREG(path.stat().st_mode):
            raise ReadError("not a regular file (a FIFO, socket or device): newsbot reads only files")
        if suffix in JSONL_SUFFIXES:
            yield from _read_json_file(path, gzipped, True, field_map, max_article_bytes)
            return
        size = path.stat().st_size
        limit = MAX_JSON_FILE_BYTES if suffix in JSON_SUFFIXES else max_article_bytes
        if size > limit and not gzipped:
            what = "a JSON file (split it, or use JSON Lines)" if suffix in JSON_SUFFIXES else f"one article ({LIMIT_SETTING})"
            raise ReadError(f"the file is {size_text(size, 1)}, over the {size_text(limit)} limit for {what}")
        if suffix in JSON_SUFFIXES:
            yield from _read_json_file(path, gzipped, False, field_map, max_article_bytes)
            return
        data = _read_bytes(path, gzipped, limit)
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


def _read_bytes(path: Path, gzipped: bool, limit: int) -> bytes:
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"the file holds more than {size_text(limit)} of text, over the limit for one article ({LIMIT_SETTING})")
    return data


def _decompressed_over(path: Path, limit: int) -> bool:
    """True when a .gz file holds more than `limit` bytes, counted in chunks (a gzip bomb is
    refused without being held in memory)."""
    total = 0
    with gzip.open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            total += len(chunk)
            if total > limit:
                return True
    return False


def _read_json_file(path: Path, gzipped: bool, lines: bool, field_map: Mapping[str, str] | None,
                    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Read]:
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as raw:
        head = raw.read(4)
        binary = sniff_binary(head)
        if binary and not head.startswith(codecs.BOM_UTF8):
            raise ReadError(f"this is {binary}")
    if gzipped and not lines and _decompressed_over(path, MAX_JSON_FILE_BYTES):
        raise ReadError(f"the file holds more than {size_text(MAX_JSON_FILE_BYTES)} of JSON, over the limit for "
                        "a JSON file (split it, or use JSON Lines)")
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as stream:
        for number, result in read_json_records(stream, lines, field_map, max_article_bytes):
            origin = f"{path}:{number}"
            if isinstance(result, ReadError):
                yield Read(origin, error=str(result))
            else:
                result.origin = origin
                yield Read(origin, article=result)


def read_path(path: str | os.PathLike[str], field_map: Mapping[str, str] | None = None, max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Iterator[Read]:
    """Every article under a file or folder (recursively), and every failure with its reason."""
    root = Path(path)
    if not root.exists() and not root.is_symlink():
        yield Read(str(root), error="no such file or folder")
        return
    for file in iter_files(root):
        yield from read_file(file, field_map, max_article_bytes)
