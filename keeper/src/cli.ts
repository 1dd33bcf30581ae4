/**
 * keeper CLI: `once` | `watch` | `status` | `config`. See keeper/README.md.
 * Installed as `leveraged-vault-keeper` (bin/leveraged-vault-keeper.js loads the compiled dist/cli.js).
 */
import path from "node:path";
import { Command, CommanderError, Option } from "commander";

import { isRpcUnreachable } from "./chain/errors.js";
import { ConfigError, readConfigFile, resolveConfig, type ConfigFlags } from "./config/resolveConfig.js";
import { redactConfig } from "./config/redactConfig.js";
import { createLogger, describeError } from "./log/logger.js";
import { ExitCode } from "./run/exitCodes.js";
import { runOnce } from "./run/once.js";
import { runStatus } from "./run/status.js";
import { runWatch } from "./run/watch.js";

const COMMANDS = {
  once: "one pass (for cron): read, decide, simulate, send, confirm",
  watch: "daemon: a pass on every new block; /metrics and /health",
  status: "table of the watched vaults",
  config: "print the resolved config (secrets redacted)",
} as const;
type CommandName = keyof typeof COMMANDS;

const EXIT_CODES = `
exit codes: 0 ran (acted or not), 2 a transaction failed, 3 bad config, 4 RPC unreachable,
            5 lock held (watch only; once exits 0 and logs lock.held), 1 internal error
precedence: flags > environment > config file > defaults`;

interface ParsedOptions {
  config?: string;
  rpc?: string;
  rpcRead?: string[];
  rpcPrivate?: string;
  chainId?: string;
  vault?: string[];
  registry?: string;
  lockFile?: string;
  logLevel?: string;
  metricsPort?: string;
  metricsHost?: string;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The command-line program (commander); `onCommand` receives the command and its options. */
function buildProgram(output: { out: (text: string) => void; err: (text: string) => void }, onCommand: (name: CommandName, options: ParsedOptions) => void): Command {
  const program = new Command("leveraged-vault-keeper")
    .description("Keeps every watched leveraged vault inside its leverage band.")
    .addHelpText("after", EXIT_CODES)
    .configureOutput({ writeOut: output.out, writeErr: output.err })
    .exitOverride()
    .showHelpAfterError();
  for (const [name, description] of Object.entries(COMMANDS) as [CommandName, string][]) {
    program
      .command(name)
      .description(description)
      .addOption(new Option("--config <file>", "JSON config file").env("KEEPER_CONFIG"))
      .option("--rpc <url>", "write RPC, also the read RPC unless --rpc-read (KEEPER_RPC_URL)")
      .option("--rpc-read <url>", "read RPC, repeatable, tried in order (KEEPER_RPC_READ_URLS, comma-separated)", collect)
      .option("--rpc-private <url>", "private-transaction RPC: signed transactions go here, nothing else (KEEPER_RPC_PRIVATE_URL)")
      .option("--chain-id <id>", "(KEEPER_CHAIN_ID)")
      .option("--vault <address>", "repeatable (KEEPER_VAULTS, comma-separated)", collect)
      .option("--registry <address>", "discover vaults from this VaultRegistry, with or instead of --vault (KEEPER_REGISTRY)")
      .option("--lock-file <path>", "(KEEPER_LOCK_FILE)")
      .option("--log-level <level>", "debug|info|warn|error (KEEPER_LOG_LEVEL)")
      .option("--metrics-port <port>", "(KEEPER_METRICS_PORT)")
      .option("--metrics-host <host>", "(KEEPER_METRICS_HOST)")
      .option("--dry-run", "simulate and log, never send (KEEPER_DRY_RUN=1)")
      .addHelpText("after", EXIT_CODES)
      .action((options: ParsedOptions) => onCommand(name, options));
  }
  return program;
}

/**
 * Runs the CLI and returns its exit code (see {@link ExitCode}).
 * @param argv the arguments after the program name, e.g. `["once", "--config", "keeper.config.json"]`
 */
export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let chosen: { name: CommandName; options: ParsedOptions } | undefined;
  const program = buildProgram(
    { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
    (name, options) => (chosen = { name, options }),
  );
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.BadConfig;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version" ? ExitCode.Ok : ExitCode.BadConfig;
    throw error;
  }
  if (!chosen) return ExitCode.BadConfig;
  const command = chosen.name;
  const values = chosen.options;
  const bootLogger = createLogger({ level: "info" });
  let config;
  try {
    const configPath = values.config ?? env.KEEPER_CONFIG;
    const flags: ConfigFlags = {
      rpc: values.rpc,
      rpcRead: values.rpcRead,
      rpcPrivate: values.rpcPrivate,
      chainId: values.chainId,
      vaults: values.vault,
      registry: values.registry,
      lockFile: values.lockFile,
      logLevel: values.logLevel,
      metricsPort: values.metricsPort,
      metricsHost: values.metricsHost,
      dryRun: values.dryRun,
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

/**
 * Runs the CLI as a process: sets the exit code and exits once logs are flushed (a `once` that gave
 * up on a transaction may leave a receipt watcher behind; it must not keep the process alive).
 */
export async function run(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  let code: number;
  try {
    code = await main(argv, env);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    code = ExitCode.Internal;
  }
  process.exit(code); // stdout and stderr are synchronous for files and pipes, and the logger writes synchronously
}
