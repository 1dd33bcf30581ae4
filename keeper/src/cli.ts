#!/usr/bin/env -S node --import tsx
/**
 * keeper CLI: `once` | `watch` | `status` | `config`. See keeper/README.md.
 * Run: node --import tsx keeper/src/cli.ts once --config keeper.config.json
 */
import path from "node:path";
import { parseArgs } from "node:util";

import { isRpcUnreachable } from "./chain/errors.js";
import { ConfigError, readConfigFile, resolveConfig, type ConfigFlags } from "./config/resolveConfig.js";
import { redactConfig } from "./config/redactConfig.js";
import { createLogger, describeError } from "./log/logger.js";
import { ExitCode } from "./run/exitCodes.js";
import { runOnce } from "./run/once.js";
import { runStatus } from "./run/status.js";
import { runWatch } from "./run/watch.js";

const USAGE = `usage: keeper <once|watch|status|config> [options]

  once     one pass (for cron): read, decide, simulate, send, confirm
  watch    daemon: a pass on every new block; /metrics and /health
  status   table of the watched vaults
  config   print the resolved config (secrets redacted)

options (flags > environment > config file):
  --config <file>        JSON config file (KEEPER_CONFIG)
  --rpc <url>            write RPC, also the read RPC unless --rpc-read (KEEPER_RPC_URL)
  --rpc-read <url>       read RPC, repeatable, tried in order (KEEPER_RPC_READ_URLS, comma-separated)
  --chain-id <id>        (KEEPER_CHAIN_ID)
  --vault <address>      repeatable (KEEPER_VAULTS, comma-separated)
  --lock-file <path>     (KEEPER_LOCK_FILE)
  --log-level <level>    debug|info|warn|error (KEEPER_LOG_LEVEL)
  --metrics-port <port>  (KEEPER_METRICS_PORT)
  --metrics-host <host>  (KEEPER_METRICS_HOST)
  --dry-run              simulate and log, never send (KEEPER_DRY_RUN=1)

exit codes: 0 ran (acted or not), 2 a transaction failed, 3 bad config, 4 RPC unreachable,
            5 lock held (watch only; once exits 0 and logs lock.held), 1 internal error`;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        rpc: { type: "string" },
        "rpc-read": { type: "string", multiple: true },
        "chain-id": { type: "string" },
        vault: { type: "string", multiple: true },
        "lock-file": { type: "string" },
        "log-level": { type: "string" },
        "metrics-port": { type: "string" },
        "metrics-host": { type: "string" },
        "dry-run": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return ExitCode.BadConfig;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE + "\n");
    return values.help ? ExitCode.Ok : ExitCode.BadConfig;
  }
  if (!["once", "watch", "status", "config"].includes(command)) {
    process.stderr.write(`unknown command ${command}\n${USAGE}\n`);
    return ExitCode.BadConfig;
  }

  const bootLogger = createLogger({ level: "info" });
  let config;
  try {
    const configPath = values.config ?? env.KEEPER_CONFIG;
    const flags: ConfigFlags = {
      rpc: values.rpc,
      rpcRead: values["rpc-read"],
      chainId: values["chain-id"],
      vaults: values.vault,
      lockFile: values["lock-file"],
      logLevel: values["log-level"],
      metricsPort: values["metrics-port"],
      metricsHost: values["metrics-host"],
      dryRun: values["dry-run"],
    };
    config = resolveConfig({
      file: configPath ? readConfigFile(configPath) : {},
      fileDirectory: configPath ? path.dirname(path.resolve(configPath)) : process.cwd(),
      env,
      flags,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const issue of error.issues) process.stderr.write(`config: ${issue}\n`);
      bootLogger.error("config.invalid", { issues: error.issues });
      return ExitCode.BadConfig;
    }
    throw error;
  }

  const logger = createLogger({ level: config.logLevel });
  try {
    switch (command) {
      case "config":
        process.stdout.write(JSON.stringify(redactConfig(config), null, 2) + "\n");
        return ExitCode.Ok;
      case "status":
        await runStatus(config, env, logger, (text) => process.stdout.write(text + "\n"));
        return ExitCode.Ok;
      case "once":
        return await runOnce(config, env, logger);
      case "watch":
        return await runWatch(config, env, logger);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const issue of error.issues) process.stderr.write(`config: ${issue}\n`);
      logger.error("config.invalid", { issues: error.issues });
      return ExitCode.BadConfig;
    }
    if (isRpcUnreachable(error)) {
      logger.error("rpc.unreachable", { error: describeError(error) });
      return ExitCode.RpcUnreachable;
    }
    logger.error("internal.error", { error: describeError(error), stack: error instanceof Error ? error.stack : undefined });
    return ExitCode.Internal;
  }
  return ExitCode.Internal;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invokedDirectly) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${describeError(error)}\n`);
      process.exitCode = ExitCode.Internal;
    },
  );
}
