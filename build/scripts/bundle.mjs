// Bundles the Node side: the CLI (which hosts serve mode), the Electron main process, the preload and the
// team hub (`atelier-hub`, dist/hub.js). npm packages stay external (native modules such as better-sqlite3
// cannot be bundled), except in the CLI, which serve mode runs (see below). `node build/scripts/bundle.mjs hub`
// builds the hub alone (its container recipe).
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

const hub = () =>
  build({
    ...common,
    entryPoints: ['hub/cli.ts'],
    outfile: 'dist/hub.js',
    format: 'esm',
    banner: { js: '#!/usr/bin/env node' },
  });

// zod's namespace re-exports its forty-odd locales (0.37 MB of the chunk serve compiles at start) for
// `z.locales.xx()`, which the app never calls: its messages are its own and zod's stay English, the locale zod
// sets itself. The CLI's bundle gets a locales module that holds English only.
const zodLocales = join(dirname(createRequire(import.meta.url).resolve('zod')), 'v4', 'locales');
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      join(args.resolveDir, '..', 'locales') === zodLocales ? { path: 'en-only', namespace: 'zod-locales' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js', resolveDir: zodLocales }));
  },
};

const only = process.argv[2];
if (only !== undefined && only !== 'hub') throw new Error(`bundle.mjs: unknown target "${only}" (known: hub, or none for everything)`);
if (only === 'hub') {
  await hub();
  chmodSync('dist/hub.js', 0o755);
  process.exit(0);
}

mkdirSync('dist', { recursive: true });
// The CLI's chunks of an earlier build (hashed names) would pile up beside the new ones.
for (const file of readdirSync('dist', { withFileTypes: true }).filter((f) => f.isFile() && /^cli-.+\.js(\.map)?$/.test(f.name))) {
  rmSync(`dist/${file.name}`);
}

await Promise.all([
  hub(),
  // Split at the CLI's dynamic imports: a command loads only its own chunks (`--version` none of the
  // store's). Chunks sit beside cli.js, since code in them finds dist/library and the rebuild worker
  // next to itself.
  //
  // Its npm packages are bundled too, except those below: Node's loader resolving, reading and compiling some
  // 500 files one by one (zod's ESM, fastify's and yaml's CommonJS trees) was a quarter of serve's CPU to its
  // first answer (docs/performance.md, session 8). Kept outside: native modules and what finds files next to
  // its own (better-sqlite3, ssh2's optional crypto binding, cpu-features), the hub's databases, and commander
  // (the CLI's start tests check `--version` does not load it). A CommonJS package's `require` of a Node
  // built-in needs a real `require` in an ES module: the banner makes one per chunk.
  build({
    ...common,
    entryPoints: { cli: 'electron/cli/index.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    format: 'esm',
    packages: undefined,
    plugins: [zodEnglishOnly],
    external: [
      ...['better-sqlite3', 'ssh2', 'cpu-features', '@electric-sql/pglite', 'pg', 'commander', 'electron'],
      // Imported on first sync with `import()`: bundled, a CommonJS package's dynamic import has its exports
      // under `default` only (`Agent is not a constructor`, every sync e2e in CI19).
      'undici',
      // Required by fastify only when used (route schemas, of which serve has none; inject): kept out of the
      // chunks serve compiles at start.
      ...['ajv', 'ajv-formats', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'fast-json-stringify', 'light-my-request'],
    ],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __atelierCreateRequire } from 'node:module';\nconst require = __atelierCreateRequire(import.meta.url);" },
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

// The two commands run as executables where they are installed by path rather than through npm's bin links.
for (const bin of ['dist/cli.js', 'dist/hub.js']) chmodSync(bin, 0o755);

// The built-in checklists, where builtinLibraryDir() looks next to the bundle (dist/library).
cpSync('electron/core/checklists/library', 'dist/library', { recursive: true, filter: (src) => !/\.[^/]+$/.test(src) || /\.ya?ml$/.test(src) });
