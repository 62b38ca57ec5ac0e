export * from './schemas/system';
export * from './schemas/auth';
