"""A story: its geography, its article, and the links between them, loaded once.

Composes loading (geography), article (passages) and linking into one value the
app caches. Problems from every part are collected, never raised, so a broken
article still leaves the map, and a broken layer still leaves the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from geo.article import Article, ArticleError, load_article
from geo.linking import GazetteerEntry, LinkResult, link_passages, load_manual_links
from geo.loading import Dataset, Problem, load_dataset

ARTICLE_FILE = "article.txt"
MANUAL_LINKS_FILE = "links_manual.json"


@dataclass(frozen=True)
class Story:
    dataset: Dataset
    article: Article | None
    links: LinkResult | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def skipped_count(self) -> int:
        """How many problems cost data (errors), as opposed to repairs (warnings)."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def passage_counts(self) -> dict[str, int]:
        if self.links is None:
            return {}
        return {pid: len(ids) for pid, ids in self.links.by_place.items()}

    def passages_for(self, place_id: str) -> list[str]:
        """Passage ids about a place, in article order."""
        if self.links is None:
            return []
        return list(self.links.by_place.get(place_id, []))


def load_story(data_dir: Path) -> Story:
    """Load everything in ``data_dir``; what fails is reported, the rest still works."""
    dataset = load_dataset(data_dir)
    problems = list(dataset.problems)
    article = None
    try:
        article = load_article(data_dir / ARTICLE_FILE)
    except ArticleError as exc:
        problems.append(Problem(ARTICLE_FILE, str(exc)))
    links = None
    if article is not None:
        try:
            manual = load_manual_links(data_dir / MANUAL_LINKS_FILE)
            links = link_passages(article.passages, gazetteer(dataset), manual)
        except (ValueError, OSError) as exc:
            problems.append(Problem(MANUAL_LINKS_FILE, str(exc)))
    return Story(dataset=dataset, article=article, links=links, problems=tuple(problems))


def gazetteer(dataset: Dataset) -> list[GazetteerEntry]:
    """Every feature's name and aliases, for matching in the text."""
    entries = []
    for frame in dataset.layers.values():
        for _, row in frame.iterrows():
            aliases = row.get("aliases")
            names = [str(row["name"])] + [str(a) for a in (aliases if isinstance(aliases, list) else [])]
            entries.append(GazetteerEntry(place_id=str(row["id"]), names=tuple(dict.fromkeys(names))))
    return entries
