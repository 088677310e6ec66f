export * from './schema';
export * from './validate';
export * from './evaluate';
export * from './trend';
export * from './incidents';
export * from './flapping';
export * from './schedule';
export * from './categories';
