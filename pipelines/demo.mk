# The embedded demo: both small local models answer a small aligned sample of every dual set.
# Included by the Makefile; every file below is a make target, so an interrupted demo
# continues where it stopped (ask resumes from its .part file).
#
#   make demo DEMO_SAMPLE=8 DEMO_MAX_TOKENS=32 WORK=work

DEMO_SAMPLE ?= 8
DEMO_SEED ?= 1
# The paper generates up to 1024 tokens; the demo caps answers to stay within minutes on 2 cores.
DEMO_MAX_TOKENS ?= 32
DEMO_THREADS ?= 2
DEMO_GEMMA := $(MODELS_DIR)/gemma-3-270m-q4_k_m.gguf
DEMO_SMOLLM2 := $(MODELS_DIR)/SmolLM2-135M-Instruct.Q4_1.gguf
DEMO_MODELS ?= gemma3-270m smollm2-135m
# The model that answers with instruction set 2 and is probed (the paper probes with instruction 2).
DEMO_PROBED ?= gemma3-270m
# The sets the demo runs (all 19 by default).
DEMO_SETS ?= $(SETS)
model_file = $(if $(filter gemma3-270m,$(1)),$(DEMO_GEMMA),$(DEMO_SMOLLM2))

# The US-culture sets in the six other languages, completed by translate-fill: the released
# questions and answer keys are kept; SmolLM2 (the instruction-tuned model) translates what is
# missing (Persian and Sundanese answer keys, and the few templates the release lacks) — a
# 135M-parameter translator, so its output is flagged and the report says so.
DEMO_TRANSLATOR := smollm2-135m
FILLED := $(patsubst %,$(WORK)/filled/%.jsonl.zst,$(filter-out Q_US_en,$(filter Q_US_%,$(DEMO_SETS))))

$(WORK)/filled/Q_US_%.jsonl.zst: $(QUESTION_FILES) | $(BIN)/translate-fill models
	@mkdir -p $(@D)
	@echo "translate-fill Q_US_$*"
	@$(BIN)/translate-fill --lang $* --questions-dir $(WORK)/questions --model $(DEMO_TRANSLATOR) \
	  --endpoint local:$(DEMO_SMOLLM2) --max-tokens 128 --threads $(DEMO_THREADS) --output $@.part \
	  || { status=$$?; [ $$status -eq 75 ] || exit $$status; echo "translate-fill: some translations failed; kept for a rerun"; exit 75; }
	@mv $@.part $@

# The questions a set is asked from: the filled file for Q_US_l, the imported one otherwise.
set_questions = $(if $(filter Q_US_en,$(1)),$(WORK)/questions/$(1).jsonl.zst,$(if $(filter Q_US_%,$(1)),$(WORK)/filled/$(1).jsonl.zst,$(WORK)/questions/$(1).jsonl.zst))

# Instruction set 1 for every model, instruction set 2 for the probed model.
DEMO_ANSWERS := \
  $(foreach m,$(DEMO_MODELS),$(DEMO_SETS:%=$(WORK)/answers/$(m)/inst-4/%.jsonl.zst)) \
  $(DEMO_SETS:%=$(WORK)/answers/$(DEMO_PROBED)/inst-8/%.jsonl.zst)

# Key neurons of the probed model's instruction-2 answers.
DEMO_NEURONS := $(DEMO_SETS:%=$(WORK)/neurons/$(DEMO_PROBED)/inst-8/%.jsonl.zst)

# Scores of every answer file: scores/<model>/<instruction>/<set>.jsonl.zst.
DEMO_SCORES := $(DEMO_ANSWERS:$(WORK)/answers/%=$(WORK)/scores/%)

demo-answers: $(FILLED) $(DEMO_ANSWERS)
demo-neurons: $(DEMO_NEURONS)
demo-scores: $(DEMO_SCORES)
demo-report: $(WORK)/report/report.html

# The dual tables, gaps, neuron shares and correlations of everything above, as JSON, Markdown and
# self-contained HTML.
$(WORK)/report/report.html: $(DEMO_SCORES) $(DEMO_NEURONS) | $(BIN)/aggregate
	@echo "aggregate -> $(@D)"
	@$(BIN)/aggregate --out-dir $(@D) $(DEMO_SCORES) $(DEMO_NEURONS) \
	  --note "Demo: $(DEMO_SAMPLE) templates per set (seed $(DEMO_SEED)), answers capped at $(DEMO_MAX_TOKENS) tokens." \
	  --note "The Q_US_l sets keep the paper's released translations; $$($(BIN)/dualeval cat --plain $(FILLED) | grep -c '"dataset":"translate-fill"' || true) answer keys and $$($(BIN)/dualeval cat --plain $(FILLED) | grep -c '"source":"translated"' || true) questions were machine-translated by $(DEMO_TRANSLATOR), a 135M-parameter model: treat those sets as illustrative." \
	  2>&1 | grep -v "set scores" >&2

# Keep every intermediate file: they are results, and a rerun must not redo them.
.SECONDARY: $(FILLED) $(DEMO_ANSWERS) $(DEMO_NEURONS) $(DEMO_SCORES)

# Scoring never calls a model: it is rerun whenever the answers change.
$(WORK)/scores/%.jsonl.zst: $(WORK)/answers/%.jsonl.zst | $(BIN)/score analyzers
	@mkdir -p $(@D)
	@$(BIN)/score --quiet $< > $@.tmp
	@mv $@.tmp $@

$(WORK)/neurons/%.jsonl.zst: $(WORK)/answers/%.jsonl.zst | $(BIN)/probe models
	@mkdir -p $(@D)
	@echo "probe $*"
	@$(BIN)/probe $< --model-file $(call model_file,$(word 1,$(subst /, ,$*))) --model-name $(word 1,$(subst /, ,$*)) \
	  --threads $(DEMO_THREADS) --output $@.part
	@mv $@.part $@

# answers/<model>/<instruction>/<set>.jsonl.zst; resumable through <target>.part (docs/resume.md).
.SECONDEXPANSION:
$(WORK)/answers/%.jsonl.zst: $$(call set_questions,$$(notdir $$*)) | $(BIN)/ask models
	@mkdir -p $(@D)
	@echo "ask $(word 1,$(subst /, ,$*)) $(word 2,$(subst /, ,$*)) $(notdir $*)"
	@$(BIN)/ask $< --model $(word 1,$(subst /, ,$*)) --endpoint local:$(call model_file,$(word 1,$(subst /, ,$*))) \
	  --instruction $(word 2,$(subst /, ,$*)) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) \
	  --max-tokens $(DEMO_MAX_TOKENS) --threads $(DEMO_THREADS) --output $@.part
	@mv $@.part $@

$(BIN)/ask $(BIN)/translate-fill $(BIN)/probe $(BIN)/score $(BIN)/aggregate: build
