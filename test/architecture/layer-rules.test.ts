import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer map in eslint.config.mjs bites: small snippets linted as if they lived at a given path are reported
 * when they cross a layer the map forbids, and pass when they stay inside it. The real config file is used; only
 * type information is switched off (these rules read import paths, not types), which keeps each lint fast.
 */
const ROOT = join(__dirname, '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'eslint.config.mjs'), overrideConfig: [tseslint.configs.disableTypeChecked] });
});

async function layerFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId?.startsWith('layers/') || m.fatal).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layer map (eslint.config.mjs)', () => {
  it('reports the core importing electron, the Electron shell or the CLI', async () => {
    expect(await layerFindings('main/core/accounts/probe.ts', `import { app } from 'electron';\nexport const probe = app;\n`)).toEqual([
      expect.stringMatching(/^layers\/boundaries: main\/core domain may not import 'electron'/),
    ]);
    expect(await layerFindings('main/core/api/probe.ts', `import type { BrowserWindow } from 'electron';\nexport type Probe = BrowserWindow;\n`)).toHaveLength(
      1,
    );
    expect(await layerFindings('main/core/app/probe.ts', `export const load = () => import('electron');\n`)).toHaveLength(1);
    expect(await layerFindings('main/core/accounts/probe.ts', `import { x } from '../../electron/main.js';\nexport const probe = x;\n`)).toEqual([
      expect.stringMatching(/may not import main\/electron\/main\.js \(main\/electron\)/),
    ]);
    expect(await layerFindings('main/core/tray/probe.ts', `export * from '../../cli/entry.js';\n`)).toEqual([expect.stringMatching(/main\/cli\/entry\.js/)]);
  });

  it('reports the renderer importing main/core, and allows main/contract', async () => {
    expect(
      await layerFindings(
        'renderer/src/screens/probe.tsx',
        `import type { Account } from '../../../main/core/accounts/account.js';\nexport type Probe = Account;\n`,
      ),
    ).toEqual([expect.stringMatching(/^layers\/boundaries: renderer may not import main\/core\/accounts\/account\.js \(main\/core domain\)/)]);
    expect(await layerFindings('renderer/src/screens/probe.tsx', `import { readFile } from 'node:fs';\nexport const probe = readFile;\n`)).toHaveLength(1);
    expect(
      await layerFindings('renderer/src/screens/probe.tsx', `import type { AppApi } from '../../../main/contract/app-api.js';\nexport type Probe = AppApi;\n`),
    ).toEqual([]);
  });

  it('reports the preload importing anything of the main process but the contract', async () => {
    expect(await layerFindings('preload/probe.ts', `import { dispatch } from '../main/core/api/dispatch.js';\nexport const probe = dispatch;\n`)).toHaveLength(
      1,
    );
    expect(await layerFindings('preload/probe.ts', `import { contextBridge } from 'electron';\nexport const probe = contextBridge;\n`)).toEqual([]);
    expect(await layerFindings('preload/probe.ts', `import type { AppApi } from '../main/contract/app-api.js';\nexport type Probe = AppApi;\n`)).toEqual([]);
  });

  it('reports a domain folder importing the API layer, the app service or the AppApi contract', async () => {
    for (const target of ['../api/dispatch.js', '../app/app-service.js', '../../contract/app-api.js', '../../contract/transport.js']) {
      expect(
        await layerFindings('main/core/credentials/probe.ts', `import type * as api from '${target}';\nexport type Probe = typeof api;\n`),
        target,
      ).toEqual([expect.stringMatching(/^layers\/boundaries: main\/core domain may not import/)]);
    }
    // Shared value types in the contract are fine for the domain; the API layer may import the AppApi.
    expect(
      await layerFindings('main/core/credentials/probe.ts', `import type * as c from '../../contract/password-policy.js';\nexport type P = typeof c;\n`),
    ).toEqual([]);
    expect(await layerFindings('main/core/api/probe.ts', `import type { AppApi } from '../../contract/app-api.js';\nexport type Probe = AppApi;\n`)).toEqual(
      [],
    );
  });

  it("reports the contract importing the core, and the CLI importing the Electron shell or 'electron'", async () => {
    expect(
      await layerFindings('main/contract/probe.ts', `import type { Account } from '../core/accounts/account.js';\nexport type Probe = Account;\n`),
    ).toHaveLength(1);
    expect(await layerFindings('main/cli/commands/probe.ts', `import { x } from '../../electron/electron-shell.js';\nexport const probe = x;\n`)).toHaveLength(
      1,
    );
    expect(await layerFindings('main/cli/commands/probe.ts', `const e = require('electron');\nexport const probe = e;\n`)).toEqual([
      expect.stringMatching(/may not import 'electron'/),
    ]);
    expect(await layerFindings('test/core/probe.test.ts', `import { app } from 'electron';\nexport const probe = app;\n`)).toHaveLength(1);
    expect(
      await layerFindings('main/electron/probe.ts', `import { app } from 'electron';\nimport { x } from '../core/paths.js';\nexport const probe = [app, x];\n`),
    ).toEqual([]);
  });

  it('reports default exports in product code and value imports used only as types', async () => {
    const rules = async (path: string, code: string) => (await eslint.lintText(code, { filePath: join(ROOT, path) }))[0]!.messages.map((m) => m.ruleId);
    expect(await rules('main/core/tray/probe.ts', `export default function probe(): number {\n  return 1;\n}\n`)).toContain('import-x/no-default-export');
    expect(await rules('renderer/vite.config.mts', `export default { base: './' };\n`)).not.toContain('import-x/no-default-export');
    expect(
      await rules(
        'main/core/tray/probe.ts',
        `import { BrokerError } from '../errors.js';\nexport function probe(e: BrokerError): string {\n  return e.message;\n}\n`,
      ),
    ).toContain('@typescript-eslint/consistent-type-imports');
  });

  it('reports a two-file import cycle made of type-only imports', async () => {
    // A real pair from the tree: `importer` imports `imported` (type-only). Linting `imported` with a type-only
    // import of `importer` closes a cycle through a file on disk that no other rule would see (import-x/no-cycle
    // skips type imports).
    const pair = await typeImportPair(join(ROOT, 'main', 'core'));
    expect(pair, 'a main/core file with `import type` of a sibling').toBeDefined();
    const { importer, imported } = pair!;
    const findings = await layerFindings(
      relative(ROOT, imported),
      `import type * as other from './${basename(importer)}.js';\nexport type Probe = typeof other;\n`,
    );
    expect(findings).toEqual([expect.stringMatching(/^layers\/no-cycle: Import cycle: /)]);
    expect(findings[0]).toContain(`${relative(ROOT, importer)} → ${relative(ROOT, imported)}`);
    // The same file without the back edge is clean.
    expect(await layerFindings(relative(ROOT, imported), `export type Probe = string;\n`)).toEqual([]);
  });
});

function basename(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.tsx?$/, '');
}

/** The first file under `dir` whose only import of a sibling is `import type` from it. */
async function typeImportPair(dir: string): Promise<{ importer: string; imported: string } | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const importer = join(entry.parentPath, entry.name);
    const text = await readFile(importer, 'utf8');
    for (const match of text.matchAll(/^import type \{[^}]*\} from '\.\/([a-z0-9-]+)\.js';$/gm)) {
      const imported = join(entry.parentPath, `${match[1]}.ts`);
      const back = await readFile(imported, 'utf8').catch(() => undefined);
      if (back !== undefined && !back.includes(`'./${basename(importer)}.js'`)) return { importer, imported };
    }
  }
  return undefined;
}
