import { describe, expect, it } from 'vitest';
import { runCli } from '../../setup/cli';

describe('atelier command line', () => {
  it('has help on the program and on serve, with --data-dir', () => {
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('serve');
    const serve = runCli(['serve', '--help']);
    expect(serve.status).toBe(0);
    expect(serve.stdout).toContain('--port');
    expect(serve.stdout).toContain('--data-dir');
  });

  it('rejects a bad port with one clear line and a non-zero exit', () => {
    const result = runCli(['serve', '--port', 'eighty']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('"eighty" is not a port number');
  });

  it('rejects an unknown command', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
