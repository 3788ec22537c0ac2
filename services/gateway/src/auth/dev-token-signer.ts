import { DevTokenSigner } from '@fund-desk/platform';
import type { GatewayConfig } from '../config/gateway.config';

export const DEV_TOKEN_SIGNER = 'DEV_TOKEN_SIGNER';

/** The dev-login's signer: only while DEV_LOGIN=on, with the key the launcher gave (services hold its public half). */
export function devTokenSignerOf(config: GatewayConfig): DevTokenSigner | null {
  if (config.DEV_LOGIN !== 'on') return null;
  if (!config.DEV_LOGIN_SIGNING_KEY) throw new Error('DEV_LOGIN=on needs DEV_LOGIN_SIGNING_KEY (a private RSA JSON Web Key) at the gateway');
  return new DevTokenSigner(JSON.parse(config.DEV_LOGIN_SIGNING_KEY));
}
