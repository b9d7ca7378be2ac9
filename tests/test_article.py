"""geo.article: loading the article and its metadata into passages."""

import datetime
import json
from pathlib import Path

import pytest

from geo.article import ArticleError, load_article

DATA = Path(__file__).resolve().parent.parent / "data"
ARTICLE = DATA / "article.txt"


def _write_article(tmp_path: Path, body: str, meta: dict | None = None) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(body, encoding="utf-8")
    if meta is None:
        meta = json.loads((DATA / "article.json").read_text(encoding="utf-8"))
    (tmp_path / "article.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def article():
    return load_article(ARTICLE)


def test_load_article_reads_metadata(article):
    """The shipped article loads with its title, publisher, date and attribution."""
    assert article.title == "Iraqi army and Kurdish fighters team up to oust ISIS"
    assert article.publisher == "The National"
    assert article.date == datetime.date(2021, 12, 17)
    assert article.url.startswith("https://www.thenationalnews.com/")
    assert "Samya Kullab" in article.attribution


def test_missing_article_raises_naming_file(tmp_path):
    """A missing article file raises ArticleError naming the path."""
    with pytest.raises(ArticleError, match=r"nope\.txt does not exist"):
        load_article(tmp_path / "nope.txt")


def test_empty_article_raises_naming_file(tmp_path):
    """A whitespace-only article file raises ArticleError naming the path."""
    path = _write_article(tmp_path, "  \n")
    with pytest.raises(ArticleError, match=r"article\.txt is empty"):
        load_article(path)


def test_metadata_missing_key_raises(tmp_path):
    """Metadata without a title raises ArticleError naming the field."""
    path = _write_article(tmp_path, "Text.", {"publisher": "x"})
    with pytest.raises(ArticleError, match=r"article\.json lacks .*title"):
        load_article(path)


def test_metadata_bad_date_raises(tmp_path):
    """A non-ISO date in the metadata raises ArticleError."""
    meta = json.loads((DATA / "article.json").read_text(encoding="utf-8"))
    meta["date"] = "17/12/2021"
    path = _write_article(tmp_path, "Text.", meta)
    with pytest.raises(ArticleError, match=r"date '17/12/2021' is not YYYY-MM-DD"):
        load_article(path)


def test_metadata_invalid_json_raises_naming_file(tmp_path):
    """Invalid JSON in the metadata raises ArticleError naming the file and line."""
    path = _write_article(tmp_path, "Some text.")
    (tmp_path / "article.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"article\.json: invalid JSON at line 1"):
        load_article(path)
