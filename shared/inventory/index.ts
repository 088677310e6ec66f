export * from './schema';
export * from './normalize';
export * from './format';
export * from './health';
export * from './diff';
export * from './text';
