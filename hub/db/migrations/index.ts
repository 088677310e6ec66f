import { hubMigration0001 } from './0001-accounts';
import { hubMigration0002 } from './0002-events';
import { hubMigration0003 } from './0003-dispatch';
import { hubMigration0004 } from './0004-kb-events';
import { hubMigration0005 } from './0005-retired-events';
import { hubMigration0006 } from './0006-checklist-draft-events';
import { hubMigration0007 } from './0007-blobs';
import { hubMigration0009 } from './0009-user-levels';
import { hubMigration0010 } from './0010-blob-collection';
import type { HubMigration } from './migration';

export type { HubMigration } from './migration';
/** Every hub migration in order. A new one is a new file plus one line here. */
export const hubMigrations: readonly HubMigration[] = [hubMigration0001, hubMigration0002, hubMigration0003, hubMigration0004, hubMigration0005, hubMigration0006, hubMigration0007, hubMigration0009, hubMigration0010];
