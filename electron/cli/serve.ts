import { join } from 'node:path';
import type { Command } from 'commander';
import { rendererDir } from '../core/version';
import { dataDirOption, parsePort } from './options';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on this machine (127.0.0.1, secret in the printed address)')
    .option('--port <n>', 'port to listen on (default: a free one)', parsePort)
    .addOption(dataDirOption())
    .action(async (opts: { port?: number; dataDir?: string }) => {
      // The store's quick check reads the whole file: it runs on another thread while the code below loads.
      const [{ resolveDataDir, STORE_FILE }, { startStoreCheck }] = await Promise.all([import('../core/paths'), import('../core/db/store-check')]);
      const dataDir = resolveDataDir(opts.dataDir);
      const checking = startStoreCheck(join(dataDir, STORE_FILE));
      const [{ StoreState }, { openCoreForWindow }, { startServer }, { secretServiceKeyring }] = await Promise.all([
        import('../../shared/contract'),
        import('../core/store-gate'),
        import('../serve/server'),
        import('../core/secrets/keyring'),
      ]);
      const keyring = secretServiceKeyring();
      const checked = await checking;
      const core = openCoreForWindow({ dataDir, ...(keyring ? { keyring } : {}), ...(checked ? { checked } : {}) });
      const server = await startServer({ core, port: opts.port ?? 0, staticDir: rendererDir() });
      process.stdout.write(`Atelier is serving on ${server.url}\n`);
      process.stdout.write(`Data folder: ${core.dataDir}. Stop with Ctrl-C.\n`);
      const store = StoreState.parse(await core.dispatch('store.state', {}));
      if (store.state === 'empty') {
        process.stderr.write(`atelier: ${store.file} is empty (0 bytes); open the address to keep it aside and start a new store, or stop and restore a backup.\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      core.close();
    });
}
