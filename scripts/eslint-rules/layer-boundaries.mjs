// The layer map as a lint rule: which folders a file may import from, and which packages it may not load.
// The map itself lives in eslint.config.mjs; this file only applies it. Paths are worked out from the import's
// text (no file system), so a violation is caught even before the imported file exists.
import { globToRegExp, importVisitors, isNodeBuiltin, isRelative, packageName, rootRelative, specifierPath } from './import-sources.mjs';

const globs = { type: 'array', items: { type: 'string' } };

export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers the layer map allows (types included).' },
    schema: [
      {
        type: 'object',
        required: ['root', 'layers'],
        additionalProperties: false,
        properties: {
          root: { type: 'string' },
          layers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'files', 'allow', 'why'],
              additionalProperties: false,
              properties: {
                name: { type: 'string' },
                files: globs,
                allow: globs,
                deny: globs,
                denyPackages: globs,
                denyNodeBuiltins: { type: 'boolean' },
                why: { type: 'string' },
              },
            },
          },
        },
      },
    ],
    messages: {
      layer: '{{layer}} may not import {{target}}{{targetLayer}}: {{why}}',
      package: "{{layer}} may not import '{{name}}': {{why}}",
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const compiled = layers.map((layer) => ({
      ...layer,
      files: layer.files.map(globToRegExp),
      allow: layer.allow.map(globToRegExp),
      deny: (layer.deny ?? []).map(globToRegExp),
      denyPackages: (layer.denyPackages ?? []).map(globToRegExp),
    }));
    const layerOf = (path) => compiled.find((l) => l.files.some((re) => re.test(path)));
    const file = rootRelative(root, context.filename);
    const layer = layerOf(file);
    if (!layer) return {};

    return importVisitors((node, specifier) => {
      if (isRelative(specifier) || specifier.startsWith('/')) {
        const target = rootRelative(root, specifierPath(context.filename, specifier));
        if (target.startsWith('../')) return;
        const allowed = !layer.deny.some((re) => re.test(target)) && layer.allow.some((re) => re.test(target));
        if (allowed) return;
        const targetLayer = layerOf(target);
        context.report({
          node,
          messageId: 'layer',
          data: { layer: layer.name, target, targetLayer: targetLayer ? ` (${targetLayer.name})` : '', why: layer.why },
        });
        return;
      }
      const name = packageName(specifier);
      if (layer.denyPackages.some((re) => re.test(name)) || (layer.denyNodeBuiltins && isNodeBuiltin(specifier))) {
        context.report({ node, messageId: 'package', data: { layer: layer.name, name: specifier, why: layer.why } });
      }
    });
  },
};
