import { Logger } from '@nestjs/common';
import * as oidc from 'openid-client';

export interface IdentityProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the identity provider sends the browser back: `<public url>/api/v1/auth/callback`. */
  redirectUri: string;
  /** Plain http is allowed only for an issuer on this machine (the local stack). */
  allowHttp: boolean;
}

/** A refused sign-in as the identity provider recorded it (a wrong password, an unknown user, a wrong code). */
export interface FailedSignIn {
  at: Date;
  userId: string;
  from?: string;
  error: string;
}

export interface TokenSet {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken?: string;
  idToken?: string;
}

/**
 * The gateway as the OIDC client of the realm (openid-client): authorization code with PKCE (S256), a state and a
 * nonce per sign-in, refresh, and sign-out at the identity provider. The realm's metadata is discovered on first
 * use and again after a failure, so the gateway starts before the identity provider does.
 */
export class IdentityProvider {
  private readonly logger = new Logger(IdentityProvider.name);
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(readonly settings: IdentityProviderSettings) {}

  private configuration(): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, oidc.ClientSecretPost(this.settings.clientSecret), {
        execute: this.settings.allowHttp ? [oidc.allowInsecureRequests] : [],
        timeout: 5,
      })
      .catch((error: unknown) => {
        this.discovered = null;
        this.logger.warn(`The identity provider at ${this.settings.issuer} did not answer its discovery: ${(error as Error).message}`);
        throw error;
      });
    return this.discovered;
  }

  /** Where to send the browser to sign in, and what the callback must check. */
  async startSignIn(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code the browser brought back (checks state, nonce and the PKCE verifier). */
  async finishSignIn(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<TokenSet> {
    const config = await this.configuration();
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return this.tokenSetOf(tokens);
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    const config = await this.configuration();
    return this.tokenSetOf(await oidc.refreshTokenGrant(config, refreshToken));
  }

  /**
   * Ends the session at the identity provider too, from the server (Keycloak's logout endpoint with the refresh
   * token and the client's credentials), so a later sign-in asks for the password again.
   */
  async signOut(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const config = await this.configuration();
    const endpoint = config.serverMetadata().end_session_endpoint;
    if (!endpoint) return;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.settings.clientId, client_secret: this.settings.clientSecret, refresh_token: refreshToken }),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok && response.status !== 400) throw new Error(`The identity provider's sign-out answered ${response.status}`);
  }

  /**
   * The refused sign-ins of one fund's people, newest first, from the realm's event log (wrong passwords never reach
   * the gateway). Read with the client's own service account (realm-management: view-events, view-users).
   */
  async failedSignInsOfFund(fundId: string, max = 200): Promise<FailedSignIn[]> {
    const admin = this.settings.issuer.replace('/realms/', '/admin/realms/');
    const token = await this.serviceToken();
    const ask = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${admin}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`The identity provider's admin API answered ${response.status} for ${path.split('?')[0]}`);
      return (await response.json()) as T;
    };
    const people = await ask<{ id: string }[]>(`/users?q=${encodeURIComponent(`fund_id:${fundId}`)}&briefRepresentation=true&max=1000`);
    const ids = new Set(people.map((p) => p.id));
    if (!ids.size) return [];
    const events = await ask<{ time: number; userId?: string; ipAddress?: string; error?: string }[]>(`/events?type=LOGIN_ERROR&max=${max * 5}`);
    return events
      .filter((e) => e.userId && ids.has(e.userId))
      .slice(0, max)
      .map((e) => ({ at: new Date(e.time), userId: e.userId!, error: e.error ?? 'unknown', ...(e.ipAddress ? { from: e.ipAddress } : {}) }));
  }

  private service: { token: string; until: number } | null = null;

  private async serviceToken(): Promise<string> {
    if (this.service && this.service.until > Date.now() + 10_000) return this.service.token;
    const tokens = await oidc.clientCredentialsGrant(await this.configuration());
    this.service = { token: tokens.access_token, until: Date.now() + (tokens.expiresIn() ?? 60) * 1000 };
    return this.service.token;
  }

  private tokenSetOf(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): TokenSet {
    return {
      accessToken: tokens.access_token,
      accessExpiresAt: Date.now() + (tokens.expiresIn() ?? 60) * 1000,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
    };
  }
}
