/** The plain HTTP copy the blob bench compares the hub with. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../test/setup/sshd';

/** A bare HTTP server in its own process: PUT streams the body to a file, GET streams it back. */
export async function startCopyServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const script = `
    const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
    const file = path.join(${JSON.stringify(dir)}, 'copy.bin');
    http.createServer((req, res) => {
      if (req.method === 'PUT') { req.pipe(fs.createWriteStream(file)).on('finish', () => res.end('ok')); return; }
      res.setHeader('content-length', fs.statSync(file).size); fs.createReadStream(file).pipe(res);
    }).listen(${port}, '127.0.0.1', () => process.stdout.write('ready\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}`, child };
}

