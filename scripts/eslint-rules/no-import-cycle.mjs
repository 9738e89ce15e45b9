// No import cycles, type-only ones included. import-x/no-cycle skips `import type` edges by design, but a cycle
// of types is still two modules that cannot be understood, moved or layered apart, so this rule walks every edge:
// static, type-only, dynamic import(), require() and import('x').T.
import { readFileSync, statSync } from 'node:fs';
import ts from 'typescript';
import { importVisitors, resolveOnDisk, rootRelative } from './import-sources.mjs';

// Each file's resolved imports, kept while its size and mtime stay the same (one lint run reads each file once).
const cache = new Map();

function importsOnDisk(file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return [];
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.imports;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const imports = [...new Set(importedFiles.map((f) => resolveOnDisk(file, f.fileName)).filter(Boolean))];
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, imports });
  return imports;
}

/** The shortest import path from `start` back to `goal` (both included), or undefined. */
function pathBack(start, goal, include) {
  const parent = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOnDisk(file)) {
      if (next === goal) {
        const route = [goal];
        for (let at = file; at !== undefined; at = parent.get(at)) route.unshift(at);
        return route;
      }
      if (parent.has(next) || !include(next)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return undefined;
}

export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycles between files, counting type-only and dynamic imports.' },
    schema: [
      {
        type: 'object',
        required: ['root'],
        additionalProperties: false,
        properties: { root: { type: 'string' } },
      },
    ],
    messages: { cycle: 'Import cycle: {{route}}. Move what both sides need into a third module (or main/contract), or invert the dependency.' },
  },
  create(context) {
    const { root } = context.options[0];
    const self = context.filename;
    // Only files under the root take part; node_modules never imports our code back.
    const include = (file) => !rootRelative(root, file).startsWith('../') && !file.includes('/node_modules/');
    const seen = new Set();
    return importVisitors((node, specifier) => {
      const target = resolveOnDisk(self, specifier);
      if (!target || target === self || seen.has(target) || !include(target)) return;
      seen.add(target);
      const route = pathBack(target, self, include);
      if (!route) return;
      context.report({ node, messageId: 'cycle', data: { route: [self, ...route].map((f) => rootRelative(root, f)).join(' → ') } });
    });
  },
};
