# `warden test-rules` runs every X.rule against its sibling X.py. pickle-verdicts.rule declares
# verdicts only (the allow-list and deny-list of callables in weights files), no rules, so there
# is nothing to annotate here: the verdicts are tested through the weights rules' own test
# directories beside them (weights-pickle-*/), and by tests/rules/weights_match_test.cpp.
