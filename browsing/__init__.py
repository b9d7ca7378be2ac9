"""What the browser tests (tests/) and the benchmarks (bench/) share, so that neither imports
the other: the browser they drive, the servers they open pages from, and the app's page as
seen from the browser.

- ``chromium.py``: Debian's Chromium, its path and flags;
- ``appserver.py``: ``streamlit run`` on a free loopback port, until it is healthy; stopping it;
- ``staticfiles.py``: a folder served over HTTP on loopback (in a thread, or a process of its
  own);
- ``mappage.py``: the app's map in the page: its frame, the scripts that ask Leaflet where
  things are, a force layer's switch, the features each actor draws.

The checkout's folders every one of them uses are named here.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# Logs of the servers started here, and the screenshots the tests save.
ARTIFACTS = ROOT / "test-results"
