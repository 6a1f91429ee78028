import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/platform/backup/manifest.js';
import { samplePicks } from '../../../src/platform/backup/drill.js';
import { openSealedKeys, sealKeyFiles, verifyKeysOfFiles } from '../../../src/platform/backup/sealed-keys.js';
import crypto from 'node:crypto';

const PASS = 'a passphrase kept apart';

describe('sealed keys of a --with-keys backup', () => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  const files = {
    'master.key': Buffer.from(crypto.randomBytes(32).toString('base64') + '\n'),
    'audit-signing.pem': Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    'audit-signing.pub.pem': Buffer.from(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
  const sealed = sealKeyFiles(files, PASS);

  it('opens with the passphrase to the same files, and holds none of them in clear', () => {
    expect(openSealedKeys(sealed, PASS)).toEqual(files);
    for (const b of Object.values(files)) expect(sealed.includes(b.toString().trim())).toBe(false);
    expect(JSON.parse(sealed)).toMatchObject({ cipher: 'sm4-ctr', mac: 'hmac-sm3', kdf: { name: 'scrypt' } });
    const keys = verifyKeysOfFiles(openSealedKeys(sealed, PASS));
    expect([...keys.keys()]).toEqual(['1']);
    expect(keys.get('1')!.export({ type: 'spki', format: 'der' })).toEqual(
      publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('refuses a wrong passphrase and an edited ciphertext alike, and a short passphrase up front', () => {
    expect(() => openSealedKeys(sealed, PASS + 'x')).toThrow(/passphrase does not open/);
    const f = JSON.parse(sealed) as { ciphertext: string };
    const ct = Buffer.from(f.ciphertext, 'base64');
    ct[0] = ct[0]! ^ 1;
    expect(() => openSealedKeys(JSON.stringify({ ...f, ciphertext: ct.toString('base64') }), PASS)).toThrow(
      /passphrase does not open/,
    );
    expect(() =>
      openSealedKeys(JSON.stringify({ ...f, kdf: { ...JSON.parse(sealed).kdf, N: 1 << 30 } }), PASS),
    ).toThrow(/outside the allowed range/);
    expect(() => sealKeyFiles(files, 'too short')).toThrow(/at least 12 characters/);
  });
});

describe('backup helpers', () => {
  it('signs a canonical form: key order does not change it, a value does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(canonicalJson({ a: 1, b: 1 })).toBe(canonicalJson({ b: 1, a: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('samples blobs evenly and deterministically', () => {
    expect(samplePicks([1, 2, 3], 16)).toEqual([1, 2, 3]);
    const many = Array.from({ length: 100 }, (_, i) => i);
    expect(samplePicks(many, 4)).toEqual([0, 25, 50, 75]);
  });
});
