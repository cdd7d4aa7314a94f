# The paper's full setting (Ying et al. 2025, Sections 3-5): all templates of all 19 sets (9,500
# questions; the filled Q_{US,l} sets have 483 each), the models of Section 3 behind
# OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama, OpenAI) or Anthropic, GPT-4o as
# translator, instruction sets 1 (inst-4) and 2 (inst-8), probing of local GGUF files of
# Qwen2.5-7B-Instruct and Llama-3-8B-Instruct, and the ablation k sweep.
#
#   make -f Makefile paper PAPER_WORK=paper -j 8
#
# Every variable can be overridden on the command line. A model is a name in PAPER_MODELS with,
# for each name N: ENDPOINT_N (one or more base URLs, space-separated: requests spread over them),
# API_N (openai or anthropic; default openai) and KEY_N (the name of the environment variable that
# holds its API key; none for local servers). Keys are read from the environment only.
#
# Scale-out: each (model, instruction, set) is its own target, so `make -j N` runs N at once; with
# PAPER_SHARDS=n every answer file is asked in n shards (ask --shard i/n) that are merged by
# concatenation (zstd frames concatenate); see docs/scale-out.md for Slurm job arrays.

PAPER_WORK ?= paper
PAPER_MODELS ?= gpt-4o llama-3-8b-instruct qwen2.5-7b-instruct
PAPER_INSTRUCTIONS ?= inst-4 inst-8
PAPER_MAX_TOKENS ?= 1024
PAPER_SHARDS ?= 1
PAPER_CONCURRENCY ?= 16

ENDPOINT_gpt-4o ?= https://api.openai.com/v1
KEY_gpt-4o ?= OPENAI_API_KEY
ENDPOINT_llama-3-8b-instruct ?= http://localhost:8000/v1
ENDPOINT_qwen2.5-7b-instruct ?= http://localhost:8001/v1

# The translator of the missing Q_{US,l} pieces (the paper: GPT-4o, one-shot).
PAPER_TRANSLATOR ?= gpt-4o
# Probed GGUF files: PROBE_FILE_N for each name N in PAPER_PROBED.
PAPER_PROBED ?= qwen2.5-7b-instruct llama-3-8b-instruct
PROBE_FILE_qwen2.5-7b-instruct ?= $(CACHE)/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf
PROBE_FILE_llama-3-8b-instruct ?= $(CACHE)/models/Meta-Llama-3-8B-Instruct-Q4_K_M.gguf
PAPER_PROBE_INSTRUCTION ?= inst-8

paper_questions = $(if $(filter Q_US_en,$(1)),$(PAPER_WORK)/questions/$(1).jsonl.zst,$(if $(filter Q_US_%,$(1)),$(PAPER_WORK)/filled/$(1).jsonl.zst,$(PAPER_WORK)/questions/$(1).jsonl.zst))
paper_endpoints = $(foreach e,$(ENDPOINT_$(1)),--endpoint $(e)) --api $(or $(API_$(1)),openai) $(if $(KEY_$(1)),--api-key-env $(KEY_$(1)))
part = $(word $(2),$(subst /, ,$(1)))
shard_ids := $(shell seq 0 $$(( $(PAPER_SHARDS) - 1 )))

$(PAPER_WORK)/questions/%.jsonl.zst: | $(BIN)/import-blend
	@mkdir -p $(@D)
	$(BIN)/import-blend --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) --set $* > $@.tmp
	@mv $@.tmp $@

$(PAPER_WORK)/filled/Q_US_%.jsonl.zst: $(SETS:%=$(PAPER_WORK)/questions/%.jsonl.zst) | $(BIN)/translate-fill
	@mkdir -p $(@D)
	$(BIN)/translate-fill --lang $* --questions-dir $(PAPER_WORK)/questions --model $(PAPER_TRANSLATOR) \
	  $(call paper_endpoints,$(PAPER_TRANSLATOR)) --output $@.part
	@mv $@.part $@

# answers/<model>/<instruction>/<set>.jsonl.zst, from PAPER_SHARDS shard files.
.SECONDEXPANSION:
$(PAPER_WORK)/answers/%.jsonl.zst: $$(foreach i,$$(shard_ids),$(PAPER_WORK)/shards/%.$$(i)-of-$(PAPER_SHARDS).jsonl.zst)
	@mkdir -p $(@D)
	cat $^ > $@.tmp
	@mv $@.tmp $@

$(PAPER_WORK)/shards/%.jsonl.zst: $$(call paper_questions,$$(basename $$(call part,$$*,3))) | $(BIN)/ask
	@mkdir -p $(@D)
	$(BIN)/ask $< --model $(call part,$*,1) $(call paper_endpoints,$(call part,$*,1)) \
	  --instruction $(call part,$*,2) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) \
	  --max-tokens $(PAPER_MAX_TOKENS) --concurrency $(PAPER_CONCURRENCY) \
	  --shard $(subst -of-,/,$(subst .,,$(suffix $(call part,$*,3)))) --output $@.part
	@mv $@.part $@

$(PAPER_WORK)/scores/%.jsonl.zst: $(PAPER_WORK)/answers/%.jsonl.zst | $(BIN)/score analyzers
	@mkdir -p $(@D)
	$(BIN)/score --quiet $< > $@.tmp
	@mv $@.tmp $@

$(PAPER_WORK)/neurons/%.jsonl.zst: $(PAPER_WORK)/answers/%.jsonl.zst | $(BIN)/probe
	@mkdir -p $(@D)
	$(BIN)/probe $< --model-file $(PROBE_FILE_$(call part,$*,1)) --model-name $(call part,$*,1) --output $@.part
	@mv $@.part $@

PAPER_SCORES := $(foreach m,$(PAPER_MODELS),$(foreach i,$(PAPER_INSTRUCTIONS),$(SETS:%=$(PAPER_WORK)/scores/$(m)/$(i)/%.jsonl.zst)))
PAPER_NEURONS := $(foreach m,$(PAPER_PROBED),$(SETS:%=$(PAPER_WORK)/neurons/$(m)/$(PAPER_PROBE_INSTRUCTION)/%.jsonl.zst))
.SECONDARY: $(PAPER_SCORES:$(PAPER_WORK)/scores/%=$(PAPER_WORK)/answers/%) $(PAPER_SCORES) $(PAPER_NEURONS) \
  $(foreach a,$(PAPER_SCORES:$(PAPER_WORK)/scores/%.jsonl.zst=%),$(foreach i,$(shard_ids),$(PAPER_WORK)/shards/$(a).$(i)-of-$(PAPER_SHARDS).jsonl.zst))

$(PAPER_WORK)/report/report.html: $(PAPER_SCORES) $(PAPER_NEURONS) | $(BIN)/aggregate
	$(BIN)/aggregate --out-dir $(@D) $^

paper: $(PAPER_WORK)/report/report.html
	@echo "make paper: report in $(PAPER_WORK)/report/report.html"
