import { hkdf } from "@panva/hkdf";
import { EncryptJWT, base64url, calculateJwkThumbprint, jwtDecrypt } from "jose";
import { LRUCache } from "lru-cache";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

/*
 * Auth.js seals its session cookie as a JWE ("dir", A256CBC-HS512) under a key derived from the
 * secret with HKDF, the cookie name as salt. Its own decoder derives that key and its thumbprint
 * again for every cookie it reads, and decrypts every cookie it sees again: on each request and each
 * socket handshake. These replace its encoder and decoder (lib/auth/auth.ts) with the same format:
 * each key is derived once, each exact cookie value is decrypted once, and new cookies are sealed
 * with A256GCM, which Auth.js's own decoder also reads and which decrypts in one WebCrypto step
 * instead of AES-CBC plus HMAC (about 3× faster, and every socket handshake pays it).
 */

const CONTENT_ENCRYPTION = { "A256CBC-HS512": 64, A256GCM: 32 } as const;
type ContentEncryption = keyof typeof CONTENT_ENCRYPTION;
/** Auth.js's leeway on `exp`, kept on remembered claims too. */
const CLOCK_TOLERANCE_S = 15;

interface DerivedKey {
  key: Uint8Array;
  thumbprint: string;
}

// One set per process: server.ts (socket handshakes) and Next's bundles (pages, routes) share them.
const CACHES_KEY = Symbol.for("discock.session-token-caches");
interface Caches {
  keys: Map<string, Promise<DerivedKey>>;
  claims: LRUCache<string, JWT>;
}
type CachesHolder = typeof globalThis & { [CACHES_KEY]?: Caches };

function caches(): Caches {
  return ((globalThis as CachesHolder)[CACHES_KEY] ??= { keys: new Map(), claims: new LRUCache<string, JWT>({ max: 10_000 }) });
}

function derivedKey(secret: string, salt: string, enc: ContentEncryption): Promise<DerivedKey> {
  const { keys } = caches();
  const id = `${enc}\n${salt}\n${secret}`;
  let derived = keys.get(id);
  if (!derived) {
    derived = (async () => {
      const key = await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, CONTENT_ENCRYPTION[enc]);
      const thumbprint = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, key.byteLength === 32 ? "sha256" : "sha512");
      return { key, thumbprint };
    })();
    keys.set(id, derived);
    // A failed derivation must not be remembered in place of the key.
    derived.catch(() => keys.delete(id));
  }
  return derived;
}

const isContentEncryption = (enc: unknown): enc is ContentEncryption => typeof enc === "string" && enc in CONTENT_ENCRYPTION;
const isCurrent = (claims: JWT) => typeof claims.exp === "number" && (claims.exp + CLOCK_TOLERANCE_S) * 1000 > Date.now();

/** A drop-in `decode` for Auth.js's getToken; null (or a throw, which getToken turns into null) refuses the cookie. */
export async function decodeSessionToken({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const secrets = Array.isArray(secret) ? secret : [secret];
  const { claims } = caches();
  // The secrets belong in the key: a cookie read under one secret says nothing about another.
  const cacheKey = `${secrets.join("\n")}\n${salt}\n${token}`;
  const known = claims.get(cacheKey);
  if (known) return isCurrent(known) ? known : null;

  const { payload } = await jwtDecrypt<JWT>(
    token,
    async ({ kid, enc }) => {
      if (!isContentEncryption(enc)) throw new Error("unsupported content encryption");
      for (const candidate of secrets) {
        const { key, thumbprint } = await derivedKey(candidate, salt, enc);
        if (kid === undefined || kid === thumbprint) return key;
      }
      throw new Error("no matching decryption secret");
    },
    { clockTolerance: CLOCK_TOLERANCE_S, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: Object.keys(CONTENT_ENCRYPTION) },
  );
  if (isCurrent(payload)) claims.set(cacheKey, payload, { ttl: (payload.exp as number) * 1000 + CLOCK_TOLERANCE_S * 1000 - Date.now() });
  return payload;
}

const SEALING: ContentEncryption = "A256GCM";
/** Auth.js's default session length, for a caller that gives none. */
const DEFAULT_MAX_AGE_S = 30 * 24 * 3600;

/** A drop-in `encode` for Auth.js: its claims, `iat`, `exp` and `jti`, sealed under the first secret. */
export async function encodeSessionToken({ token = {}, secret, salt, maxAge = DEFAULT_MAX_AGE_S }: JWTEncodeParams): Promise<string> {
  const [current] = Array.isArray(secret) ? secret : [secret];
  if (!current) throw new Error("no secret to seal the session cookie with");
  const { key, thumbprint } = await derivedKey(current, salt, SEALING);
  const now = Math.floor(Date.now() / 1000);
  return new EncryptJWT(token)
    .setProtectedHeader({ alg: "dir", enc: SEALING, kid: thumbprint })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}
