/**
 * `npm start`: every service of fund-desk on the local stack, with demo data, until Ctrl-C.
 * deploy/local/start installs, brings the stack up and builds before it runs this.
 */
import { join } from 'node:path';
import { ApiClient, applicationRequest, findRepoRoot, launchSystem, stopLaunched } from '@fund-desk/testing';

async function seedDemo(gatewayUrl: string): Promise<void> {
  const api = new ApiClient(gatewayUrl);
  const parent = await api.login('parent', 'demo-parent-sanne');
  const mine = await parent.get<{ items: unknown[] }>('/api/v1/applications');
  if (mine.status === 200 && mine.body.items.length) return; // seeded on an earlier run
  const request = applicationRequest({
    children: [
      { ref: 'c1', firstName: 'Sanne', birthDate: '2016-03-14' },
      { ref: 'c2', firstName: 'Daan', birthDate: '2012-09-02' },
    ],
    items: [
      { childRef: 'c1', category: 'school-trip', amountCents: 4500, description: 'Schoolreis groep 6', provider: { name: 'OBS De Tamarisk', iban: 'NL91ABNA0417164300' } },
      { childRef: 'c1', category: 'birthday-box', amountCents: 3500 },
      { childRef: 'c2', category: 'sports-membership', amountCents: 22000, description: 'Voetbalclub seizoen', provider: { name: 'VV Leeuwarden', iban: 'NL20INGB0001234567' } },
      { childRef: 'c2', category: 'laptop', amountCents: 45000, provider: { name: 'Computerwinkel', iban: 'NL02ABNA0123456789' } },
    ],
    contact: { email: 'sanne.ouder@example.nl', language: 'nl' },
  });
  const response = await parent.post('/api/v1/applications', request, { 'Idempotency-Key': 'demo-application-1' });
  if (response.status !== 202) throw new Error(`Demo application refused: ${JSON.stringify(response.body)}`);
}

async function main() {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping services…');
    await stopLaunched();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const root = findRepoRoot(__dirname);
  const gatewayPort = Number(process.env.PORT ?? 8080);
  const started = Date.now();
  const system = await launchSystem({
    namespace: 'fund-desk',
    gatewayPort,
    basePort: Number(process.env.SERVICES_BASE_PORT ?? 3000),
    logDir: join(root, '.local', 'logs'),
    consumeFromBeginning: true,
    repoRoot: root,
    secretsFile: join(root, '.local', 'dev-secrets.json'),
  });
  await seedDemo(system.gatewayUrl);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
fund-desk is running (services up in ${seconds} s). Logs: .local/logs/

  Portal              http://127.0.0.1:${gatewayPort}/
  Public API (Swagger) http://127.0.0.1:${gatewayPort}/api/docs
  Dev mailbox         http://127.0.0.1:${gatewayPort}/api/v1/dev/mailbox?to=sanne.ouder@example.nl

Sign in through Keycloak (http://127.0.0.1:8180): parent sanne / sanne-demo; fund staff staff-leergeld-leeuwarden
(and staff-jeugdfonds-sport-cultuur, staff-jarige-job, staff-kinderhulp) / staff-demo with a TOTP code of the demo
secret fund-desk-demo-otp-secret (docs/runbook.md lists every demo user). For tests and demos the portal also offers
the development sign-in (POST /api/v1/auth/dev-login, any name and role).

Press Ctrl-C to stop.`);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await stopLaunched();
  process.exit(1);
});
