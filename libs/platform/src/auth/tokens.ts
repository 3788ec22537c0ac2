import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject, randomBytes, sign } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, type JSONWebKeySet, type JWK, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Role } from '@fund-desk/contracts';
import type { Principal } from './principal';

/** Every service is this audience: the identity provider adds it to the access tokens for fund-desk's clients. */
export const TOKEN_AUDIENCE = 'fund-desk-api';
/** The issuer of development sign-ins (gateway `POST /auth/dev-login`), trusted only while DEV_LOGIN=on. */
export const DEV_LOGIN_ISSUER = 'fund-desk-dev-login';

/**
 * The identity provider's realm roles, mapped to fund-desk's one actor role. A fund administrator is staff of
 * their fund with the administrator's rights on it (`fundAdmin`); the realm's administrator is `admin`. When a
 * user holds several, the one with most reach counts.
 */
const REALM_ROLES: readonly [string, Role, { fundAdmin?: true }?][] = [
  ['administrator', 'admin'],
  ['fund-admin', 'fund-staff', { fundAdmin: true }],
  ['fund-staff', 'fund-staff'],
  ['municipality', 'municipality'],
  ['intermediary', 'intermediary'],
  ['parent', 'parent'],
];

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  fundId: z.string().min(1).max(100).optional(),
  municipalityCode: z.string().regex(/^GM\d{4}$/).optional(),
  organisation: z.string().min(1).max(200).optional(),
  amr: z.array(z.string()).optional(),
});

/** The actor of a verified token's claims, or null when the claims do not make one (no role, staff without a fund). */
export function principalOf(payload: JWTPayload): Principal | null {
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return null;
  const { sub, realm_access, fundId, municipalityCode, organisation } = claims.data;
  const held = new Set(realm_access?.roles ?? []);
  const match = REALM_ROLES.find(([realmRole]) => held.has(realmRole));
  if (!match) return null;
  const [, role, extra] = match;
  if (role === 'fund-staff' && !fundId) return null;
  if (role === 'municipality' && !municipalityCode) return null;
  return {
    subject: sub,
    role,
    ...(role === 'fund-staff' || fundId ? { fundId } : {}),
    ...(municipalityCode ? { municipalityCode } : {}),
    ...(organisation ? { organisation } : {}),
    ...(extra?.fundAdmin ? { fundAdmin: true } : {}),
  };
}

/** The realm roles a principal is given in a development token (the same shape the identity provider issues). */
export function realmRolesOf(principal: Pick<Principal, 'role' | 'fundAdmin'>): string[] {
  if (principal.role === 'admin') return ['administrator'];
  if (principal.role === 'fund-staff' && principal.fundAdmin) return ['fund-admin'];
  return [principal.role];
}

export interface TrustedIssuer {
  issuer: string;
  keys: JWTVerifyGetKey;
}

export interface TokenVerifierOptions {
  audience?: string;
  /** Seconds of clock difference accepted on `exp` and `nbf`. */
  clockToleranceSeconds?: number;
}

/**
 * Verifies access tokens by key: RS256 only, from an issuer in the trusted list, for fund-desk's audience, not
 * expired (with a small clock tolerance), with claims that make an actor. Keys come from the issuer's JWKS (the
 * identity provider's realm, fetched and cached; rotated keys are fetched again when an unknown `kid` arrives).
 */
export class TokenVerifier {
  private readonly issuers: Map<string, JWTVerifyGetKey>;

  constructor(
    issuers: TrustedIssuer[],
    private readonly options: TokenVerifierOptions = {},
  ) {
    this.issuers = new Map(issuers.map((i) => [i.issuer, i.keys]));
  }

  /** The identity provider's realm (its JWKS at the standard Keycloak path unless given) and, in development, the dev-login issuer. */
  static fromConfig(config: AuthConfig): TokenVerifier {
    const issuers: TrustedIssuer[] = [];
    if (config.OIDC_ISSUER) {
      const jwksUrl = config.OIDC_JWKS_URL ?? `${config.OIDC_ISSUER.replace(/\/$/, '')}/protocol/openid-connect/certs`;
      issuers.push({ issuer: config.OIDC_ISSUER, keys: createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 }) });
    }
    if (config.DEV_LOGIN === 'on' && config.DEV_LOGIN_JWKS) {
      issuers.push({ issuer: DEV_LOGIN_ISSUER, keys: createLocalJWKSet(config.DEV_LOGIN_JWKS) });
    }
    return new TokenVerifier(issuers, { clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_S });
  }

  get trusted(): string[] {
    return [...this.issuers.keys()];
  }

  /** Returns the principal, or null for a missing, forged, expired, foreign or malformed token. */
  async verify(token: string): Promise<Principal | null> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return null;
    }
    const keys = issuer ? this.issuers.get(issuer) : undefined;
    if (!issuer || !keys) return null;
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer,
        audience: this.options.audience ?? TOKEN_AUDIENCE,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      });
      return principalOf(payload);
    } catch {
      return null;
    }
  }
}

/** What the verifier needs from the configuration (libs/platform/src/config). */
export interface AuthConfig {
  OIDC_ISSUER?: string;
  OIDC_JWKS_URL?: string;
  AUTH_CLOCK_TOLERANCE_S: number;
  DEV_LOGIN: 'on' | 'off';
  DEV_LOGIN_JWKS?: JSONWebKeySet;
}

/**
 * Signs development tokens (RS256, issuer `fund-desk-dev-login`) in the same shape as the identity provider's:
 * `sub`, `realm_access.roles`, `fundId`, `municipalityCode`, audience fund-desk-api. Only the gateway's dev-login
 * and tests hold the private key; services hold the public one, and only while DEV_LOGIN=on.
 */
export class DevTokenSigner {
  private readonly privateKey: KeyObject;
  readonly publicJwk: JWK;

  /** From a private RSA JSON Web Key (the launcher makes one per run and gives the public half to every service). */
  constructor(privateJwk: JWK) {
    this.privateKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
    if (this.privateKey.asymmetricKeyType !== 'rsa') throw new Error('The dev-login key must be an RSA key');
    const exported = createPublicKey(this.privateKey).export({ format: 'jwk' }) as JWK;
    this.publicJwk = { ...exported, alg: 'RS256', use: 'sig', kid: privateJwk.kid ?? 'dev-login' };
  }

  static generate(): DevTokenSigner {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new DevTokenSigner({ ...(privateKey.export({ format: 'jwk' }) as JWK), kid: `dev-${randomBytes(6).toString('hex')}` });
  }

  get jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] };
  }

  /** A signed RS256 token (synchronous: node:crypto signs it). */
  issue(principal: Principal, ttlSeconds = 8 * 3600): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: principal.subject,
      iss: DEV_LOGIN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat: now,
      exp: now + ttlSeconds,
      realm_access: { roles: realmRolesOf(principal) },
    };
    if (principal.fundId) claims.fundId = principal.fundId;
    if (principal.municipalityCode) claims.municipalityCode = principal.municipalityCode;
    if (principal.organisation) claims.organisation = principal.organisation;
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${part({ alg: 'RS256', typ: 'JWT', kid: this.publicJwk.kid })}.${part(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.privateKey).toString('base64url')}`;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}
