import { hash, verify } from "@node-rs/argon2";
import { metrics } from "../metrics";

// The package's Algorithm enum is a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID_ALGORITHM = 2;
// OWASP's recommended argon2id profile: 19 MiB of memory, 2 iterations, 1 lane.
const ARGON2ID = { algorithm: ARGON2ID_ALGORITHM, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  metrics().passwordChecks.inc();
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so a login for an unknown name is not answered faster. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("discock-dummy-password");
  await verifyPassword(await dummyHash, password);
}
