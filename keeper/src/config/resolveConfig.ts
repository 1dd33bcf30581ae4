import { readFileSync } from "node:fs";
import path from "node:path";

import type { Address } from "viem";
import type { z } from "zod";

import { configFileSchema } from "./schema.js";
import type { KeeperConfig } from "./types.js";

/** A configuration problem; `issues` name the field (`vaults[1].address must be ...`). */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.map((issue) => `config: ${issue}`).join("\n"));
    this.name = "ConfigError";
  }
}

const NOTHING_TO_WATCH = "vaults must list a vault, or registry must be set (the keeper needs something to watch)";

/** Values given on the command line (highest precedence). */
export interface ConfigFlags {
  rpc?: string | undefined;
  rpcRead?: string[] | undefined;
  rpcPrivate?: string | undefined;
  chainId?: string | undefined;
  vaults?: string[] | undefined;
  registry?: string | undefined;
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

/**
 * Merges the config file, the environment and the flags (flags > env > file > defaults) and
 * validates the result against {@link configFileSchema}. Reading files is the caller's job.
 * Throws {@link ConfigError} listing every problem, each naming its field.
 */
export function resolveConfig({ file = {}, fileDirectory = process.cwd(), env = {}, flags = {} }: ResolveConfigParameters): KeeperConfig {
  if (file === null || typeof file !== "object" || Array.isArray(file)) throw new ConfigError(["the config file must hold a JSON object"]);
  const raw = structuredClone(file) as Record<string, any>;
  const issues: string[] = [];

  // Relative paths written in the file are relative to the file; those from env/flags to the cwd.
  const fromFile = (value: unknown) => (typeof value === "string" && value !== "" ? path.resolve(fileDirectory, value) : value);
  if (raw.lockFile !== undefined) raw.lockFile = fromFile(raw.lockFile);
  if (isObject(raw.signer)) for (const key of ["keystorePath", "passwordFile"]) if (key in raw.signer) raw.signer[key] = fromFile(raw.signer[key]);

  const set = (section: string | undefined, key: string, value: unknown) => {
    if (value === undefined) return;
    if (section === undefined) return void (raw[key] = value);
    raw[section] = { ...(isObject(raw[section]) ? raw[section] : {}), [key]: value };
  };
  set("rpc", "write", flags.rpc ?? env.KEEPER_RPC_URL);
  set("rpc", "private", flags.rpcPrivate ?? env.KEEPER_RPC_PRIVATE_URL);
  set("rpc", "read", flags.rpcRead?.length ? flags.rpcRead : env.KEEPER_RPC_READ_URLS ? splitList(env.KEEPER_RPC_READ_URLS) : undefined);
  set(undefined, "chainId", flags.chainId ?? env.KEEPER_CHAIN_ID);
  set(undefined, "vaults", flags.vaults?.length ? flags.vaults : env.KEEPER_VAULTS ? splitList(env.KEEPER_VAULTS) : undefined);
  const registryAddress = flags.registry ?? env.KEEPER_REGISTRY;
  if (registryAddress !== undefined) raw.registry = isObject(raw.registry) ? { ...raw.registry, address: registryAddress } : registryAddress;
  set(undefined, "lockFile", flags.lockFile ?? env.KEEPER_LOCK_FILE);
  set(undefined, "logLevel", flags.logLevel ?? env.KEEPER_LOG_LEVEL);
  set("metrics", "port", flags.metricsPort ?? env.KEEPER_METRICS_PORT);
  set("metrics", "host", flags.metricsHost ?? env.KEEPER_METRICS_HOST);
  set(undefined, "lowBalanceWei", env.KEEPER_LOW_BALANCE_WEI);
  set(undefined, "stalePriceSeconds", env.KEEPER_STALE_PRICE_SECONDS);
  set(undefined, "pollIntervalMs", env.KEEPER_POLL_INTERVAL_MS);
  const dryRunEnv = env.KEEPER_DRY_RUN;
  if (dryRunEnv !== undefined && !["", "0", "1", "true", "false"].includes(dryRunEnv)) issues.push("KEEPER_DRY_RUN must be true/false/1/0");
  else if (dryRunEnv !== undefined && dryRunEnv !== "") raw.dryRun = dryRunEnv === "1" || dryRunEnv === "true";
  if (flags.dryRun === true) raw.dryRun = true;

  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    issues.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, raw)));
    // The schema checks "something to watch" only once every field parsed; say it with the rest.
    const nothingToWatch = (raw.vaults === undefined || (Array.isArray(raw.vaults) && raw.vaults.length === 0)) && raw.registry === undefined;
    if (nothingToWatch && !issues.includes(NOTHING_TO_WATCH)) issues.push(NOTHING_TO_WATCH);
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues);
  const config = parsed.data;
  return {
    ...config,
    rpc: {
      write: config.rpc.write,
      read: config.rpc.read ?? [config.rpc.write],
      ...(config.rpc.private === undefined ? {} : { private: config.rpc.private }),
      maxConcurrentRequests: config.rpc.maxConcurrentRequests,
    },
    vaults: config.vaults.map((entry) => ({ address: entry.address as Address, name: ("name" in entry ? entry.name : undefined) ?? entry.address })),
    ...(config.registry === undefined ? {} : { registry: config.registry }),
  } as KeeperConfig;
}

/** One zod issue as `field message` lines (`vaults[1].address must be ...`). */
function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string[] {
  const field = issue.path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${field ? `${field}.` : ""}${key} is not a known field`);
  const given = issue.path.reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined), raw);
  // A union (a vault is an address or {address, name}): report the branch the value was written as.
  if (issue.code === "invalid_union") {
    if (typeof given === "string" && issue.errors[0]) return issue.errors[0].map((inner) => (field === "registry" ? `registry ${inner.message}` : `${field}.address ${inner.message}`));
    if (given !== null && typeof given === "object" && !Array.isArray(given) && issue.errors[1])
      return issue.errors[1].flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, raw));
    return [field === "registry" ? "registry must be an address or an object {address, kinds?, pairs?, allow?, deny?, includeRetired?}" : `${field} must be an object {address, name?} or an address`];
  }
  // A bare address in `vaults` stands for {address}: name the field as for the object form.
  if (/^vaults\[\d+\]$/.test(field) && typeof given === "string") return [`${field}.address ${issue.message}`];
  if (issue.code === "invalid_type" && given === undefined && issue.path.length > 0 && !field.startsWith("vaults")) return [`${field} is required`];
  return [`${field} ${issue.message}`.trim()];
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
function splitList(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter(Boolean);
}
