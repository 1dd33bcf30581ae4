import { getChainId } from "viem/actions";

import { createKeeperClients } from "../chain/clients.js";
import { ConfigError } from "../config/resolveConfig.js";
import type { KeeperConfig } from "../config/types.js";
import type { Logger } from "../log/logger.js";
import { KeeperMetrics } from "../metrics/metrics.js";
import { createBroadcaster } from "../send/broadcast.js";
import { loadSigner } from "../signer/loadSigner.js";
import type { KeeperRuntime } from "../tick.js";

/** Builds the runtime a tick needs from a validated config: signer (with its nonce manager), clients, broadcaster. */
export function createRuntime(config: KeeperConfig, env: Record<string, string | undefined>, logger: Logger): KeeperRuntime {
  const account = loadSigner(config.signer, env, logger);
  const metrics = new KeeperMetrics();
  const { readClient, writeClient, sendClient } = createKeeperClients(config, (method, endpoint) => metrics.rpcRequest(method, endpoint));
  return {
    config,
    account,
    readClient,
    writeClient,
    broadcaster: createBroadcaster({ sendClient, dryRun: config.dryRun, logger }),
    logger,
    metrics,
    vaults: [...config.vaults],
    statics: [],
    registryIndex: 0,
  };
}

/** Both RPCs must serve the configured chain: a keeper signing for the wrong chain is a config error. */
export async function checkChainId(runtime: KeeperRuntime): Promise<void> {
  const [readChainId, writeChainId] = await Promise.all([getChainId(runtime.readClient), getChainId(runtime.writeClient)]);
  const issues: string[] = [];
  if (readChainId !== runtime.config.chainId) issues.push(`chainId is ${runtime.config.chainId} but rpc.read serves chain ${readChainId}`);
  if (writeChainId !== runtime.config.chainId) issues.push(`chainId is ${runtime.config.chainId} but rpc.write serves chain ${writeChainId}`);
  if (issues.length) throw new ConfigError(issues);
}
