import { DynamicModule, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { AuditLog, PlatformModule, REDIS, TokenVerifier } from '@fund-desk/platform';
import { DevLoginController } from './auth/dev-login.controller';
import { DEV_TOKEN_SIGNER, devTokenSignerOf } from './auth/dev-token-signer';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { BrowserSessions } from './session/browser-sessions';
import { IdentityProvider } from './session/identity-provider';
import { BROWSER_SESSIONS, SessionController } from './session/session.controller';
import { SessionStore } from './session/session-store';
import { SignInAudit } from './session/sign-in-audit';

/** Plain http to the identity provider only when it runs on this machine (the local stack). */
const onThisMachine = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

export function browserSessionsOf(config: GatewayConfig, redis: Redis, tokens: TokenVerifier, audit: SignInAudit): BrowserSessions {
  const provider =
    config.OIDC_ISSUER && config.OIDC_CLIENT_SECRET
      ? new IdentityProvider({
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUri: `${config.PUBLIC_URL}/api/v1/auth/callback`,
          allowHttp: config.NODE_ENV !== 'production' || onThisMachine(config.OIDC_ISSUER) || config.OIDC_ALLOW_HTTP === 'true',
        })
      : null;
  const store = new SessionStore(redis, `${config.QUEUE_PREFIX}:gateway`, {
    staffIdleSeconds: config.SESSION_STAFF_IDLE_S,
    citizenIdleSeconds: config.SESSION_CITIZEN_IDLE_S,
    absoluteSeconds: config.SESSION_ABSOLUTE_S,
  });
  return new BrowserSessions(store, provider, tokens, audit, config.PUBLIC_URL.startsWith('https://'));
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      // The gateway's own database holds only the sign-in audit trail.
      imports: [PlatformModule.forRoot({ config, database: true, kafka: false })],
      controllers: [DevLoginController, SessionController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: DEV_TOKEN_SIGNER, useFactory: () => devTokenSignerOf(config) },
        {
          provide: SignInAudit,
          inject: ['PLATFORM_CONNECTION'],
          useFactory: (connection: Connection) => new SignInAudit(new AuditLog(connection.db!.collection('sign-in-audit'))),
        },
        {
          provide: BROWSER_SESSIONS,
          inject: [REDIS, TokenVerifier, SignInAudit],
          useFactory: (redis: Redis, tokens: TokenVerifier, audit: SignInAudit) => browserSessionsOf(config, redis, tokens, audit),
        },
      ],
      exports: [BROWSER_SESSIONS],
    };
  }
}
