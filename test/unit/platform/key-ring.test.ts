import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MasterKeys,
  SealedKeyError,
  sealedKid,
  seal,
  unseal,
  type KeyRing,
} from '../../../src/platform/crypto/keys.js';
import { failedChecks, keyChecksOf } from '../../../src/platform/crypto/key-check.js';

const v1 = { kid: '1', key: crypto.randomBytes(32), source: 'test v1' };
const v2 = { kid: '2', key: crypto.randomBytes(32), source: 'test v2' };

/** A value in the format of releases before key ids: v1.iv.tag.ciphertext under the given key. */
function legacySeal(key: Buffer, plaintext: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(context));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

function ringOf(master: MasterKeys): KeyRing {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    master,
    masterKey: master.current.key,
    signingKid: '1',
    signingKey: privateKey,
    verifyKey: publicKey,
    signing: [{ kid: '1', signingKey: privateKey, verifyKey: publicKey, source: 'test' }],
    origin: 'test',
  };
}

describe('sealing with key ids', () => {
  it('seals under the newest version and names it; every version opens what it sealed', () => {
    const old = new MasterKeys([v1]);
    const rotated = new MasterKeys([v1, v2]);
    const a = seal(old, Buffer.from('secret a'), 'totp:u1');
    const b = seal(rotated, Buffer.from('secret b'), 'totp:u1');
    expect(sealedKid(a)).toBe('1');
    expect(sealedKid(b)).toBe('2');
    expect(unseal(rotated, a, 'totp:u1').toString()).toBe('secret a');
    expect(unseal(rotated, b, 'totp:u1').toString()).toBe('secret b');
  });

  it('reads values sealed before key ids existed as version 1', () => {
    const legacy = legacySeal(v1.key, 'JBSWY3DPEHPK3PXP', 'totp:u2');
    expect(sealedKid(legacy)).toBe('1');
    expect(unseal(new MasterKeys([v1, v2]), legacy, 'totp:u2').toString()).toBe('JBSWY3DPEHPK3PXP');
  });

  it('says which version is missing or does not open the value, as a SealedKeyError', () => {
    const b = seal(new MasterKeys([v1, v2]), Buffer.from('x'), 'c');
    expect(() => unseal(new MasterKeys([v1]), b, 'c')).toThrow(
      /master key version 2, which this instance's key ring lacks/,
    );
    const other = new MasterKeys([{ kid: '1', key: crypto.randomBytes(32), source: '/data-b/keys/master.key' }]);
    const a = seal(new MasterKeys([v1]), Buffer.from('x'), 'c');
    let caught: unknown;
    try {
      unseal(other, a, 'c');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SealedKeyError);
    expect((caught as SealedKeyError).kid).toBe('1');
    expect((caught as Error).message).toMatch(/master key version 1 \(\/data-b\/keys\/master\.key\) does not open/);
    // The context is bound: a value moved to another person's row does not open either.
    expect(() => unseal(new MasterKeys([v1]), a, 'other')).toThrow(SealedKeyError);
    expect(sealedKid('v3.x.y.z')).toBeNull();
    expect(() => unseal(new MasterKeys([v1]), 'garbage', 'c')).toThrow(/unknown sealed format/);
  });
});

describe('key check values', () => {
  it('one per key version, revealing no key, and failing for another key under the same version', () => {
    const ring = ringOf(new MasterKeys([v1, v2]));
    const checks = keyChecksOf(ring);
    expect(checks.map((c) => `${c.purpose}:${c.kid}`)).toEqual(['master:1', 'master:2', 'signing:1']);
    for (const c of checks) {
      expect(c.value).toMatch(/^[0-9a-f]{64}$/);
      expect(c.value).not.toContain(v1.key.toString('hex'));
    }
    expect(failedChecks(checks, checks)).toEqual([]);
    // An instance with a master key of its own (same version number) and without version 2 fails both.
    const stranger = keyChecksOf({ ...ring, master: new MasterKeys([{ ...v1, key: crypto.randomBytes(32) }]) });
    expect(failedChecks(checks, stranger).map((c) => `${c.purpose}:${c.kid}`)).toEqual(['master:1', 'master:2']);
    // Versions the database does not know yet fail nothing (they are recorded).
    expect(failedChecks(checks.slice(0, 1), checks)).toEqual([]);
  });
});
