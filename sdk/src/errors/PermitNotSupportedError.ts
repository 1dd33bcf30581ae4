import { BaseError, type Address } from "viem";

/**
 * The token does not support EIP-2612 `permit` (or its EIP-712 domain cannot be reconstructed), so
 * the caller must fall back to `approve` (see `buildApproval`).
 *
 * @example
 * ```ts
 * import { PermitNotSupportedError, signPermit } from "@leveraged-vault/sdk";
 *
 * try {
 *   await signPermit(walletClient, { token, spender: vault, value });
 * } catch (error) {
 *   if (error instanceof PermitNotSupportedError) console.log(error.token, error.reason);
 * }
 * ```
 */
export class PermitNotSupportedError extends BaseError {
  /** The token. */
  readonly token: Address;
  /** Why permit cannot be used. */
  readonly reason: string;

  constructor(token: Address, reason: string) {
    super(`Token ${token} does not support EIP-2612 permit: ${reason}`, { name: "PermitNotSupportedError" });
    this.token = token;
    this.reason = reason;
  }
}
