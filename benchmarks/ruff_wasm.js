#!/usr/bin/env node
// Ruff's flake8-bandit rules ("S") over a tree, through Ruff's WebAssembly build: the peer
// benchmarks/speed.py measures Warden against. One process, one thread (what the wasm build
// gives); every *.py file is read and checked, none is imported or run.
//
//   node benchmarks/ruff_wasm.js PACKAGE_DIR TREE...
//
// PACKAGE_DIR is the unpacked npm package @astral-sh/ruff-wasm-nodejs (speed.py fetches it
// with `npm pack` and checks its integrity hash). Prints one JSON object on standard output:
// {"version", "files", "lines", "findings", "by_code": {code: count}, "syntax_errors", "non_utf8",
// "errors"}. "findings" counts the S rules' diagnostics only: Ruff reports a file's syntax errors
// as diagnostics too (code "invalid-syntax"), and those go to "syntax_errors", not "findings".
// A file that is not valid UTF-8 is checked as decoded with replacement characters and counted
// in "non_utf8"; "errors" counts files Ruff threw on.
'use strict';
const fs = require('fs');
const path = require('path');

if (process.argv.length < 4) {
  process.stderr.write('usage: node ruff_wasm.js PACKAGE_DIR TREE...\n');
  process.exit(2);
}
const ruff = require(path.resolve(process.argv[2]));
// Ruff's defaults (line length, target version) with only the S rules selected.
const workspace = new ruff.Workspace({ lint: { select: ['S'] } }, ruff.PositionEncoding.Utf8);

const files = [];
function walk(p) {
  let st;
  try { st = fs.lstatSync(p); } catch (e) { return; }
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
  } else if (st.isFile() && p.endsWith('.py')) {
    files.push(p);
  }
}
for (const tree of process.argv.slice(3)) walk(tree);

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const byCode = {};
let findings = 0, lines = 0, errors = 0, syntaxErrors = 0, nonUtf8 = 0;
for (const file of files) {
  const bytes = fs.readFileSync(file);
  let text;
  try {
    text = strict.decode(bytes);
  } catch (e) {
    ++nonUtf8;
    text = lenient.decode(bytes);
  }
  for (let i = 0; i < text.length; ++i) if (text.charCodeAt(i) === 10) ++lines;
  let diagnostics;
  try {
    diagnostics = workspace.check(text);
  } catch (e) {
    ++errors;
    continue;
  }
  for (const d of diagnostics) {
    const code = d.code || 'invalid-syntax';
    if (!/^S[0-9]+$/.test(code)) {  // a syntax error (or anything that is not an S rule)
      ++syntaxErrors;
      continue;
    }
    byCode[code] = (byCode[code] || 0) + 1;
    ++findings;
  }
}
process.stdout.write(JSON.stringify({
  version: ruff.Workspace.version(), files: files.length, lines, findings, by_code: byCode,
  syntax_errors: syntaxErrors, non_utf8: nonUtf8, errors,
}) + '\n');
