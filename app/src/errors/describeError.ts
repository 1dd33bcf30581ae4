import { decodeVaultError, formatLeverage } from "@leveraged-vault/sdk";
import { BaseError, UserRejectedRequestError } from "viem";

import { formatAmount } from "../format/amounts.js";

/** Units to write a vault error's numbers in. */
export interface ErrorUnits {
  assetSymbol: string;
  assetDecimals: number;
  shareSymbol: string;
  shareDecimals: number;
}

/**
 * A sentence for what went wrong. Vault reverts are decoded by the SDK's `decodeVaultError` (from a
 * simulation, a send or a receipt) and written with their numbers; a wallet refusal and anything
 * else fall back to viem's short message.
 */
export function describeError(error: unknown, units: ErrorUnits): string {
  const decoded = decodeVaultError(error);
  if (decoded) {
    const args = decoded.args as Record<string, unknown>;
    const assets = (name: string) => `${formatAmount(args[name] as bigint, units.assetDecimals)} ${units.assetSymbol}`;
    const shares = (name: string) => `${formatAmount(args[name] as bigint, units.shareDecimals)} ${units.shareSymbol}`;
    switch (decoded.errorName) {
      case "ERC4626ExceededMaxDeposit":
        return `The vault takes at most ${assets("max")} right now; a deposit of ${assets("assets")} is above that.`;
      case "ERC4626ExceededMaxMint":
        return `The vault mints at most ${shares("max")} right now; ${shares("shares")} is above that.`;
      case "ERC4626ExceededMaxWithdraw":
        return `You can withdraw at most ${assets("max")} right now; ${assets("assets")} is above that.`;
      case "ERC4626ExceededMaxRedeem":
        return `You can redeem at most ${shares("max")}; ${shares("shares")} is more than you hold.`;
      case "TooFewSharesOut":
        return `The deposit would mint ${shares("shares")}, below your minimum of ${shares("minShares")}: the price moved more than your slippage setting allows.`;
      case "TooManyAssetsIn":
        return `The mint would cost ${assets("assets")}, above your maximum of ${assets("maxAssets")}: raise the slippage setting or try again.`;
      case "TooFewAssetsOut":
        return `The redemption would pay ${assets("assets")}, below your minimum of ${assets("minAssets")}: the price moved more than your slippage setting allows.`;
      case "TooManySharesBurned":
        return `The withdrawal would burn ${shares("shares")}, above your maximum of ${shares("maxShares")}: raise the slippage setting or try again.`;
      case "DeadlineExpired":
        return "The transaction's deadline passed before it was mined; send it again.";
      case "ERC20InsufficientBalance":
        return `Your balance is too low: ${formatAmount(args.balance as bigint, units.assetDecimals)} available, ${formatAmount(args.needed as bigint, units.assetDecimals)} needed.`;
      case "ERC20InsufficientAllowance":
        return `The vault may pull only ${formatAmount(args.allowance as bigint, units.assetDecimals)} ${units.assetSymbol} of yours; approve ${formatAmount(args.needed as bigint, units.assetDecimals)}.`;
      case "ZeroShares":
        return "This amount is too small: it would mint or burn zero shares.";
      case "LeverageAboveEmergency":
        return `The vault's leverage (${formatLeverage(args.leverage as bigint)}) is above its emergency level; it must be delevered first.`;
      default: {
        const details = Object.entries(args).map(([name, value]) => `${name} ${String(value)}`).join(", ");
        return `The vault refused: ${decoded.errorName.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}${details ? ` (${details})` : ""}.`;
      }
    }
  }
  if (error instanceof BaseError) {
    if (error.walk((link) => link instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}
