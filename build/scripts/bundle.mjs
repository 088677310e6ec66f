// Bundles the Node side: the CLI (which hosts serve mode), the Electron main process and the preload.
// npm packages stay external (native modules such as better-sqlite3 cannot be bundled).
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/cli/index.ts'],
    outfile: 'dist/cli.js',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist/main.js', format: 'esm' }),
  // The ticket rebuild's fold thread, loaded next to the bundle that starts it (tickets/rebuild.ts).
  build({ ...common, entryPoints: ['electron/core/tickets/rebuild-worker.ts'], outfile: 'dist/rebuild-worker.js', format: 'esm' }),
  // A sandboxed preload must be CommonJS and self-contained.
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/preload.cjs',
    format: 'cjs',
    packages: undefined,
    external: ['electron'],
  }),
]);

// The built-in checklists, where builtinLibraryDir() looks next to the bundle (dist/library).
cpSync('electron/core/checklists/library', 'dist/library', { recursive: true, filter: (src) => !/\.[^/]+$/.test(src) || /\.ya?ml$/.test(src) });
