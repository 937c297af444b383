#!/usr/bin/env node
// Baseline: the least a Node.js filter can do. Read all of stdin, write it back.
'use strict';
const { readFileSync, writeSync } = require('node:fs');

const input = readFileSync(0);
let off = 0;
while (off < input.length) {
  try {
    off += writeSync(1, input, off, input.length - off);
  } catch (e) {
    if (e.code !== 'EAGAIN') throw e; // stdout is a pipe that is full: try again
  }
}
