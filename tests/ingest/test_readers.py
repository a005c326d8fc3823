"""Readers: every format, every kind of bad input, each named per file."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from frontierkg.errors import IngestInputError
from frontierkg.settings import Settings, load_settings
from ingest.models import ArticleInput
from ingest.readers import read_article_dict, read_paths
from ingest.readers.checks import NotEnglishError
from ingest.readers.dates import parse_date
from ingest.readers.identity import article_id, normalise_url

ENGLISH = (
    "The US Commerce Department added Zhipu AI to the Entity List on Wednesday, saying the "
    "Beijing-based start-up was helping China's military. Zhipu said it would keep working "
    "with its partners and that the decision had no basis in fact. The move is part of a "
    "wider effort by Washington to limit China's access to advanced chips and AI models."
)
FRENCH = (
    "Le département américain du Commerce a ajouté mercredi la jeune pousse chinoise Zhipu à "
    "sa liste noire des exportations, invoquant des risques pour la sécurité nationale et des "
    "liens supposés avec l'armée chinoise. Zhipu a dénoncé une décision sans fondement."
)
CHINESE = (
    "美国商务部周三宣布将中国人工智能公司智谱列入出口管制实体清单，"
    "理由是国家安全风险以及与中国军方的联系。"
) * 2


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", max_article_chars=50_000)


def _read(paths: list[Path | str], settings: Settings) -> list[ArticleInput | IngestInputError]:
    return list(read_paths([str(p) for p in paths], settings=settings))


def _one_article(paths: list[Path | str], settings: Settings) -> ArticleInput:
    items = _read(paths, settings)
    assert len(items) == 1, items
    assert isinstance(items[0], ArticleInput), items[0]
    return items[0]


def _one_error(paths: list[Path | str], settings: Settings) -> IngestInputError:
    items = _read(paths, settings)
    assert len(items) == 1, items
    assert isinstance(items[0], IngestInputError), items[0]
    return items[0]


# ---------------------------------------------------------------- formats


def test_txt_first_line_is_title_and_id_comes_from_content(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "zhipu.txt"
    path.write_text(f"\n  US blacklists Zhipu  \n\n{ENGLISH}\n", encoding="utf-8")
    article = _one_article([path], settings)
    assert article.title == "US blacklists Zhipu"
    assert article.text.startswith("US blacklists Zhipu")
    assert "Entity List" in article.text
    assert article.origin == str(path)
    assert article.id.startswith("text-")
    # Same content elsewhere: same id (dedup); different content: different id.
    copy = tmp_path / "copy.txt"
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _one_article([copy], settings).id == article.id
    copy.write_text(path.read_text(encoding="utf-8") + " More.", encoding="utf-8")
    assert _one_article([copy], settings).id != article.id


def test_markdown_front_matter_and_markup_removed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\nid: md-1\npublished: 16 January 2025\nsource: my notes\n---\n"
        "# US adds **Zhipu** to the Entity List\n\n"
        f"The [Commerce Department](https://commerce.gov) said so. {ENGLISH}\n",
        encoding="utf-8",
    )
    article = _one_article([path], settings)
    assert article.id == "md-1"
    assert article.title == "US adds Zhipu to the Entity List"
    assert article.published == date(2025, 1, 16)
    assert article.source == "my notes"
    assert "The Commerce Department said so." in article.text
    assert "**" not in article.text and "](" not in article.text and "#" not in article.text


def test_html_main_text_and_metadata(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Site | US blacklists Zhipu</title>"
        '<meta property="og:title" content="US blacklists Zhipu">'
        '<meta property="og:url" content="https://news.example.com/zhipu?utm_source=rss">'
        '<meta property="article:published_time" content="2025-01-16T08:00:00Z">'
        '<meta property="og:site_name" content="Example News"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/tech'>Tech</a> Subscribe now</nav>"
        f"<article><h1>US blacklists Zhipu</h1><p>{ENGLISH}</p><p>{ENGLISH}</p></article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    article = _one_article([path], settings)
    assert article.title == "US blacklists Zhipu"
    assert article.url == "https://news.example.com/zhipu?utm_source=rss"
    assert article.published == date(2025, 1, 16)
    assert article.source == "Example News"
    assert "Entity List" in article.text
    assert "Subscribe now" not in article.text and "All rights reserved" not in article.text
    # The id comes from the normalised URL: the tracking parameter does not change it.
    assert article.id == article_id(None, "https://news.example.com/zhipu", "")


def test_json_article_ignores_unknown_keys(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.json"
    data = {
        "id": "zhipu-1",
        "url": "https://example.com/zhipu",
        "title": "US blacklists Zhipu",
        "published": "2025-01-16",
        "source": "example.com",
        "text": ENGLISH,
        "entities": [{"name": "Zhipu AI", "type": "Organization"}],
        "relations": [],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    article = _one_article([path], settings)
    assert (article.id, article.url, article.source) == (
        "zhipu-1",
        "https://example.com/zhipu",
        "example.com",
    )
    assert article.published == date(2025, 1, 16)
    assert article.text == ENGLISH


def test_jsonl_bad_line_is_an_error_for_that_line_only(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "one", "text": ENGLISH}),
        "{not json",
        "",
        json.dumps({"id": "three", "title": "no text"}),
        json.dumps({"id": "four", "text": ENGLISH + " Four."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path], settings)
    assert [type(i).__name__ for i in items] == [
        "ArticleInput",
        "IngestInputError",
        "IngestInputError",
        "ArticleInput",
    ]
    bad_json, no_text = items[1], items[2]
    assert isinstance(bad_json, IngestInputError) and isinstance(no_text, IngestInputError)
    assert bad_json.source == f"{path}:2" and "invalid JSON" in bad_json.problem
    assert no_text.source == f"{path}:4" and "'text'" in no_text.problem
    assert [i.id for i in items if isinstance(i, ArticleInput)] == ["one", "four"]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Chip Wire</title>
<item><title>Nvidia H20 curbs</title><link>https://chips.example.com/h20</link>
<description>&lt;p&gt;{text}&lt;/p&gt;</description>
<pubDate>Wed, 15 Jan 2025 23:30:00 -0500</pubDate></item>
<item><title>Empty entry</title><link>https://chips.example.com/empty</link></item>
<item><title>SMIC output</title><guid isPermaLink="false">smic-42</guid>
<description>{text} SMIC.</description></item>
</channel></rss>
"""


def test_feed_entries_read_and_broken_entry_warned(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "wire.xml"
    path.write_text(RSS.format(text=ENGLISH), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        items = _read([path], settings)
    articles = [i for i in items if isinstance(i, ArticleInput)]
    assert len(articles) == len(items) == 2
    first, second = articles
    assert first.title == "Nvidia H20 curbs" and first.source == "Chip Wire"
    assert first.url == "https://chips.example.com/h20"
    assert first.published == date(2025, 1, 16)  # 23:30 at UTC-5 is the 16th in UTC
    assert "<p>" not in first.text and "Entity List" in first.text
    assert second.id == "smic-42"  # no link: the guid is the id
    warning = " ".join(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert str(path) in warning and "Empty entry" in warning and "no content" in warning


def test_feed_that_does_not_parse_is_an_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</title><item>&&&</rss", encoding="utf-8")
    error = _one_error([path], settings)
    assert error.source == str(path) and "feed" in error.problem


def test_xml_that_is_not_a_feed_is_an_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><root><a>1</a></root>", encoding="utf-8")
    assert "not an RSS or Atom feed" in _one_error([path], settings).problem


def test_directory_is_read_recursively_skipping_hidden_and_unsupported(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b.txt").write_text("B title\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "sub" / "a.json").write_text(
        json.dumps({"id": "a", "text": ENGLISH}), encoding="utf-8"
    )
    (tmp_path / "sub" / "deeper" / "c.md").write_text("# C\n" + ENGLISH, encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("hidden\n" + ENGLISH, encoding="utf-8")
    (tmp_path / ".hidden" / "d.txt").write_text("hidden dir\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    items = _read([tmp_path], settings)
    assert all(isinstance(i, ArticleInput) for i in items)
    origins = [i.origin for i in items if isinstance(i, ArticleInput)]
    assert origins == [
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "a.json"),
        str(tmp_path / "sub" / "deeper" / "c.md"),
    ]


def test_eval_dev_files_are_valid_input(settings: Settings) -> None:
    dev = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev is absent")
    items = _read([dev], settings)
    assert len(items) == len(list(dev.glob("*.json")))
    assert all(isinstance(i, ArticleInput) for i in items)
    ids = {i.id for i in items if isinstance(i, ArticleInput)}
    assert ids == {p.stem for p in dev.glob("*.json")}


# ---------------------------------------------------------------- bad input


def test_binary_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = _one_error([path], settings)
    assert error.source == str(path) and "binary file" in error.problem


@pytest.mark.parametrize("suffix", [".txt", ".md", ".json", ".html", ".xml"])
def test_empty_file_is_refused(tmp_path: Path, settings: Settings, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_text("  \n\n", encoding="utf-8")
    error = _one_error([path], settings)
    assert error.source == str(path) and "empty" in error.problem


def test_invalid_json_names_file_line_and_column(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "x",\n "text": "abc",,}', encoding="utf-8")
    error = _one_error([path], settings)
    assert error.source == str(path)
    assert "invalid JSON at line 2" in error.problem


def test_json_without_text_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "notext.json"
    path.write_text(json.dumps({"id": "x", "title": "Only a title"}), encoding="utf-8")
    error = _one_error([path], settings)
    assert error.source == str(path) and "missing required key 'text'" in error.problem


def test_json_list_is_refused_with_a_hint(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": ENGLISH}]), encoding="utf-8")
    assert ".jsonl" in _one_error([path], settings).problem


def test_a_few_non_utf8_bytes_are_replaced_with_a_warning(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "cp1252.txt"
    raw = ("Title\n" + ENGLISH).encode("utf-8")
    path.write_bytes(raw.replace(b"Zhipu said", b"Zhipu \x93said\x94"))
    with caplog.at_level(logging.WARNING):
        article = _one_article([path], settings)
    assert "Zhipu \ufffdsaid\ufffd" in article.text
    warning = caplog.records[-1].getMessage()
    assert str(path) in warning and "not valid UTF-8" in warning and "2 byte(s)" in warning


def test_mostly_non_utf8_text_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(("Titre\n" + "élève été à côté " * 40).encode("latin-1"))
    error = _one_error([path], settings)
    assert error.source == str(path) and "not UTF-8 text" in error.problem


def test_article_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data")  # default limit: 2,000,000 chars
    path = tmp_path / "huge.txt"
    body = ENGLISH + "\n"
    path.write_text("Huge\n" + body * (10 * 1024 * 1024 // len(body)), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    error = _one_error([path], settings)
    assert error.source == str(path)
    assert "FRONTIERKG_MAX_ARTICLE_CHARS" in error.problem and "2,000,000" in error.problem


@pytest.mark.parametrize("text", [FRENCH, CHINESE], ids=["french", "chinese"])
def test_non_english_text_is_skipped_with_a_warning(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    path = tmp_path / "foreign.txt"
    path.write_text("Titre\n" + text, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert _read([path], settings) == []
    warning = caplog.records[-1].getMessage()
    assert str(path) in warning and "English" in warning and "skipped" in warning


def test_missing_path_and_unsupported_suffix(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    missing, unsupported = _read([tmp_path / "nope.txt", tmp_path / "slides.pdf"], settings)
    assert isinstance(missing, IngestInputError) and "no such file" in missing.problem
    assert isinstance(unsupported, IngestInputError) and "'.pdf'" in unsupported.problem


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "1.json").write_text("{", encoding="utf-8")
    (tmp_path / "2.txt").write_text("Good\n" + ENGLISH, encoding="utf-8")
    items = _read([tmp_path], settings)
    assert [type(i).__name__ for i in items] == ["IngestInputError", "ArticleInput"]


# ---------------------------------------------------------------- API dict, ids, dates


def test_read_article_dict_validates_like_a_file(settings: Settings) -> None:
    article = read_article_dict(
        {"url": "https://www.example.com/a/", "text": ENGLISH, "published": "Jan 16, 2025"},
        "api",
        settings=settings,
    )
    assert article.id == article_id(None, "https://example.com/a", "")
    assert article.published == date(2025, 1, 16)
    assert article.title.startswith("The US Commerce Department")
    with pytest.raises(IngestInputError, match="api: key 'text' must be a string"):
        read_article_dict({"text": 42}, "api", settings=settings)
    with pytest.raises(NotEnglishError, match="api: text does not look like English"):
        read_article_dict({"text": FRENCH}, "api", settings=settings)
    with pytest.raises(IngestInputError, match="article text is empty"):
        read_article_dict({"text": "   "}, "api", settings=settings)


def test_url_normalisation_makes_variants_one_id() -> None:
    variants = [
        "https://www.example.com/news/zhipu/",
        "http://example.com/news/zhipu",
        "HTTPS://EXAMPLE.com/news/zhipu#comments",
        "https://example.com/news/zhipu?utm_source=twitter&utm_medium=social",
    ]
    assert {normalise_url(v) for v in variants} == {"https://example.com/news/zhipu"}
    assert len({article_id(None, v, "") for v in variants}) == 1
    assert article_id(None, "https://example.com/news/other", "") != article_id(
        None, variants[0], ""
    )
    assert article_id("given", variants[0], "") == "given"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-01-16", date(2025, 1, 16)),
        ("2025-01-16T09:30:00+08:00", date(2025, 1, 16)),
        ("2025-01-16T20:30:00-08:00", date(2025, 1, 17)),
        ("January 16, 2025", date(2025, 1, 16)),
        ("16 Jan 2025", date(2025, 1, 16)),
        ("Thu, 16 Jan 2025 10:00:00 GMT", date(2025, 1, 16)),
        ("March 2025", date(2025, 3, 1)),
        ("3 days ago", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_normalised(raw: str | None, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_feed_in_a_declared_legacy_encoding_is_decoded_by_its_declaration(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "latin1.rss"
    feed = RSS.format(text=ENGLISH.replace("Zhipu said", "Zhipu’s chief said")).replace(
        'encoding="utf-8"', 'encoding="windows-1252"'
    )
    path.write_bytes(feed.encode("windows-1252"))
    articles = [i for i in _read([path], settings) if isinstance(i, ArticleInput)]
    assert len(articles) == 2
    assert "Zhipu’s chief said" in articles[0].text


def test_html_in_a_declared_legacy_charset_is_decoded_by_it(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "page.htm"
    text = ENGLISH.replace("Zhipu said", "Zhipu’s chief said")
    page = (
        "<html><head><meta charset='windows-1252'><title>Zhipu</title></head>"
        f"<body><article><h1>Zhipu</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )
    path.write_bytes(page.encode("windows-1252"))
    article = _one_article([path], settings)
    assert "Zhipu’s chief said" in article.text and "\ufffd" not in article.text
