// Loaded with `node --require` before dist/main/main.cjs: `require('electron')` then gets the stand-in next
// to this file. Without it Node would find node_modules/electron, whose index.js only knows where the
// Electron binary is (and tries to download it); the bundle must never see that in a test.
'use strict';
const Module = require('node:module');
const { join } = require('node:path');

const standIn = join(__dirname, 'electron.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return standIn;
  return resolve.call(this, request, ...rest);
};
