import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from '../config/config';

const VERSION = 1;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Key ids are short names, never key material: a 32-byte key in base64 is at least 43 characters and
 * may contain `+`, `/` and `=`, so it can never pass for a kid (which is why errors may name the kid).
 */
const KID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
/** Standard base64 (RFC 4648 §4) with its padding; a 32-byte key is exactly 44 characters. */
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

interface Header {
  kid: string;
  /** version byte + kid length + kid: authenticated as part of the associated data. */
  header: Buffer;
  nonce: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * Keys from configuration: "kid1:base64key,kid2:base64key" — 32-byte keys; the first is used to encrypt,
 * all can decrypt (rotation).
 *
 * Encryption is AES-256-GCM with a random 96-bit nonce per message. The output is a versioned binary
 * envelope:
 *
 * ```
 * 1 byte version (1) | 1 byte kid length | kid (ASCII) | 12-byte nonce | 16-byte tag | ciphertext
 * ```
 *
 * The header (version, kid length, kid) is authenticated together with the caller's associated data, so
 * the envelope cannot be re-labelled with another kid. Use associated data to bind a ciphertext to where it
 * belongs (e.g. `household:<id>:bsn`), so a value copied to another record does not decrypt there.
 *
 * Rotation: put a new key in front ("k2:new,k1:old"), deploy, re-encrypt what `needsRotation` reports,
 * then drop the old key. Random nonces keep a key safe for about 2^32 messages.
 *
 * The key material is held as `KeyObject`s and never appears in errors, `inspect` or JSON.
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #current: string;

  private constructor(keys: Map<string, KeyObject>, current: string) {
    this.#keys = keys;
    this.#current = current;
  }

  /** Parses "kid1:base64key,kid2:base64key"; errors name the entry's position or kid, never the key text. */
  static parse(spec: string): KeyRing {
    const fail = (why: string): never => {
      throw new ConfigError(`Invalid key ring: ${why}`);
    };
    if (typeof spec !== 'string' || spec.trim() === '') fail('no keys (expected "kid:base64key[,kid:base64key...]")');
    const keys = new Map<string, KeyObject>();
    spec.split(',').forEach((raw, index) => {
      const entry = raw.trim();
      const at = `entry ${index + 1}`;
      if (entry === '') fail(`${at} is empty`);
      const colon = entry.indexOf(':');
      if (colon < 0) fail(`${at} has no ":" (expected "kid:base64key")`);
      const kid = entry.slice(0, colon).trim();
      const encoded = entry.slice(colon + 1).trim();
      if (!KID_PATTERN.test(kid)) fail(`${at} has an invalid key id (1-32 characters of A-Z a-z 0-9 . _ -)`);
      if (keys.has(kid)) fail(`${at} repeats key id "${kid}"`);
      if (encoded === '') fail(`key "${kid}" is empty`);
      if (!BASE64_PATTERN.test(encoded) || encoded.length % 4 !== 0) fail(`key "${kid}" is not valid base64`);
      const bytes = Buffer.from(encoded, 'base64');
      if (bytes.length !== KEY_BYTES) fail(`key "${kid}" must be ${KEY_BYTES} bytes, got ${bytes.length}`);
      keys.set(kid, createSecretKey(bytes));
      bytes.fill(0);
    });
    return new KeyRing(keys, keys.keys().next().value as string);
  }

  /** A fresh random one-key spec, for development and tests (e.g. `KeyRing.generateSpec('dev1')`). */
  static generateSpec(kid = `k${Date.now().toString(36)}`): string {
    if (!KID_PATTERN.test(kid)) throw new ConfigError('Invalid key id (1-32 characters of A-Z a-z 0-9 . _ -)');
    return `${kid}:${randomBytes(KEY_BYTES).toString('base64')}`;
  }

  /** The kid new data is encrypted with. */
  get currentKid(): string {
    return this.#current;
  }

  /** Every kid that can decrypt, the current one first. */
  get kids(): string[] {
    return [...this.#keys.keys()];
  }

  encrypt(plaintext: Buffer, associatedData?: string): Buffer {
    const kid = Buffer.from(this.#current, 'ascii');
    const header = Buffer.concat([Buffer.from([VERSION, kid.length]), kid]);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#current)!, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(header, associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, nonce, cipher.getAuthTag(), ciphertext]);
  }

  /** Throws on a malformed envelope, an unknown kid, tampering or other associated data than at encryption. */
  decrypt(sealed: Buffer, associatedData?: string): Buffer {
    const { kid, header, nonce, tag, ciphertext } = readEnvelope(sealed);
    const key = this.#keys.get(kid);
    if (!key) throw new Error(`Cannot decrypt: unknown key id ${JSON.stringify(kid)}`);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(header, associatedData));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new Error('Cannot decrypt: the data was altered, or the associated data does not match');
    }
  }

  /** UTF-8 in, base64 envelope out. */
  encryptString(s: string, ad?: string): string {
    return this.encrypt(Buffer.from(s, 'utf8'), ad).toString('base64');
  }

  decryptString(s: string, ad?: string): string {
    return this.decrypt(Buffer.from(s, 'base64'), ad).toString('utf8');
  }

  /** True when `sealed` was encrypted with a key other than the current one (re-encrypt it). */
  needsRotation(sealed: Buffer): boolean {
    return readEnvelope(sealed).kid !== this.#current;
  }

  toJSON(): { currentKid: string; kids: string[] } {
    return { currentKid: this.#current, kids: this.kids };
  }

  [inspect.custom](): string {
    return `KeyRing { currentKid: '${this.#current}', kids: [${this.kids.map((k) => `'${k}'`).join(', ')}] }`;
  }
}

/**
 * A keyed hash for look-ups without storing the value (e.g. find a household by BSN): HMAC-SHA256(secret,
 * value) in hex — a stable pseudonym. The secret is its own configuration, separate from the key ring:
 * changing it changes every index, so it must never rotate silently (re-index first). It must be long and
 * random (at least 16 characters, 32 or more recommended): a BSN has only about 10^8 possible values, so
 * anyone with the secret can reverse every index by trying them all. Normalise the value (e.g. strip spaces)
 * before calling.
 */
export function blindIndex(secret: string, value: string): string {
  if (typeof secret !== 'string' || secret.length < 16) throw new ConfigError('Blind-index secret must be at least 16 characters');
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}

function aad(header: Buffer, associatedData: string | undefined): Buffer {
  // The header is self-delimiting (its length byte), so header || data is unambiguous.
  return Buffer.concat([header, Buffer.from(associatedData ?? '', 'utf8')]);
}

function readEnvelope(sealed: Buffer): Header {
  if (!Buffer.isBuffer(sealed) || sealed.length < 2) throw new Error('Cannot decrypt: not a sealed envelope');
  if (sealed[0] !== VERSION) throw new Error(`Cannot decrypt: unsupported envelope version ${sealed[0]}`);
  const kidLength = sealed[1];
  const nonceAt = 2 + kidLength;
  if (kidLength === 0 || sealed.length < nonceAt + NONCE_BYTES + TAG_BYTES) throw new Error('Cannot decrypt: truncated envelope');
  const kid = sealed.subarray(2, nonceAt).toString('latin1');
  return {
    kid,
    header: sealed.subarray(0, nonceAt),
    nonce: sealed.subarray(nonceAt, nonceAt + NONCE_BYTES),
    tag: sealed.subarray(nonceAt + NONCE_BYTES, nonceAt + NONCE_BYTES + TAG_BYTES),
    ciphertext: sealed.subarray(nonceAt + NONCE_BYTES + TAG_BYTES),
  };
}
