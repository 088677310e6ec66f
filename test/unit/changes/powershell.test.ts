import { describe, expect, it } from 'vitest';
import { commandFor } from '../../../electron/core/change-records/rollout';
import { ChangeRecord, CHANGE_TEMPLATES, powershellQuote, Procedure, resolveScript, resolveTargets } from '../../../shared/changes';

const decode = (command: string) => Buffer.from(command.split(' ').at(-1)!, 'base64').toString('utf16le');

describe('PowerShell procedures for Windows hosts', () => {
  it('hands each value to the script as one literal string, typographic quotes included', () => {
    expect(powershellQuote("it's")).toBe("'it''s'");
    // PowerShell ends a '…' string at ‘ ’ ‚ ‛ too: each is doubled.
    expect(powershellQuote('a’; Remove-Item C:\\ -Recurse; ‘')).toBe("'a’’; Remove-Item C:\\ -Recurse; ‘‘'");
    expect(resolveScript('Write-Output $env:NAME', [{ name: 'NAME', type: 'string', required: true }], { NAME: "O'Brien $(whoami)" }, 'powershell')).toBe(
      "$env:NAME = 'O''Brien $(whoami)'\nWrite-Output $env:NAME",
    );
  });

  it('sends the script encoded (base64 UTF-16LE), so cmd.exe sees no quote; sh procedures stay sh -c', () => {
    const ps = Procedure.parse({ shell: 'powershell', script: 'Restart-Service -Name $env:SERVICE', params: [{ name: 'SERVICE', type: 'string' }] });
    const command = commandFor(ps.script!, ps, { SERVICE: 'Spooler' });
    expect(command).toMatch(/^powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand [A-Za-z0-9+/=]+$/);
    expect(decode(command)).toBe("$env:SERVICE = 'Spooler'\nRestart-Service -Name $env:SERVICE");
    const sh = Procedure.parse({ script: 'echo "$X"', params: [{ name: 'X', type: 'string' }] });
    expect(commandFor(sh.script!, sh, { X: 'y' })).toBe(`sh -c 'X='\\''y'\\''; export X\necho "$X"'`);
  });

  it('skips the hosts of the other OS family, with why; an unknown OS is tried', () => {
    const book = [
      { name: 'srv-lin', tags: ['t'], osFamily: 'linux' },
      { name: 'srv-win', tags: ['t'], osFamily: 'windows' },
      { name: 'srv-mac', tags: ['t'], osFamily: 'macos' },
      { name: 'srv-x', tags: ['t'], osFamily: 'unknown' },
    ];
    const ps = resolveTargets({ hosts: [], tags: ['t'], sites: [] }, book, 'powershell');
    expect(ps.hosts.map((h) => [h.host, h.skipped])).toEqual([
      ['srv-lin', 'a Linux host: this procedure is a PowerShell script'],
      ['srv-win', null],
      ['srv-mac', 'a macOS host: this procedure is a PowerShell script'],
      ['srv-x', null],
    ]);
  });

  it('every template makes a valid change record, the Windows one in PowerShell', () => {
    for (const template of CHANGE_TEMPLATES) {
      const params: Record<string, string | number | boolean> = { ...template.record.params };
      for (const spec of template.record.procedure?.params ?? []) params[spec.name] ??= spec.type === 'integer' ? 1 : 'x';
      const record = ChangeRecord.parse({ ...template.record, type: 'normal', template: template.id, params });
      expect(record.procedure?.shell).toBe(template.id === 'restart-windows-service' ? 'powershell' : 'sh');
    }
  });
});
