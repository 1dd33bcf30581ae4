import { BaseError } from "viem";

/** Options shared by every typed vault error. */
export interface LeveragedVaultErrorOptions {
  /** The viem error the revert was decoded from. */
  cause?: Error | undefined;
  /** The raw revert data. */
  data?: `0x${string}` | undefined;
}

/**
 * Base class of every typed revert of the leveraged vault. `errorName` is the contract error's name
 * and `args` its arguments by name; each subclass (e.g. `LeverageInBandError`) also exposes every
 * argument as a typed property.
 *
 * @example
 * ```ts
 * import { decodeVaultError, LeveragedVaultError } from "@leveraged-vault/sdk";
 *
 * const decoded = decodeVaultError(caught);
 * if (decoded instanceof LeveragedVaultError) console.log(decoded.errorName, decoded.args);
 * ```
 */
export class LeveragedVaultError<
  errorName extends string = string,
  args extends Record<string, unknown> = Record<string, unknown>,
> extends BaseError {
  /** The contract error's name, e.g. `"LeverageInBand"`. */
  readonly errorName: errorName;
  /** The contract error's arguments by name. */
  readonly args: args;
  /** The raw revert data, when known. */
  readonly data: `0x${string}` | undefined;

  constructor(errorName: errorName, args: args, options: LeveragedVaultErrorOptions = {}) {
    const details = Object.entries(args).map(([key, value]) => `  ${key}: ${String(value)}`);
    super(`The vault reverted with ${errorName}.`, {
      cause: options.cause as BaseError | Error | undefined,
      metaMessages: details.length > 0 ? ["Arguments:", ...details] : undefined,
      name: `${errorName}Error`,
    });
    this.errorName = errorName;
    this.args = args;
    this.data = options.data;
  }
}
