#!/usr/bin/env python3
"""Runs Debian's Bandit 1.6.2 with the one fix it needs on Python >= 3.8, for its string checks.

    python3 benchmarks/bandit_str_fix.py -r TREE -t B104,B105,B108,B608 -f json -q -o OUT

Python 3.8 parses string literals as ast.Constant, and Bandit 1.6.2's node visitor only has
visit_Str, so its checks of string literals (B104 hardcoded_bind_all_interfaces, B105
hardcoded_password_string, B108 hardcoded_tmp_directory, B608 hardcoded_sql_expressions)
never run: on Python 3.11 it reports none of them. Bandit 1.7 added the same visit_Constant
as below. Used by benchmarks/bandit_parity.sh for those ids only; it changes nothing else in
Bandit, and, as Bandit itself, it parses the scanned files and never imports them.
"""
import sys

from bandit.core import node_visitor


def visit_Constant(self, node):
    if isinstance(node.value, str):
        self.visit_Str(node)
    elif isinstance(node.value, bytes):
        self.visit_Bytes(node)


node_visitor.BanditNodeVisitor.visit_Constant = visit_Constant

from bandit.cli.main import main  # noqa: E402  (after the patch)

sys.exit(main())
