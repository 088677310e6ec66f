import type si from 'systeminformation';

export type SystemInformation = typeof si;

let loading: Promise<SystemInformation> | undefined;

/**
 * systeminformation, loaded on the first inventory or local probe rather than with the app: 0.7 MB of script
 * the start would compile for nothing (docs/performance.md, session 9). Its CommonJS exports arrive under
 * `default` from a dynamic import, bundled or not.
 */
export function systemInformation(): Promise<SystemInformation> {
  return (loading ??= import('systeminformation').then((module) => module.default));
}
