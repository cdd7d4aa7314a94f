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
DEMO_MODELS := gemma3-270m smollm2-135m
model_file = $(if $(filter gemma3-270m,$(1)),$(DEMO_GEMMA),$(DEMO_SMOLLM2))

# Instruction set 1 for both models, instruction set 2 for the probed model (Gemma).
DEMO_ANSWERS := \
  $(foreach m,$(DEMO_MODELS),$(SETS:%=$(WORK)/answers/$(m)/inst-4/%.jsonl.zst)) \
  $(SETS:%=$(WORK)/answers/gemma3-270m/inst-8/%.jsonl.zst)

demo-answers: $(DEMO_ANSWERS)

# answers/<model>/<instruction>/<set>.jsonl.zst; resumable through <target>.part (docs/resume.md).
.SECONDEXPANSION:
$(WORK)/answers/%.jsonl.zst: $$(WORK)/questions/$$(notdir $$*).jsonl.zst | $(BIN)/ask models
	@mkdir -p $(@D)
	@echo "ask $(word 1,$(subst /, ,$*)) $(word 2,$(subst /, ,$*)) $(notdir $*)"
	@$(BIN)/ask $< --model $(word 1,$(subst /, ,$*)) --endpoint local:$(call model_file,$(word 1,$(subst /, ,$*))) \
	  --instruction $(word 2,$(subst /, ,$*)) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) \
	  --max-tokens $(DEMO_MAX_TOKENS) --threads $(DEMO_THREADS) --output $@.part
	@mv $@.part $@

$(BIN)/ask: build
