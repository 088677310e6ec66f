/** CPU seconds of the processes a blob bench involves (Linux /proc), to say what costs on a shared machine. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICK = 100; // USER_HZ

/** utime + stime of a process (with `children`, also those of the children it waited for), in seconds; 0 once gone. */
export function cpuOf(pid: number, children = false): number {
  try {
    // After "pid (comm) " come the fields from the 3rd on: utime is the 14th, stime 15th, cutime 16th, cstime 17th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const at = (n: number) => Number(fields[n - 3] ?? 0);
    return (at(14) + at(15) + (children ? at(16) + at(17) : 0)) / TICK;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's pid (its postmaster) from its data folder. */
export function postmasterPid(clusterDir: string): number {
  return Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** The postmaster and every process it started (backends that ended are counted through it). */
export function postgresCpu(postmaster: number): number {
  let total = cpuOf(postmaster, true);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      if (ppid === postmaster) total += cpuOf(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
