import type { Command } from 'commander';
import { openCore } from '../core';
import { resolveDataDir } from '../core/paths';
import { rendererDir } from '../core/version';
import { startServer } from '../serve/server';
import { dataDirOption, parsePort } from './options';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app to a browser on this machine (127.0.0.1, secret in the printed address)')
    .option('--port <n>', 'port to listen on (default: a free one)', parsePort)
    .addOption(dataDirOption())
    .action(async (opts: { port?: number; dataDir?: string }) => {
      const core = openCore({ dataDir: resolveDataDir(opts.dataDir) });
      const server = await startServer({ core, port: opts.port ?? 0, staticDir: rendererDir() });
      process.stdout.write(`Atelier is serving on ${server.url}\n`);
      process.stdout.write(`Data folder: ${core.dataDir}. Stop with Ctrl-C.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      core.close();
    });
}
