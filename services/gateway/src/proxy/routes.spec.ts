import { loadGatewayConfig } from '../config/gateway.config';
import { matchRoute, routesOf } from './routes';

const MAIL_SINK_URL = 'http://127.0.0.1:3025';

describe('routesOf', () => {
  it('sends the development mailbox and SMS outbox to the mail sink, without a token, outside production', () => {
    const routes = routesOf(loadGatewayConfig({ NODE_ENV: 'development', MAIL_SINK_URL }));
    for (const path of ['/dev/mailbox?to=a%40example.nl', '/dev/sms?to=%2B31612345678', '/dev/sms/behaviour']) {
      expect(matchRoute(routes, path)).toEqual(expect.objectContaining({ targets: [MAIL_SINK_URL], public: true }));
    }
    expect(matchRoute(routes, '/dev/smsx')).toBeUndefined();
  });

  it('has no development routes in production, nor without a mail sink', () => {
    for (const env of [{ NODE_ENV: 'production', OIDC_ISSUER: 'https://login.example.nl/realms/fund-desk', OIDC_CLIENT_SECRET: 'from-the-realm', MAIL_SINK_URL }, { NODE_ENV: 'development' }]) {
      const routes = routesOf(loadGatewayConfig(env));
      expect(routes.filter((r) => r.prefix.startsWith('/dev/'))).toEqual([]);
      expect(routes.every((r) => !r.public)).toBe(true);
    }
  });

  it('spreads a service over the instances it is given', () => {
    const routes = routesOf(loadGatewayConfig({ NODE_ENV: 'development', APPLICATIONS_URL: 'http://127.0.0.1:3001, http://127.0.0.1:3101' }));
    expect(matchRoute(routes, '/applications/123')?.targets).toEqual(['http://127.0.0.1:3001', 'http://127.0.0.1:3101']);
    expect(() => loadGatewayConfig({ APPLICATIONS_URL: 'http://127.0.0.1:3001,not a url' })).toThrow(/APPLICATIONS_URL/);
  });

  it('asks a token for every other route', () => {
    const routes = routesOf(loadGatewayConfig({ NODE_ENV: 'development', MAIL_SINK_URL }));
    expect(matchRoute(routes, '/applications/123')?.public).toBeFalsy();
    expect(matchRoute(routes, '/me/notifications')?.public).toBeFalsy();
  });
});
