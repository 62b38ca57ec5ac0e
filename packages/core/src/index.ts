export * from './vocabulary';
export * from './errors';
export * from './schemas/system';
export * from './schemas/auth';
