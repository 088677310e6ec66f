import { main } from './program';

const code = await main(process.argv.slice(2));
if (code !== 0) {
  // Let the loggers' pending writes finish before the process ends; a handle that would keep it alive
  // (a connection still closing) gets a few seconds, not forever.
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3_000).unref();
}
