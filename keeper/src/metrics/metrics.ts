import { Counter, Gauge, Histogram, Registry } from "prom-client";

import type { RpcEndpoint } from "../chain/clients.js";

/** The keeper's Prometheus metrics (prom-client), named in one place, on a registry of their own. */
export class KeeperMetrics {
  readonly registry = new Registry();
  lastSuccessfulTickMs: number | undefined;
  private readonly lastRebalanceMs = new Map<string, number>();

  private readonly leverage = new Gauge({ name: "keeper_vault_leverage", help: "Vault leverage (1 = 1x) at the last tick", labelNames: ["vault"], registers: [this.registry] });
  private readonly price = new Gauge({ name: "keeper_vault_price", help: "Vault oracle price: one collateral token in debt tokens", labelNames: ["vault"], registers: [this.registry] });
  private readonly actionDue = new Gauge({
    name: "keeper_vault_action_due",
    help: "rebalanceStatus().action at the last tick (0 none, 1 rebalance, 2 iterate, 3 emergency)",
    labelNames: ["vault"],
    registers: [this.registry],
  });
  private readonly actions = new Counter({ name: "keeper_actions_total", help: "Rebalances the keeper confirmed on-chain", labelNames: ["action", "vault"], registers: [this.registry] });
  private readonly failures = new Counter({ name: "keeper_failures_total", help: "Failures (simulation, transaction, read, fee_cap) by vault and kind", labelNames: ["vault", "kind"], registers: [this.registry] });
  private readonly watched = new Gauge({ name: "keeper_vaults_watched", help: "Vaults the keeper watches: configured plus discovered from the registry", registers: [this.registry] });
  private readonly balance = new Gauge({ name: "keeper_signer_balance_wei", help: "Native balance of the keeper's signer, in wei", registers: [this.registry] });
  private readonly ticks = new Counter({ name: "keeper_ticks_total", help: "Ticks run, by result", labelNames: ["result"], registers: [this.registry] });
  private readonly lastTick = new Gauge({ name: "keeper_last_successful_tick_timestamp_seconds", help: "Unix time of the last tick that completed", registers: [this.registry] });
  private readonly tickDuration = new Histogram({
    name: "keeper_tick_duration_seconds",
    help: "Wall time of one tick (read, decide, simulate, send, confirm)",
    labelNames: ["result"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly rpcRequests = new Counter({ name: "keeper_rpc_requests_total", help: "JSON-RPC requests sent, by method and endpoint role (read, write, private)", labelNames: ["method", "endpoint"], registers: [this.registry] });

  constructor(private readonly now: () => number = Date.now) {
    const lastRebalanceMs = this.lastRebalanceMs;
    new Gauge({
      name: "keeper_vault_seconds_since_last_rebalance",
      help: "Seconds since this keeper process last confirmed a rebalance of the vault",
      labelNames: ["vault"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [vault, atMs] of lastRebalanceMs) this.set({ vault }, (now() - atMs) / 1000);
      },
    });
  }

  vaultState(vault: string, leverage: number, price: number, actionDue: number): void {
    this.leverage.set({ vault }, leverage);
    this.price.set({ vault }, price);
    this.actionDue.set({ vault }, actionDue);
  }

  action(vault: string, action: string): void {
    this.actions.inc({ action, vault });
    this.lastRebalanceMs.set(vault, this.now());
  }

  failure(vault: string, kind: string): void {
    this.failures.inc({ vault, kind });
  }

  vaultsWatched(count: number): void {
    this.watched.set(count);
  }

  signerBalance(wei: bigint): void {
    this.balance.set(Number(wei));
  }

  rpcRequest(method: string, endpoint: RpcEndpoint): void {
    this.rpcRequests.inc({ method, endpoint });
  }

  /** Records a finished tick: its result, its duration, and the time of the last success. */
  tick(succeeded: boolean, atMs: number, durationMs?: number): void {
    const result = succeeded ? "success" : "error";
    this.ticks.inc({ result });
    if (durationMs !== undefined) this.tickDuration.observe({ result }, durationMs / 1000);
    if (succeeded) {
      this.lastSuccessfulTickMs = atMs;
      this.lastTick.set(Math.floor(atMs / 1000));
    }
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<string> {
    return await this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

export interface HealthParameters {
  lastSuccessfulTickMs: number | undefined;
  nowMs: number;
  maxAgeSeconds: number;
}

/** Healthy only when a tick succeeded within `maxAgeSeconds` (never healthy before the first one). */
export function healthStatus({ lastSuccessfulTickMs, nowMs, maxAgeSeconds }: HealthParameters): { healthy: boolean; reason: string } {
  if (lastSuccessfulTickMs === undefined) return { healthy: false, reason: "no successful tick yet" };
  const ageSeconds = (nowMs - lastSuccessfulTickMs) / 1000;
  if (ageSeconds > maxAgeSeconds) return { healthy: false, reason: `last successful tick ${Math.round(ageSeconds)} s ago (limit ${maxAgeSeconds} s)` };
  return { healthy: true, reason: `last successful tick ${Math.round(ageSeconds)} s ago` };
}
