import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { acquireLock } from "../../keeper/src/lock/lockFile.js";
import { healthStatus, KeeperMetrics } from "../../keeper/src/metrics/metrics.js";
import { startMetricsServer } from "../../keeper/src/metrics/server.js";

describe("keeper lock file", function () {
  const directory = mkdtempSync(path.join(tmpdir(), "keeper-lock-"));
  const lockPath = (name: string) => path.join(directory, name);

  it("is created when taken and removed on release", function () {
    const file = lockPath("a.lock");
    const result = acquireLock(file);
    expect(result).to.include({ acquired: true, replacedStale: false });
    expect(existsSync(file)).to.equal(true);
    if (result.acquired) result.lock.release();
    expect(existsSync(file)).to.equal(false);
  });

  it("is refused while another holder keeps it fresh", function () {
    const file = lockPath("b.lock");
    const first = acquireLock(file);
    try {
      expect(acquireLock(file)).to.deep.equal({ acquired: false, reason: "another process holds the lock" });
    } finally {
      if (first.acquired) first.lock.release();
    }
  });

  it("is taken over when its holder stopped refreshing it (a dead process's lock is stale)", function () {
    const file = lockPath("c.lock");
    mkdirSync(file);
    const longAgo = new Date(Date.now() - 120_000);
    utimesSync(file, longAgo, longAgo);
    const result = acquireLock(file, { staleMs: 30_000 });
    expect(result).to.include({ acquired: true, replacedStale: true });
    if (result.acquired) result.lock.release();
  });

  it("a second release does nothing", function () {
    const file = lockPath("d.lock");
    const result = acquireLock(file);
    if (!result.acquired) expect.fail("not acquired");
    result.lock.release();
    const again = acquireLock(file);
    result.lock.release();
    expect(existsSync(file)).to.equal(true);
    if (again.acquired) again.lock.release();
  });
});

describe("keeper health and metrics", function () {
  it("is unhealthy before the first successful tick", function () {
    expect(healthStatus({ lastSuccessfulTickMs: undefined, nowMs: 1_000, maxAgeSeconds: 60 }).healthy).to.equal(false);
  });

  it("is healthy within the threshold and unhealthy past it", function () {
    expect(healthStatus({ lastSuccessfulTickMs: 0, nowMs: 60_000, maxAgeSeconds: 60 }).healthy).to.equal(true);
    expect(healthStatus({ lastSuccessfulTickMs: 0, nowMs: 60_001, maxAgeSeconds: 60 }).healthy).to.equal(false);
  });

  it("/health answers 503 once ticks stop succeeding, and /metrics serves Prometheus text", async function () {
    const metrics = new KeeperMetrics();
    let now = 1_000_000;
    const server = await startMetricsServer(metrics, { port: 0, host: "127.0.0.1", healthMaxAgeSeconds: 30, now: () => now });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}/health`)).status).to.equal(503);
      metrics.tick(true, now, 300);
      metrics.vaultState("eth-2x", 2.25, 2700, 1);
      metrics.action("eth-2x", "Rebalance");
      expect((await fetch(`${base}/health`)).status).to.equal(200);
      now += 31_000;
      metrics.tick(false, now);
      expect((await fetch(`${base}/health`)).status).to.equal(503);
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).to.include('keeper_vault_leverage{vault="eth-2x"} 2.25');
      expect(text).to.include('keeper_actions_total{action="Rebalance",vault="eth-2x"} 1');
      expect(text).to.include('keeper_ticks_total{result="error"} 1');
      expect(text).to.include("keeper_last_successful_tick_timestamp_seconds 1000");
      expect(text).to.match(/keeper_tick_duration_seconds_bucket\{le="0.5",result="success"\} 1/);
    } finally {
      await server.close();
    }
  });

  it("counts RPC requests by method and tells the seconds since each vault's last rebalance", async function () {
    let now = 1_000_000;
    const metrics = new KeeperMetrics(() => now);
    metrics.rpcRequest("eth_call", "read");
    metrics.rpcRequest("eth_call", "read");
    metrics.rpcRequest("eth_sendRawTransaction", "write");
    metrics.action("eth-2x", "Rebalance");
    now += 90_000;
    const text = await metrics.render();
    expect(text).to.include('keeper_rpc_requests_total{method="eth_call",endpoint="read"} 2');
    expect(text).to.include('keeper_rpc_requests_total{method="eth_sendRawTransaction",endpoint="write"} 1');
    expect(text).to.include('keeper_vault_seconds_since_last_rebalance{vault="eth-2x"} 90');
  });
});
