/** Ticket domain: pure (zod + shared only). See each module's header for its rules. */
export * from './priority';
export * from './hlc';
export * from './model';
export * from './events';
export * from './workflow';
export * from './fold';
export * from './sla';
export * from './clashes';
export * from './imported';
export * from './attachments';
