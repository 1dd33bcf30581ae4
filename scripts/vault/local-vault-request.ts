/**
 * Vault requests for the local stack: a long vault (WETH collateral, USDC debt) or an inverse one
 * (USDC collateral, WETH debt), on Morpho Blue or Aave v3, with the parameters of
 * `defaultParameters` (presets and overrides). What `npm run deploy` creates on a local node and what
 * the test helpers (`deployMorphoBlueVault`, `deployAaveV3Vault`) create in process.
 */
import type { LocalStackAddresses } from "../stack/deploy-local-stack.js";
import { defaultParameters, type OracleParameters, type ParameterChoices, type RiskParameters, type VaultKind } from "./vault-parameters.js";
import type { VaultMarket, VaultRequest } from "./vault-request.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** A new `TimelockController` for the vault, instead of an existing owner. */
export interface NewTimelock {
  /** Seconds every owner action waits. */
  delay: number;
  proposers: string[];
  /** Default: the proposers. */
  executors?: string[];
}

export interface LocalVaultOptions extends ParameterChoices {
  kind?: VaultKind;
  /** An existing owner (default: the deployer); ignored with `timelock`. */
  owner?: string;
  /** Deploy a new `TimelockController` to own the vault. */
  timelock?: NewTimelock;
  /** Default: the deployer. */
  guardian?: string;
  /** More guardians besides `guardian`. */
  guardians?: string[];
  /** Default: the deployer. */
  keeper?: string;
  /** More keepers besides `keeper`. */
  keepers?: string[];
  /** Deploy the vault's `VaultAutomationAdapter`, owned by this account and made a keeper at creation. */
  automationAdapterOwner?: string;
  sequencerFeed?: string;
  /** The vault's own ETH/USD feed, when it should not share the stack's (the Morpho market reads the stack's). */
  ethUsdFeed?: string;
  decimalsOffset?: number;
  /** The CREATE2 salt (default: a new one for every request of the process). */
  salt?: string;
  risk?: Partial<RiskParameters>;
  oracle?: Partial<OracleParameters>;
}

/** The request for a vault of `options.kind` on `market` of the local stack at `stack`, deployed by `deployer`. */
export function localVaultRequest(stack: LocalStackAddresses, market: VaultMarket, deployer: string, options: LocalVaultOptions = {}): VaultRequest {
  const kind = options.kind ?? "long";
  const long = kind === "long";
  const defaults = defaultParameters(kind, options);
  const ethUsdFeed = options.ethUsdFeed ?? stack.ethUsdFeed;
  const morphoMarket = long ? stack.wethCollateralMarket : stack.usdcCollateralMarket;
  if (market === "aave" && !("aave" in stack && stack.aave)) {
    throw new Error("this stack has no Aave v3: deploy it with deployLocalStack(ethers, { aave: true })");
  }
  return {
    kind: market,
    name: long ? "Leveraged ETH 2x" : "Inverse ETH 2x",
    symbol: long ? "ETH2X" : "iETH2X",
    collateralToken: long ? stack.weth : stack.usdc,
    debtToken: long ? stack.usdc : stack.weth,
    collateralFeed: long ? ethUsdFeed : stack.usdcUsdFeed,
    debtFeed: long ? stack.usdcUsdFeed : ethUsdFeed,
    sequencerFeed: options.sequencerFeed ?? ZERO_ADDRESS,
    guardians: [options.guardian ?? deployer, ...(options.guardians ?? [])],
    keepers: [options.keeper ?? deployer, ...(options.keepers ?? [])],
    decimalsOffset: options.decimalsOffset ?? 6,
    pool: stack.pool,
    ...(market === "morpho"
      ? {
          market: {
            loanToken: morphoMarket.loanToken,
            collateralToken: morphoMarket.collateralToken,
            oracle: morphoMarket.oracle,
            irm: morphoMarket.irm,
            lltv: BigInt(morphoMarket.lltv),
          },
        }
      : {}),
    owner: options.timelock
      ? { timelock: { delay: options.timelock.delay, proposers: options.timelock.proposers, ...(options.timelock.executors ? { executors: options.timelock.executors } : {}) } }
      : (options.owner ?? deployer),
    ...(options.automationAdapterOwner ? { automationAdapterOwner: options.automationAdapterOwner } : {}),
    ...(options.salt ? { salt: options.salt } : {}),
    risk: { ...defaults.risk, ...options.risk },
    oracle: { ...defaults.oracle, ...options.oracle },
  };
}
