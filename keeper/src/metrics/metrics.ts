/** A small Prometheus registry (text exposition format 0.0.4), enough for the keeper's metrics. */

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: "gauge" | "counter";
  values: Map<string, { labels: Labels; value: number }>;
}

const labelKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  private family(name: string, help: string, type: Family["type"]): Family {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { name, help, type, values: new Map() }));
    return family;
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.family(name, help, "gauge").values.set(labelKey(labels), { labels, value });
  }

  increment(name: string, help: string, labels: Labels = {}, by = 1): void {
    const family = this.family(name, help, "counter");
    const key = labelKey(labels);
    family.values.set(key, { labels, value: (family.values.get(key)?.value ?? 0) + by });
  }

  get(name: string, labels: Labels = {}): number | undefined {
    return this.families.get(name)?.values.get(labelKey(labels))?.value;
  }

  render(): string {
    const lines: string[] = [];
    for (const family of this.families.values()) {
      lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      for (const { labels, value } of family.values.values()) {
        const labelText = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([key, v]) => `${key}="${escapeLabel(v)}"`).join(",");
        lines.push(`${family.name}${labelText ? `{${labelText}}` : ""} ${Number.isFinite(value) ? value : value > 0 ? "+Inf" : "NaN"}`);
      }
    }
    return lines.join("\n") + "\n";
  }
}

/** The keeper's metrics, named in one place. */
export class KeeperMetrics {
  readonly registry = new MetricsRegistry();
  lastSuccessfulTickMs: number | undefined;

  vaultState(vault: string, leverage: number, price: number, actionDue: number): void {
    this.registry.set("keeper_vault_leverage", "Vault leverage (1 = 1x) at the last tick", leverage, { vault });
    this.registry.set("keeper_vault_price", "Vault oracle price: one collateral token in debt tokens", price, { vault });
    this.registry.set("keeper_vault_action_due", "rebalanceStatus().action at the last tick (0 none, 1 rebalance, 2 iterate, 3 emergency)", actionDue, { vault });
  }

  action(vault: string, action: string): void {
    this.registry.increment("keeper_actions_total", "Rebalances the keeper confirmed on-chain", { vault, action });
  }

  failure(vault: string, kind: string): void {
    this.registry.increment("keeper_failures_total", "Failures (simulation, transaction, read) by vault and kind", { vault, kind });
  }

  signerBalance(wei: bigint): void {
    this.registry.set("keeper_signer_balance_wei", "Native balance of the keeper's signer, in wei", Number(wei));
  }

  tick(succeeded: boolean, atMs: number): void {
    this.registry.increment("keeper_ticks_total", "Ticks run, by result", { result: succeeded ? "success" : "error" });
    if (succeeded) {
      this.lastSuccessfulTickMs = atMs;
      this.registry.set("keeper_last_successful_tick_timestamp_seconds", "Unix time of the last tick that completed", Math.floor(atMs / 1000));
    }
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
