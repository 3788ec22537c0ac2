import { join } from 'node:path';
import { findRepoRoot, launchSystem, RunningSystem } from '../system';
import { uniqueId } from '../stack';

declare global {
  var fundDeskSystem: RunningSystem | undefined;
}

/** Starts the whole system once per test run, in its own namespace and ports, for every e2e test file. */
export default async function setup(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const namespace = uniqueId('e2e');
  const system = await launchSystem({
    namespace,
    gatewayPort: Number(process.env.E2E_GATEWAY_PORT ?? 18080),
    basePort: Number(process.env.E2E_BASE_PORT ?? 18000),
    logDir: join(root, '.local', 'test-logs', namespace),
    consumeFromBeginning: false,
    nodeEnv: 'test',
    repoRoot: root,
    // Two of every service that consumes Kafka and serves the parents' API, as production runs them; uptake files
    // events as the one writer of its read models (decisions.md §21) and stays one.
    instances: { applications: 2, 'income-checks': 2, 'fund-routing': 2, notifications: 2 },
    extraEnv: {
      notifications: { EMAIL_BACKOFF_MS: '200' },
      'income-checks': { REGISTER_ATTEMPTS: '3', REGISTER_BACKOFF_MS: '100', REGISTER_TIMEOUT_MS: '1000', REGISTER_BREAKER_OPEN_MS: '1000' },
    },
  });
  globalThis.fundDeskSystem = system;
  // Test workers are started after this and inherit the environment.
  process.env.E2E_GATEWAY_URL = system.gatewayUrl;
  process.env.E2E_URLS = JSON.stringify(system.urls);
  process.env.E2E_INSTANCE_URLS = JSON.stringify(system.instanceUrls);
  process.env.E2E_NAMESPACE = namespace;
  // The run's dev-login key, for tests that sign tokens the dev-login would not (expired ones).
  process.env.E2E_DEV_LOGIN_KEY = JSON.stringify(system.devLoginKey);
}
