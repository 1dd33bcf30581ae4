import { readFileSync } from "node:fs";
import path from "node:path";

import type { KeeperConfig, LogLevel, SignerConfig, VaultConfig } from "./types.js";

/** A configuration problem; `issues` name the field (`vaults[1].address must be ...`). */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.map((issue) => `config: ${issue}`).join("\n"));
    this.name = "ConfigError";
  }
}

/** Values given on the command line (highest precedence). */
export interface ConfigFlags {
  rpc?: string | undefined;
  rpcRead?: string[] | undefined;
  chainId?: string | undefined;
  vaults?: string[] | undefined;
  lockFile?: string | undefined;
  logLevel?: string | undefined;
  metricsPort?: string | undefined;
  metricsHost?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface ResolveConfigParameters {
  /** The parsed JSON config file (may be empty). */
  file?: unknown;
  /** Directory relative paths in the file are resolved against (the file's directory). */
  fileDirectory?: string;
  env?: Record<string, string | undefined>;
  flags?: ConfigFlags;
}

const DEFAULTS = {
  fees: { maxFeePerGasGwei: 100, maxPriorityFeePerGasGwei: 2, emergencyFeeMultiplier: 3 },
  replacement: { afterBlocks: 3, bumpPercent: 12.5, maxReplacements: 3 },
  lockFile: "keeper.lock",
  metrics: { port: 9464, host: "127.0.0.1", healthMaxAgeSeconds: 120 },
  logLevel: "info" as LogLevel,
  lowBalanceWei: 10n ** 17n,
  stalePriceSeconds: 3600,
  pollIntervalMs: 1000,
  signer: { privateKeyEnv: "KEEPER_PRIVATE_KEY" },
};

const LOG_LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Merges the config file, the environment and the flags (flags > env > file > defaults) and
 * validates the result. Pure apart from nothing: reading files is the caller's job.
 * Throws {@link ConfigError} listing every problem, each naming its field.
 */
export function resolveConfig({ file = {}, fileDirectory = process.cwd(), env = {}, flags = {} }: ResolveConfigParameters): KeeperConfig {
  const issues: string[] = [];
  if (file === null || typeof file !== "object" || Array.isArray(file)) throw new ConfigError(["the config file must hold a JSON object"]);
  const raw = file as Record<string, any>;
  const fileRpc = isObject(raw.rpc) ? raw.rpc : {};
  const fromFile = (relative: unknown) => (typeof relative === "string" && relative !== "" ? path.resolve(fileDirectory, relative) : relative);

  // rpc
  const write = flags.rpc ?? env.KEEPER_RPC_URL ?? fileRpc.write;
  const readList = flags.rpcRead?.length ? flags.rpcRead : env.KEEPER_RPC_READ_URLS ? splitList(env.KEEPER_RPC_READ_URLS) : fileRpc.read;
  if (!isUrl(write)) issues.push("rpc.write must be an http(s) or ws(s) URL");
  let read: string[] = [];
  if (readList === undefined) read = isUrl(write) ? [write] : [];
  else if (!Array.isArray(readList) || readList.length === 0) issues.push("rpc.read must be a non-empty list of URLs");
  else readList.forEach((url: unknown, index: number) => (isUrl(url) ? read.push(url) : issues.push(`rpc.read[${index}] must be an http(s) or ws(s) URL`)));

  // chainId
  const chainId = toNumber(flags.chainId ?? env.KEEPER_CHAIN_ID ?? raw.chainId);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) issues.push("chainId must be a positive integer");

  // vaults
  const vaultsRaw = flags.vaults?.length ? flags.vaults : env.KEEPER_VAULTS ? splitList(env.KEEPER_VAULTS) : raw.vaults;
  const vaults: VaultConfig[] = [];
  if (!Array.isArray(vaultsRaw) || vaultsRaw.length === 0) issues.push("vaults must be a non-empty list");
  else
    vaultsRaw.forEach((entry: unknown, index: number) => {
      const vault = typeof entry === "string" ? { address: entry } : entry;
      if (!isObject(vault)) return issues.push(`vaults[${index}] must be an object {address, name?} or an address`);
      if (typeof vault.address !== "string" || !ADDRESS.test(vault.address))
        return issues.push(`vaults[${index}].address must be a 0x-prefixed 20-byte address`);
      if (vault.name !== undefined && (typeof vault.name !== "string" || vault.name === ""))
        return issues.push(`vaults[${index}].name must be a non-empty string`);
      const address = vault.address as `0x${string}`;
      if (vaults.some((known) => known.address.toLowerCase() === address.toLowerCase()))
        return issues.push(`vaults[${index}].address is listed twice`);
      vaults.push({ address, name: (vault.name as string | undefined) ?? address });
    });

  // signer
  let signer: SignerConfig = DEFAULTS.signer;
  if (raw.signer !== undefined) {
    const s = raw.signer;
    if (!isObject(s)) issues.push("signer must be {privateKeyEnv} or {keystorePath, passwordFile}");
    else if ("privateKeyEnv" in s && ("keystorePath" in s || "passwordFile" in s))
      issues.push("signer must have either privateKeyEnv or keystorePath + passwordFile, not both");
    else if ("privateKeyEnv" in s) {
      if (typeof s.privateKeyEnv !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.privateKeyEnv))
        issues.push("signer.privateKeyEnv must be the name of an environment variable");
      else signer = { privateKeyEnv: s.privateKeyEnv };
    } else {
      if (typeof s.keystorePath !== "string" || s.keystorePath === "") issues.push("signer.keystorePath must be a file path");
      if (typeof s.passwordFile !== "string" || s.passwordFile === "") issues.push("signer.passwordFile must be a file path");
      signer = { keystorePath: fromFile(s.keystorePath) as string, passwordFile: fromFile(s.passwordFile) as string };
    }
  }

  // fees
  const feesRaw = isObject(raw.fees) ? raw.fees : {};
  if (raw.fees !== undefined && !isObject(raw.fees)) issues.push("fees must be an object");
  const fees = { ...DEFAULTS.fees, ...feesRaw };
  if (!isPositive(fees.maxFeePerGasGwei)) issues.push("fees.maxFeePerGasGwei must be a positive number");
  if (!isNonNegative(fees.maxPriorityFeePerGasGwei)) issues.push("fees.maxPriorityFeePerGasGwei must be a number >= 0");
  else if (isPositive(fees.maxFeePerGasGwei) && fees.maxPriorityFeePerGasGwei > fees.maxFeePerGasGwei)
    issues.push("fees.maxPriorityFeePerGasGwei must not exceed fees.maxFeePerGasGwei");
  if (typeof fees.emergencyFeeMultiplier !== "number" || !(fees.emergencyFeeMultiplier >= 1))
    issues.push("fees.emergencyFeeMultiplier must be a number >= 1");

  // replacement
  const replacementRaw = isObject(raw.replacement) ? raw.replacement : {};
  if (raw.replacement !== undefined && !isObject(raw.replacement)) issues.push("replacement must be an object");
  const hasBlocks = replacementRaw.afterBlocks !== undefined;
  const hasSeconds = replacementRaw.afterSeconds !== undefined;
  const replacement = {
    bumpPercent: replacementRaw.bumpPercent ?? DEFAULTS.replacement.bumpPercent,
    maxReplacements: replacementRaw.maxReplacements ?? DEFAULTS.replacement.maxReplacements,
    ...(hasBlocks || hasSeconds ? {} : { afterBlocks: DEFAULTS.replacement.afterBlocks }),
    ...(hasBlocks ? { afterBlocks: replacementRaw.afterBlocks } : {}),
    ...(hasSeconds ? { afterSeconds: replacementRaw.afterSeconds } : {}),
  };
  if (hasBlocks && hasSeconds) issues.push("replacement must set afterBlocks or afterSeconds, not both");
  if (hasBlocks && !isPositiveInteger(replacement.afterBlocks)) issues.push("replacement.afterBlocks must be a positive integer");
  if (hasSeconds && !isPositive(replacement.afterSeconds)) issues.push("replacement.afterSeconds must be a positive number");
  if (typeof replacement.bumpPercent !== "number" || !(replacement.bumpPercent >= 10) || replacement.bumpPercent > 1000)
    issues.push("replacement.bumpPercent must be a number from 10 to 1000");
  if (!Number.isSafeInteger(replacement.maxReplacements) || replacement.maxReplacements < 0)
    issues.push("replacement.maxReplacements must be an integer >= 0");

  // lock file
  const lockFile = flags.lockFile ?? env.KEEPER_LOCK_FILE ?? fromFile(raw.lockFile ?? DEFAULTS.lockFile);
  if (typeof lockFile !== "string" || lockFile === "") issues.push("lockFile must be a file path");

  // metrics
  const metricsRaw = isObject(raw.metrics) ? raw.metrics : {};
  if (raw.metrics !== undefined && !isObject(raw.metrics)) issues.push("metrics must be an object");
  const metrics = {
    port: toNumber(flags.metricsPort ?? env.KEEPER_METRICS_PORT ?? metricsRaw.port ?? DEFAULTS.metrics.port),
    host: flags.metricsHost ?? env.KEEPER_METRICS_HOST ?? metricsRaw.host ?? DEFAULTS.metrics.host,
    healthMaxAgeSeconds: toNumber(metricsRaw.healthMaxAgeSeconds ?? DEFAULTS.metrics.healthMaxAgeSeconds),
  };
  if (!Number.isSafeInteger(metrics.port) || metrics.port < 0 || metrics.port > 65535) issues.push("metrics.port must be an integer from 0 to 65535");
  if (typeof metrics.host !== "string" || metrics.host === "") issues.push("metrics.host must be a host name or IP address");
  if (!isPositive(metrics.healthMaxAgeSeconds)) issues.push("metrics.healthMaxAgeSeconds must be a positive number");

  // scalars
  const logLevel = flags.logLevel ?? env.KEEPER_LOG_LEVEL ?? raw.logLevel ?? DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(logLevel)) issues.push(`logLevel must be one of ${LOG_LEVELS.join(", ")}`);

  let lowBalanceWei = DEFAULTS.lowBalanceWei;
  const lowBalanceRaw = env.KEEPER_LOW_BALANCE_WEI ?? raw.lowBalanceWei;
  if (lowBalanceRaw !== undefined) {
    if ((typeof lowBalanceRaw === "string" && /^[0-9]+$/.test(lowBalanceRaw)) || (typeof lowBalanceRaw === "number" && Number.isSafeInteger(lowBalanceRaw) && lowBalanceRaw >= 0))
      lowBalanceWei = BigInt(lowBalanceRaw);
    else issues.push("lowBalanceWei must be a non-negative integer (a decimal string for large values)");
  }

  const stalePriceSeconds = toNumber(env.KEEPER_STALE_PRICE_SECONDS ?? raw.stalePriceSeconds ?? DEFAULTS.stalePriceSeconds);
  if (!isPositive(stalePriceSeconds)) issues.push("stalePriceSeconds must be a positive number");

  const pollIntervalMs = toNumber(env.KEEPER_POLL_INTERVAL_MS ?? raw.pollIntervalMs ?? DEFAULTS.pollIntervalMs);
  if (!isPositiveInteger(pollIntervalMs)) issues.push("pollIntervalMs must be a positive integer");

  const dryRunEnv = env.KEEPER_DRY_RUN;
  if (dryRunEnv !== undefined && !["", "0", "1", "true", "false"].includes(dryRunEnv)) issues.push("KEEPER_DRY_RUN must be true/false/1/0");
  if (raw.dryRun !== undefined && typeof raw.dryRun !== "boolean") issues.push("dryRun must be true or false");
  const dryRun = flags.dryRun === true || (dryRunEnv !== undefined ? dryRunEnv === "1" || dryRunEnv === "true" : raw.dryRun === true);

  const known = new Set(["rpc", "chainId", "vaults", "signer", "fees", "replacement", "lockFile", "metrics", "logLevel", "lowBalanceWei", "stalePriceSeconds", "pollIntervalMs", "dryRun", "$schema", "//"]);
  for (const key of Object.keys(raw)) if (!known.has(key)) issues.push(`${key} is not a known field`);

  if (issues.length > 0) throw new ConfigError(issues);
  return {
    rpc: { write, read },
    chainId,
    vaults,
    signer,
    fees,
    replacement,
    lockFile,
    metrics,
    logLevel,
    lowBalanceWei,
    stalePriceSeconds,
    pollIntervalMs,
    dryRun,
  } as KeeperConfig;
}

/** Reads and parses a JSON config file; a missing or malformed file is a {@link ConfigError}. */
export function readConfigFile(filePath: string): unknown {
  let text: string;
  try {
    text = readFileSync(filePath, "utf8");
  } catch (error) {
    throw new ConfigError([`cannot read the config file ${filePath}: ${(error as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`the config file ${filePath} is not valid JSON: ${(error as Error).message}`]);
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:", "ws:", "wss:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
function splitList(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}
function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}
function isPositive(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}
function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}
