export { runProbe, runProbeStep, type ProbeRun, type RunProbeOptions } from './runner';
export { probeImpls } from './registry';
export { runLocalCommand, shq } from './shell';
export type { CommandOutput, ProbeTarget, RemoteRun, ProbeImpl } from './types';
