import { appVersion } from '../core/version';

const argv = process.argv.slice(2);
// `atelier --version` answers before the command line's parser and declarations load: it is what scripts
// and installers run to check the install, and it then costs no more than Node's own start.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${appVersion()}\n`);
} else {
  const { main } = await import('./program');
  const code = await main(argv);
  if (code !== 0) {
    // Let the loggers' pending writes finish before the process ends; a handle that would keep it alive
    // (a connection still closing) gets a few seconds, not forever.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3_000).unref();
  }
}
