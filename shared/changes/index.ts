/** Changes and rollouts: pure rules (zod + shared only). See each module's header. */
export * from './state';
export * from './procedure';
export * from './record';
export * from './events';
export * from './approval';
export * from './fold';
export * from './templates';
export * from './waves';
export * from './targets';
export * from './unattended';
export * from './checklist-form';
