/**
 * A vault parameter change through its timelock, as the two transactions a Safe that proposes and
 * executes on the timelock signs: `schedule(vault, 0, updateParameters(...), 0, salt, delay)` now,
 * and `execute(...)` with the same fields once the delay has passed. Each is Safe transaction data
 * (`to`, `value`, `data`, `operation` 0 = call), as the Safe web app's transaction builder and
 * `@safe-global/protocol-kit`'s `createTransaction` take it.
 */
import { Interface, ZeroHash, id } from "ethers";
import type { InterfaceAbi } from "ethers";

import type { OracleParameters, RiskParameters } from "../vault/vault-parameters.js";

export interface SafeTransactionData {
  to: string;
  value: string;
  data: string;
  /** 0: a call (a Safe never delegatecalls a timelock). */
  operation: 0;
}

export interface TimelockParameterChange {
  /** The vault's owner. */
  timelock: string;
  vault: string;
  risk: RiskParameters;
  oracle: OracleParameters;
  /** Seconds; at least the timelock's minimum delay. */
  delay: number;
  /** Tells two otherwise identical changes apart (default: derived from the change). */
  salt?: string;
}

export interface ParameterChangeTransactions {
  /** `updateParameters(risk, oracle)` on the vault: what the timelock runs. */
  call: { target: string; value: string; data: string; predecessor: string; salt: string };
  schedule: SafeTransactionData;
  execute: SafeTransactionData;
  /** The earliest `execute` may run: the schedule's block time plus this many seconds. */
  delay: number;
}

/**
 * The Safe transactions of a parameter change. `vaultAbi` is the vault's ABI (for `updateParameters`)
 * and `timelockAbi` the `TimelockController`'s, both from the compiled artifacts.
 */
export function parameterChangeTransactions(change: TimelockParameterChange, vaultAbi: InterfaceAbi, timelockAbi: InterfaceAbi): ParameterChangeTransactions {
  const vault = new Interface(vaultAbi);
  const timelock = new Interface(timelockAbi);
  const data = vault.encodeFunctionData("updateParameters", [change.risk, change.oracle]);
  const salt = change.salt ?? id(`leveraged-vault parameter change ${change.vault} ${data}`);
  const call = { target: change.vault, value: "0", data, predecessor: ZeroHash, salt };
  return {
    call,
    schedule: { to: change.timelock, value: "0", operation: 0, data: timelock.encodeFunctionData("schedule", [call.target, 0n, call.data, call.predecessor, call.salt, BigInt(change.delay)]) },
    execute: { to: change.timelock, value: "0", operation: 0, data: timelock.encodeFunctionData("execute", [call.target, 0n, call.data, call.predecessor, call.salt]) },
    delay: change.delay,
  };
}
