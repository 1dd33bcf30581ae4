/**
 * Builds the Ignition parameters (module `LeveragedVault`) for a vault on a deployed local stack,
 * from the addresses `scripts/deploy-stack.ts` records.
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

/** Ignition parameters for a long (WETH/USDC) or inverse (USDC/WETH) vault on the local stack. */
export function localVaultParameters(
  stack: LocalStackAddresses,
  kind: VaultKind = "long",
  roles: VaultRoles = {},
  choices: ParameterChoices = {},
) {
  const long = kind === "long";
  const market = long ? stack.wethCollateralMarket : stack.usdcCollateralMarket;
  const { risk, oracle } = defaultParameters(kind, choices);
  return {
    LeveragedVault: {
      name: long ? "Leveraged ETH 2x" : "Inverse ETH 2x",
      symbol: long ? "ETH2X" : "iETH2X",
      collateralToken: long ? stack.weth : stack.usdc,
      debtToken: long ? stack.usdc : stack.weth,
      pool: stack.pool,
      collateralFeed: long ? stack.ethUsdFeed : stack.usdcUsdFeed,
      debtFeed: long ? stack.usdcUsdFeed : stack.ethUsdFeed,
      morpho: stack.morpho,
      market: {
        loanToken: market.loanToken,
        collateralToken: market.collateralToken,
        oracle: market.oracle,
        irm: market.irm,
        lltv: BigInt(market.lltv),
      },
      ...roles,
      risk,
      oracle,
    },
  };
}

/** The same parameters as JSON Ignition's CLI reads (bigints written as "123n"). */
export function toIgnitionJson(parameters: unknown): string {
  return JSON.stringify(parameters, (_key, value) => (typeof value === "bigint" ? `${value}n` : value), 2) + "\n";
}
