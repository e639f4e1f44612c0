/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Browser tests leave screenshots here for people to look at.
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest'] },
  // Some dependencies ship only ES modules; Jest's CommonJS runtime needs them compiled.
  transformIgnorePatterns: [
    '/node_modules/(?!(openid-client|oauth4webapi|jose|graphile-worker|graphile-config|@graphile/logger|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|unpdf)/)',
  ],
  // file-type offers only an `import` entry, which Jest's CommonJS resolver does not take.
  moduleNameMapper: {
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
    '^unpdf/pdfjs$': '<rootDir>/node_modules/unpdf/dist/pdfjs.mjs',
  },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  // Browser and fault tests start browsers and processes; on 2 shared cores they need room.
  testTimeout: 60000,
  maxWorkers: 2,
};
