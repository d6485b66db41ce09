"""Reading articles: formats, encodings, and every bad input named with its reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from index.sources.articles import Read
from index.sources.readers import read_path
from tests.conftest import SEEDS

TEXT = "Le préfet d’Occitanie a annoncé jeudi une enveloppe de 10 millions d’euros.\nIl a précisé « c’est\u00a0un effort » devant la presse."


def read_one(path: Path) -> Read:
    reads = list(read_path(path))
    assert len(reads) == 1, reads
    return reads[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# ---------------------------------------------------------------- formats


def test_seed_text_file_title_headings_and_id() -> None:
    read = read_one(SEEDS / "000_97dcbfb83b55ebfe.txt")
    article = read.article
    assert read.error is None and article is not None
    assert article.id == "000_97dcbfb83b55ebfe"
    assert article.title.startswith("Le président russe Vladimir Poutine a affirmé")
    assert article.headings == ["Alliance fasciste", "Réaction ukrainienne", "Prigojine vs Kremlin"]
    assert article.source is None and article.published is None and article.url is None
    # verbatim: every line of the file is in the canonical text
    for line in (SEEDS / "000_97dcbfb83b55ebfe.txt").read_text(encoding="utf-8").splitlines():
        assert line.strip() in article.text


def test_text_file_opening_with_a_title_line(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "a.txt", "Ours et pastoralisme\n" + TEXT)).article
    assert article.title == "Ours et pastoralisme"
    assert article.text.startswith("Le préfet")


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path: Path) -> None:
    wrapped = (
        "L'État va mobiliser en 2020 environ 10 millions d'euros pour soutenir\n"
        "la cohabitation entre ours et pastoralisme dans le massif pyrénéen, a\n"
        "annoncé jeudi le préfet d'Occitanie Étienne Guyot, coordinateur du\n"
        "dossier, devant les élus et les représentants des éleveurs réunis.\n\n"
        "Cette enveloppe inclut 8,5 millions du ministère de l'Agriculture, soit\n"
        "10 % de plus qu'en 2019, et 1,15 million du ministère de la Transition.\n"
    )
    article = read_one(write(tmp_path, "w.txt", wrapped)).article
    assert article.text.count("\n\n") == 1
    assert "soutenir la cohabitation" in article.text


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    md = (
        "---\ntitle: « Ours : 10 millions »\ndate: 2020-07-02\nurl: https://example.org/ours\n"
        "source: Le Courrier\nauthor: Jeanne Dupont\nid: md-1\n---\n\n"
        "# « Ours : 10 millions »\n\nLe **préfet** a [annoncé](https://x.org) une enveloppe.\n\n"
        "## Réactions\n\n> « C’est un simulacre », a déclaré un éleveur.\n"
    )
    article = read_one(write(tmp_path, "a.md", md)).article
    assert (article.id, article.title, article.url, article.source, article.published, article.author) == (
        "md-1", "« Ours : 10 millions »", "https://example.org/ours", "Le Courrier", "2020-07-02", "Jeanne Dupont",
    )
    assert article.headings == ["Réactions"]
    assert "Le préfet a annoncé une enveloppe." in article.text
    assert "« C’est un simulacre », a déclaré un éleveur." in article.text


@pytest.mark.parametrize("shape", ["object", "array", "lines"])
def test_json_shapes(tmp_path: Path, shape: str) -> None:
    records = [
        {"id": "a1", "title": "Un", "text": "Premier paragraphe.\n\nSecond paragraphe.", "url": "https://ex.org/1",
         "source": "AFP", "published": "2023-03-26T10:00:00Z", "author": "X", "extra": [1, 2]},
        {"title": "Deux", "text": "Autre texte."},
    ]
    if shape == "object":
        content, name, expected = json.dumps(records[0]), "a.json", 1
    elif shape == "array":
        content, name, expected = json.dumps(records), "a.json", 2
    else:
        content, name, expected = "\n".join(json.dumps(r) for r in records), "a.jsonl", 2
    reads = list(read_path(write(tmp_path, name, content)))
    assert len(reads) == expected and all(r.article for r in reads)
    first = reads[0].article
    assert (first.id, first.source, first.published) == ("a1", "AFP", "2023-03-26T10:00:00Z")
    assert first.text == "Premier paragraphe.\n\nSecond paragraphe."


def test_gzipped_json_lines_with_a_field_map(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": 10, "date": "2020-07-02", "title": "Ours", "heading": "Chapô.", "article": "Corps."}) + "\n")
    (read,) = read_path(path, field_map={"text": "heading+article", "published": "date"})
    assert read.article.id == "10"
    assert read.article.published == "2020-07-02"
    assert read.article.text == "Chapô.\n\nCorps."


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    html = """<html><head><title>Ours : 10 millions | Le Courrier</title>
    <meta property="og:site_name" content="Le Courrier">
    <meta property="article:published_time" content="2020-07-02T08:00:00+02:00">
    <link rel="canonical" href="https://example.org/ours"></head>
    <body><nav><a href="/">Accueil</a> <a href="/sport">Sport</a></nav>
    <article><h1>Ours : 10 millions</h1>
    <p>L’État va mobiliser en 2020 environ 10 millions d’euros pour soutenir la cohabitation entre ours et pastoralisme.</p>
    <h2>Réactions</h2>
    <p>« C’est un simulacre de concertation », a déclaré Philippe Lacube devant la préfecture de Toulouse.</p>
    </article><footer>© Le Courrier — mentions légales</footer></body></html>"""
    article = read_one(write(tmp_path, "page.html", html)).article
    assert article.source == "Le Courrier"
    assert article.published == "2020-07-02"
    assert article.url == "https://example.org/ours"
    assert article.headings == ["Réactions"]
    assert "simulacre de concertation" in article.text
    assert "Accueil" not in article.text and "mentions légales" not in article.text


# ---------------------------------------------------------------- encodings


def test_cp1252_file(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "a.txt", TEXT.replace("\u00a0", " ").encode("cp1252"))).article
    assert "préfet d’Occitanie" in article.text and "« c’est un effort »" in article.text


def test_utf8_with_bom(tmp_path: Path) -> None:
    article = read_one(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"))).article
    assert article.title.startswith("Le préfet")


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    read = read_one(write(tmp_path, "a.txt", TEXT.encode("utf-8") + b" fin \xff\xfe de ligne."))
    assert read.article is not None and "préfet" in read.article.text
    assert read.warnings and "undecodable" in read.warnings[0]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("binary.txt", bytes(range(256)) * 10, "binary"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        ("notext.json", json.dumps({"title": "Sans texte"}).encode(), "missing 'text'"),
        ("notitle.json", json.dumps({"text": "Du texte."}).encode(), "missing 'title'"),
        ("types.json", json.dumps({"title": "T", "text": ["a", "b"]}).encode(), "'text' must be a string"),
        ("types2.json", json.dumps({"title": 12.5, "text": "x"}).encode(), "'title' must be a string"),
        ("date.json", json.dumps({"title": "T", "text": "x", "published": "26 mars"}).encode(), "ISO 8601"),
        ("scalar.json", b"42", "expected a JSON object"),
        ("broken.json", b'{"title": "T", "text": ', "not valid JSON"),
        ("nested.json", b"[" * 100_000 + b"]" * 100_000, "JSON"),
        ("nobody.html", b"<html><head><title>Accueil</title></head><body><nav>Menu</nav></body></html>", "no article text"),
        ("photo.jpg", b"\xff\xd8\xff\xe0", "unsupported file type"),
    ],
)
def test_bad_files_are_named_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    reads = list(read_path(write(tmp_path, name, content)))
    assert reads and all(r.article is None for r in reads)
    assert reason in reads[0].error


def test_missing_path() -> None:
    (read,) = read_path("/no/such/place")
    assert read.error == "no such file or folder"


def test_big_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:  # 50 MB, sparse: cheap to make
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b"a")
    (read,) = read_path(path)
    assert "over the 5 MB limit" in read.error


def test_bad_records_in_json_lines_do_not_stop_the_good_ones(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Bon", "text": "Texte."}), "{pas du json", json.dumps({"title": "Sans"}), "",
             json.dumps({"title": "Bon aussi", "text": "Encore."})]
    reads = list(read_path(write(tmp_path, "mixed.jsonl", "\n".join(lines))))
    assert [r.article.title for r in reads if r.article] == ["Bon", "Bon aussi"]
    assert [(r.origin.rsplit(":", 1)[1], r.error) for r in reads if r.error] == [
        ("2", "not valid JSON: Expecting property name enclosed in double quotes (column 2)"), ("3", "missing 'text'"),
    ]


def test_folder_with_mixed_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    write(tmp_path, "sub/good.txt", TEXT)
    write(tmp_path, "good.md", "# Titre\n\nUn paragraphe.")
    write(tmp_path, "bad.txt", b"")
    write(tmp_path, "image.png", b"\x89PNG\r\n")
    write(tmp_path, ".DS_Store", b"\x00\x00")
    write(tmp_path, ".git/config", "x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    reads = list(read_path(tmp_path))
    good = sorted(Path(r.origin).name for r in reads if r.article)
    bad = sorted((Path(r.origin).name, r.error.split(" (")[0]) for r in reads if r.error)
    assert good == ["good.md", "good.txt"]
    assert bad == [("bad.txt", "the file is empty"), ("image.png", "unsupported file type '.png'")]


def test_bytes_read_add_up_to_the_total(tmp_path: Path) -> None:
    """What the progress bar counts: every file's bytes as they are read (compressed ones for .gz),
    refused files' too, adding up to `total_bytes` of the folder."""
    import gzip

    from index.sources.readers import total_bytes

    (tmp_path / "a.txt").write_text("Titre\nUn paragraphe.\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 pas un article")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress("\n".join(
        json.dumps({"title": f"Titre {n}", "text": f"Texte {n}."}) for n in range(2_000)).encode()))
    (tmp_path / "d.json").write_text("[]", encoding="utf-8")
    counted: list[int] = []
    reads = list(read_path(tmp_path, on_bytes=counted.append))
    assert len(reads) == 1 + 1 + 2_000 + 1
    assert sum(counted) == total_bytes(tmp_path) == sum(p.stat().st_size for p in tmp_path.iterdir())
    assert len(counted) > 4  # the .gz counted as it is read, not at its end only
