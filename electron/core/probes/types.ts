import type { Reading } from '../../../shared/checklists';

/** What one shell command gave, locally or over SSH. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

/** Runs a command on a remote host (provided by the SSH layer). Options are advisory: the runner also races them. */
export type RemoteRun = (command: string, options?: { signal?: AbortSignal; timeoutMs?: number }) => Promise<CommandOutput>;

export type ProbeTarget = { target: 'local' } | { target: 'remote'; run: RemoteRun; label?: string };

export interface LocalContext {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

export interface LocalResult {
  readonly reading: Reading;
  /** What the probe saw, for the record (JSON of the library result, file excerpt, command output). */
  readonly raw: string;
}

/**
 * One probe's implementation. `linux` + `parse` is the remote path and, when `local` is absent, the
 * local path on Linux too: the same script and parser give the same reading shape everywhere.
 * Arguments reach here already parsed by the probe's declared schema (defaults applied).
 */
export interface ProbeImpl<A extends object = Record<string, unknown>> {
  readonly name: string;
  /** A POSIX sh script for a Linux host; prints `@@unavailable <reason>` when it cannot measure. */
  linux(args: A): string;
  parse(output: CommandOutput, args: A): Reading;
  /** Local measurement; null means "run the Linux script here" (only on Linux). */
  local?(args: A, ctx: LocalContext): Promise<LocalResult | null>;
}

// Implementations are declared with their own argument types; the registry holds them erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProbeImpl = ProbeImpl<any>;
