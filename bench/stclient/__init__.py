"""A small asyncio client of Streamlit's own websocket protocol: a reader without a browser.

It does what Streamlit's frontend does on the wire, and nothing of what the browser draws:

1. ``GET /`` (the page), ``GET /_stcore/health`` (which sets the ``_streamlit_xsrf``
   cookie) and ``GET /_stcore/host-config``, keeping every cookie (a cookie-affinity proxy
   routes on them), then a websocket to ``/_stcore/stream`` with the subprotocols the
   frontend sends: ``["streamlit", XSRF cookie or "PLACEHOLDER_AUTH_TOKEN", last session
   id]`` (the third only when reconnecting), ``Origin`` the page's own origin.
2. A ``BackMsg.rerun_script`` (a ``ClientState``) with the URL's query string; the server
   answers with ``ForwardMsg``\\ s: ``new_session``, ``delta`` (elements and blocks, each with
   its ``metadata.delta_path`` and the fragment it belongs to), ``page_info_changed`` (the
   app wrote ``st.query_params``: the new query string, which a browser puts in its address
   bar), ``session_status_changed``, and ``script_finished``. A run is over at a
   ``script_finished`` other than ``FINISHED_EARLY_FOR_RERUN`` (``st.rerun()`` and callbacks
   chain runs).
3. The forward-message cache, as the frontend keeps it: a ``metadata.cacheable`` message is
   kept by its ``hash``; every rerun reports the kept hashes (``cached_message_hashes``), and
   the server then sends a ``ref_hash`` message instead of an element the client has; kept
   messages expire after ``maxCachedMessageAge`` runs (from ``new_session``), a fragment
   run ageing only that fragment's messages. ``cache=False`` reports no hashes (the server
   then sends every element in full).

A widget interaction is a ``rerun_script`` carrying the widget's new state and, for a widget
inside an ``@st.fragment``, the fragment's id (``Delta.fragment_id`` of its element). Only
the changed widget's state is sent: the server keeps the others' (the browser re-sends them
all, with the same values). The map (streamlit-folium, a components-v1 ``component_instance``)
sends its value as JSON text (``WidgetState.json_value``), as the component's
``Streamlit.setComponentValue`` does.

Everything is on loopback; any other host is refused.

The package: ``connection`` (the websocket: connecting, reading the server's messages, the
page as last seen), ``protocol`` (``StreamlitSession``: opening and reloading the page,
reconnecting, the requests, questions about the page), ``messages`` (a run's record, the
forward-message cache, the errors), ``loopback`` (the HTTP GETs), ``values`` (widget
states: the map's click, the slider's choice).
"""

from __future__ import annotations

from bench.stclient.connection import STREAM
from bench.stclient.loopback import LOOPBACK, HttpError, http_get
from bench.stclient.messages import FINISHED, Disconnected, Found, MessageCache, ProtocolError, Run
from bench.stclient.protocol import MAP_COMPONENT, REPORT_COMPONENT, StreamlitSession
from bench.stclient.values import json_state, pdf_title, report_value

__all__ = [
    "FINISHED",
    "LOOPBACK",
    "MAP_COMPONENT",
    "REPORT_COMPONENT",
    "STREAM",
    "Disconnected",
    "Found",
    "HttpError",
    "MessageCache",
    "ProtocolError",
    "Run",
    "StreamlitSession",
    "http_get",
    "json_state",
    "pdf_title",
    "report_value",
]
