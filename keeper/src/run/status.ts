import { zeroAddress, type Address } from "viem";

import { createKeeperClients } from "../chain/clients.js";
import { detectReadPath } from "../chain/batchedRead.js";
import { readTick, readVaultStaticInfo, type VaultSnapshot, type VaultStaticInfo } from "../chain/readVaults.js";
import { REBALANCE_ACTIONS } from "../chain/vaultAbi.js";
import type { KeeperConfig } from "../config/types.js";
import { decideAction } from "../decision/decideAction.js";
import { discoverVaults } from "../discovery/discoverVaults.js";
import type { Logger } from "../log/logger.js";
import { loadSigner } from "../signer/loadSigner.js";
import { humanPrice } from "../tick.js";

const formatLeverage = (wad: bigint) => (wad >= 2n ** 255n ? "inf" : (Number(wad / 10n ** 12n) / 1e6).toFixed(3) + "x");
const formatTime = (seconds: bigint, now: bigint) => (seconds === 0n ? "-" : seconds <= now ? "now" : new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z"));

/** Renders the status table (pure). */
export function renderStatusTable(snapshots: VaultSnapshot[], statics: VaultStaticInfo[], blockNumber: bigint, blockTimestamp: bigint): string {
  const header = ["vault", "leverage", "band", "emergency", "price", "action due", "keeper may act", "ready at", "permissionless at"];
  const rows = snapshots.map((snapshot, index) => {
    if (!snapshot.ok) return [snapshot.vault.name, "read failed", snapshot.error, "", "", "", "", "", ""];
    const { status, position } = snapshot;
    const info = statics[index]!;
    const decision = decideAction({ status, canRebalance: snapshot.canRebalance, isKeeper: snapshot.isKeeper, blockTimestamp });
    return [
      snapshot.vault.name,
      formatLeverage(status.leverage),
      `${formatLeverage(status.minLeverage)}-${formatLeverage(status.maxLeverage)}`,
      formatLeverage(status.emergencyLeverage),
      humanPrice(position.price, info.collateralDecimals, info.debtDecimals).toPrecision(8) + (position.priceHealthy ? "" : " (unhealthy)"),
      REBALANCE_ACTIONS[status.action] ?? String(status.action),
      decision.kind === "act" ? `yes (${decision.via})` : `no (${decision.reason})`,
      formatTime(status.readyAt, blockTimestamp),
      formatTime(status.permissionlessAt, blockTimestamp),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [`block ${blockNumber} at ${new Date(Number(blockTimestamp) * 1000).toISOString()}`, line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** `keeper status`: reads the watched vaults (one multicall) and prints the table to stdout. */
export async function runStatus(config: KeeperConfig, env: Record<string, string | undefined>, logger: Logger, print: (text: string) => void): Promise<void> {
  let signer: Address = zeroAddress;
  try {
    signer = loadSigner(config.signer, env, logger).address;
  } catch {
    logger.info("status.no_signer", { note: "no signer configured: 'keeper may act' assumes a non-keeper" });
  }
  const { readClient } = createKeeperClients(config);
  const context = { path: await detectReadPath(readClient), limits: { ...config.reads, maxConcurrentRequests: config.rpc.maxConcurrentRequests } };
  const vaults = [...config.vaults];
  if (config.registry) vaults.push(...(await discoverVaults(readClient, config.registry, 0, vaults, logger)).added);
  const statics = await readVaultStaticInfo(readClient, vaults, context);
  const { block, snapshots } = await readTick(readClient, context, { vaults, statics, signer });
  print(renderStatusTable(snapshots, statics, block.number, block.timestamp));
}
