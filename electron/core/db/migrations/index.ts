import type { Migration } from '../migration';
import { migration0001 } from './0001-settings';
import { migration0002 } from './0002-tickets';
import { migration0003 } from './0003-hosts';
import { migration0004 } from './0004-inventory';
import { migration0005 } from './0005-checklists';
import { migration0006 } from './0006-knowledge';
import { migration0007 } from './0007-sync';
import { migration0008 } from './0008-kb-sync';
import { migration0009 } from './0009-ticket-search';
import { migration0010 } from './0010-search-merge';
import { migration0011 } from './0011-sync-quarantine';
import { migration0012 } from './0012-ssh-openssh';
import { migration0013 } from './0013-category-tree';
import { migration0014 } from './0014-blob-sync';
import { migration0015 } from './0015-ticket-vendor';
import { migration0016 } from './0016-checklist-drafts';
import { migration0017 } from './0017-health-checks';
import { migration0021 } from './0021-ticket-clashes';
import { migration0022 } from './0022-host-site';
import { migration0023 } from './0023-blob-collection';
import { migration0024 } from './0024-blob-parts';

/** Every migration in order. A new one is a new file plus one line here. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0021, migration0022, migration0023, migration0024];
