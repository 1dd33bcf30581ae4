/**
 * Builds the Ignition parameters for a vault on a deployed local stack, from the addresses
 * `scripts/deploy-stack.ts` records: module `LeveragedVault` (Morpho Blue) or `AaveLeveragedVault`
 * (Aave v3, on a stack deployed with Aave).
 */
import type { LocalStackAddresses } from "../stack/deploy-local-stack.js";
import { defaultParameters, type ParameterChoices, type VaultKind } from "./vault-parameters.js";

export interface VaultRoles {
  /** The proposer and executor of the `TimelockController` that owns the vault (default: the deployer). */
  owner?: string;
  /** Seconds every owner action (risk-increasing parameter changes included) waits: the timelock's minimum delay. */
  parameterDelay?: number;
  guardian?: string;
  keeper?: string;
}

/** The lending markets a vault can be deployed on, each with its Ignition module. */
export type VaultMarket = "morpho" | "aave";
export const VAULT_MARKETS: VaultMarket[] = ["morpho", "aave"];

/** The Ignition module id of each market's vault module (ignition/modules/<id>.ts). */
export const IGNITION_MODULE_IDS = { morpho: "LeveragedVault", aave: "AaveLeveragedVault" } as const;

/** Reads a `--market` / `VAULT_MARKET` value, with an error that names what is accepted. */
export function parseVaultMarket(value: string): VaultMarket {
  if (!(VAULT_MARKETS as string[]).includes(value)) {
    throw new RangeError(`market must be one of ${VAULT_MARKETS.join(", ")} (got "${value}")`);
  }
  return value as VaultMarket;
}

/** The parameters every vault module takes, whatever its market. */
function commonVaultParameters(stack: LocalStackAddresses, kind: VaultKind, roles: VaultRoles, choices: ParameterChoices) {
  const long = kind === "long";
  const { risk, oracle } = defaultParameters(kind, choices);
  return {
    name: long ? "Leveraged ETH 2x" : "Inverse ETH 2x",
    symbol: long ? "ETH2X" : "iETH2X",
    collateralToken: long ? stack.weth : stack.usdc,
    debtToken: long ? stack.usdc : stack.weth,
    pool: stack.pool,
    collateralFeed: long ? stack.ethUsdFeed : stack.usdcUsdFeed,
    debtFeed: long ? stack.usdcUsdFeed : stack.ethUsdFeed,
    ...roles,
    risk,
    oracle,
  };
}

/** Ignition parameters (module `LeveragedVault`) for a long (WETH/USDC) or inverse (USDC/WETH) Morpho Blue vault on the local stack. */
export function localVaultParameters(
  stack: LocalStackAddresses,
  kind: VaultKind = "long",
  roles: VaultRoles = {},
  choices: ParameterChoices = {},
) {
  const market = kind === "long" ? stack.wethCollateralMarket : stack.usdcCollateralMarket;
  const { risk, oracle, ...common } = commonVaultParameters(stack, kind, roles, choices);
  return {
    LeveragedVault: {
      ...common,
      morpho: stack.morpho,
      market: {
        loanToken: market.loanToken,
        collateralToken: market.collateralToken,
        oracle: market.oracle,
        irm: market.irm,
        lltv: BigInt(market.lltv),
      },
      risk,
      oracle,
    },
  };
}

/** Ignition parameters (module `AaveLeveragedVault`) for a long or inverse Aave v3 vault on a local stack deployed with Aave. */
export function localAaveVaultParameters(
  stack: LocalStackAddresses,
  kind: VaultKind = "long",
  roles: VaultRoles = {},
  choices: ParameterChoices = {},
) {
  if (!("aave" in stack) || !stack.aave) {
    throw new Error("this stack has no Aave v3: deploy it with deployLocalStack(ethers, { aave: true })");
  }
  const { risk, oracle, ...common } = commonVaultParameters(stack, kind, roles, choices);
  return { AaveLeveragedVault: { ...common, aavePool: stack.aave.pool, risk, oracle } };
}

/** The local parameters of `market`'s module. */
export function localParametersFor(
  market: VaultMarket,
  stack: LocalStackAddresses,
  kind: VaultKind = "long",
  roles: VaultRoles = {},
  choices: ParameterChoices = {},
) {
  return market === "aave" ? localAaveVaultParameters(stack, kind, roles, choices) : localVaultParameters(stack, kind, roles, choices);
}

/** The same parameters as JSON Ignition's CLI reads (bigints written as "123n"). */
export function toIgnitionJson(parameters: unknown): string {
  return JSON.stringify(parameters, (_key, value) => (typeof value === "bigint" ? `${value}n` : value), 2) + "\n";
}
