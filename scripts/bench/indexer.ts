/**
 * The indexer's backfill and API at the scale of a real registry: on a `hardhat node` with the stack
 * and the registry from `npm run deploy`, creates vaults through the factory until there are
 * BENCH_VAULTS (100), gives each the same schedule of BENCH_EVENTS_PER_VAULT (100) indexed events
 * (deposits, withdrawals, redemptions and share transfers among three holders, and two rebalances
 * after market moves; `indexer-workload.ts`), and counts the events on the chain. Then, for each
 * database (embedded PGlite in a temporary directory, then a throwaway PostgreSQL server), starts a
 * fresh indexer after every event exists and measures:
 *
 * - the backfill: wall time from starting the process (its start included) until it has indexed the
 *   chain's head, and the vault events (and snapshot rows) per second of it, with the RPC requests
 *   the indexer sent (from its /metrics);
 * - where Ponder's historical phase went (its /metrics): the handlers, their contract reads, the
 *   RPC-cache lookups and the `eth_call` requests inside those, the handlers' raw SQL, the database
 *   flushes, and the RPC requests per second (Ponder paces each endpoint itself);
 * - the API: the dApp's three queries (`indexer-queries.ts`), BENCH_REQUESTS (200) sequential
 *   requests each after a warm-up, p50 and p99.
 *
 *   npm run bench:indexer                                        # 100 vaults x 100 events (a few minutes)
 *   BENCH_VAULTS=10 BENCH_EVENTS_PER_VAULT=30 npm run bench:indexer   # a quick look
 *
 * Every figure printed is measured in this run; nothing is asserted about times. Every process it
 * starts (node, indexers, PostgreSQL) is stopped at the end, on failure too.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";

import { readDeployment, writeDeployment } from "../deploy/records.js";
import { startHardhatNode, type RunningNode } from "../processes/hardhat-node.js";
import { startIndexer, type RunningIndexer } from "../processes/indexer.js";
import { startPostgres, type RunningPostgres } from "../processes/postgres.js";
import { connectLocalStack } from "../stack/deploy-local-stack.js";
import { attachVault } from "../vault/deploy-vault.js";
import { parseVaultRequest } from "../vault/vault-request.js";
import { INDEXED_VAULT_EVENTS } from "../../indexer/src/events.js";
import { runScript } from "../../test/helpers/run-script.js";
import { accountPositionsQuery, vaultHistoryQuery, VAULT_LIST_QUERY } from "./indexer-queries.js";
import { createVaults, runSchedule, scheduleEvents, vaultSchedule } from "./indexer-workload.js";
import { latencySummary } from "./percentile.js";
import { prometheusSum } from "./prometheus.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";

/** A positive integer from the environment variable `name`, or `fallback`; the error names the variable. */
function positiveIntegerSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

const VAULTS = positiveIntegerSetting("BENCH_VAULTS", 100);
const EVENTS_PER_VAULT = positiveIntegerSetting("BENCH_EVENTS_PER_VAULT", 100);
const REQUESTS = positiveIntegerSetting("BENCH_REQUESTS", 200);
const WARM_UP_REQUESTS = 20;
/** Blocks between block-interval snapshots: a few over the run, so event-driven snapshots dominate. */
const SNAPSHOT_BLOCKS = positiveIntegerSetting("BENCH_SNAPSHOT_BLOCKS", 2_000);
const DEPOSIT_WETH = "0.1";
const WITHDRAW_WETH = "0.02";
/** The market's two moves: 12% down (a 2x long leaves its band above), then 15% up (below it). */
const MARKET_PRICES: [number, number] = [2640, 3036];
const BACKFILL_TIMEOUT_MS = 1_800_000;

const processes: { stop(): Promise<void> }[] = [];
let stopping: Promise<void> | undefined;
/** Stops every process this run started, newest first, once. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const running of processes.reverse()) await running.stop().catch((error: Error) => console.error(`stopping: ${error.message}`));
  })();
  return stopping;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void stopAll().then(() => process.exit(130));
  });
}

interface BackfillFigures {
  database: string;
  wallSeconds: number;
  /** Ponder's own historical phase (its /metrics, whole seconds): the wall time less the process start and the last blocks' realtime sync. */
  historicalSeconds: number;
  snapshotRows: number;
  blockSnapshotRuns: number;
  indexedVaultEvents: number;
  ethCalls: number;
  readsCarried: number;
  requests: number;
  /** Where the historical phase went, from Ponder's /metrics (each summed over its samples, in seconds). */
  time: {
    /** The indexing functions (handlers), their contract reads and store writes included. */
    handlers: number;
    /** Of it, the handlers' contract reads (`context.client`). */
    handlerReads: number;
    /** The database queries of Ponder's RPC cache, which every read looks up before it is sent. */
    rpcCacheLookups: number;
    /** Every `eth_call` request, summed (concurrent requests overlap, so this can exceed the wall time). */
    ethCallRequests: number;
    /** Of the handlers' time, their raw SQL queries' execution (`db.sql`, the metrics' window), flushes and parsing not included. */
    rawSql: number;
    /** Decoding and formatting the fetched logs and blocks (Ponder's extract steps; the fetching is in the RPC requests). */
    extract: number;
    /** Loading and flushing the handlers' rows to the database (the transform's load and finalize steps). */
    databaseFlush: number;
  };
}

interface LatencyFigures {
  database: string;
  query: string;
  rows: number;
  p50: number;
  p99: number;
}

const workDirectory = await mkdtemp(path.join(tmpdir(), "leveraged-vault-bench-indexer-"));
processes.push({ stop: () => rm(workDirectory, { recursive: true, force: true }) });
try {
  const node: RunningNode = await startHardhatNode();
  processes.push(node);
  const folder = path.join(workDirectory, "localhost");
  const deployment = await runScript("scripts/deploy/main.ts", ["--deployments", workDirectory, "--vaults", "long"], { LOCALHOST_RPC_URL: node.url });
  if (deployment.code !== 0) throw new Error(`npm run deploy exited ${deployment.code}:\n${deployment.output}`);
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  processes.push({ stop: () => connection.close() });
  const { ethers } = connection;
  const [deployer, keeper, ...others] = await ethers.getSigners();
  const holders = others.slice(0, 3);
  const stack = await connectLocalStack(ethers, JSON.parse(await readFile(path.join(folder, "stack.json"), "utf8")));
  const record = await readDeployment(folder);
  const request = parseVaultRequest(JSON.parse(await readFile(path.join(folder, "vault-request.long.json"), "utf8")), "vault-request.long.json");

  const generationStart = performance.now();
  await createVaults(ethers, record, request, VAULTS - record.vaults.length, deployer!);
  const deploymentFile = await writeDeployment(folder, record);
  const vaults = await Promise.all(record.vaults.map((entry) => attachVault(ethers, entry.vault)));
  const fromBlock = Math.min(...record.vaults.map((entry) => entry.blockNumber));
  // What creating a vault already emits (its roles and parameters), measured on the first one.
  const atCreation = sumCounts(await countIndexedEvents(ethers, vaults.slice(0, 1), fromBlock));
  const schedule = vaultSchedule(EVENTS_PER_VAULT - atCreation, MARKET_PRICES);
  console.log(
    `indexer bench: ${vaults.length} vaults created in ${((performance.now() - generationStart) / 1000).toFixed(1)} s; ` +
      `each emits ${atCreation} indexed event(s) at creation and runs ${schedule.length} steps (${scheduleEvents(schedule)} events) among ${holders.length} holders`,
  );
  const scheduleStart = performance.now();
  await runSchedule(
    {
      ethers,
      stack,
      vaults,
      holders,
      keeper: keeper!,
      depositWeth: DEPOSIT_WETH,
      withdrawWeth: WITHDRAW_WETH,
      onStep: (index) => {
        if ((index + 1) % 10 === 0 || index === schedule.length - 1) console.log(`  step ${index + 1} of ${schedule.length} sent to every vault (${((performance.now() - scheduleStart) / 1000).toFixed(0)} s)`);
      },
    },
    schedule,
  );
  const head = await ethers.provider.getBlockNumber();
  const counts = await countIndexedEvents(ethers, vaults, fromBlock);
  const vaultEvents = sumCounts(counts);
  const breakdown = Object.entries(counts).map(([name, count]) => `${name} ${count}`).join(", ");
  console.log(
    `events on the chain: ${vaultEvents} indexed vault events (${breakdown}) in blocks ${fromBlock} to ${head}, ` +
      `sent in ${((performance.now() - generationStart) / 1000).toFixed(0)} s (automine: one transaction per block)\n`,
  );

  const backfills: BackfillFigures[] = [];
  const latencies: LatencyFigures[] = [];
  const account = await holders[0]!.getAddress();
  const firstVault = await vaults[0]!.getAddress();
  for (const database of ["PGlite", "PostgreSQL"] as const) {
    let postgres: RunningPostgres | undefined;
    if (database === "PostgreSQL") {
      postgres = await startPostgres();
      processes.push(postgres);
    }
    const started = performance.now();
    const indexer = await startIndexer(
      {
        rpcUrl: node.url,
        deploymentFile,
        snapshotBlocks: SNAPSHOT_BLOCKS,
        ...(postgres ? { databaseUrl: postgres.url } : { pgliteDirectory: path.join(workDirectory, "pglite") }),
      },
      BACKFILL_TIMEOUT_MS,
    );
    processes.push(indexer);
    await indexer.waitForBlock(head, BACKFILL_TIMEOUT_MS);
    const wallSeconds = (performance.now() - started) / 1000;
    backfills.push({ database, wallSeconds, ...(await backfillCounts(indexer)) });
    console.log(`${database}: backfilled to block ${head} in ${wallSeconds.toFixed(1)} s; timing the API`);
    latencies.push(
      await measureLatency(indexer, database, "vault list with metrics", VAULT_LIST_QUERY, (data) => rowsOf(data, "vaults"), vaults.length),
      await measureLatency(indexer, database, "one vault's NAV history", vaultHistoryQuery(firstVault), (data) => rowsOf(data, "snapshots")),
      await measureLatency(indexer, database, "one account's positions", accountPositionsQuery(account), (data) => rowsOf(data, "positions"), vaults.length),
    );
    await indexer.stop();
    await postgres?.stop();
  }

  console.log("");
  printTable(
    `Backfill of ${vaults.length} vaults x ${EVENTS_PER_VAULT} events (${vaultEvents} vault events, blocks ${fromBlock}-${head}, INDEXER_SNAPSHOT_BLOCKS=${SNAPSHOT_BLOCKS}); ` +
      "wall time from process start to the head, indexer start included:",
    ["database", "wall time", "of it Ponder's historical phase", "vault events/s", "snapshot rows", "(events + snapshots)/s", "indexed vault events", "eth_call sent (reads in them)", "RPC requests"],
    backfills.map((figures) => [
      figures.database,
      `${figures.wallSeconds.toFixed(1)} s`,
      `${figures.historicalSeconds} s`,
      (vaultEvents / figures.wallSeconds).toFixed(0),
      `${figures.snapshotRows} (${figures.blockSnapshotRuns} block-interval passes)`,
      ((vaultEvents + figures.snapshotRows) / figures.wallSeconds).toFixed(0),
      String(figures.indexedVaultEvents),
      `${figures.ethCalls} (${figures.readsCarried})`,
      String(figures.requests),
    ]),
  );
  const seconds = (value: number) => `${value.toFixed(1)} s`;
  printTable(
    "Where the historical phase went (Ponder's /metrics, each summed over its samples):",
    ["database", "indexing functions", "of them contract reads", "RPC-cache lookups", "eth_call requests (summed)", "handlers' raw SQL", "extract (decode, format)", "database load + flush", "RPC requests/s"],
    backfills.map(({ database, time, requests, historicalSeconds }) => [
      database,
      seconds(time.handlers),
      seconds(time.handlerReads),
      seconds(time.rpcCacheLookups),
      seconds(time.ethCallRequests),
      seconds(time.rawSql),
      seconds(time.extract),
      seconds(time.databaseFlush),
      // Ponder 0.16 paces each RPC endpoint itself: 20 requests/s at first, raised 5% at a time after sustained success
      (requests / historicalSeconds).toFixed(1),
    ]),
  );
  printTable(
    `API latency: ${REQUESTS} sequential GraphQL requests per query after ${WARM_UP_REQUESTS} to warm up (client-side, including JSON parsing):`,
    ["database", "query", "rows", "p50", "p99"],
    latencies.map((figures) => [figures.database, figures.query, String(figures.rows), `${figures.p50.toFixed(2)} ms`, `${figures.p99.toFixed(2)} ms`]),
  );
} finally {
  await stopAll();
}

/** The vaults' logs of every event the indexer handles, by event name, from `fromBlock` to the head. */
async function countIndexedEvents(ethers: Awaited<ReturnType<typeof network.create>>["ethers"], vaults: ILeveragedVault[], fromBlock: number): Promise<Record<string, number>> {
  const byTopic = new Map(INDEXED_VAULT_EVENTS.map((name) => [vaults[0]!.interface.getEvent(name)!.topicHash, name]));
  const logs = await ethers.provider.getLogs({ address: await Promise.all(vaults.map((vault) => vault.getAddress())), topics: [[...byTopic.keys()]], fromBlock, toBlock: "latest" });
  const counts: Record<string, number> = {};
  for (const log of logs) {
    const name = byTopic.get(log.topics[0]!)!;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

function sumCounts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** What the indexer wrote and sent during its backfill: its snapshot rows (GraphQL) and its own counters (/metrics). */
async function backfillCounts(indexer: RunningIndexer): Promise<Omit<BackfillFigures, "database" | "wallSeconds">> {
  const { snapshots } = await indexer.graphql<{ snapshots: { totalCount: number } }>("{ snapshots { totalCount } }");
  const metrics = await (await fetch(`${indexer.url}/metrics`)).text();
  const completed = (event: string) => prometheusSum(metrics, "ponder_indexing_completed_events", { event });
  return {
    historicalSeconds: prometheusSum(metrics, "ponder_historical_end_timestamp_seconds") - prometheusSum(metrics, "ponder_historical_start_timestamp_seconds"),
    snapshotRows: snapshots.totalCount,
    blockSnapshotRuns: completed("VaultSnapshots:block"),
    indexedVaultEvents: INDEXED_VAULT_EVENTS.reduce((sum, name) => sum + completed(`LeveragedVault:${name}`), 0),
    ethCalls: prometheusSum(metrics, "ponder_rpc_request_duration_count", { method: "eth_call" }),
    // Ponder's client counts each read, also each one inside a multicall, under the request's method.
    readsCarried: prometheusSum(metrics, "ponder_indexing_rpc_requests_total", { method: "eth_call" }),
    requests: prometheusSum(metrics, "ponder_rpc_request_duration_count"),
    // Ponder's clocks are in milliseconds.
    time: {
      handlers: prometheusSum(metrics, "ponder_indexing_function_duration_sum") / 1000,
      handlerReads: prometheusSum(metrics, "ponder_indexing_rpc_action_duration_sum") / 1000,
      rpcCacheLookups: prometheusSum(metrics, "ponder_database_method_duration_sum", { method: "select_rpc_requests" }) / 1000,
      ethCallRequests: prometheusSum(metrics, "ponder_rpc_request_duration_sum", { method: "eth_call" }) / 1000,
      rawSql: prometheusSum(metrics, "ponder_indexing_store_raw_sql_duration_sum") / 1000,
      extract: prometheusSum(metrics, "ponder_historical_extract_duration") / 1000,
      databaseFlush:
        (prometheusSum(metrics, "ponder_historical_transform_duration", { step: "load" }) +
          prometheusSum(metrics, "ponder_historical_transform_duration", { step: "finalize" })) /
        1000,
    },
  };
}

/**
 * Times `REQUESTS` sequential requests of `query` after `WARM_UP_REQUESTS` untimed ones. The first
 * answer is checked (`rows` of it, and `expectedRows` when given), so a broken query cannot time well.
 */
async function measureLatency(
  indexer: RunningIndexer,
  database: string,
  label: string,
  query: string,
  rows: (data: Record<string, unknown>) => number,
  expectedRows?: number,
): Promise<LatencyFigures> {
  const answered = rows(await indexer.graphql<Record<string, unknown>>(query));
  if (answered === 0 || (expectedRows !== undefined && answered !== expectedRows)) {
    throw new Error(`${database}: ${label} answered ${answered} rows, expected ${expectedRows ?? "some"}:\n${query}`);
  }
  for (let index = 0; index < WARM_UP_REQUESTS; index++) await indexer.graphql(query);
  const samples: number[] = [];
  for (let index = 0; index < REQUESTS; index++) {
    const started = performance.now();
    await indexer.graphql(query);
    samples.push(performance.now() - started);
  }
  return { database, query: label, rows: answered, ...latencySummary(samples) };
}

function rowsOf(data: Record<string, unknown>, field: string): number {
  return (data[field] as { items: unknown[] }).items.length;
}

function printTable(title: string, header: string[], lines: string[][]): void {
  const widths = header.map((heading, index) => Math.max(heading.length, ...lines.map((line) => line[index]!.length)));
  const format = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join(" | ");
  console.log(title);
  console.log(format(header));
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const line of lines) console.log(format(line));
  console.log("");
}
