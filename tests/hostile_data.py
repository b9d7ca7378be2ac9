"""Hostile payloads and the hostile copy of the data the tests load them from.

Each payload, if it ever ran, would set ``window.__pwned`` (and the same on ``parent`` and
``top``) to its own id, e.g. ``P02-name``: the payload number and the field it came in.
build_hostile_data seeds a copy of the shipped data folder with every payload in every text
field a reader sees (place names, aliases, sources and notes, actor names, descriptions and
aliases, force features, the article and story.json); build_hostile_edition_data adds an
event per payload for the published edition. Used by tests/test_hostile.py,
tests/test_hostile_browser.py, tests/test_publish_hostile.py, tests/test_brief.py,
tests/test_export.py and tests/reader_browser/.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from browsing import DATA

# The code a payload runs, if it runs: no quotes, no parentheses, so it survives any
# context (attribute, markdown link destination, JS string) a payload might reach.
_JS = "window.__pwned=/@ID@/.source;parent.__pwned=/@ID@/.source;top.__pwned=/@ID@/.source"

# Payload number -> template; @JS@ becomes the flag-setting code for that payload and field.
PAYLOADS: dict[str, str] = {
    "P01": "<script>@JS@</script>",
    "P02": '<img src=x onerror="@JS@">',
    "P03": '<svg onload="@JS@">',
    "P04": "<svg><script>@JS@</script></svg>",
    "P05": '<a href="javascript:@JS@">js link</a>',
    "P06": '<a href="data:text/html,<script>@JS@</script>">data link</a>',
    "P07": '<a href="//evil.example/x">protocol-relative</a> //evil.example/x',
    "P08": "${@JS@}",
    "P09": "`;@JS@;`",
    "P10": "</script><script>@JS@</script>",
    "P11": '<iframe srcdoc="<script>@JS@</script>"></iframe>',
    "P12": "&lt;script&gt;@JS@&lt;/script&gt;",
    "P13": "&lt;img src=x onerror=&quot;@JS@&quot;&gt;",
    "P14": "＜script＞@JS@＜/script＞",
    "P15": "[click me](javascript:@JS@)",
    "P16": "[click me](data:text/html,<script>@JS@</script>)",
    "P17": ':red[<img src=x onerror="@JS@">] :red[red text]',
    "P18": r"$\href{javascript:@JS@}{x}$ $x^2$",
    "P19": '"><img src=x onerror="@JS@">',
    "P20": "'\";@JS@;//",
    "P21": '<details open ontoggle="@JS@">x</details>',
    "P22": '<noscript><p title="</noscript><img src=x onerror="@JS@">">',
    "P23": '<math><mtext><table><mglyph><style><img src=x onerror="@JS@">',
    "P24": '<!--<img src="--><img src=x onerror="@JS@">',
    "P25": "<scr<script>ipt>@JS@</scr</script>ipt>",
    "P26": '<a href="jav&#x09;ascript:@JS@">tab link</a>',
    "P27": '<a href=" javascript:@JS@">space link</a>',
    "P28": '<a href="https://example.org/" onclick="@JS@">handler link</a>',
    "P29": '<input autofocus onfocus="@JS@">',
    "P30": '<object data="javascript:@JS@"></object>',
    "P31": "{{constructor.constructor('@JS@')()}}",
    "P32": r"\u003cimg src=x onerror=@JS@\u003e",
    "P33": "%3Cimg%20src%3Dx%20onerror%3D@JS@%3E",
    "P34": "javascript:@JS@",
    "P35": '＜img src=x onerror="@JS@"＞',
    "P36": '\u202e<img src=x onerror="@JS@">\u200b',
    "P37": '# <img src=x onerror="@JS@">\n- item\n<script>@JS@</script>',
    "P38": '<div style="background:url(javascript:@JS@)">css</div>',
    "P39": "![img](javascript:@JS@) ![img](https://evil.example/x.png)",
    "P40": '<base href="//evil.example/"><a href="x">base</a>',
    "P41": '<meta http-equiv="refresh" content="0;url=javascript:@JS@">',
    "P42": '<form action="javascript:@JS@"><button>go</button></form>',
    "P43": "<<script>script>@JS@<</script>/script>",
    "P44": "`${`${@JS@}`}`",
    # Server-side: folium re-reads its rendered scripts as Jinja templates.
    "P45": "{{ range(7*191)|length }}SSTI {# comment #} {{ cycler.__init__.__globals__.os }}",
    "P46": "{% for x in range(3) %}loop{% endfor %} {%raw%}@JS@{%endraw%}",
}
PAYLOAD_IDS = tuple(PAYLOADS)

# story.json's texts, each with a payload: the page's title and tab, the standfirst, the
# map's note, the measurements' note and the About tab.
STORY_PAYLOADS = {
    "title": "P02",
    "page_title": "P10",
    "standfirst": "P17",
    "map_note": "P09",
    "measurement_note": "P45",
    "about": "P37",
}


def flag_code(number: str, field: str) -> str:
    """The code payload `number` runs in `field`, if it runs: it sets the flag `number-field`."""
    return _JS.replace("@ID@", f"{number}-{field}")


def payload(number: str, field: str) -> str:
    """The payload `number` armed to report `number-field` if it runs."""
    js = flag_code(number, field)
    return PAYLOADS[number].replace("@JS@", js)


def marker(number: str) -> str:
    """Plain text naming the hostile place of a payload in the article (its alias)."""
    return f"Hostileville {number}"


def actor_marker(number: str) -> str:
    return f"Hostilecorps {number}"


def place_id(number: str) -> str:
    return f"hostile-{number.lower()}"


def actor_id(number: str) -> str:
    return f"h{number[1:]}"


def hostile_event_id(number: str) -> str:
    return f"hostile-event-{number.lower()}"


def visible_text(s: str) -> str:
    """What a payload looks like once shown as text: whitespace collapsed."""
    return " ".join(s.split())


def place_position(index: int) -> tuple[float, float]:
    """A grid in Salaheddin/Anbar, inside the first view, clear of the story's places."""
    col, row = index % 7, index // 7
    return round(41.9 + 0.22 * col, 5), round(33.45 + 0.2 * row, 5)


def hostile_place(number: str, lon: float, lat: float) -> dict:
    """A city (cities get a map label: one more sink) with the payload in every text field."""
    return {
        "type": "Feature",
        "properties": {
            "id": place_id(number),
            "name": payload(number, "name"),
            "aliases": [marker(number), payload(number, "alias")],
            "kind": "city",
            "certainty": "precise",
            "uncertainty_km": 0,
            "source": payload(number, "source"),
            "province": None,
            "note": payload(number, "note"),
        },
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def hostile_actor(number: str, style: dict) -> dict:
    """An actor with the payload in its name, description and one alias."""
    return {
        "id": actor_id(number),
        "name": payload(number, "actor"),
        "description": payload(number, "description"),
        "aliases": [
            {"text": actor_marker(number), "case_sensitive": True},
            {"text": payload(number, "actoralias"), "case_sensitive": False},
        ],
        "style": copy.deepcopy(style),
    }


def hostile_force(number: str, lon: float, lat: float) -> dict:
    """The hostile actor's position beside its place, the payload in name, source and note."""
    return {
        "type": "Feature",
        "properties": {
            "id": f"force-{actor_id(number)}",
            "name": payload(number, "force"),
            "actor": actor_id(number),
            "kind": "position",
            "origin": "context",
            "certainty": "approximate",
            "as_of": "2021",
            "valid_from": "2021",
            "valid_to": None,
            "uncertainty_km": 1,
            "passages": [],
            "source": payload(number, "forcesource"),
            "note": payload(number, "forcenote"),
            "status": None,
            "status_source": None,
            "at_place": place_id(number),
            "aliases": [],
            "province": None,
        },
        "geometry": {"type": "Point", "coordinates": [lon + 0.11, lat + 0.1]},
    }


def hostile_paragraph(number: str) -> str:
    """An article paragraph naming the hostile place and actor, with the payload."""
    return (
        f"<br>{marker(number)} and {actor_marker(number)} report: "
        f"{payload(number, 'article')} End of {number}."
    )


def _read(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _write(folder: Path, name: str, doc: object) -> None:
    (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def build_hostile_data(target: Path) -> Path:
    """A copy of the shipped data with every payload in every text field a reader sees."""
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("raw"))
    places = _read(target, "places.geojson")
    actors = _read(target, "actors.json")
    forces = _read(target, "forces.geojson")
    style = actors["actors"][0]["style"]
    for index, number in enumerate(PAYLOAD_IDS):
        lon, lat = place_position(index)
        places["features"].append(hostile_place(number, lon, lat))
        actors["actors"].append(hostile_actor(number, style))
        forces["features"].append(hostile_force(number, lon, lat))
    paragraphs = [hostile_paragraph(number) for number in PAYLOAD_IDS]
    article = (target / "article.txt").read_text(encoding="utf-8").rstrip("\n")
    (target / "article.txt").write_text(article + "".join(paragraphs) + "\n", encoding="utf-8")
    for name, doc in (
        ("places.geojson", places),
        ("actors.json", actors),
        ("forces.geojson", forces),
    ):
        _write(target, name, doc)
    story = _read(target, "story.json")
    for key, number in STORY_PAYLOADS.items():
        story[key] = payload(number, key)
    story["focus"]["label"] = payload("P08", "focuslabel")
    story["place_names_in_text"] = [*story["place_names_in_text"], marker("P99")]
    _write(target, "story.json", story)
    return target


def add_hostile_events(data_dir: Path) -> Path:
    """An event per payload in the copy's events.json: the payload in its title and source,
    and in its summary where events.py lets one through (plain text, one sentence)."""
    path = data_dir / "events.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for index, number in enumerate(PAYLOAD_IDS):
        day = (date(2021, 1, 1) + timedelta(days=index)).isoformat()
        raw = payload(number, "eventsummary")
        plain = not any(c in raw for c in "<>\n") and not re.search(r"[.!?]\s+[A-Z]", raw)
        doc["events"].append(
            {
                "id": hostile_event_id(number),
                "date": day,
                "precision": "day",
                "start": day,
                "end": day,
                "title": payload(number, "eventtitle"),
                "summary": f"Hostile event {number} says {raw if plain else 'nothing'} end.",
                "passages": [],
                "places": [place_id(number)],
                "actors": [],
                "origin": "context",
                "source": f"{payload(number, 'eventsource')} (2021)",
            }
        )
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return data_dir


def build_hostile_edition_data(target: Path) -> Path:
    """build_hostile_data's hostile copy of the data, with hostile events too."""
    return add_hostile_events(build_hostile_data(target))
