/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps/api/src', '<rootDir>/libs', '<rootDir>/test'],
  // Three tiers: unit (*.spec.ts beside the code), service (test/service/*.service-spec.ts), end-to-end and browser (*.e2e-spec.ts).
  testMatch: ['**/*.spec.ts', '**/*.service-spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: { '^@cop/contracts$': '<rootDir>/libs/contracts/src', '^@cop/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1' },
  testTimeout: 30000,
  // The browser tests share one build of the portal, made (or found up to date) before any file runs.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Two cores: the API under test, PostgreSQL and Chromium need the rest.
  maxWorkers: 2,
};
