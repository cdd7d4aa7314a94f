# The paper's ablation (Section 5): mask the layer top-k key neurons a model used on one set,
# re-ask that set and an out-of-distribution set, and compare with a random mask of the same size
# drawn over all layers, for every k of the sweep. Included by the Makefile; uses the demo's models
# and sampled questions by default:
#
#   make ablation                                    # Gemma, inst-8, masks from Q_CN_zh, also re-asks Q_US_en
#   make ablation ABLATION_SET=Q_KR_ko ABLATION_OOD=Q_KR_en ABLATION_KS="5 10"
#
# Answers of masked runs are filed under the model names <model>+key-k<k> and <model>+random-k<k>,
# which `aggregate` recognizes; the table and figure are in $(WORK)/ablation/report.html.

ABLATION_MODEL ?= gemma3-270m
ABLATION_INSTRUCTION ?= inst-8
ABLATION_SET ?= Q_CN_zh
ABLATION_OOD ?= Q_US_en
ABLATION_KS ?= 1 5 10 15 20 25
ABLATION_SEED ?= 1
ABLATION_SETS := $(sort $(ABLATION_SET) $(ABLATION_OOD))
ABLATION_MASKS := $(WORK)/masks/$(ABLATION_MODEL)/$(ABLATION_INSTRUCTION)/$(ABLATION_SET)

# The key neurons of the set's answers, re-thresholded at each k, as `layer neuron` lines.
$(ABLATION_MASKS)/k%.tsv: $(WORK)/neurons/$(ABLATION_MODEL)/$(ABLATION_INSTRUCTION)/$(ABLATION_SET).jsonl.zst | $(BIN)/dualeval
	@mkdir -p $(@D)
	@$(BIN)/dualeval mask --k $* $< > $@.tmp
	@mv $@.tmp $@

# ablation_runs(set, kind, mask option): answers of one set with one kind of mask, any k.
define ablation_runs
$(WORK)/answers/$(ABLATION_MODEL)+$(2)-k%/$(ABLATION_INSTRUCTION)/$(1).jsonl.zst: $(call set_questions,$(1)) $(ABLATION_MASKS)/k%.tsv | $(BIN)/ask models
	@mkdir -p $$(@D)
	@echo "ask $(ABLATION_MODEL) $(2)-masked k=$$* $(1)"
	@$(BIN)/ask $$< --model $(ABLATION_MODEL)+$(2)-k$$* --endpoint local:$(call model_file,$(ABLATION_MODEL)) \
	  --instruction $(ABLATION_INSTRUCTION) --blend-dir $(BLEND_DIR) --dual-eval-dir $(DUAL_EVAL_DIR) \
	  --max-tokens $(DEMO_MAX_TOKENS) --threads $(DEMO_THREADS) $(3) --output $$@.part
	@mv $$@.part $$@
endef
$(foreach set,$(ABLATION_SETS),$(eval $(call ablation_runs,$(set),key,--mask $(ABLATION_MASKS)/k$$*.tsv)))
$(foreach set,$(ABLATION_SETS),$(eval $(call ablation_runs,$(set),random,--mask-random $$$$(grep -c . $(ABLATION_MASKS)/k$$*.tsv) --mask-seed $(ABLATION_SEED))))

ABLATION_SCORES := \
  $(foreach set,$(ABLATION_SETS),$(WORK)/scores/$(ABLATION_MODEL)/$(ABLATION_INSTRUCTION)/$(set).jsonl.zst \
    $(foreach kind,key random,$(foreach k,$(ABLATION_KS),$(WORK)/scores/$(ABLATION_MODEL)+$(kind)-k$(k)/$(ABLATION_INSTRUCTION)/$(set).jsonl.zst)))
.SECONDARY: $(ABLATION_SCORES) $(ABLATION_SCORES:$(WORK)/scores/%=$(WORK)/answers/%) $(ABLATION_KS:%=$(ABLATION_MASKS)/k%.tsv)

$(WORK)/ablation/report.html: $(ABLATION_SCORES) | $(BIN)/aggregate
	@echo "aggregate -> $(@D)"
	@$(BIN)/aggregate --out-dir $(@D) $(ABLATION_SCORES)

ablation-report: $(WORK)/ablation/report.html
