import type { Address, Chain, Client, Transport } from "viem";
import { readContract } from "viem/actions";

import { vaultPositionLensAbi, vaultPositionLensBytecode } from "../lens/vaultPositionLens.js";
import type { PositionState, RebalanceStatus } from "../types.js";
import { PRICE_SCALE, WAD } from "../utils/constants.js";
import { priceAtLeverage } from "../utils/priceAtLeverage.js";

/** Parameters of {@link getPosition}. */
export interface GetPositionParameters {
  /** The vault's address. */
  vault: Address;
  /** The holder. */
  user: Address;
  /** Read at this block (default: latest). */
  blockNumber?: bigint | undefined;
}

/**
 * A holder's position and its risk. Prices are the vault's oracle price: one raw collateral unit in
 * raw debt units, scaled by 1e36. Leverage rises as this price falls, for every vault.
 *
 * - Long vault (collateral WETH, debt USDC): the price is ETH in USDC. ETH falling raises leverage:
 *   `rebalanceDownPrice` and `liquidationPrice` lie BELOW the current price, `rebalanceUpPrice` above.
 * - Inverse vault (collateral USDC, debt WETH): the price is USDC in WETH, i.e. 1 / (ETH in USDC).
 *   ETH RISING lowers this price and raises leverage: in ETH terms the delever trigger and the
 *   liquidation lie ABOVE the current ETH price, and the lever-up trigger below.
 *
 * The formula is the same for both: `P(L) = D·L / (C·(L − 1))` (see `priceAtLeverage`).
 */
export interface GetPositionReturnType {
  /** The vault's address. */
  vault: Address;
  /** The holder. */
  user: Address;
  /** Block the position was read at. */
  blockNumber: bigint;
  /** That block's timestamp. */
  timestamp: bigint;
  /** Shares held (raw). */
  shares: bigint;
  /** Shares outstanding. */
  totalSupply: bigint;
  /** Value of the shares at the oracle, before exit costs: `convertToAssets(shares)`. */
  assets: bigint;
  /** What redeeming every share pays at worst (slippage bound applied): `previewRedeem(shares)`. */
  redeemAssets: bigint;
  /** `maxWithdraw(user)` (0 while the price is unhealthy; `redeem` still works). */
  maxWithdraw: bigint;
  /** The vault's position (the holder owns `shares / totalSupply` of it, at the same leverage). */
  positionState: PositionState;
  /** What rebalance is due and the effective band. */
  rebalanceStatus: RebalanceStatus;
  /** Current leverage (WAD), the vault's. */
  leverage: bigint;
  /** Exposure to the collateral's price: `assets × leverage`, in raw collateral units. */
  exposureInCollateral: bigint;
  /** The same exposure in raw debt units at the oracle price. */
  exposureInDebt: bigint;
  /** Leverage at which the lending market liquidates (WAD). */
  liquidationLeverage: bigint;
  /** Oracle price (1e36) at which leverage reaches `liquidationLeverage`; `null` without debt. */
  liquidationPrice: bigint | null;
  /**
   * Oracle price (1e36) at which leverage falls to the band floor (`minLeverage`) and the vault levers
   * up: ABOVE the current price. `null` without debt.
   */
  rebalanceUpPrice: bigint | null;
  /**
   * Oracle price (1e36) at which leverage reaches the band ceiling (`maxLeverage`) and the vault
   * delevers: BELOW the current price. `null` without debt.
   */
  rebalanceDownPrice: bigint | null;
  /** Oracle price (1e36) at which the permissionless emergency delever opens. `null` without debt. */
  emergencyPrice: bigint | null;
}

/**
 * Reads a holder's position and its risk in ONE `eth_call`: a small lens contract runs deployless
 * (never deployed) and reads the holder's balance, then the vault's own `convertToAssets` and
 * `previewRedeem` of exactly that balance, the position and the rebalance band, all in one block.
 * Trigger and liquidation prices are then computed from that one snapshot.
 *
 * @example
 * ```ts
 * import { getPosition } from "@leveraged-vault/sdk";
 *
 * const position = await getPosition(publicClient, { vault, user: "0x..." });
 * console.log(position.assets, position.liquidationPrice, position.rebalanceDownPrice);
 * ```
 */
export async function getPosition(
  client: Client<Transport, Chain | undefined>,
  parameters: GetPositionParameters,
): Promise<GetPositionReturnType> {
  const { vault, user, blockNumber } = parameters;
  const lens = await readContract(client, {
    abi: vaultPositionLensAbi,
    code: vaultPositionLensBytecode,
    functionName: "position",
    args: [vault, user],
    blockNumber,
  });
  const positionState: PositionState = { ...lens.state };
  const rebalanceStatus: RebalanceStatus = { ...lens.status };
  const { collateral, debt, price, leverage } = positionState;
  const exposureInCollateral = (lens.assets * leverage) / WAD;
  const exposureInDebt = (exposureInCollateral * price) / PRICE_SCALE;
  return {
    vault,
    user,
    blockNumber: lens.blockNumber,
    timestamp: lens.timestamp,
    shares: lens.shares,
    totalSupply: lens.totalSupply,
    assets: lens.assets,
    redeemAssets: lens.redeemAssets,
    maxWithdraw: lens.maxWithdraw,
    positionState,
    rebalanceStatus,
    leverage,
    exposureInCollateral,
    exposureInDebt,
    liquidationLeverage: lens.liquidationLeverage,
    liquidationPrice: priceAtLeverage(collateral, debt, lens.liquidationLeverage),
    rebalanceUpPrice: priceAtLeverage(collateral, debt, rebalanceStatus.minLeverage),
    rebalanceDownPrice: priceAtLeverage(collateral, debt, rebalanceStatus.maxLeverage),
    emergencyPrice: priceAtLeverage(collateral, debt, rebalanceStatus.emergencyLeverage),
  };
}
