/** SSH terminal sessions (pure): asciicast recordings (v2 written; v1, v2, v3 read) and the commands they show. */
export * from './asciicast';
export * from './cast-read';
export * from './command-line';
export * from './legacy-algorithms';
