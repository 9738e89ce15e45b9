// The project's own lint rules (eslint.config.mjs turns them on with the layer map).
import { layerBoundaries } from './layer-boundaries.mjs';
import { noImportCycle } from './no-import-cycle.mjs';

export const layersPlugin = {
  meta: { name: 'layers' },
  rules: { boundaries: layerBoundaries, 'no-cycle': noImportCycle },
};
