// Unit specs beside the code (src/**/*.spec.ts) and API tests over real HTTP (test/*.api.spec.ts).
// HOTLINE_TEST_DB=sqlite|postgres picks the database the API tests run on.
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@hotline/core$': path.join(__dirname, '../packages/core/src/index.ts'),
  },
  testTimeout: 30000,
};
