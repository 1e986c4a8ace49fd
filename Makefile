# Aligned: the two set-up commands are `make workshop` and `make test`; both install what
# they need into .venv first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8866
LAB_PORT ?= 8888
# Every target runs the venv's tools by name: nbgrader, for one, calls `alembic` from PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# Voila finds the kit's template (offline, no instructor notes) here.
export JUPYTER_PATH := $(CURDIR)/share/jupyter
# No telemetry, update checks or news feeds: the kit runs offline.
export JUPYTERLAB_SKIP_CHECK_UPDATES := 1

# For a room: a fresh access token per start unless one is given (ROOM_TOKEN=...).
ifndef ROOM_TOKEN
ROOM_TOKEN := $(shell python3 -c 'import secrets; print(secrets.token_urlsafe(12))')
endif
ROOM_IP = $(shell hostname -I 2>/dev/null | awk '{print $$1}')

# Which lessons are kept warm (widgets/serving.py): LEVEL=fundamentals, LEVEL=fundamentals,advanced or
# LEVEL=all; without LEVEL only the hub is warm and lessons start their kernel when opened.
export ALIGNED_PREHEAT := $(LEVEL)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
RUNTIME_STAMP := $(VENV)/.aligned-runtime
TEST_STAMP := $(VENV)/.aligned-test
DELIVERY_STAMP := $(VENV)/.aligned-delivery
# The slides' activity links open the live lessons here (make workshop's address).
LIVE_URL ?= http://$(HOST):$(PORT)

.PHONY: help install install-test workshop workshop-room study lab exercises lint test test-fast clean slides handouts learner-kit

help:
	@echo "make workshop   serve the workshop with Voila at http://$(HOST):$(PORT)/"
	@echo "make workshop LEVEL=fundamentals  also keep that level's lessons warm (or LEVEL=all)"
	@echo "make workshop ROOM=1  serve it to the room's network, protected by an access token"
	@echo "                (also: make workshop-room); live sessions: see README"
	@echo "make study      self-study view: no trainer notes, answers behind a fold, progress (LEVEL= as for workshop)"
	@echo "make lab        open JupyterLab on the curriculum (code, notes and all)"
	@echo "make exercises  regenerate exercises/ from solutions/ with nbgrader"
	@echo "make slides     offline slide decks with speaker notes in build/slides/ (reveal.js via npm once)"
	@echo "make handouts   printable PDFs (cards, worksheets, guides, forms, run-sheets) in build/handouts/"
	@echo "make learner-kit what learners may receive, without solutions: build/aligned-learner-kit.zip"
	@echo "make lint       check the code with ruff (configured in pyproject.toml)"
	@echo "make test       lint, then run the whole test suite (installs test tools first)"
	@echo "make test-fast  run the tests that need no browser or kernel"
	@echo "make clean      remove .venv and caches"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Aligned needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip

# The participant pages' server extension (widgets/live/server.py) is enabled by a
# jupyter_server_config.d file: a wheel installs it as data; an editable install does not, so it
# is copied into the venv here.
SERVER_CONFIG := jupyter-config/jupyter_server_config.d/aligned.json

$(RUNTIME_STAMP): pyproject.toml $(SERVER_CONFIG) | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -e .
	install -D -m 644 $(SERVER_CONFIG) $(VENV)/etc/jupyter/jupyter_server_config.d/aligned.json
	touch $@

$(TEST_STAMP): pyproject.toml $(SERVER_CONFIG) | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	install -D -m 644 $(SERVER_CONFIG) $(VENV)/etc/jupyter/jupyter_server_config.d/aligned.json
	touch $(RUNTIME_STAMP) $@

install: $(RUNTIME_STAMP)

install-test: $(TEST_STAMP)

$(DELIVERY_STAMP): pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -e '.[delivery]'
	touch $(RUNTIME_STAMP) $@

# The trainer's delivery pack (widgets/delivery/): untracked output under build/.
slides: $(DELIVERY_STAMP)
	python -m widgets.delivery slides build/slides --live-url $(LIVE_URL)

handouts: $(DELIVERY_STAMP)
	python -m widgets.delivery handouts build/handouts

# What learners may receive (no solution, hidden test, mark scheme or instructor note): README
learner-kit: $(DELIVERY_STAMP)
	python -m widgets.delivery learner-kit build/learner-kit

workshop: install
	@python -m widgets.serving check "$(LEVEL)"
ifeq ($(ROOM),1)
	@echo "Room mode: anyone on this network with the token can open the pages."
	@echo "Workshop hub: http://$(ROOM_IP):$(PORT)/voila/render/index.ipynb?token=$(ROOM_TOKEN)"
	@echo "Participants join a live session at: http://$(ROOM_IP):$(PORT)/aligned/join?token=$(ROOM_TOKEN)"
	@echo "Live session dashboard (trainer): http://$(ROOM_IP):$(PORT)/voila/render/live/facilitator.ipynb?token=$(ROOM_TOKEN)"
	ALIGNED_ROOM=1 python -m widgets.serving serve workshops/ --no-browser --Voila.ip=0.0.0.0 --port=$(PORT) --token=$(ROOM_TOKEN)
else
	@echo "Workshop hub: http://$(HOST):$(PORT)/voila/render/index.ipynb"
	@echo "Participants join a live session at: http://$(HOST):$(PORT)/aligned/join"
	@echo "Live session dashboard: http://$(HOST):$(PORT)/voila/render/live/facilitator.ipynb"
	python -m widgets.serving serve workshops/ --no-browser --Voila.ip=$(HOST) --port=$(PORT)
endif

# The same as `make workshop ROOM=1`.
workshop-room:
	@$(MAKE) --no-print-directory workshop ROOM=1 ROOM_TOKEN=$(ROOM_TOKEN) LEVEL=$(LEVEL)

# The same server as `make workshop`, with the self-study template (share/jupyter/voila/templates/
# aligned-study): no facilitation notes, expected answers behind a closed fold, a glossary link.
# On a server whose default is the trainer's view, add ?template=aligned-study to a page's address.
study: install
	@python -m widgets.serving check "$(LEVEL)"
	@echo "Self-study hub: http://$(HOST):$(PORT)/voila/render/index.ipynb"
	python -m widgets.serving serve workshops/ --no-browser --Voila.ip=$(HOST) --port=$(PORT) \
		--VoilaConfiguration.template=aligned-study

lab: install
	jupyter lab --config=$(CURDIR)/jupyter_server_config.py --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/workshops/index.ipynb \
		$(ROOT_FLAG)

# The learners' copies are nbgrader's output, made in a throwaway course; a test compares them.
exercises: install
	@tmp=$$(mktemp -d) && for a in fundamentals intermediate advanced \
		fundamentals-nocode intermediate-nocode advanced-nocode; do \
		python -m grading release $$a --course-dir "$$tmp/course" || exit 1; done; rm -rf "$$tmp"

lint: install-test
	ruff check .

test: install-test
	ruff check .
	python -m pytest

test-fast: install-test
	python -m pytest -m "not browser and not notebooks"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
