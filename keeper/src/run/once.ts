import { ConfigError } from "../config/resolveConfig.js";
import { failedRpcMethod, isRpcUnreachable } from "../chain/errors.js";
import type { KeeperConfig } from "../config/types.js";
import { describeError, type Logger } from "../log/logger.js";
import { acquireLock } from "../lock/lockFile.js";
import { runTick, RpcUnreachableError } from "../tick.js";
import { ExitCode } from "./exitCodes.js";
import { checkChainId, createRuntime } from "./runtime.js";

/** `keeper once`: one locked pass, for cron. Returns the exit code. */
export async function runOnce(config: KeeperConfig, env: Record<string, string | undefined>, logger: Logger): Promise<number> {
  const runtime = createRuntime(config, env, logger);
  const lockResult = acquireLock(config.lockFile);
  if (!lockResult.acquired) {
    logger.warn("lock.held", { lockFile: config.lockFile, reason: lockResult.reason, note: "another keeper run holds the lock; this run does nothing" });
    return ExitCode.Ok;
  }
  if (lockResult.replacedStale) logger.warn("lock.stale_replaced", { lockFile: config.lockFile, note: "the previous holder stopped refreshing the lock (it died)" });
  const started = Date.now();
  try {
    await checkChainId(runtime);
    logger.info("tick.start", { signer: runtime.account.address, vaults: config.vaults.length, ...(config.registry ? { registry: config.registry.address } : {}), dryRun: config.dryRun });
    const result = await runTick(runtime);
    const failed = result.outcomes.filter((outcome) => outcome.outcome === "failed");
    logger.info("tick.done", { block: result.blockNumber, durationMs: Date.now() - started, vaults: result.vaults, discoveryRequests: result.discoveryRequests, outcomes: result.outcomes });
    return failed.length > 0 ? ExitCode.TransactionFailed : ExitCode.Ok;
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.error("config.invalid", { issues: error.issues });
      return ExitCode.BadConfig;
    }
    if (error instanceof RpcUnreachableError || isRpcUnreachable(error)) {
      const cause = error instanceof RpcUnreachableError ? error.cause : error;
      logger.error("rpc.unreachable", { error: describeError(error), method: failedRpcMethod(cause), note: "the run stopped at this request; the next run starts over from the chain's state" });
      return ExitCode.RpcUnreachable;
    }
    logger.error("tick.error", { error: describeError(error), stack: error instanceof Error ? error.stack : undefined });
    return ExitCode.Internal;
  } finally {
    lockResult.lock.release();
  }
}
