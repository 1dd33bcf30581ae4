import { watchBlockNumber } from "viem/actions";

import { ConfigError } from "../config/resolveConfig.js";
import type { KeeperConfig } from "../config/types.js";
import { describeError, type Logger } from "../log/logger.js";
import { acquireLock } from "../lock/lockFile.js";
import { startMetricsServer } from "../metrics/server.js";
import { discover, runTick, RpcUnreachableError } from "../tick.js";
import { ExitCode } from "./exitCodes.js";
import { checkChainId, createRuntime } from "./runtime.js";

/**
 * `keeper watch`: a daemon that runs a tick on every new block (polled every `pollIntervalMs`), and
 * at least every third of the health threshold even if no block comes. Serves /metrics and /health.
 * SIGTERM/SIGINT: stop watching, let the current tick finish, close the server, release the lock.
 */
export async function runWatch(config: KeeperConfig, env: Record<string, string | undefined>, logger: Logger, signals: NodeJS.EventEmitter = process): Promise<number> {
  const runtime = createRuntime(config, env, logger);
  const lockResult = acquireLock(config.lockFile);
  if (!lockResult.acquired) {
    logger.error("lock.held", { lockFile: config.lockFile, reason: lockResult.reason, note: "another keeper process holds the lock" });
    return ExitCode.LockHeld;
  }
  const lock = lockResult.lock;
  try {
    await checkChainId(runtime);
    // A registry that does not answer is a config error now, not a failed tick every block.
    await discover(runtime);
  } catch (error) {
    lock.release();
    if (error instanceof ConfigError) {
      logger.error("config.invalid", { issues: error.issues });
      return ExitCode.BadConfig;
    }
    logger.error("rpc.unreachable", { error: describeError(error) });
    return ExitCode.RpcUnreachable;
  }
  const server = await startMetricsServer(runtime.metrics, { ...config.metrics });
  logger.info("watch.start", { signer: runtime.account.address, vaults: runtime.vaults.length, ...(config.registry ? { registry: config.registry.address } : {}), dryRun: config.dryRun, metrics: `http://${config.metrics.host}:${server.port}/metrics` });

  let current: Promise<void> | undefined;
  let rerun = false;
  let stopping = false;
  const tick = (trigger: string, blockNumber?: bigint) => {
    if (stopping) return;
    if (current) {
      rerun = true;
      return;
    }
    current = (async () => {
      do {
        rerun = false;
        const started = Date.now();
        try {
          const result = await runTick(runtime);
          runtime.metrics.tick(true, Date.now(), Date.now() - started);
          logger.debug("tick.done", { trigger, newBlock: blockNumber, block: result.blockNumber, outcomes: result.outcomes });
          for (const outcome of result.outcomes) if (outcome.outcome !== "skipped") logger.info("tick.outcome", { ...outcome });
        } catch (error) {
          runtime.metrics.tick(false, Date.now(), Date.now() - started);
          logger.error(error instanceof RpcUnreachableError ? "rpc.unreachable" : "tick.error", { error: describeError(error) });
        }
      } while (rerun && !stopping);
    })().finally(() => (current = undefined));
  };

  const unwatch = watchBlockNumber(runtime.readClient, {
    emitOnBegin: true,
    poll: true,
    pollingInterval: config.pollIntervalMs,
    onBlockNumber: (blockNumber) => tick("block", blockNumber),
    onError: (error) => logger.warn("watch.poll_error", { error: describeError(error) }),
  });
  const heartbeat = setInterval(() => tick("interval"), Math.max(1000, (config.metrics.healthMaxAgeSeconds * 1000) / 3));

  return await new Promise<number>((resolve) => {
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info("watch.stopping", { signal });
      unwatch();
      clearInterval(heartbeat);
      await current;
      await server.close();
      lock.release();
      logger.info("watch.stopped", { signal });
      resolve(ExitCode.Ok);
    };
    signals.once("SIGTERM", () => void stop("SIGTERM"));
    signals.once("SIGINT", () => void stop("SIGINT"));
  });
}
