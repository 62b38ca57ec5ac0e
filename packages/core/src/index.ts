export * from './schemas/system';
