import { Wallet } from "ethers";
import type { Hex } from "viem";

export class KeystoreError extends Error {
  override name = "KeystoreError";
}

/**
 * Decrypts a Web3 Secret Storage (v3) keystore, the JSON geth, Foundry `cast wallet` and MetaMask
 * export (scrypt or pbkdf2, aes-128-ctr), with ethers' `Wallet.fromEncryptedJsonSync`: the keeper
 * does no cryptography of its own. A wrong password or a malformed file is a {@link KeystoreError}.
 */
export function decryptKeystore(keystoreJson: unknown, password: string): Hex {
  const text = typeof keystoreJson === "string" ? keystoreJson : JSON.stringify(keystoreJson);
  try {
    return Wallet.fromEncryptedJsonSync(text, password).privateKey as Hex;
  } catch (error) {
    const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
    throw new KeystoreError(/incorrect password/i.test(message) ? "wrong password (the keystore's MAC does not match)" : `cannot decrypt the keystore: ${message}`);
  }
}
