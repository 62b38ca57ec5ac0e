// Unit tests run in jsdom with Taro's runtime and components replaced by
// small fakes (test/mocks); NutUI runs for real from its ES build.

// Residents read times in China Standard Time, whatever the machine's zone.
process.env.TZ = 'Asia/Shanghai';

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nutui|@react-spring|@use-gesture)/)'],
  moduleNameMapper: {
    '\\.(css|scss)$': '<rootDir>/test/mocks/style.js',
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.js',
    '^@tarojs/components$': '<rootDir>/test/mocks/components.js',
    '^lottie-react$': '<rootDir>/test/mocks/lottie-react.js',
    '^@nutui/lottie-miniprogram$': '<rootDir>/test/mocks/lottie-react.js',
    '^@nutui/nutui-react-taro$':
      '<rootDir>/../../node_modules/@nutui/nutui-react-taro/dist/es/packages/nutui.react.build.js',
    '^@hotline/core$': '<rootDir>/../../packages/core/src',
    '^@hotline/core/(.*)$': '<rootDir>/../../packages/core/src/$1',
    '^@hotline/api-client$': '<rootDir>/../../packages/api-client/src',
    '^@/(.*)$': '<rootDir>/src/$1',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
