import { requireTool, sections, shq, unavailableFrom } from './shell';
import type { ProbeImpl } from './types';

export const printerQueue: ProbeImpl<{ printer?: string }> = {
  name: 'printer.queue',
  linux: ({ printer }) => {
    const which = printer ? ` ${shq(printer)}` : '';
    return [
      requireTool('lpstat', 'cups-client'),
      `echo '== r =='; lpstat -r 2>&1`,
      `echo '== d =='; lpstat -d 2>&1`,
      `echo '== p =='; lpstat -p${which} 2>&1`,
      `echo '== o =='; lpstat -o${which} 2>&1`,
    ].join('\n');
  },
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const parts = sections(output.stdout);
    const running = /scheduler is running/i.test(parts.get('r') ?? '');
    const printers = (parts.get('p') ?? '').split('\n').filter((l) => l.startsWith('printer '));
    const disabled = printers.filter((l) => /\bdisabled\b/.test(l)).map((l) => l.split(/\s+/)[1] ?? '');
    const jobs = (parts.get('o') ?? '').split('\n').filter((l) => l.trim() !== '' && !/^\s/.test(l) && !/^lpstat:/.test(l));
    const def = /system default destination: (\S+)/.exec(parts.get('d') ?? '');
    return {
      available: true,
      scheduler_running: running,
      printers: printers.length,
      disabled_printers: disabled,
      disabled_count: disabled.length,
      jobs: running ? jobs.length : null,
      default_printer: def ? def[1]! : null,
    };
  },
};
