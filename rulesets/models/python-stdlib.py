# `warden test-rules` runs every X.rule against its sibling X.py. python-stdlib.rule declares
# flow models only, no rules, so there is nothing to annotate here: the models are tested by
# tests/models_test.cpp (what each entry says) and through the taint rules' own test files in
# rulesets/taint/ (what the flows they describe make the engine find).
