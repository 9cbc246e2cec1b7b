export * from './primitives';
export * from './lead-fields';
export * from './ingest';
export * from './settings';
