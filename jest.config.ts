import type { Config } from 'jest';

/**
 * One jest run, three kinds of test:
 * - unit: plain TypeScript, no servers (`src/**\/*.spec.ts`);
 * - integration: against the real local stack (Kafka, FerretDB, Redis), each test with its own topics,
 *   databases and groups (`test/**\/*.integration-spec.ts`);
 * - e2e: the whole system, started once per run by the global set-up, driven through the gateway
 *   (`test/**\/*.e2e-spec.ts`);
 * - browser: the portal in Debian's Chromium, driven by playwright-core through the gateway of the same system
 *   (`test/browser/**\/*.browser-spec.ts`). Jest runs a global set-up once per module path, not per project,
 *   so e2e and browser tests share one system when both run.
 * deploy/local/test brings the stack up and builds dist/ first.
 */
const swc: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // jose and openid-client ship ES modules only: jest's module loader needs them as CommonJS (node itself loads
  // them with require since Node 20.19).
  '^.+/node_modules/(jose|openid-client|oauth4webapi)/.+\\.js$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

/** Only the ES-module-only packages above are transformed; everything else in node_modules is taken as it is. */
const transformIgnorePatterns = ['/node_modules/(?!(jose|openid-client|oauth4webapi)/)'];

const moduleNameMapper = {
  '^@fund-desk/(contracts|platform|testing)$': '<rootDir>/libs/$1/src/index.ts',
};

const common = { rootDir: __dirname, transform: swc, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node' };

/** The whole system, once per run: the same module paths for e2e and browser, so jest starts it once. */
const system = {
  globalSetup: '<rootDir>/libs/testing/src/jest/e2e-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/e2e-global-teardown.ts',
};

const config: Config = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.integration-spec.ts'],
      slowTestThreshold: 30,
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{libs,services}/*/test/**/*.e2e-spec.ts'], ...system },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/services/**/test/browser/**/*.browser-spec.ts'],
      ...system,
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 60_000,
};

export default config;
