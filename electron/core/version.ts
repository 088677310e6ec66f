import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The folder of Atelier's package.json, found from this file in the source tree and in the bundle alike. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'atelier') {
      cachedRoot = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the package.json of atelier above ' + fileURLToPath(import.meta.url));
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The built renderer (`npm run build`), served in serve mode and loaded by Electron. */
export function rendererDir(): string {
  return join(packageRoot(), 'dist', 'renderer');
}
