import { z } from 'zod';
import { ConfigError, loadConfig, platformConfigSchema } from './config';

const load = (env: NodeJS.ProcessEnv) => loadConfig('example', platformConfigSchema.extend({ PORT: z.coerce.number().default(3999) }), env);
const ISSUER = 'https://login.example.nl/realms/fund-desk';

describe('sign-in configuration', () => {
  it('keeps the development sign-in off when nothing says otherwise', () => {
    expect(load({}).DEV_LOGIN).toBe('off');
    expect(load({ NODE_ENV: 'development' }).DEV_LOGIN).toBe('off');
    expect(load({ DEV_LOGIN: 'on' }).DEV_LOGIN).toBe('on');
  });

  it('refuses the development sign-in and a missing identity provider in production', () => {
    expect(() => load({ NODE_ENV: 'production', OIDC_ISSUER: ISSUER, DEV_LOGIN: 'on' })).toThrow(ConfigError);
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/OIDC_ISSUER is required/);
    expect(load({ NODE_ENV: 'production', OIDC_ISSUER: ISSUER }).OIDC_ISSUER).toBe(ISSUER);
  });

  it('takes only public RSA keys as the dev-login key set', () => {
    const publicKey = { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'k' };
    expect(load({ DEV_LOGIN: 'on', DEV_LOGIN_JWKS: JSON.stringify({ keys: [publicKey] }) }).DEV_LOGIN_JWKS).toEqual({ keys: [publicKey] });
    expect(() => load({ DEV_LOGIN_JWKS: JSON.stringify({ keys: [{ ...publicKey, d: 'secret' }] }) })).toThrow(/public RSA keys/);
    expect(() => load({ DEV_LOGIN_JWKS: 'not json' })).toThrow(/public RSA keys/);
    expect(() => load({ DEV_LOGIN: 'yes' })).toThrow(ConfigError);
  });
});
