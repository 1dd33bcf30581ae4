import type { Address, Chain, Client, ContractEventArgs, Log, Transport, WatchContractEventReturnType } from "viem";
import { watchContractEvent } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** A decoded `Withdraw` log with typed `args`. */
export type WithdrawLog = Log<bigint, number, false, Extract<(typeof leveragedVaultAbi)[number], { type: "event"; name: "Withdraw" }>, true>;

/** Parameters of {@link watchWithdrawals}. */
export interface WatchWithdrawalsParameters {
  /** The vault's address. */
  vault: Address;
  /** Filter on the event's indexed arguments. */
  args?: ContractEventArgs<typeof leveragedVaultAbi, "Withdraw"> | undefined;
  /** Called with every batch of new logs. */
  onLogs: (logs: WithdrawLog[]) => void;
  /** Called when polling or the subscription fails. */
  onError?: ((error: Error) => void) | undefined;
  /** Polling interval in ms (HTTP transports; default the client's). */
  pollingInterval?: number | undefined;
}

/** Stops watching. */
export type WatchWithdrawalsReturnType = WatchContractEventReturnType;

/**
 * Calls `onLogs` with each withdrawal or redemption (`Withdraw(sender, receiver, owner, assets, shares)`), decoded and typed. A thin wrapper of viem's
 * `watchContractEvent`; returns the function that stops watching.
 *
 * @example
 * ```ts
 * import { watchWithdrawals } from "@leveraged-vault/sdk";
 *
 * const unwatch = watchWithdrawals(publicClient, {
 *   vault,
 *   args: { owner: account },
 *   onLogs: (logs) => logs.forEach((log) => console.log(log.args.owner, log.args.assets, log.args.shares)),
 * });
 * ```
 */
export function watchWithdrawals(client: Client<Transport, Chain | undefined>, parameters: WatchWithdrawalsParameters): WatchWithdrawalsReturnType {
  const { vault, args, onLogs, onError, pollingInterval } = parameters;
  return watchContractEvent(client, {
    address: vault,
    abi: leveragedVaultAbi,
    eventName: "Withdraw",
    args,
    strict: true,
    onLogs: (logs) => onLogs(logs as WithdrawLog[]),
    onError,
    pollingInterval,
  });
}
