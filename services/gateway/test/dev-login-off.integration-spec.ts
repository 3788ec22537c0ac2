import { join } from 'node:path';
import { ApiClient, findRepoRoot, launchSystem, RunningSystem, uniqueId } from '@fund-desk/testing';

/** The gateway as production runs it as far as sign-in goes: no DEV_LOGIN variable at all. */
describe('the development sign-in, with its flag absent', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    const root = findRepoRoot(__dirname);
    const namespace = uniqueId('devoff');
    system = await launchSystem({
      namespace,
      basePort: 19_500,
      gatewayPort: 19_580,
      logDir: join(root, '.local', 'test-logs', namespace),
      consumeFromBeginning: false,
      nodeEnv: 'test',
      repoRoot: root,
      only: ['gateway'],
      // The launcher turns it on for tests and demos; here it is taken away again (an empty value is no value).
      extraEnv: { gateway: { DEV_LOGIN: '', DEV_LOGIN_SIGNING_KEY: '', DEV_LOGIN_JWKS: '' } },
    });
  });

  afterAll(() => system?.stop());

  it('answers 404, and the portal is told only the identity provider signs people in', async () => {
    const gateway = new ApiClient(system.gatewayUrl);
    const response = await gateway.post('/api/v1/auth/dev-login', { role: 'admin', subject: 'intruder' });
    expect(response.status).toBe(404);
    expect((await gateway.get<{ devLogin: boolean }>('/api/v1/auth/options')).body.devLogin).toBe(false);
  });
});
