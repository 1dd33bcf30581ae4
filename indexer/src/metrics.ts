/**
 * A vault's derived metrics, refreshed with each of its snapshots: the SDK's `vaultPerformance`
 * (imported, so the indexer and a dApp reading snapshots itself compute the same figures) over the
 * snapshots of the last 30 days and the one before them.
 */
import type { Context } from "ponder:registry";
import { snapshot, vaultMetrics } from "ponder:schema";
import { and, asc, desc, eq, gte, lte } from "ponder";
import { performanceFigures, vaultPerformance } from "@leveraged-vault/sdk";
import type { Address } from "viem";

const WINDOW_SECONDS = 30n * 86_400n;
const WAD = 10n ** 18n;

/** The snapshot just taken: where the metrics are as of. */
export interface LatestSnapshot {
  number: bigint;
  timestamp: bigint;
  navPerShare: bigint;
  leverage: bigint;
}

export async function updateMetrics(db: Context["db"], address: Address, targetLeverage: bigint, latest: LatestSnapshot) {
  // The window starts at the last snapshot at or before 30 days ago (the first one for a younger vault).
  const [start] = await db.sql
    .select({ timestamp: snapshot.timestamp })
    .from(snapshot)
    .where(and(eq(snapshot.vault, address), lte(snapshot.timestamp, latest.timestamp - WINDOW_SECONDS)))
    .orderBy(desc(snapshot.timestamp))
    .limit(1);
  const points = await db.sql
    .select({ timestamp: snapshot.timestamp, navPerShare: snapshot.navPerShare, price: snapshot.price })
    .from(snapshot)
    .where(and(eq(snapshot.vault, address), gte(snapshot.timestamp, start?.timestamp ?? 0n), lte(snapshot.blockNumber, latest.number)))
    .orderBy(asc(snapshot.blockNumber));
  const performance = vaultPerformance({ points, targetLeverage: Number((targetLeverage * 1_000_000n) / WAD) / 1_000_000, now: latest.timestamp });
  const { window } = performance;
  const row = {
    blockNumber: latest.number,
    timestamp: latest.timestamp,
    navPerShare: latest.navPerShare,
    leverage: latest.leverage,
    ...performanceFigures(performance),
    windowSince: BigInt(window.since),
    vaultMultiple: window.vaultMultiple,
    idealMultiple: window.idealMultiple,
  };
  await db.insert(vaultMetrics).values({ vault: address, ...row }).onConflictDoUpdate(row);
}
