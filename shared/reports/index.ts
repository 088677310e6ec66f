/** End-user incident reports: the draft, its default texts and its HTML page (pure). */
export * from './branding';
export * from './language';
export * from './advice';
export * from './checklist-story';
export * from './incident';
export * from './incident-html';
