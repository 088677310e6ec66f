// `npm start`: the desktop app where Electron's binary is installed, serve mode in a browser where not.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    return require('electron'); // the package exports the binary's path, and throws when it is missing
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const child = binary
  ? spawn(binary, ['dist/main.js', ...args], { stdio: 'inherit' })
  : (console.log('Electron binary not installed (fetch it with `node node_modules/electron/install.js`): starting serve mode; open the address below in a browser.'),
    spawn(process.execPath, ['dist/cli.js', 'serve', ...args], { stdio: 'inherit' }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
