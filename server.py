"""The app's process: Streamlit serving app.py, which it runs once as soon as it starts.

`make run` starts this (`streamlit run server.py`); `streamlit run app.py` serves the same
page without the head start. A fresh process's first run of app.py is its slowest: it
imports folium, geopandas and the rest, and reads back the story and base map that an
earlier start saved (ui/prepared.py; without a saved copy it loads and links the story and
builds and renders the map, another second or more). The first reader used to wait for it
after their browser had loaded Streamlit's frontend. Here it starts with the server, in a
session of its own (Streamlit's own script check: the same run
`/_stcore/script-health-check` makes), while the browser is still loading the frontend;
the reader's run then finds the caches full. Its outcome is logged: a story that fails to
load is still reported to the reader by their own run, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime import Runtime

PAGE = Path(__file__).resolve().parent / "app.py"
log = get_logger(__name__)


async def _warm_up() -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    ok, outcome = await Runtime.instance().does_script_run_without_error()
    took = loop.time() - started
    if ok:
        log.info("warm-up: app.py ran in %.1f s", took)
    else:
        log.warning("warm-up: app.py did not run (%s after %.1f s)", outcome, took)


@asynccontextmanager
async def _lifespan(_app: st.App) -> AsyncIterator[None]:
    task = asyncio.create_task(_warm_up())
    try:
        yield
    finally:
        task.cancel()


app = st.App(str(PAGE), lifespan=_lifespan)
