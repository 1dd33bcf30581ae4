import { createConfig, factory } from "ponder";
import { getAbiItem } from "viem";
import { leveragedVaultAbi, vaultRegistryAbi } from "@leveraged-vault/sdk";

import { indexerSettings } from "./src/config.js";

const settings = indexerSettings(process.env);

export default createConfig({
  // PGlite (embedded, no server) unless DATABASE_URL names a PostgreSQL server.
  ...(process.env.DATABASE_URL || !settings.pgliteDirectory ? {} : { database: { kind: "pglite", directory: settings.pgliteDirectory } }),
  chains: {
    vaults: {
      id: settings.chainId,
      rpc: settings.rpcUrl,
      pollingInterval: settings.pollingMs,
      // A local node's blocks are not final: its cache would outlive a restart of the node.
      disableCache: settings.chainId === 31337,
    },
  },
  contracts: {
    VaultRegistry: {
      abi: vaultRegistryAbi,
      chain: "vaults",
      address: settings.registry,
      startBlock: settings.startBlock,
    },
    LeveragedVault: {
      abi: leveragedVaultAbi,
      chain: "vaults",
      // Every vault the registry lists, including those created after the indexer started.
      address: factory({ address: settings.registry, event: getAbiItem({ abi: vaultRegistryAbi, name: "VaultCreated" }), parameter: "vault" }),
      startBlock: settings.startBlock,
    },
  },
  blocks: {
    VaultSnapshots: {
      chain: "vaults",
      startBlock: settings.startBlock,
      interval: settings.snapshotBlocks,
    },
  },
});
