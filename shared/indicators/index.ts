/** Service indicators: pure functions over ticket facts (see compute.ts for every definition). */
export * from './model';
export * from './facts';
export * from './stats';
export * from './compute';
export * from './period';
export * from './changes';
