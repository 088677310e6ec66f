import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InventorySnapshot } from '../../../shared/inventory';
import { main } from '../../../electron/cli/program';
import { openDatabase } from '../../../electron/core/db/open';
import { InventoryStore, validateGlpi } from '../../../electron/core/inventory';
import { tempDir } from '../../setup/temp';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  return { out: () => out, err: () => err };
}

afterEach(() => vi.restoreAllMocks());

describe('atelier inventory', () => {
  it('--json --save prints a valid snapshot and stores it in the data folder', async () => {
    const dir = tempDir();
    const io = capture();
    expect(await main(['inventory', '--json', '--save', '--data-dir', dir])).toBe(0);
    vi.restoreAllMocks();
    const printed = InventorySnapshot.parse(JSON.parse(io.out()));
    const db = openDatabase(join(dir, 'atelier.db'));
    expect(new InventoryStore(db).get(printed.id)).toEqual(printed);
    db.close();
  });

  it('--glpi prints a schema-valid GLPI document', async () => {
    const io = capture();
    expect(await main(['inventory', '--glpi'])).toBe(0);
    vi.restoreAllMocks();
    expect((await validateGlpi(JSON.parse(io.out()))).valid).toBe(true);
  });

  it('prints text by default, in French on request', async () => {
    const io = capture();
    expect(await main(['inventory', '--lang', 'fr'])).toBe(0);
    vi.restoreAllMocks();
    expect(io.out()).toMatch(/^Inventaire /);
    expect(io.out()).toContain('Processeur');
  });

  it('--host names an unknown host; --json with --glpi is refused', async () => {
    let io = capture();
    expect(await main(['inventory', '--host', 'pc-accueil', '--data-dir', tempDir()])).toBe(1);
    expect(io.err()).toContain('pc-accueil');
    vi.restoreAllMocks();
    io = capture();
    expect(await main(['inventory', '--json', '--glpi'])).not.toBe(0);
    expect(io.err()).toMatch(/cannot be used with option/);
  });
});
