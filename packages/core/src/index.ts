// @hotline/core: the domain both the server and the client speak.
export * from './vocabulary';
export * from './errors';
export * from './locales/zh-CN';
export * from './shanghai-time';
export * from './working-time';
export * from './policy';
export * from './case-actions';
export * from './case-machine';
export * from './tracking';
export * from './masking';
export * from './schemas/system';
export * from './schemas/auth';
export * from './schemas/cases';
export * from './case-timeline';
export * from './schemas/admin';
