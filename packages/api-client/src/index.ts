export * from './client';
export * from './errors';
export * from './transport';
export * from './staff';
export * from './admin';
export * from './public';
export * from './disclosure';
export * from './analytics';
