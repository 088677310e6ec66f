import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigImportPreview } from '../../../shared/contract/ssh';
import { previewConfigImport } from '../../../electron/core/hosts';
import { blocksWithIncludes } from '../../../electron/core/hosts/includes';
import { LEGACY_ALGORITHM_NAMES } from '../../../shared/ssh/legacy-algorithms';

const FIXTURES = join(__dirname, '../../fixtures/ssh/configs');
const { homedir: home, username: localUser } = userInfo();
const context = { existing: () => undefined, home, localUser };
type Candidate = ConfigImportPreview['toAdd'][number];

/** Ground truth: what `ssh -G` says for one host (Match exec neutralised exactly as the import does). */
function sshG(file: string, name: string): { status: number; out: Map<string, string[]>; err: string } {
  const run = spawnSync('ssh', ['-G', '-F', file, '--', name], { encoding: 'utf8', env: { ...process.env, SHELL: '/bin/false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = new Map<string, string[]>();
  for (const line of run.stdout.split('\n')) {
    const [key, ...rest] = line.split(' ');
    if (!key) continue;
    out.set(key, [...(out.get(key) ?? []), rest.join(' ')]);
  }
  return { status: run.status ?? -1, out, err: run.stderr };
}

const DEFAULTS = sshG('/dev/null', 'x').out;
const DEFAULT_KEYS = DEFAULTS.get('identityfile') ?? [];

/** Legacy names the host's algorithm lists hold beyond OpenSSH's defaults. */
function expectedLegacy(truth: Map<string, string[]>): string[] {
  return ['hostkeyalgorithms', 'kexalgorithms', 'ciphers', 'macs'].flatMap((key) => {
    const base = new Set((DEFAULTS.get(key)?.[0] ?? '').split(','));
    return (truth.get(key)?.[0] ?? '').split(',').filter((a) => !base.has(a) && (LEGACY_ALGORITHM_NAMES as readonly string[]).includes(a));
  });
}

function expectedKeys(truth: Map<string, string[]>, alias: string): string[] {
  const files = truth.get('identityfile') ?? [];
  if (files.join() === DEFAULT_KEYS.join()) return [];
  const tokens: Record<string, string> = { h: truth.get('hostname')![0]!, r: truth.get('user')![0]!, d: home, u: localUser, n: alias, p: truth.get('port')![0]! };
  return files.map((f) => f.replace(/%(.)/g, (_w, k: string) => tokens[k] ?? `%${k}`).replace(/^~(?=\/|$)/, home));
}

function keysOf(host: Candidate): string[] {
  return host.auth.method === 'key' ? [host.auth.keyFile, ...(host.auth.moreKeyFiles ?? [])] : [];
}

function literalAliases(text: string): string[] {
  return [...new Set(blocksWithIncludes(text, home).flatMap((b) => (b.kind === 'host' ? b.patterns.filter((p) => !/[*?!]/.test(p)) : [])))];
}

describe('OpenSSH config import, against `ssh -G` for every host of every real config', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.config'));

  it('has a dozen real configs', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of files) {
    it(`${name}: every host as ssh would use it, or refused with OpenSSH's line and reason`, async () => {
      const file = join(FIXTURES, name);
      const text = readFileSync(file, 'utf8');
      const aliases = literalAliases(text);
      const probe = sshG(file, aliases[0] ?? 'x');
      if (probe.status !== 0) {
        const reason = /line (\d+): (.*)/.exec(probe.err);
        expect(reason).not.toBeNull();
        await expect(previewConfigImport(text, context)).rejects.toThrow(`OpenSSH refuses the config: line ${reason![1]}: ${reason![2]}`);
        return;
      }
      const preview = await previewConfigImport(text, context);
      const byName = new Map(preview.toAdd.map((h) => [h.name.toLowerCase(), h]));
      for (const alias of aliases) {
        const truth = sshG(file, alias).out;
        const proxyCommand = truth.get('proxycommand')?.[0];
        const host = byName.get(alias.toLowerCase());
        if (proxyCommand && !/^ssh (-q )?-W %h:%p \S+$/.test(proxyCommand)) {
          expect(host, alias).toBeUndefined();
          expect(preview.skipped).toContainEqual({ name: alias, reason: expect.stringContaining(`ProxyCommand "${proxyCommand}"`) });
          continue;
        }
        expect(host, `${name}: ${alias}`).toBeDefined();
        expect({ address: host!.address, port: host!.port, user: host!.user, keys: keysOf(host!), legacy: host!.legacyAlgorithms ?? [] }, `${name}: ${alias}`).toEqual({
          address: truth.get('hostname')![0],
          port: Number(truth.get('port')![0]),
          user: truth.get('user')![0],
          keys: expectedKeys(truth, alias),
          legacy: expectedLegacy(truth),
        });
        // The jump chain, hop by hop, is the ProxyJump list ssh would walk.
        const jumps = truth.get('proxyjump')?.[0] ?? (proxyCommand ? /(\S+)$/.exec(proxyCommand)![1] : undefined);
        const chain: Candidate[] = [];
        for (let at = host!.jumpHost; at !== undefined; at = byName.get(at.toLowerCase())?.jumpHost) chain.unshift(byName.get(at.toLowerCase())!);
        if (!jumps) {
          expect(chain).toEqual([]);
          continue;
        }
        const hops = jumps.split(',');
        const tail = chain.slice(chain.length - hops.length);
        hops.forEach((spec, i) => {
          const m = /^(?:([^@]+)@)?([^:]+)(?::(\d+))?$/.exec(spec)!;
          const hopTruth = sshG(file, m[2]!).out;
          expect({ address: tail[i]?.address, port: tail[i]?.port, user: tail[i]?.user }, `${alias} hop ${spec}`).toEqual({
            address: hopTruth.get('hostname')![0],
            port: m[3] ? Number(m[3]) : Number(hopTruth.get('port')![0]),
            user: m[1] ?? hopTruth.get('user')![0],
          });
        });
      }
    });
  }

  it('reads the file as ssh does where the fallback parser can: same hosts without Include or Match', async () => {
    for (const name of files) {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      if (/^\s*(include|match)\b/im.test(text) || sshG(join(FIXTURES, name), 'x').status !== 0) continue;
      const [withSsh, withParser] = await Promise.all([previewConfigImport(text, context), previewConfigImport(text, { ...context, sshClient: null })]);
      expect(withParser.toAdd, name).toEqual(withSsh.toAdd);
      expect(withParser.skipped, name).toEqual(withSsh.skipped);
    }
  });
});

describe('OpenSSH config import, the cases the issue names', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-config-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a comment after a Host name is a comment, with ssh and with the fallback parser', async () => {
    const text = 'Host pi  # Raspberry Pi\n  HostName 10.0.0.5\n  User pi # the default user\n';
    for (const sshClient of [undefined, null]) {
      const preview = await previewConfigImport(text, { ...context, sshClient });
      expect(preview.toAdd.map((h) => [h.name, h.user, h.address])).toEqual([['pi', 'pi', '10.0.0.5']]);
      expect(preview.skipped).toEqual([]);
    }
  });

  it('follows Include (hosts of the included file too) and never runs Match exec', async () => {
    const marker = join(dir, 'ran');
    writeFileSync(join(dir, 'extra.conf'), 'Host included-box\n  HostName 10.9.9.9\n  User inc\n');
    const text = [`Include ${join(dir, 'extra.conf')}`, `Match exec "touch ${marker}"`, '  User pwned', 'Host top', '  HostName 10.1.1.1'].join('\n');
    const preview = await previewConfigImport(text, context);
    expect(existsSync(marker)).toBe(false);
    expect(preview.toAdd.map((h) => [h.name, h.user, h.address])).toEqual([
      ['included-box', 'inc', '10.9.9.9'],
      ['top', localUser, '10.1.1.1'],
    ]);
    expect(preview.warnings.join('\n')).toMatch(/Match exec.*not run/);
  });

  it('keeps every IdentityFile in order and builds ProxyJump chains of any length, reusing Host entries', async () => {
    const text = [
      'Host b1',
      '  HostName bastion1.example',
      '  User j1',
      'Host b2',
      '  HostName 10.0.0.10',
      '  User j2',
      '  ProxyJump b1',
      'Host b3',
      '  HostName 10.0.1.10',
      'Host final',
      '  HostName 10.10.0.50',
      '  ProxyJump b1,b2,admin@b3:2200',
      '  IdentityFile ~/.ssh/one',
      '  IdentityFile ~/.ssh/two',
      '  IdentityFile ~/.ssh/three',
    ].join('\n');
    const preview = await previewConfigImport(text, context);
    const final = preview.toAdd.find((h) => h.name === 'final')!;
    expect(keysOf(final)).toEqual([join(home, '.ssh/one'), join(home, '.ssh/two'), join(home, '.ssh/three')]);
    expect(final.jumpHost).toBe('b3-via-b2');
    const hop = preview.toAdd.find((h) => h.name === 'b3-via-b2')!;
    expect(hop).toMatchObject({ address: '10.0.1.10', port: 2200, user: 'admin', jumpHost: 'b2' });
    expect(preview.toAdd.find((h) => h.name === 'b2')?.jumpHost).toBe('b1');
    // Jump hosts come before the hosts that use them, so the import adds them in one pass.
    const order = preview.toAdd.map((h) => h.name);
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('b2'));
    expect(order.indexOf('b3-via-b2')).toBeLessThan(order.indexOf('final'));
  });

  it('skips a ProxyCommand host with its reason and reads `ssh -W %h:%p` as the jump it is', async () => {
    const text = ['Host gw', '  HostName gw.example', 'Host a', '  ProxyCommand nc -x socks:1080 %h %p', 'Host b', '  ProxyCommand ssh -q -W %h:%p gw'].join('\n');
    const preview = await previewConfigImport(text, context);
    expect(preview.skipped).toEqual([{ name: 'a', reason: expect.stringMatching(/^reached through ProxyCommand "nc -x socks:1080 %h %p": Atelier does not run/) }]);
    expect(preview.toAdd.find((h) => h.name === 'b')?.jumpHost).toBe('gw');
  });

  it("carries a host's legacy HostKeyAlgorithms / KexAlgorithms / Ciphers / MACs lines to that host only", async () => {
    const text = ['Host old-nas', '  HostKeyAlgorithms +ssh-rsa', '  KexAlgorithms +diffie-hellman-group14-sha1', '  Ciphers +aes128-cbc', '  MACs +hmac-sha1', 'Host new-box'].join('\n');
    for (const sshClient of [undefined, null]) {
      const preview = await previewConfigImport(text, { ...context, sshClient });
      expect(preview.toAdd.find((h) => h.name === 'old-nas')?.legacyAlgorithms, String(sshClient)).toEqual(['ssh-rsa', 'diffie-hellman-group14-sha1', 'aes128-cbc']);
      expect(preview.toAdd.find((h) => h.name === 'new-box')).not.toHaveProperty('legacyAlgorithms');
    }
  });

  it('names the file line OpenSSH refuses', async () => {
    await expect(previewConfigImport('Host x\n  Bogus yes\n', context)).rejects.toThrow(/^OpenSSH refuses the config: line 2: Bad configuration option: bogus$/);
  });
});
