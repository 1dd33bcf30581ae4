import type { Address, Chain, Client, ContractEventArgs, Log, Transport, WatchContractEventReturnType } from "viem";
import { watchContractEvent } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** A decoded `Deposit` log with typed `args`. */
export type DepositLog = Log<bigint, number, false, Extract<(typeof leveragedVaultAbi)[number], { type: "event"; name: "Deposit" }>, true>;

/** Parameters of {@link watchDeposits}. */
export interface WatchDepositsParameters {
  /** The vault's address. */
  vault: Address;
  /** Filter on the event's indexed arguments. */
  args?: ContractEventArgs<typeof leveragedVaultAbi, "Deposit"> | undefined;
  /** Called with every batch of new logs. */
  onLogs: (logs: DepositLog[]) => void;
  /** Called when polling or the subscription fails. */
  onError?: ((error: Error) => void) | undefined;
  /** Polling interval in ms (HTTP transports; default the client's). */
  pollingInterval?: number | undefined;
}

/** Stops watching. */
export type WatchDepositsReturnType = WatchContractEventReturnType;

/**
 * Calls `onLogs` with each deposit or mint (`Deposit(sender, owner, assets, shares)`), decoded and typed. A thin wrapper of viem's
 * `watchContractEvent`; returns the function that stops watching.
 *
 * @example
 * ```ts
 * import { watchDeposits } from "@leveraged-vault/sdk";
 *
 * const unwatch = watchDeposits(publicClient, {
 *   vault,
 *   args: { owner: account },
 *   onLogs: (logs) => logs.forEach((log) => console.log(log.args.owner, log.args.assets, log.args.shares)),
 * });
 * ```
 */
export function watchDeposits(client: Client<Transport, Chain | undefined>, parameters: WatchDepositsParameters): WatchDepositsReturnType {
  const { vault, args, onLogs, onError, pollingInterval } = parameters;
  return watchContractEvent(client, {
    address: vault,
    abi: leveragedVaultAbi,
    eventName: "Deposit",
    args,
    strict: true,
    onLogs: (logs) => onLogs(logs as DepositLog[]),
    onError,
    pollingInterval,
  });
}
