import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { dataDirOption } from './options';
import { openStoreAt } from './store';

/** Exit code of `ssh run` when Atelier itself failed (as OpenSSH's client does), not the remote command. */
export const SSH_FAILURE_EXIT = 255;

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`--timeout: "${value}" is not a number of milliseconds`);
  return ms;
}

/** `atelier ssh ...`: run commands on hosts of the book, with the app's host-key trust. */
export function registerSsh(program: Command): void {
  const ssh = program.command('ssh').description('SSH to hosts of the host book');

  ssh
    .command('run <name> <command...>')
    .description('run a command on a host (after --) and exit with its exit code')
    .option('--accept-new', 'trust the host key if this host has none pinned yet (a changed key is always refused)')
    .option('--timeout <ms>', 'stop the command after this many milliseconds (default 1 hour)', parseTimeout)
    .addOption(dataDirOption())
    .action(async (name: string, words: string[], opts: { acceptNew?: boolean; timeout?: number; dataDir?: string }) => {
      const [{ HostStore }, { KnownHostsStore, SshError, SshService }] = await Promise.all([import('../core/hosts'), import('../core/ssh')]);
      const db = await openStoreAt(opts.dataDir);
      let exitCode: number;
      try {
        const service = new SshService({ hosts: new HostStore(db), knownHosts: new KnownHostsStore(db) });
        // Like OpenSSH, the words of the command are joined with spaces and run by the remote shell.
        const result = await service.runCommand(name, words.join(' '), {
          acceptNewHostKeys: opts.acceptNew === true,
          timeoutMs: opts.timeout ?? 3_600_000,
          sink: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk),
        });
        exitCode = result.exitCode ?? SSH_FAILURE_EXIT;
        if (result.signal) process.stderr.write(`atelier: the remote command was killed by signal ${result.signal}\n`);
      } catch (error) {
        if (!(error instanceof SshError)) throw error;
        const hint =
          error.kind === 'host_key_unknown' ? ' Run again with --accept-new to trust it.' : error.kind === 'host_key_changed' ? ' Not connecting.' : '';
        process.stderr.write(`atelier: ${error.message.replace(/\s+/g, ' ')}${hint}\n`);
        exitCode = SSH_FAILURE_EXIT;
      } finally {
        db.close();
      }
      if (exitCode !== 0) throw new CommanderError(exitCode, 'atelier.ssh.exit', '');
    });

  ssh
    .command('import-known-hosts [file]')
    .description('pin the host keys of an OpenSSH known_hosts file (hashed names, patterns, @cert-authority and @revoked included)')
    .addOption(dataDirOption())
    .action(async (file: string | undefined, opts: { dataDir?: string }) => {
      const path = file ?? join(process.env.HOME ?? '', '.ssh', 'known_hosts');
      const text = readFileSync(path, 'utf8');
      const { KnownHostsStore } = await import('../core/ssh');
      const db = await openStoreAt(opts.dataDir);
      try {
        const result = new KnownHostsStore(db).importText(text);
        process.stdout.write(`Imported ${result.imported} key(s), ${result.alreadyKnown} already known, ${result.skipped.length} line(s) skipped.\n`);
        for (const skip of result.skipped) process.stdout.write(`  line ${skip.line}: ${skip.reason}\n`);
      } finally {
        db.close();
      }
    });
}
