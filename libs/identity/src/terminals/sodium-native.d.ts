// The libsodium calls this project makes (the terminal API's verification, the benchmarks' tills);
// sodium-native ships no type declarations of its own. Ambient, so visible wherever it is imported.
declare module 'sodium-native' {
  /** True when `signature` is `publicKey`'s Ed25519 signature of `message` (libsodium's strict checks). */
  export function crypto_sign_verify_detached(signature: Buffer, message: Buffer, publicKey: Buffer): boolean;
  /** Writes the Ed25519 signature of `message` with the 64-byte `secretKey` into `signature` (64 bytes). */
  export function crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void;
  /** Derives the key pair of a 32-byte seed into `publicKey` (32 bytes) and `secretKey` (64 bytes). */
  export function crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void;
}
