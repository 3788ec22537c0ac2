import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { stack } from './stack';
import { waitUntil } from './wait-until';

export const SERVICES = ['dev-mail-sink', 'dev-register', 'applications', 'income-checks', 'fund-routing', 'notifications', 'uptake', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface SystemOptions {
  /** Names databases, consumer groups and queue keys, so several systems can share one stack. */
  namespace: string;
  gatewayPort: number;
  /** Services listen on basePort + 1 … + 5, the mail sink on + 25 (HTTP) and + 26 (SMTP), the register double on + 30. */
  basePort: number;
  logDir: string;
  /** Development reads topics from the start; an isolated test run reads only what it produces. */
  consumeFromBeginning: boolean;
  nodeEnv?: 'development' | 'test';
  extraEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Start only these services (a benchmark of one service); default: all. */
  only?: ServiceName[];
  /**
   * How many instances of a service to run (default 1): they share the database and the consumer group, listen on
   * the service's port + 50 × k, and the gateway spreads requests over them.
   */
  instances?: Partial<Record<ServiceName, number>>;
  /** Keys that must survive restarts (sealed BSNs, household index): kept in this file when given. */
  secretsFile?: string;
  repoRoot?: string;
}

export interface RunningSystem {
  gatewayUrl: string;
  /** The first instance of each service. */
  urls: Record<ServiceName, string>;
  /** Every instance of each service. */
  instanceUrls: Record<ServiceName, string[]>;
  mailSmtpPort: number;
  namespace: string;
  /** The private key of this run's development sign-in (a JSON Web Key): a test can sign dev-login tokens with it. */
  devLoginKey: JsonWebKey;
  stop(): Promise<void>;
  /**
   * Stops one instance of a service (SIGTERM as a deploy would, SIGKILL as a crash would; the first instance unless
   * told), and starts it again on demand.
   */
  stopService(name: ServiceName, signal?: NodeJS.Signals, instance?: number): Promise<void>;
  startService(name: ServiceName, instance?: number): Promise<void>;
  /** The processes running now (for CPU figures). */
  processes(): { service: ServiceName; instance: number; pid: number }[];
}

export function findRepoRoot(from = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('Not inside the fund-desk repository');
    dir = parent;
  }
  return dir;
}

/** Every service process this process started, so that a signal during start-up can stop them too. */
const launched = new Set<ChildProcess>();

/** Stops every service this process launched (SIGTERM, then SIGKILL after 20 s). */
export async function stopLaunched(): Promise<void> {
  await Promise.all(
    [...launched].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

interface DevSecrets {
  dataKeys: string;
  householdIndexSecret: string;
  childKeySecret: string;
  uptakeKeySecret: string;
  registerToken: string;
  smsToken: string;
}

/** Development keys: made up once and kept in a git-ignored file, so data sealed yesterday opens today. */
function loadSecrets(file?: string): DevSecrets {
  const kept = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    dataKeys: kept.dataKeys ?? `dev1:${randomBytes(32).toString('base64')}`,
    householdIndexSecret: kept.householdIndexSecret ?? randomBytes(32).toString('hex'),
    childKeySecret: kept.childKeySecret ?? randomBytes(32).toString('hex'),
    uptakeKeySecret: kept.uptakeKeySecret ?? randomBytes(32).toString('hex'),
    registerToken: kept.registerToken ?? randomBytes(16).toString('hex'),
    smsToken: kept.smsToken ?? randomBytes(16).toString('hex'),
  };
  // A secret added in a later version is made up once and kept with the others.
  if (file && Object.keys(kept).length !== Object.keys(secrets).length) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** A key pair for this run's development sign-in: the gateway signs with the private half, every service trusts the public one. */
function devLoginKeys(): { privateJwk: JsonWebKey; publicJwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `dev-${randomBytes(6).toString('hex')}`;
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' } as JsonWebKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } as JsonWebKey,
  };
}

/** The gateway's client at the identity provider: from the environment, or the secret deploy/local/stack made. */
function oidcClientOf(root: string): { clientId: string; clientSecret: string } | null {
  const clientId = process.env.OIDC_CLIENT_ID ?? 'fund-desk-portal';
  if (process.env.OIDC_CLIENT_SECRET) return { clientId, clientSecret: process.env.OIDC_CLIENT_SECRET };
  const file = join(root, '.local', 'stack', 'keycloak', 'client-secret');
  return existsSync(file) ? { clientId, clientSecret: readFileSync(file, 'utf8').trim() } : null;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts every service of fund-desk from the built dist/ and waits until each one is ready. */
/** SERVICE_NODE_ARGS: node flags for every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a benchmark run. */
const SERVICE_NODE_ARGS = (process.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);

export async function launchSystem(options: SystemOptions): Promise<RunningSystem> {
  const root = options.repoRoot ?? findRepoRoot();
  mkdirSync(options.logDir, { recursive: true });
  const secrets = loadSecrets(options.secretsFile);
  const devLogin = devLoginKeys();
  const oidc = oidcClientOf(root);
  const port = (offset: number) => options.basePort + offset;
  const ports: Record<ServiceName, number> = {
    'dev-mail-sink': port(25),
    'dev-register': port(30),
    applications: port(1),
    'income-checks': port(2),
    'fund-routing': port(3),
    notifications: port(4),
    uptake: port(5),
    gateway: options.gatewayPort,
  };
  const count = (service: ServiceName) => Math.max(1, options.instances?.[service] ?? 1);
  const portOf = (service: ServiceName, instance: number) => ports[service] + 50 * instance;
  const instanceUrls = Object.fromEntries(
    SERVICES.map((s) => [s, Array.from({ length: count(s) }, (_, k) => `http://127.0.0.1:${portOf(s, k)}`)]),
  ) as Record<ServiceName, string[]>;
  const urls = Object.fromEntries(SERVICES.map((s) => [s, instanceUrls[s][0]])) as Record<ServiceName, string>;
  const all = (service: ServiceName) => instanceUrls[service].join(',');
  const smtpPort = port(26);
  const ns = options.namespace;

  const envOf = (service: ServiceName, instance: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: options.nodeEnv ?? 'development',
    PORT: String(portOf(service, instance)),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    MONGO_URL: stack.mongoUrl,
    MONGO_DB: `${ns}-${service}`,
    // Every write goes through the repository kit, atomic per document on FerretDB too (decisions.md §22).
    MONGO_MAX_POOL_SIZE: process.env.MONGO_MAX_POOL_SIZE ?? '10',
    KAFKA_BROKERS: stack.kafkaBrokers,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: ns,
    // Sign-in: tokens of the identity provider's realm, and (tests and demos) of this run's dev-login key.
    ...(stack.oidcIssuer ? { OIDC_ISSUER: stack.oidcIssuer } : {}),
    DEV_LOGIN: 'on',
    DEV_LOGIN_JWKS: JSON.stringify({ keys: [devLogin.publicJwk] }),
    ...(service === 'gateway'
      ? {
          // Tests and benchmarks send thousands of requests a minute from one address; a test of the limits turns them on.
          ...((options.nodeEnv ?? 'development') === 'test' ? { RATE_LIMIT: 'off' } : {}),
          PUBLIC_URL: `http://127.0.0.1:${options.gatewayPort}`, DEV_LOGIN_SIGNING_KEY: JSON.stringify(devLogin.privateJwk), ...(oidc ? { OIDC_CLIENT_ID: oidc.clientId, OIDC_CLIENT_SECRET: oidc.clientSecret } : {}) }
      : {}),
    CONSUMER_GROUP: ns === 'fund-desk' ? service : `${ns}-${service}`,
    CONSUME_FROM_BEGINNING: String(options.consumeFromBeginning),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    APPLICATIONS_URL: all('applications'),
    INCOME_CHECKS_URL: all('income-checks'),
    FUND_ROUTING_URL: all('fund-routing'),
    NOTIFICATIONS_URL: all('notifications'),
    UPTAKE_URL: all('uptake'),
    MAIL_SINK_URL: urls['dev-mail-sink'],
    // Text messages go to the development SMS double in the mail sink.
    SMS_URL: `${urls['dev-mail-sink']}/api/v1/dev/sms`,
    SMS_TOKEN: secrets.smsToken,
    REGISTER_TOKEN: secrets.registerToken,
    REGISTERS: JSON.stringify(
      Object.fromEntries(
        ['GM0080', 'GM0772'].map((code) => [code, { url: `${urls['dev-register']}/api/v1/registers/${code}`, token: secrets.registerToken }]),
      ),
    ),
    DATA_KEYS: secrets.dataKeys,
    HOUSEHOLD_INDEX_SECRET: secrets.householdIndexSecret,
    CHILD_KEY_SECRET: secrets.childKeySecret,
    UPTAKE_KEY_SECRET: secrets.uptakeKeySecret,
    // deploy/local/sepa-schema fetched it: fund-routing checks every SEPA file it hands out against it.
    ...(process.env.PAIN001_XSD ? { PAIN001_XSD: process.env.PAIN001_XSD } : {}),
    ...(options.extraEnv?.[service] ?? {}),
  });

  const processes = new Map<string, ChildProcess>();
  const allPorts = SERVICES.flatMap((s) => Array.from({ length: count(s) }, (_, k) => portOf(s, k)));
  const busy = (await Promise.all([...allPorts, smtpPort].map(async (p) => ((await portFree(p)) ? null : p)))).filter(Boolean);
  if (busy.length) throw new Error(`Port(s) ${busy.join(', ')} on 127.0.0.1 are in use: is fund-desk already running?`);

  const keyOf = (service: ServiceName, instance: number) => `${service}#${instance}`;
  const startInstance = async (service: ServiceName, instance = 0) => {
    const main = join(root, 'dist', 'services', service, 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    const logFile = join(options.logDir, instance ? `${service}-${instance + 1}.log` : `${service}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, '--enable-source-maps', main], { cwd: root, env: envOf(service, instance), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    processes.set(keyOf(service, instance), child);
    launched.add(child);
    child.once('exit', () => launched.delete(child));
    let exited: string | null = null;
    child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
    try {
      const state = await waitUntil(
        async () => {
          if (exited) return 'exited';
          const response = await fetch(`${instanceUrls[service][instance]}/ready`, { signal: AbortSignal.timeout(2000) });
          return response.ok ? 'ready' : null;
        },
        { timeoutMs: 90_000, intervalMs: 250, what: `${service} to be ready` },
      );
      if (state === 'exited') throw new Error(`${service} ${exited}`);
    } catch (error) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
      throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail}`);
    }
  };

  /** Every instance of a service, side by side. */
  const start = (service: ServiceName) => Promise.all(Array.from({ length: count(service) }, (_, k) => startInstance(service, k))).then(() => undefined);

  const stopInstance = async (service: ServiceName, signal: NodeJS.Signals = 'SIGTERM', instance = 0) => {
    const child = processes.get(keyOf(service, instance));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    processes.delete(keyOf(service, instance));
  };

  const stopAll = async () => {
    // The gateway first, then the services, the mail sink last (notifications may still be sending).
    for (const service of [...SERVICES].reverse()) {
      await Promise.all(Array.from({ length: count(service) }, (_, k) => stopInstance(service, 'SIGTERM', k)));
    }
  };

  try {
    const wanted = (s: ServiceName) => !options.only || options.only.includes(s);
    await Promise.all((['dev-mail-sink', 'dev-register'] as const).filter(wanted).map(start));
    // The domain services start side by side; each waits for its own readiness.
    await Promise.all((['applications', 'income-checks', 'fund-routing', 'notifications', 'uptake'] as const).filter(wanted).map(start));
    if (wanted('gateway')) await start('gateway');
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    gatewayUrl: urls.gateway,
    urls,
    instanceUrls,
    mailSmtpPort: smtpPort,
    namespace: ns,
    devLoginKey: devLogin.privateJwk,
    stop: stopAll,
    stopService: (name, signal, instance) => stopInstance(name, signal, instance ?? 0),
    startService: (name, instance) => startInstance(name, instance ?? 0),
    processes: () =>
      [...processes.entries()]
        .filter(([, child]) => child.pid !== undefined && child.exitCode === null)
        .map(([key, child]) => {
          const [service, instance] = key.split('#');
          return { service: service as ServiceName, instance: Number(instance), pid: child.pid! };
        }),
  };
}
