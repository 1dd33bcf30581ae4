import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { bytesToHex, keccak256, type Hex } from "viem";

/** A Web3 Secret Storage v3 keystore (the JSON geth, Foundry `cast wallet` and MetaMask export). */
export interface KeystoreV3 {
  version: 3;
  crypto: {
    cipher: string;
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: "scrypt" | "pbkdf2";
    kdfparams: { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string };
    mac: string;
  };
}

export class KeystoreError extends Error {
  override name = "KeystoreError";
}

/**
 * Decrypts a v3 keystore: key = KDF(password, salt); the MAC keccak256(key[16..32] ++ ciphertext)
 * must match (a wrong password fails here); plaintext = aes-128-ctr(key[0..16], iv).
 */
export function decryptKeystore(keystoreJson: unknown, password: string): Hex {
  const keystore = keystoreJson as Partial<KeystoreV3> & { Crypto?: KeystoreV3["crypto"] };
  const crypto = keystore?.crypto ?? keystore?.Crypto;
  if (keystore?.version !== 3 || !crypto) throw new KeystoreError("not a version 3 keystore");
  if (crypto.cipher !== "aes-128-ctr") throw new KeystoreError(`unsupported cipher ${crypto.cipher}`);
  const { kdfparams } = crypto;
  const salt = Buffer.from(kdfparams.salt, "hex");
  const dklen = kdfparams.dklen ?? 32;
  let key: Buffer;
  if (crypto.kdf === "scrypt") {
    const { n = 0, r = 8, p = 1 } = kdfparams;
    key = scryptSync(Buffer.from(password.normalize("NFKC"), "utf8"), salt, dklen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  } else if (crypto.kdf === "pbkdf2") {
    if (kdfparams.prf !== "hmac-sha256") throw new KeystoreError(`unsupported pbkdf2 prf ${kdfparams.prf}`);
    key = pbkdf2Sync(Buffer.from(password.normalize("NFKC"), "utf8"), salt, kdfparams.c ?? 0, dklen, "sha256");
  } else throw new KeystoreError(`unsupported kdf ${String(crypto.kdf)}`);

  const ciphertext = Buffer.from(crypto.ciphertext, "hex");
  const mac = keccak256(Buffer.concat([key.subarray(16, 32), ciphertext]));
  if (mac.slice(2).toLowerCase() !== crypto.mac.replace(/^0x/, "").toLowerCase()) throw new KeystoreError("wrong password (keystore MAC mismatch)");
  const decipher = createDecipheriv("aes-128-ctr", key.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, "hex"));
  const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (plaintext.length !== 32) throw new KeystoreError("keystore does not hold a 32-byte private key");
  return bytesToHex(plaintext);
}
