import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { acquireLock } from "../../keeper/src/lock/lockFile.js";
import { healthStatus, KeeperMetrics } from "../../keeper/src/metrics/metrics.js";
import { startMetricsServer } from "../../keeper/src/metrics/server.js";

describe("keeper lock file", function () {
  const directory = mkdtempSync(path.join(tmpdir(), "keeper-lock-"));
  const lockPath = (name: string) => path.join(directory, name);
  /** The pid of a process that has exited. */
  const deadPid = () => spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();

  it("is created with our pid and removed on release", function () {
    const file = lockPath("a.lock");
    const result = acquireLock(file, 4242, () => false);
    expect(result.acquired).to.equal(true);
    expect(readFileSync(file, "utf8").trim()).to.equal("4242");
    if (result.acquired) result.lock.release();
    expect(existsSync(file)).to.equal(false);
  });

  it("is refused while a live process holds it", function () {
    const file = lockPath("b.lock");
    writeFileSync(file, `${process.pid}\n`);
    expect(acquireLock(file, 4242)).to.deep.equal({ acquired: false, holderPid: process.pid });
    expect(readFileSync(file, "utf8").trim()).to.equal(String(process.pid));
  });

  it("is taken over when the holder's pid is dead (stale lock)", function () {
    const file = lockPath("c.lock");
    const stale = deadPid();
    writeFileSync(file, `${stale}\n`);
    const result = acquireLock(file, process.pid);
    expect(result).to.include({ acquired: true, replacedStalePid: Number(stale) });
    expect(readFileSync(file, "utf8").trim()).to.equal(String(process.pid));
  });

  it("release does not remove a lock someone else now holds", function () {
    const file = lockPath("d.lock");
    const result = acquireLock(file, 4242, () => false);
    writeFileSync(file, "4343\n");
    if (result.acquired) result.lock.release();
    expect(readFileSync(file, "utf8").trim()).to.equal("4343");
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
      metrics.tick(true, now);
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
    } finally {
      await server.close();
    }
  });
});
