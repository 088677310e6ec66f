import { describe, expect, it } from 'vitest';
import { CommandTracker, commandsFromCast, commandsOfRecordings, formatCast, parseCast, type CastEvent } from '../../../shared/ssh';

/** A hand-written session: `i` what the technician typed, `o` what the terminal drew. */
type Step = ['i' | 'o', string];

function run(steps: Step[]): string[] {
  const tracker = new CommandTracker();
  const commands: string[] = [];
  for (const [kind, data] of steps) {
    if (kind === 'i') tracker.input(data);
    else commands.push(...tracker.output(data));
  }
  return commands;
}

/** The same session as an asciinema cast recorded with input (`asciinema rec --stdin`). */
function castOf(steps: Step[]): string {
  const events: CastEvent[] = steps.map(([code, data], i) => ({ time: i / 10, code, data }));
  return formatCast({ header: { version: 2, width: 80, height: 24 }, events });
}

const PROMPT = 'tech@web-01:~$ ';

describe('commands typed in a terminal, read from what it showed', () => {
  it('one command per Enter, prompt removed, empty lines skipped', () => {
    const steps: Step[] = [
      ['o', `Welcome\r\n${PROMPT}`],
      ['i', 'e'], ['o', 'e'], ['i', 'cho hello'], ['o', 'cho hello'], ['i', '\r'], ['o', '\r\nhello\r\n' + PROMPT],
      ['i', '\r'], ['o', '\r\n' + PROMPT],
      ['i', 'uptime\r'], ['o', 'uptime\r\n 10:00 up 3 days\r\n' + PROMPT],
    ];
    expect(run(steps)).toEqual(['echo hello', 'uptime']);
    expect(commandsFromCast(parseCast(castOf(steps)))).toEqual(['echo hello', 'uptime']);
  });

  it('backspace as the kernel echoes it (\\b \\b) and as readline does (\\b ESC[K)', () => {
    expect(run([['o', '$ '], ['i', 'lz'], ['o', 'lz'], ['i', '\x7f'], ['o', '\b \b'], ['i', 's -l\r'], ['o', 's -l\r\n']])).toEqual(['ls -l']);
    expect(run([['o', '$ '], ['i', 'dff'], ['o', 'dff'], ['i', '\x7f'], ['o', '\b\x1b[K'], ['i', ' -h\r'], ['o', ' -h\r\n']])).toEqual(['df -h']);
  });

  it('Ctrl-U erases what was typed (readline redraws the prompt, or backs up and erases)', () => {
    expect(run([['o', PROMPT], ['i', 'rm -rf /tmp/x'], ['o', 'rm -rf /tmp/x'], ['i', '\x15'], ['o', `\r${PROMPT}\x1b[K`], ['i', 'ls /tmp\r'], ['o', 'ls /tmp\r\n']])).toEqual(['ls /tmp']);
    expect(run([['o', '$ '], ['i', 'abc'], ['o', 'abc'], ['i', '\x15'], ['o', '\b\b\b\x1b[K'], ['i', 'pwd\r'], ['o', 'pwd\r\n/root\r\n$ ']])).toEqual(['pwd']);
  });

  it('arrow keys: history recall, then moving left and inserting in the middle', () => {
    const steps: Step[] = [
      ['o', '$ '], ['i', 'df -h\r'], ['o', 'df -h\r\nFilesystem\r\n$ '],
      ['i', '\x1b[A'], ['o', 'df -h'],
      ['i', '\x1b[D\x1b[D'], ['o', '\b\b'],
      ['i', 'T'], ['o', 'T-h\b\b'],
      ['i', '\x1b[D'], ['o', '\b'], ['i', 'x'], ['o', '\x1b[1@x'],
      ['i', '\r'], ['o', '\r\n'],
    ];
    expect(run(steps)).toEqual(['df -h', 'df xT-h']);
  });

  it('never captures a password typed while echo is off, even when the cast holds the keystrokes', () => {
    const steps: Step[] = [
      ['o', PROMPT], ['i', 'sudo systemctl restart nginx\r'],
      ['o', 'sudo systemctl restart nginx\r\n[sudo] password for tech: '],
      ['i', 'hunter2-S3cret'], ['i', '\r'], ['o', '\r\n' + PROMPT],
      ['i', 'read -s -p "Token: " T\r'], ['o', 'read -s -p "Token: " T\r\nToken: '], ['i', 'tok-XYZ\r'], ['o', '\n' + PROMPT],
    ];
    const commands = run(steps);
    expect(commands).toEqual(['sudo systemctl restart nginx', 'read -s -p "Token: " T']);
    const fromCast = commandsFromCast(parseCast(castOf(steps)));
    expect(fromCast).toEqual(commands);
    expect(JSON.stringify(fromCast)).not.toMatch(/hunter2|S3cret|tok-XYZ/);
  });

  it('after a hidden answer with no line break (stty -echo; read), the next prompt and command are read right', () => {
    // What dash on a real sshd printed: the Enter after the secret is not echoed, the prompt follows on the same line.
    const steps: Step[] = [
      ['o', '$ '], ['i', 'stty -echo; read -r S; stty echo\r'], ['o', 'stty -echo; read -r S; stty echo\r\n'],
      ['i', 'secret-42\r'], ['o', '$ '],
      ['i', 'echo done\r'], ['o', 'echo done\r\ndone\r\n$ '],
      ['i', 'cat notes\r'], ['o', 'cat notes\r\n$ this line is file content\r\n$ '],
    ];
    expect(run(steps)).toEqual(['stty -echo; read -r S; stty echo', 'echo done', 'cat notes']);
  });

  it('a pasted block of lines gives each line once, not the output between them', () => {
    expect(run([['o', '$ '], ['i', 'hostname\rid -u\r'], ['o', 'hostname\r\nweb-01\r\n$ id -u\r\n0\r\n$ ']])).toEqual(['hostname', 'id -u']);
  });

  it('Ctrl-C abandons the line; full-screen programs (alternate screen) are ignored', () => {
    const steps: Step[] = [
      ['o', '$ '], ['i', 'sleep 100'], ['o', 'sleep 100'], ['i', '\x03'], ['o', '^C\r\n$ '],
      ['i', 'vim /etc/hosts\r'], ['o', 'vim /etc/hosts\r\n\x1b[?1049h\x1b[H\x1b[2J127.0.0.1 localhost\r\n~\r\n'],
      ['i', ':wq\r'], ['o', '\x1b[24;1H:wq\r\n\x1b[?1049l$ '],
      ['i', 'systemctl reload nginx\r'], ['o', 'systemctl reload nginx\r\n$ '],
    ];
    expect(run(steps)).toEqual(['vim /etc/hosts', 'systemctl reload nginx']);
  });

  it('ignores colours, titles (OSC) and bracketed-paste switches around the prompt', () => {
    const prompt = '\x1b]0;tech@web-01\x07\x1b[?2004h\x1b[01;32mtech@web-01\x1b[00m:\x1b[01;34m~\x1b[00m$ ';
    expect(run([['o', prompt], ['i', 'ls'], ['o', 'ls'], ['i', '\r'], ['o', '\r\n\x1b[?2004l\r' + 'a b\r\n' + prompt]])).toEqual(['ls']);
  });

  it('keeps memory bounded on a flood without line breaks', () => {
    const tracker = new CommandTracker();
    tracker.input('x');
    tracker.output('y'.repeat(2_000_000));
    tracker.input('\r');
    const [command = ''] = tracker.output('\r\n');
    expect(command.length).toBeLessThanOrEqual(4096);
  });

  it('reads the command markers of an Atelier recording, and groups a ticket\'s recordings by host', () => {
    const cast = (title: string, commands: string[]) =>
      formatCast({
        header: { version: 2, width: 80, height: 24, title },
        events: [
          { time: 0.1, code: 'o', data: '$ ' },
          ...commands.map((c, i) => ({ time: 1 + i, code: 'm' as const, data: `$ ${c}` })),
          { time: 9, code: 'm', data: 'Recording stopped: the 50 MB limit was reached' },
        ],
      });
    expect(commandsFromCast(parseCast(cast('web-01', ['df -h', 'uptime'])))).toEqual(['df -h', 'uptime']);
    const grouped = commandsOfRecordings([
      { name: 'session-web-01-20250101-0900.cast', text: cast('web-01', ['df -h']) },
      { name: 'broken.cast', text: '{"version":2,"width":80,"height":24}\n[0.1, "o"' },
      { name: 'session-db-1-20250101-0910.cast', text: cast('', ['psql -l']) },
      { name: 'session-web-01-20250101-0930.cast', text: cast('web-01', ['systemctl restart nginx']) },
    ]);
    expect(grouped).toEqual([
      { host: 'web-01', commands: ['df -h', 'systemctl restart nginx'] },
      { host: 'db-1', commands: ['psql -l'] },
    ]);
  });
});
