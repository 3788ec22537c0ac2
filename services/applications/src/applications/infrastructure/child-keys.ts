import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { blindIndex } from '@fund-desk/platform';
import { APPLICATIONS_CONFIG, ApplicationsConfig } from '../../config/applications.config';

/**
 * The pseudonymous child key that travels with a submitted application instead of anything that names the
 * child to a fund's limits: HMAC-SHA256 over the normalised first name, birth date and postcode. The same
 * child applied for again from the same address (by a parent or by an intermediary) gets the same key; no
 * service can turn the key back into a child without the secret.
 */
@Injectable()
export class ChildKeys {
  private readonly secret: string;

  constructor(@Inject(APPLICATIONS_CONFIG) config: ApplicationsConfig) {
    if (config.NODE_ENV === 'production' && !config.CHILD_KEY_SECRET) throw new Error('CHILD_KEY_SECRET is required in production');
    if (!config.CHILD_KEY_SECRET) new Logger(ChildKeys.name).warn('No CHILD_KEY_SECRET given: child keys made up for this process will not match after a restart');
    this.secret = config.CHILD_KEY_SECRET ?? randomBytes(32).toString('hex');
  }

  keyOf(child: { firstName: string; birthDate: string }, postcode: string): string {
    return blindIndex(this.secret, childKeyInput(child, postcode));
  }
}

/** What the key is made of, normalised so that "Émma " and "emma" at "8911ab" and "8911 AB" are one child. */
export function childKeyInput(child: { firstName: string; birthDate: string }, postcode: string): string {
  const name = child.firstName
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  return `${name}|${child.birthDate}|${postcode.toUpperCase().replace(/\s+/g, '')}`;
}
