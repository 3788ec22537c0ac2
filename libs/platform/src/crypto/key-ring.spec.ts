import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { blindIndex, KeyRing } from './key-ring';

const key = () => randomBytes(32).toString('base64');

describe('KeyRing', () => {
  const oldSpec = `k1:${key()}`;

  it('round-trips bytes and strings, with and without associated data', () => {
    const ring = KeyRing.parse(oldSpec);
    const bytes = randomBytes(1000);
    expect(ring.decrypt(ring.encrypt(bytes))).toEqual(bytes);
    expect(ring.decrypt(ring.encrypt(bytes, 'household:h1:evidence:e1'), 'household:h1:evidence:e1')).toEqual(bytes);
    expect(ring.decrypt(ring.encrypt(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
    const sealed = ring.encryptString('123456782 – één BSN', 'household:h1:bsn');
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(ring.decryptString(sealed, 'household:h1:bsn')).toBe('123456782 – één BSN');
  });

  it('writes the documented envelope: version, kid length, kid, 12-byte nonce, 16-byte tag, ciphertext', () => {
    const ring = KeyRing.parse(oldSpec);
    const sealed = ring.encrypt(Buffer.from('hello'));
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(2);
    expect(sealed.subarray(2, 4).toString()).toBe('k1');
    expect(sealed.length).toBe(1 + 1 + 2 + 12 + 16 + 5);
    expect(sealed.includes(Buffer.from('hello'))).toBe(false);
  });

  it('uses a fresh nonce every time', () => {
    const ring = KeyRing.parse(oldSpec);
    const a = ring.encrypt(Buffer.from('same'));
    const b = ring.encrypt(Buffer.from('same'));
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(4, 16).equals(b.subarray(4, 16))).toBe(false);
  });

  it('after rotation (a key added in front) decrypts old data and encrypts with the new kid', () => {
    const old = KeyRing.parse(oldSpec);
    const before = old.encrypt(Buffer.from('old secret'), 'ad');
    const rotated = KeyRing.parse(`k2:${key()}, ${oldSpec}`);
    expect(rotated.currentKid).toBe('k2');
    expect(rotated.kids).toEqual(['k2', 'k1']);
    expect(rotated.decrypt(before, 'ad').toString()).toBe('old secret');
    expect(rotated.needsRotation(before)).toBe(true);

    const after = rotated.encrypt(Buffer.from('new secret'), 'ad');
    expect(after.subarray(2, 2 + after[1]).toString()).toBe('k2');
    expect(rotated.needsRotation(after)).toBe(false);
    expect(old.needsRotation(before)).toBe(false);
    expect(() => old.decrypt(after, 'ad')).toThrow('unknown key id "k2"');
  });

  it('throws when any single byte is changed', () => {
    const ring = KeyRing.parse(`k2:${key()},${oldSpec}`);
    const sealed = ring.encrypt(Buffer.from('payslip bytes'), 'ad');
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] ^= 0x01;
      expect(() => ring.decrypt(tampered, 'ad')).toThrow(/Cannot decrypt/);
    }
  });

  it('does not accept an envelope re-labelled with another known kid', () => {
    const ring = KeyRing.parse(`k2:${key()},${oldSpec}`);
    const sealed = ring.encrypt(Buffer.from('x'));
    const relabelled = Buffer.from(sealed);
    relabelled.write('k1', 2, 'ascii');
    expect(() => ring.decrypt(relabelled)).toThrow(/altered/);
  });

  it('throws on truncated, extended or foreign input', () => {
    const ring = KeyRing.parse(oldSpec);
    const sealed = ring.encrypt(Buffer.from('payslip bytes'));
    expect(() => ring.decrypt(sealed.subarray(0, sealed.length - 1))).toThrow(/Cannot decrypt/);
    expect(() => ring.decrypt(Buffer.concat([sealed, Buffer.from([0])]))).toThrow(/Cannot decrypt/);
    expect(() => ring.decrypt(sealed.subarray(0, 20))).toThrow(/truncated/);
    expect(() => ring.decrypt(Buffer.alloc(0))).toThrow(/not a sealed envelope/);
    expect(() => ring.decrypt(Buffer.from('%PDF-1.7 plain'))).toThrow(/unsupported envelope version/);
  });

  it('throws with other associated data than at encryption', () => {
    const ring = KeyRing.parse(oldSpec);
    const sealed = ring.encryptString('123456782', 'household:h1:bsn');
    expect(() => ring.decryptString(sealed, 'household:h2:bsn')).toThrow(/associated data/);
    expect(() => ring.decryptString(sealed)).toThrow(/associated data/);
    expect(() => ring.decrypt(ring.encrypt(Buffer.from('x')), 'household:h1:bsn')).toThrow(/associated data/);
  });

  it('throws for an unknown kid', () => {
    const a = KeyRing.parse(`a:${key()}`);
    const b = KeyRing.parse(`b:${key()}`);
    expect(() => b.decrypt(a.encrypt(Buffer.from('x')))).toThrow('Cannot decrypt: unknown key id "a"');
  });

  it('throws for the same kid with another key', () => {
    const a = KeyRing.parse(`k1:${key()}`);
    const b = KeyRing.parse(`k1:${key()}`);
    expect(() => b.decrypt(a.encrypt(Buffer.from('x')))).toThrow(/Cannot decrypt/);
  });

  describe('parse errors never contain key material', () => {
    const secret = key();
    const short = randomBytes(16).toString('base64');
    const long = randomBytes(33).toString('base64');
    it.each([
      ['empty', '', /no keys/],
      ['only spaces', '   ', /no keys/],
      ['a bare key', secret, /entry 1 has no ":"/],
      ['a trailing comma', `k1:${secret},`, /entry 2 is empty/],
      ['two commas', `k1:${secret},,k2:${secret}`, /entry 2 is empty/],
      ['a 16-byte key', `k1:${short}`, /key "k1" must be 32 bytes, got 16/],
      ['a 33-byte key', `k1:${long}`, /key "k1" must be 32 bytes, got 33/],
      ['a duplicate kid', `k1:${secret},k1:${key()}`, /entry 2 repeats key id "k1"/],
      ['characters outside base64', `k1:${secret.slice(0, -2)}!!`, /key "k1" is not valid base64/],
      ['base64 of the wrong length', `k1:${secret.slice(1)}`, /key "k1" is not valid base64/],
      ['no key after the kid', `k1:`, /key "k1" is empty/],
      ['key and kid swapped', `${secret}:k1`, /entry 1 has an invalid key id/],
      ['no kid', `:${secret}`, /entry 1 has an invalid key id/],
      ['a space in the kid', `k 1:${secret}`, /entry 1 has an invalid key id/],
    ])('%s', (_case, spec, message) => {
      let error: unknown;
      try {
        KeyRing.parse(spec);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      const text = `${(error as Error).message} ${(error as Error).stack}`;
      expect(text).toMatch(message);
      expect(text).toMatch(/^Invalid key ring: /);
      for (const material of [secret, short, long, secret.slice(0, 12), secret.slice(1, 13)]) expect(text).not.toContain(material);
    });
  });

  it('does not show keys when inspected, logged as JSON or stringified', () => {
    const spec = `k2:${key()},${oldSpec}`;
    const ring = KeyRing.parse(spec);
    const shown = [inspect(ring, { showHidden: true, depth: 10 }), JSON.stringify(ring), String(ring), JSON.stringify({ ring })].join('\n');
    expect(shown).toContain('k2');
    for (const part of spec.split(',')) expect(shown).not.toContain(part.split(':')[1]);
  });

  it('generates a usable development spec', () => {
    const spec = KeyRing.generateSpec('dev1');
    expect(spec).toMatch(/^dev1:[A-Za-z0-9+/]{43}=$/);
    const ring = KeyRing.parse(spec);
    expect(ring.decryptString(ring.encryptString('x'))).toBe('x');
    expect(KeyRing.generateSpec()).not.toBe(KeyRing.generateSpec());
    expect(KeyRing.parse(KeyRing.generateSpec()).currentKid).toMatch(/^k[0-9a-z]+$/);
    expect(() => KeyRing.generateSpec('no spaces')).toThrow(/Invalid key id/);
  });
});

describe('blindIndex', () => {
  const secret = randomBytes(32).toString('hex');

  it('is stable for the same secret and value', () => {
    expect(blindIndex(secret, '123456782')).toBe(blindIndex(secret, '123456782'));
    expect(blindIndex(secret, '123456782')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs per value and per secret', () => {
    expect(blindIndex(secret, '123456782')).not.toBe(blindIndex(secret, '111222333'));
    expect(blindIndex(secret, '123456782')).not.toBe(blindIndex(randomBytes(32).toString('hex'), '123456782'));
  });

  it('is HMAC-SHA256 of the value under the secret, in hex', () => {
    // Known answer from `printf 123456782 | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef`.
    expect(blindIndex('0123456789abcdef0123456789abcdef', '123456782')).toBe('d78093b2d73e55b7c03f9963eef11e465f35bdba91d9fcff8738124a0a49a02d');
  });

  it('refuses a short secret without echoing it', () => {
    expect(() => blindIndex('too-short', '123456782')).toThrow(/at least 16 characters/);
    expect(() => blindIndex('too-short', '123456782')).not.toThrow(/too-short/);
    expect(blindIndex('0123456789abcdef', '123456782')).toMatch(/^[0-9a-f]{64}$/);
  });
});
