/** Knowledge base domain (pure): articles as folds of their events, and the Markdown they hold. */
export * from './model';
export * from './fold';
export * from './procedure';
export * from './command-purpose';
export * from './similar';
