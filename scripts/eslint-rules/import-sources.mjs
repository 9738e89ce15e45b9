// What a module imports, for the layer rules: every form that makes one file depend on another, types included
// (a type import is still a dependency of the design, even though the compiler erases it).
import { statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * Calls `visit(literalNode, specifier)` for each import in the program: import/export ... from, side-effect imports,
 * `import type`, dynamic `import()`, `require()`, `import x = require()` and `import('x').T` in type positions.
 */
export function importVisitors(visit) {
  const literal = (node) => {
    if (node?.type === 'Literal' && typeof node.value === 'string') visit(node, node.value);
    else if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) visit(node, node.quasis[0].value.cooked);
  };
  return {
    ImportDeclaration: (node) => literal(node.source),
    ExportNamedDeclaration: (node) => node.source && literal(node.source),
    ExportAllDeclaration: (node) => literal(node.source),
    ImportExpression: (node) => literal(node.source),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) literal(node.arguments[0]);
    },
    TSExternalModuleReference: (node) => literal(node.expression),
    TSImportType: (node) => literal(node.argument?.type === 'TSLiteralType' ? node.argument.literal : (node.source ?? node.argument)),
  };
}

/** A bare specifier's package name ('@scope/name' or 'name'), or the builtin's name without 'node:'. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isRelative(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

export function isNodeBuiltin(specifier) {
  return isBuiltin(specifier);
}

/** The path of `target` relative to `root`, with forward slashes ('main/core/x.js'). */
export function rootRelative(root, target) {
  return relative(root, target).split(sep).join('/');
}

/** The absolute path a relative specifier names, before looking at the disk. */
export function specifierPath(fromFile, specifier) {
  return resolve(dirname(fromFile), specifier);
}

// TypeScript's NodeNext style names the emitted file ('./x.js' for x.ts), so try the sources that emit it.
const SOURCE_FOR = [
  [/\.js$/, ['.ts', '.tsx', '.js', '.jsx']],
  [/\.mjs$/, ['.mts', '.mjs']],
  [/\.cjs$/, ['.cts', '.cjs']],
];

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file on disk a relative specifier loads, or undefined (a package, a missing file). */
export function resolveOnDisk(fromFile, specifier) {
  if (!isRelative(specifier)) return undefined;
  const target = specifierPath(fromFile, specifier);
  for (const [suffix, sources] of SOURCE_FOR) {
    if (!suffix.test(target)) continue;
    const base = target.replace(suffix, '');
    for (const ext of sources) if (isFile(base + ext)) return base + ext;
  }
  if (isFile(target)) return target;
  for (const ext of ['.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx', '/index.js']) if (isFile(target + ext)) return target + ext;
  return undefined;
}

/** A tiny glob matcher for the layer map: `**` any depth, `*` within one path segment, `{a,b}` alternatives. */
export function globToRegExp(glob) {
  return new RegExp('^' + globSource(glob) + '$');
}

function globSource(glob) {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      out +=
        '(?:' +
        glob
          .slice(i + 1, end)
          .split(',')
          .map(globSource)
          .join('|') +
        ')';
      i = end;
    } else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return out;
}
