/**
 * A vault creation request: what `npm run vault:create` reads from a parameters file, what
 * `npm run deploy` builds for the local stack, and what the test helpers build. One schema (zod)
 * validates the file with errors that name the field; `createVault` sends the request to the
 * factory of its kind, after asking the factory where the vault will be.
 *
 * The file (bigints as decimal strings, "123n" strings as Ignition writes them, or safe integers):
 *
 * ```json
 * {
 *   "kind": "morpho",
 *   "name": "Leveraged ETH 2x", "symbol": "ETH2X",
 *   "collateralToken": "0x…", "debtToken": "0x…",
 *   "collateralFeed": "0x…", "debtFeed": "0x…", "sequencerFeed": "0x0000000000000000000000000000000000000000",
 *   "guardians": ["0x…"], "keepers": ["0x…"], "decimalsOffset": 6,
 *   "pool": "0x…",
 *   "market": { "loanToken": "0x…", "collateralToken": "0x…", "oracle": "0x…", "irm": "0x…", "lltv": "860000000000000000" },
 *   "owner": { "timelock": { "delay": 86400, "proposers": ["0x…"] } },
 *   "automationAdapterOwner": "0x…",
 *   "salt": "0x…32 bytes…",
 *   "risk": { "targetLeverage": "2000000000000000000", … },
 *   "oracle": { "collateralFeedMaxAge": 4200, … }
 * }
 * ```
 */
import { id as keccakUtf8, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { z } from "zod";

import type { AaveV3VaultFactory, MorphoBlueVaultFactory } from "../../types/ethers-contracts/index.js";
import type { OracleParameters, RiskParameters } from "./vault-parameters.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/**
 * The lending markets a vault can be created on, each with its factory: by the name operators type
 * (`--kind morpho`, `--market aave`), and the kind the registry lists.
 */
export const VAULT_FACTORY_KINDS = { morpho: "morpho-blue/uniswap-v3", aave: "aave-v3/uniswap-v3" } as const;
export type VaultMarket = keyof typeof VAULT_FACTORY_KINDS;
/** The same names where they pick a factory. */
export type VaultFactoryKind = VaultMarket;
export const VAULT_MARKETS = Object.keys(VAULT_FACTORY_KINDS) as VaultMarket[];

/** Reads a `--market` / `--kind` / `VAULT_MARKET` value, with an error that names what is accepted. */
export function parseVaultMarket(value: string, what = "market"): VaultMarket {
  if (!(VAULT_MARKETS as string[]).includes(value)) {
    throw new RangeError(`${what} must be one of ${VAULT_MARKETS.join(", ")} (got "${value}")`);
  }
  return value as VaultMarket;
}

const address = z.string({ error: "must be a 0x-prefixed 20-byte address" }).regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte address");
const bytes32 = z.string({ error: "must be a 0x-prefixed 32-byte hex string" }).regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex string");
const INTEGER_MESSAGE = "must be a non-negative integer (a decimal string, \"123n\", or a safe integer)";
const integer = z
  .union([z.string().regex(/^[0-9]+n?$/, INTEGER_MESSAGE), z.number().int(INTEGER_MESSAGE).min(0, INTEGER_MESSAGE).max(Number.MAX_SAFE_INTEGER, INTEGER_MESSAGE)], {
    error: INTEGER_MESSAGE,
  })
  .transform((value) => BigInt(typeof value === "string" ? value.replace(/n$/, "") : value));
/** An integer field the contract keeps in `bits` bits (checked here so the error names the field, not the encoder). */
const uint = (bits: number) => integer.refine((value) => value < 2n ** BigInt(bits), `must be below 2^${bits}`);
const smallUint = (bits: number) => uint(bits).transform(Number);

const riskSchema = z.strictObject({
  targetLeverage: uint(64),
  minLeverage: uint(64),
  maxLeverage: uint(64),
  emergencyLeverage: uint(64),
  recenteringSpeedBps: smallUint(16),
  maxSlippageBps: smallUint(16),
  maxPoolDeviationBps: smallUint(16),
  emergencyRewardBps: smallUint(16),
  cooldown: smallUint(32),
  gracePeriod: smallUint(32),
  maxTradeSize: uint(128),
  maxEmergencyReward: uint(128),
  depositCap: uint(128),
});

const oracleSchema = z.strictObject({
  collateralFeedMaxAge: smallUint(32),
  debtFeedMaxAge: smallUint(32),
  sequencerGracePeriod: smallUint(32),
  minPrice: uint(256),
  maxPrice: uint(256),
});

const morphoMarketSchema = z.strictObject({ loanToken: address, collateralToken: address, oracle: address, irm: address, lltv: uint(256) });

const ownerSchema = z.union(
  [
    address.describe("An existing owner, meant to be a TimelockController."),
    z.strictObject({
      timelock: z.strictObject({
        delay: smallUint(48).describe("Seconds every owner action waits."),
        proposers: z.array(address).min(1, "must list at least one proposer"),
        executors: z.array(address).optional().describe("Default: the proposers."),
      }),
    }),
  ],
  { error: "must be an address or { timelock: { delay, proposers, executors? } }" },
);

/** The parameters file of one vault. */
export const vaultRequestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    "//": z.unknown().optional(),
    kind: z.enum(["morpho", "aave"], { error: "must be one of morpho, aave" }),
    name: z.string().min(1, "must be a non-empty string"),
    symbol: z.string().min(1, "must be a non-empty string"),
    collateralToken: address,
    debtToken: address,
    collateralFeed: address,
    debtFeed: address.default(ZERO_ADDRESS),
    sequencerFeed: address.default(ZERO_ADDRESS),
    guardians: z.array(address).default([]),
    keepers: z.array(address).default([]),
    decimalsOffset: z.number({ error: "must be an integer from 0 to 18" }).int("must be an integer from 0 to 18").min(0).max(18).default(6),
    pool: address,
    market: morphoMarketSchema.optional(),
    owner: ownerSchema,
    automationAdapterOwner: address.optional(),
    salt: bytes32.optional(),
    risk: riskSchema,
    oracle: oracleSchema,
  })
  .superRefine((request, context) => {
    if (request.kind === "morpho" && !request.market) {
      context.addIssue({ code: "custom", message: "is required for a Morpho Blue vault (kind morpho)", path: ["market"] });
    }
    if (request.kind === "aave" && request.market) {
      context.addIssue({ code: "custom", message: "is for Morpho Blue vaults only (kind aave has none)", path: ["market"] });
    }
  });

export type VaultRequestFile = z.input<typeof vaultRequestSchema>;
export type VaultRequest = z.output<typeof vaultRequestSchema>;

/** Thrown for a parameters file that does not validate; the message lists each field and what is wrong. */
export class VaultRequestError extends Error {
  override name = "VaultRequestError";
}

/** Validates a parameters file's content; `source` names it in the error. */
export function parseVaultRequest(content: unknown, source = "the vault parameters"): VaultRequest {
  const result = vaultRequestSchema.safeParse(content);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.length ? issue.path.join(".") : "(file)"}: ${issue.message}`);
  throw new VaultRequestError(`${source} is not a valid vault request:\n${lines.join("\n")}`);
}

/** A request as the JSON file `parseVaultRequest` reads (bigints as decimal strings). */
export function toVaultRequestFile(request: VaultRequest): VaultRequestFile {
  return JSON.parse(JSON.stringify(request, (_key, value) => (typeof value === "bigint" ? value.toString() : value))) as VaultRequestFile;
}

/** The factories a request can go to. */
export interface VaultFactories {
  MorphoBlueVaultFactory: string;
  AaveV3VaultFactory?: string | undefined;
}

/** What a creation deployed. */
export interface CreatedVault {
  kind: VaultFactoryKind;
  vault: string;
  /** The existing owner, or the timelock the factory deployed. */
  owner: string;
  automationAdapter?: string;
  blockNumber: number;
  transactionHash: string;
}

let saltCounter = 0;
/** A salt no earlier request of this process used (deterministic for a given order of requests). */
export function nextSalt(): string {
  saltCounter += 1;
  return keccakUtf8(`leveraged-vault:vault-request:${saltCounter}`);
}

/** The factory call's arguments for `request`, in the factories' struct shapes. */
export function factoryArguments(request: VaultRequest) {
  const spec = {
    name: request.name,
    symbol: request.symbol,
    collateralToken: request.collateralToken,
    debtToken: request.debtToken,
    collateralFeed: request.collateralFeed,
    debtFeed: request.debtFeed,
    sequencerFeed: request.sequencerFeed,
    guardians: request.guardians,
    keepers: request.keepers,
    decimalsOffset: request.decimalsOffset,
    risk: request.risk satisfies RiskParameters,
    oracle: request.oracle satisfies OracleParameters,
  };
  const owner =
    typeof request.owner === "string"
      ? { owner: request.owner, timelockDelay: 0n, proposers: [], executors: [] }
      : {
          owner: ZERO_ADDRESS,
          timelockDelay: BigInt(request.owner.timelock.delay),
          proposers: request.owner.timelock.proposers,
          executors: request.owner.timelock.executors ?? request.owner.timelock.proposers,
        };
  const automation = { deployAdapter: request.automationAdapterOwner !== undefined, adapterOwner: request.automationAdapterOwner ?? ZERO_ADDRESS };
  return { spec, owner, automation, salt: request.salt ?? nextSalt() };
}

/** Where a creation deploys: the vault, its owner (the new timelock's address) and its adapter (0: none). */
export interface PredictedVault {
  vault: string;
  owner: string;
  automationAdapter: string;
  salt: string;
}

/** The factory of `request`'s kind, bound to its arguments: `predict` asks where, `create` sends. */
async function factoryCall(ethers: HardhatEthers, factories: VaultFactories, request: VaultRequest, account: Signer) {
  const { spec, owner, automation, salt } = factoryArguments(request);
  if (request.kind === "morpho") {
    const factory = (await ethers.getContractAt("MorphoBlueVaultFactory", factories.MorphoBlueVaultFactory, account)) as unknown as MorphoBlueVaultFactory;
    const market = request.market!;
    return {
      salt,
      predict: () => factory.predictVaultAddress(spec, market, request.pool, owner, automation, salt),
      create: () => factory.createVault(spec, market, request.pool, owner, automation, salt),
    };
  }
  if (!factories.AaveV3VaultFactory) throw new Error("no Aave v3 vault factory is deployed on this chain (kind aave)");
  const factory = (await ethers.getContractAt("AaveV3VaultFactory", factories.AaveV3VaultFactory, account)) as unknown as AaveV3VaultFactory;
  return {
    salt,
    predict: () => factory.predictVaultAddress(spec, request.pool, owner, automation, salt),
    create: () => factory.createVault(spec, request.pool, owner, automation, salt),
  };
}

/** Where `createVault(ethers, factories, request)` would deploy, as the factory computes it (sends nothing). */
export async function predictVault(ethers: HardhatEthers, factories: VaultFactories, request: VaultRequest, signer?: Signer): Promise<PredictedVault> {
  const call = await factoryCall(ethers, factories, request, signer ?? (await ethers.getSigners())[0]!);
  const predicted = await call.predict();
  return { vault: predicted.vault, owner: predicted.owner, automationAdapter: predicted.automationAdapter, salt: call.salt };
}

/**
 * Creates the vault `request` describes through the factory of its kind: asks the factory where
 * the vault (and its timelock and adapter) will be, sends `createVault`, and checks the vault is there.
 * A refused creation reverts in the factory before anything is deployed, with the factory's or the
 * vault's own error (ethers decodes it from the factory's ABI).
 */
export async function createVault(ethers: HardhatEthers, factories: VaultFactories, request: VaultRequest, signer?: Signer): Promise<CreatedVault> {
  const call = await factoryCall(ethers, factories, request, signer ?? (await ethers.getSigners())[0]!);
  const predicted = await call.predict();
  const transaction = await call.create();
  const receipt = await transaction.wait();
  if (!receipt) throw new Error(`createVault ${transaction.hash} was not mined`);
  if ((await ethers.provider.getCode(predicted.vault)) === "0x") throw new Error(`no vault at the predicted address ${predicted.vault}`);
  return {
    kind: request.kind,
    vault: predicted.vault,
    owner: predicted.owner,
    ...(predicted.automationAdapter === ZERO_ADDRESS ? {} : { automationAdapter: predicted.automationAdapter }),
    blockNumber: receipt.blockNumber,
    transactionHash: transaction.hash,
  };
}
