/**
 * A software FIDO2 authenticator for tests: a P-256 key pair per credential (node:crypto), "none" attestation, the
 * authenticator data and CBOR the server library reads — so registration and sign-in with a security key run through
 * the real verification (@simplewebauthn/server) without a browser.
 */
import crypto from 'node:crypto';

type Cbor = number | string | Uint8Array | Cbor[] | CborMap | { [key: string]: Cbor };
// A named alias for the map keeps the recursive union acceptable to the compiler.
type CborMap = Map<number | string, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** The CBOR subset WebAuthn uses: integers, text, byte strings, arrays, maps. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest();

export interface SoftCredential {
  id: Buffer;
  privateKey: crypto.KeyObject;
  publicJwk: crypto.JsonWebKey;
  counter: number;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  constructor(
    readonly origin = 'http://localhost',
    readonly rpId = 'localhost',
  ) {}

  private authData(flags: number, counter: number, attested?: Buffer): Buffer {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), c, ...(attested ? [attested] : [])]);
  }

  /** Answers registration options (what `startRegistration` would send back), creating a new credential. */
  register(options: { challenge: string }, overrides: { origin?: string; challenge?: string } = {}) {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cred: SoftCredential = { id: crypto.randomBytes(32), privateKey, publicJwk: jwk, counter: 0 };
    this.credentials.push(cred);
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(cred.id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLen, cred.id, cose]);
    const authData = this.authData(0x01 | 0x04 | 0x40, 0, attested);
    const clientData = JSON.stringify({
      type: 'webauthn.create',
      challenge: overrides.challenge ?? options.challenge,
      origin: overrides.origin ?? this.origin,
      crossOrigin: false,
    });
    return {
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientData),
        attestationObject: b64u(cbor({ fmt: 'none', attStmt: {}, authData })),
        transports: ['usb'] as const,
      },
    };
  }

  /**
   * Answers authentication options with the given (default: the latest) credential, its counter moved on by one.
   * `counter` forces a value (a clone replaying an old counter).
   */
  assert(
    options: { challenge: string },
    opts: { credential?: SoftCredential; origin?: string; counter?: number } = {},
  ) {
    const cred = opts.credential ?? this.credentials[this.credentials.length - 1]!;
    // A forced counter is a one-off (what a clone would show); the real key's counter is kept.
    if (opts.counter === undefined) cred.counter += 1;
    const authData = this.authData(0x01 | 0x04, opts.counter ?? cred.counter);
    const clientData = JSON.stringify({
      type: 'webauthn.get',
      challenge: options.challenge,
      origin: opts.origin ?? this.origin,
      crossOrigin: false,
    });
    const signature = crypto.sign('sha256', Buffer.concat([authData, sha256(clientData)]), cred.privateKey);
    return {
      id: b64u(cred.id),
      rawId: b64u(cred.id),
      type: 'public-key' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientData),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
      },
    };
  }
}
