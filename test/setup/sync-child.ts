/**
 * One sync round in a child process, so a fault trial can SIGKILL it at a chosen phase. Arguments come as
 * one JSON object (argv[2]): file, actor, hubUrl, token, skewMs, pushBatch, pullLimit. Prints
 * `PHASE <phase> <n>` as each phase starts and `DONE` at the end.
 */
import { openSyncDevice } from './sync';

const args = JSON.parse(process.argv[2] ?? '{}') as { file: string; actor: string; hubUrl: string; token: string; skewMs?: number; pushBatch?: number; pullLimit?: number };
const device = openSyncDevice(args.file, {
  ...args,
  onPhase: (phase, n) => {
    process.stdout.write(`PHASE ${phase} ${n}\n`);
  },
});
try {
  await device.engine.syncOnce();
  process.stdout.write('DONE\n');
} catch (error) {
  process.stdout.write(`FAILED ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  device.close();
}
