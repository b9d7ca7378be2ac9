"""A story: its geography, its article, and the links between them, loaded once.

Composes loading (geography), story.json (StoryConfig, which also says which place
names the text uses), the article (passages), the actors and linking into one value the
app caches. Problems from every part are collected, never raised, so a broken
article still leaves the map, and a broken layer still leaves the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from geo.actors import Actor, ActorsError, link_actors_checked, load_actors
from geo.article import Article, ArticleError, load_article
from geo.events import Event, load_events
from geo.forces import validate_forces
from geo.gazetteer import GazetteerEntry
from geo.linking import LinkResult, link_passages
from geo.loading import GEOGRAPHY_LAYERS, Dataset, load_dataset
from geo.manual_links import check_manual_links, load_manual_links
from geo.problems import Problem
from geo.storyconfig import StoryConfig, check_ids, load_story_config

ARTICLE_FILE = "article.txt"
MANUAL_LINKS_FILE = "links_manual.json"
ACTORS_FILE = "actors.json"
FORCES_FILE = "forces.geojson"
EVENTS_FILE = "events.json"


@dataclass(frozen=True)
class Story:
    dataset: Dataset
    article: Article | None
    links: LinkResult | None
    problems: tuple[Problem, ...] = field(default=())
    actors: tuple[Actor, ...] = field(default=())
    actor_links: LinkResult | None = None
    config: StoryConfig = field(default_factory=StoryConfig)
    # The story's dated events (data/events.json), in date order; none if it has no file.
    events: tuple[Event, ...] = field(default=())

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def actor_passages(self, actor_id: str) -> list[str]:
        """Passage ids naming an actor (through its aliases or rules), in article order."""
        if self.actor_links is None:
            return []
        return list(self.actor_links.by_place.get(actor_id, []))

    @property
    def skipped_count(self) -> int:
        """How many problems cost data (errors), as opposed to repairs (warnings)."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def passage_counts(self) -> dict[str, int]:
        if self.links is None:
            return {}
        return {pid: len(ids) for pid, ids in self.links.by_place.items()}

    def passages_for(self, feature_id: str) -> list[str]:
        """Passage ids about a feature, in article order.

        Places are linked from the text; a force feature lists the passages it rests on.
        """
        props = self.dataset.feature(feature_id)
        if props is not None and props.get("layer") == "forces":
            listed = props.get("passages")
            ids = set(listed) if isinstance(listed, list) else set()
            order = [p.id for p in self.article.passages] if self.article is not None else []
            return [pid for pid in order if pid in ids]
        if self.links is None:
            return []
        return list(self.links.by_place.get(feature_id, []))


def load_story(data_dir: Path) -> Story:
    """Load everything in ``data_dir``; what fails is reported, the rest still works."""
    dataset = load_dataset(data_dir)
    config = load_story_config(data_dir)
    problems = list(dataset.problems) + list(config.problems)
    article = None
    try:
        article = load_article(data_dir / ARTICLE_FILE)
    except ArticleError as exc:
        problems.append(Problem(ARTICLE_FILE, str(exc)))
    links = None
    if article is not None:
        problems.extend(Problem(ARTICLE_FILE, w, severity="warning") for w in article.warnings)
        links = _link_places(data_dir, dataset, config, article, problems)
    actors: tuple[Actor, ...] = ()
    actor_links = None
    if not dataset.layer("forces").empty or (data_dir / ACTORS_FILE).exists():
        dataset, actors, actor_links = _load_actors(data_dir, dataset, article, problems)
    known = {str(i) for name in GEOGRAPHY_LAYERS for i in dataset.layer(name)["id"]}
    problems.extend(check_ids(config, known, {a.id for a in actors}))
    events, event_problems = _load_events(data_dir, dataset, article, actors)
    problems.extend(event_problems)
    return Story(
        config=config,
        dataset=dataset,
        article=article,
        links=links,
        problems=tuple(problems),
        actors=actors,
        actor_links=actor_links,
        events=events,
    )


def _link_places(
    data_dir: Path,
    dataset: Dataset,
    config: StoryConfig,
    article: Article,
    problems: list[Problem],
) -> LinkResult:
    """The article's passages linked to places, by alias and by the manual links that
    still fit; a manual file that cannot be read or a stale entry is added to
    ``problems``."""
    entries = gazetteer(dataset)
    manual = None
    try:
        manual = load_manual_links(data_dir / MANUAL_LINKS_FILE)
    except (ValueError, OSError) as exc:
        problems.append(Problem(MANUAL_LINKS_FILE, str(exc)))
    if manual is not None:
        # A stale manual entry costs only itself; the alias links always stand.
        manual, stale = check_manual_links(manual, article.passages, entries)
        problems.extend(
            Problem(
                MANUAL_LINKS_FILE,
                f"{p.message}; entry ignored",
                feature_id=p.entry,
                field=p.field,
            )
            for p in stale
        )
    return link_passages(
        article.passages, entries, manual, names_in_text=config.place_names_in_text
    )


def _load_actors(
    data_dir: Path, dataset: Dataset, article: Article | None, problems: list[Problem]
) -> tuple[Dataset, tuple[Actor, ...], LinkResult | None]:
    """The actors, their links to the passages, and the dataset with the force features
    that fail their checks left out; every problem is added to ``problems``."""
    actors: tuple[Actor, ...] = ()
    actor_links = None
    try:
        actors = load_actors(data_dir / ACTORS_FILE)
    except ActorsError as exc:
        problems.append(Problem(ACTORS_FILE, str(exc)))
    if article is not None and actors:
        actor_links, stale_rules = link_actors_checked(actors, article.passages)
        problems.extend(Problem(ACTORS_FILE, message) for message in stale_rules)
    dataset, force_problems = _check_forces(dataset, actors, article)
    problems.extend(force_problems)
    return dataset, actors, actor_links


def gazetteer(dataset: Dataset) -> list[GazetteerEntry]:
    """Every place's name and aliases, for matching in the text."""
    entries = []
    for name in GEOGRAPHY_LAYERS:
        for _, row in dataset.layer(name).iterrows():
            aliases = row.get("aliases")
            names = [str(row["name"])] + [
                str(a) for a in (aliases if isinstance(aliases, list) else [])
            ]
            entries.append(
                GazetteerEntry(place_id=str(row["id"]), names=tuple(dict.fromkeys(names)))
            )
    return entries


def _load_events(
    data_dir: Path, dataset: Dataset, article: Article | None, actors: tuple[Actor, ...]
) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """The events, checked against what loaded: passages if the article did, places from
    every layer but the forces, actors if actors.json loaded. A story may have none."""
    if not (data_dir / EVENTS_FILE).exists():
        return (), ()
    places = {
        str(i) for name, frame in dataset.layers.items() if name != "forces" for i in frame["id"]
    }
    return load_events(
        data_dir / EVENTS_FILE,
        passage_ids=[p.id for p in article.passages] if article is not None else None,
        place_ids=places,
        actor_ids={a.id for a in actors} if actors else None,
    )


def _check_forces(
    dataset: Dataset, actors: tuple[Actor, ...], article: Article | None
) -> tuple[Dataset, list[Problem]]:
    """Skip force features that name an unknown actor, passage or place; say which."""
    forces = dataset.layer("forces")
    if forces.empty:
        return dataset, []
    passage_ids = [p.id for p in article.passages] if article is not None else []
    place_ids = [str(i) for name in GEOGRAPHY_LAYERS for i in dataset.layer(name)["id"]]
    keep, problems = [], []
    collection = forces.to_geo_dict(drop_id=True)
    for index, feature in enumerate(collection["features"]):
        found = validate_forces([feature], actors, passage_ids, place_ids)
        keep.append(not found)
        problems.extend(
            Problem(FORCES_FILE, message, feature_id=str(feature["properties"].get("id", index)))
            for message in found
        )
    layers = {**dataset.layers, "forces": forces[keep].reset_index(drop=True)}
    checked = Dataset(data_dir=dataset.data_dir, layers=layers, problems=dataset.problems)
    return checked, problems
