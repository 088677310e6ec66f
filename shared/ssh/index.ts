/** SSH terminal sessions (pure): asciicast v2 recordings and the commands they show. */
export * from './asciicast';
export * from './command-line';
export * from './legacy-algorithms';
