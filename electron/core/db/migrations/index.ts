import type { Migration } from '../migration';
import { migration0001 } from './0001-settings';

/** Every migration in order. A new one is a new file plus one line here. */
export const migrations: readonly Migration[] = [migration0001];
