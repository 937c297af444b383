#!/usr/bin/env node
// Baseline: what a function that parses the whole list would pay at least. The project's
// own `yaml` (node_modules/yaml): parseDocument of stdin, then toString to stdout.
'use strict';
const { readFileSync, writeSync } = require('node:fs');
const { join } = require('node:path');
const { parseDocument } = require(join(__dirname, '..', '..', 'node_modules', 'yaml'));

const doc = parseDocument(readFileSync(0, 'utf8'));
if (doc.errors.length) {
  process.stderr.write(`yaml-roundtrip: ${doc.errors[0].message.split('\n')[0]}\n`);
  process.exit(1);
}
const out = Buffer.from(doc.toString(), 'utf8');
let off = 0;
while (off < out.length) {
  try {
    off += writeSync(1, out, off, out.length - off);
  } catch (e) {
    if (e.code !== 'EAGAIN') throw e;
  }
}
