"""Load test without browsers: readers that speak Streamlit's websocket protocol.

``python -m bench.load`` (``make load``) measures how many readers the app serves, with one
Streamlit process (``--replicas 1``: ``browsing.appserver.start_app`` on loopback) and with two
behind nginx (``--replicas 2``: ``python -m deploy.serve``), in steps of 20, 50, 100 and 200
sessions (``--steps``). Each step starts the server afresh, warms it with one reader, then
opens its sessions one after another over the ramp; once all are open it measures for
``--duration`` seconds while every session keeps reading. Each session (``bench/stclient/``,
no browser) opens the page, then, pausing 1-3 s between actions (seeded), clicks places on
the map (the map component's value, as streamlit-folium sends it), chooses events on the
timeline (the select slider), or switches a force layer (a change of ``layers=`` in its URL
only: the map switches layers in the browser without a request). Every answer is checked
(the place's name and passages, or the event's title, and the URL's ``place=`` /
``event=``); a wrong answer counts as an error.

Per step: errors; request → script finished p50/p95/max for the actions sent in the
measuring window; server actions per second; CPU of the server processes (utime + stime of
the process tree, /proc/PID/stat) as a share of one core and of the machine, the load
client's own, the probe's and the whole machine's (/proc/stat: what is left is other
people's work); RSS of the server processes (VmRSS, summed) before the step and at its end,
and per session. A probe reader in a real Chromium (``--no-probe`` to skip; its own
process) clicks places in the measuring window: click → passages visible, end to end.

The fault test (``--fault``; also part of the default run, ``--no-fault`` skips it): two
replicas behind nginx, ``--fault-sessions`` readers; mid-run one replica is killed (SIGKILL).
Counted: actions that failed (only those in flight on the dead replica may), the sessions
that lost their websocket, the time until each is back (reconnected through nginx and,
as deploy/reconnect.js does, the page reloaded: its view re-run from its URL and checked:
place, event, layers) and whether every session reads on afterwards.

Bounded: every request waits at most ``--timeout`` s; a step ends at ramp + duration +
timeout + 30 s whatever happens (a watchdog); servers are stopped in all cases. Loopback
only. Results: ``bench/results/load.{json,md}`` (``--quick``: a short smoke run, written to
``bench/results/load-quick.*``).

The package, one job a module: ``__main__`` (the command line), ``plan`` (the whole run:
targets, steps, the added step, the fault test), ``steps`` (one step: servers, readers,
probe, the watchdog), ``session`` (a reader's choices and its reading loop),
``server_actions`` (what a reader sends the server, timed and checked), ``tally`` (what a
step's readers record, and its measuring window), ``story`` (the data the readers check
against), ``servers`` (one replica or ``deploy.serve``), ``meter`` (CPU and RSS of process
trees), ``probe`` (the Chromium reader), ``fault`` (killing a replica and the fault
figures), ``figures`` (a step's figures), ``report`` (``load.md``).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
