import { readFileSync } from "node:fs";
import { createNonceManager, type Hex, type LocalAccount } from "viem";
import { jsonRpc } from "viem/nonce";
import { privateKeyToAccount } from "viem/accounts";

import { ConfigError } from "../config/resolveConfig.js";
import type { SignerConfig } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import { decryptKeystore } from "./keystore.js";

/**
 * Builds the one signing account of this keeper instance, from an environment variable or an
 * encrypted keystore. The key and password are registered with the logger so they can never be
 * printed. Problems are {@link ConfigError}s naming the field.
 */
export function loadSigner(signer: SignerConfig, env: Record<string, string | undefined>, logger: Logger): LocalAccount {
  let privateKey: string;
  if ("privateKeyEnv" in signer) {
    const value = env[signer.privateKeyEnv];
    if (!value) throw new ConfigError([`signer.privateKeyEnv: environment variable ${signer.privateKeyEnv} is not set`]);
    privateKey = value.trim();
  } else {
    let password: string;
    let keystore: unknown;
    try {
      password = readFileSync(signer.passwordFile, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new ConfigError([`signer.passwordFile: cannot read ${signer.passwordFile}: ${(error as Error).message}`]);
    }
    logger.addSecret(password);
    try {
      keystore = JSON.parse(readFileSync(signer.keystorePath, "utf8"));
    } catch (error) {
      throw new ConfigError([`signer.keystorePath: cannot read ${signer.keystorePath} as JSON: ${(error as Error).message}`]);
    }
    try {
      privateKey = decryptKeystore(keystore, password);
    } catch (error) {
      throw new ConfigError([`signer.keystorePath: ${(error as Error).message}`]);
    }
  }
  if (!privateKey.startsWith("0x")) privateKey = `0x${privateKey}`;
  logger.addSecret(privateKey);
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new ConfigError(["signer: the private key must be 32 bytes of hex"]);
  return privateKeyToAccount(privateKey as Hex, { nonceManager: createNonceManager({ source: jsonRpc() }) });
}
