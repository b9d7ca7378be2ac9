"""What a hostile client can send over Streamlit's websocket, through `make serve`'s nginx
(tests/serving.py), with a protocol-level client (bench/stclient): garbage frames close only
that client's session (1002, protocol error); huge frames, malformed JSON, a 1 MB id, 5,000-deep
nesting and values of the wrong type, as the value the app takes from the browser for a
selection, are each answered quickly and select nothing; the server stays healthy and another
reader's click still works."""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.stclient import StreamlitSession, click_value, json_state

pytestmark = pytest.mark.e2e

ANSWER_WITHIN_MS = 1_000  # a robustness bound (nothing hangs), not a speed target
JSON_DECODING = ("json.decoder.JSONDecodeError:", "RecursionError: maximum recursion depth")


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def hostile_values() -> dict[str, str]:
    """The selection value the app takes from the browser (the map's component value), as a
    hostile client might send it."""
    feature = json.loads(click_value("lheiban", 43.6, 35.7))
    return {
        "5 MB": json.dumps({"last_active_drawing": {"properties": {"pad": "x" * 5_000_000}}}),
        "20 MB": json.dumps({"pad": "y" * 20_000_000}),
        "malformed JSON": '{"last_active_drawing": {"properties": {"id": "lheiban"',
        "1 MB place id": json.dumps(
            {**feature, "last_active_drawing": {"properties": {"id": "z" * 1_000_000}}}
        ),
        "5,000-deep nesting": _nested(5_000),
        "id of the wrong type": json.dumps({"last_active_drawing": {"properties": {"id": [1]}}}),
        "drawing of the wrong type": json.dumps({"last_active_drawing": "lheiban"}),
        "a number": "42",
        "null": "null",
    }


def selection_channel(session: StreamlitSession):
    """The widget through which the page tells the app what the reader selected."""
    found = session.map_component()
    assert found is not None, "no map component on the page"
    return found


async def _fuzz(base: str) -> dict[str, float]:
    times: dict[str, float] = {}
    bystander = StreamlitSession(base, "", timeout=20, name="bystander")
    victim = StreamlitSession(base, "", timeout=20, name="victim")
    await bystander.open()
    await victim.open()

    # Garbage frames: the server closes that session alone, as a protocol error.
    for _ in range(40):
        try:
            await victim.ws.send(os.urandom(256))
        except Exception:  # noqa: BLE001 - the server may close before all are sent
            break
    await asyncio.wait_for(victim.closed.wait(), 10)
    assert "1002" in (victim.closed_reason or ""), victim.closed_reason
    await victim.close()

    # Hostile values of the selection, each on a session of its own (a server keeps a
    # widget's last value: one bad value would otherwise be in every later run).
    for name, value in hostile_values().items():
        hostile = StreamlitSession(base, "", timeout=20, name="hostile")
        await hostile.open()
        channel = selection_channel(hostile)
        run = await hostile.set_widget(name, json_state(channel.id, value), channel.fragment_id)
        times[name] = run.ms or 0.0
        assert run.ms is not None and run.ms < ANSWER_WITHIN_MS, (name, run.ms)
        assert "place" not in hostile.params(), (name, hostile.query)
        # The value is parsed by Streamlit before the app sees it: text that is not JSON, or
        # nested deeper than Python's JSON decoder goes, raises there, in that client's
        # session only. Well-formed JSON of any shape never fails in the app's own code.
        assert all(e.startswith(JSON_DECODING) for e in run.exceptions), (name, run.exceptions)
        await hostile.close()

    # The bystander never noticed, and its click still selects.
    channel = selection_channel(bystander)
    run = await bystander.set_widget(
        "click", json_state(channel.id, click_value("makhmur", 43.59, 35.78)), channel.fragment_id
    )
    assert bystander.params().get("place") == "makhmur", bystander.query
    assert not run.exceptions
    await bystander.close()
    return times


def test_hostile_frames_and_values_hurt_nobody(proxy: dict) -> None:
    base = proxy["url"].rstrip("/")
    started = time.monotonic()
    # In its own thread: Playwright's sync API, used by other tests of the session, leaves an
    # event loop running in this one (asyncio.run would refuse).
    with ThreadPoolExecutor(1) as pool:
        times = pool.submit(asyncio.run, asyncio.wait_for(_fuzz(base), 120)).result()
    with urllib.request.urlopen(proxy["url"] + "_stcore/health", timeout=5) as r:
        assert r.status == 200
    for replica in proxy["replicas"]:
        with urllib.request.urlopen(replica["url"] + "_stcore/health", timeout=5) as r:
            assert r.status == 200
    print(
        "answered in: "
        + ", ".join(f"{k} {v:.0f} ms" for k, v in times.items())
        + f" ({time.monotonic() - started:.1f} s in all)"
    )
