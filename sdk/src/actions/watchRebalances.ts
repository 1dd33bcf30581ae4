import type { Address, Chain, Client, ContractEventArgs, Log, Transport, WatchContractEventReturnType } from "viem";
import { watchContractEvent } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";

/** A decoded `Rebalanced` log with typed `args`. */
export type RebalancedLog = Log<bigint, number, false, Extract<(typeof leveragedVaultAbi)[number], { type: "event"; name: "Rebalanced" }>, true>;

/** Parameters of {@link watchRebalances}. */
export interface WatchRebalancesParameters {
  /** The vault's address. */
  vault: Address;
  /** Filter on the event's indexed arguments. */
  args?: ContractEventArgs<typeof leveragedVaultAbi, "Rebalanced"> | undefined;
  /** Called with every batch of new logs. */
  onLogs: (logs: RebalancedLog[]) => void;
  /** Called when polling or the subscription fails. */
  onError?: ((error: Error) => void) | undefined;
  /** Polling interval in ms (HTTP transports; default the client's). */
  pollingInterval?: number | undefined;
}

/** Stops watching. */
export type WatchRebalancesReturnType = WatchContractEventReturnType;

/**
 * Calls `onLogs` with each rebalance or emergency delever (`Rebalanced(caller, action, leverageBefore, leverageAfter, amountIn, amountOut, oracleImpliedAmountIn, reward)`), decoded and typed. A thin wrapper of viem's
 * `watchContractEvent`; returns the function that stops watching.
 *
 * @example
 * ```ts
 * import { RebalanceAction } from "@leveraged-vault/sdk";
 * import { watchRebalances } from "@leveraged-vault/sdk";
 *
 * const unwatch = watchRebalances(publicClient, {
 *   vault,
 *   args: { action: RebalanceAction.Emergency },
 *   onLogs: (logs) => logs.forEach((log) => console.log(log.args.action, log.args.leverageBefore, log.args.leverageAfter)),
 * });
 * ```
 */
export function watchRebalances(client: Client<Transport, Chain | undefined>, parameters: WatchRebalancesParameters): WatchRebalancesReturnType {
  const { vault, args, onLogs, onError, pollingInterval } = parameters;
  return watchContractEvent(client, {
    address: vault,
    abi: leveragedVaultAbi,
    eventName: "Rebalanced",
    args,
    strict: true,
    onLogs: (logs) => onLogs(logs as RebalancedLog[]),
    onError,
    pollingInterval,
  });
}
