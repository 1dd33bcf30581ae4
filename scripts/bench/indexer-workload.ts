/**
 * The indexer bench's workload: vaults created through the deployment's factory, then the same
 * schedule of flows for every vault (deposits, withdrawals, redemptions and share transfers between
 * three holders) with two market moves, after each of which every vault rebalances. The schedule is
 * pure (`vaultSchedule`, sized to a number of events per vault); `createVaults` and `runSchedule`
 * send it. Each step runs for all vaults before the next, so the vaults' events interleave over the
 * blocks as on a live chain.
 */
import { MaxUint256, parseUnits, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import { describeCreatedVault, type DeployedVaultRecord, type DeploymentRecord } from "../deploy/records.js";
import { moveMarket, type LocalStack } from "../stack/deploy-local-stack.js";
import { createVault, type VaultRequest } from "../vault/vault-request.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";

/** One step of a vault's schedule; holders are indexes into the bench's three holders. */
export type ScheduleStep =
  | { kind: "deposit"; holder: number }
  | { kind: "withdraw"; holder: number }
  | { kind: "redeem"; holder: number }
  | { kind: "transfer"; from: number; to: number }
  /** The market moves to `ethPriceUsd`, then the keeper rebalances every vault that is due. */
  | { kind: "rebalance"; ethPriceUsd: number };

/**
 * Indexed events each step emits on the vault: a deposit mints shares (`Transfer` from zero) and
 * logs `Deposit`; a withdrawal or redemption burns them and logs `Withdraw`; a share transfer is one
 * `Transfer`; a rebalance one `Rebalanced`.
 */
export const EVENTS_PER_STEP: Record<ScheduleStep["kind"], number> = { deposit: 2, withdraw: 2, redeem: 2, transfer: 1, rebalance: 1 };

/** Holders a schedule moves shares between. */
export const HOLDERS = 3;

/** One round of trading among the three holders: 7 steps, 12 events. */
const TRADING_ROUND: ScheduleStep[] = [
  { kind: "deposit", holder: 0 },
  { kind: "transfer", from: 0, to: 1 },
  { kind: "deposit", holder: 1 },
  { kind: "withdraw", holder: 1 },
  { kind: "transfer", from: 1, to: 2 },
  { kind: "deposit", holder: 2 },
  { kind: "redeem", holder: 2 },
];

/** Events a list of steps emits. */
export function scheduleEvents(steps: readonly ScheduleStep[]): number {
  return steps.reduce((sum, step) => sum + EVENTS_PER_STEP[step.kind], 0);
}

/**
 * A vault's schedule emitting exactly `events` indexed events: each holder deposits, the market
 * moves to `prices[0]` and the vault rebalances, trading rounds follow with the move to `prices[1]`
 * and the second rebalance halfway through them, and share transfers (one event each) make up the
 * remainder. Throws a RangeError naming `events` when it is below the opening (8 events).
 */
export function vaultSchedule(events: number, prices: readonly [number, number]): ScheduleStep[] {
  const opening: ScheduleStep[] = [...Array.from({ length: HOLDERS }, (_, holder) => ({ kind: "deposit", holder }) as const), { kind: "rebalance", ethPriceUsd: prices[0] }];
  const secondRebalance: ScheduleStep = { kind: "rebalance", ethPriceUsd: prices[1] };
  const fixed = scheduleEvents(opening) + scheduleEvents([secondRebalance]);
  if (!Number.isInteger(events) || events < fixed) throw new RangeError(`events must be an integer of at least ${fixed} (got ${events})`);
  const rounds = Math.floor((events - fixed) / scheduleEvents(TRADING_ROUND));
  const transfers = events - fixed - rounds * scheduleEvents(TRADING_ROUND);
  const trading = Array.from({ length: rounds }, () => TRADING_ROUND).flat();
  const half = Math.floor(rounds / 2) * TRADING_ROUND.length;
  const remainder = Array.from({ length: transfers }, (_, index): ScheduleStep => ({ kind: "transfer", from: index % HOLDERS, to: (index + 1) % HOLDERS }));
  return [...opening, ...trading.slice(0, half), secondRebalance, ...trading.slice(half), ...remainder];
}

/**
 * Creates `count` vaults like `request` through the deployment's factory (one transaction each),
 * each with its own salt and symbol (`<symbol>-<n>`), and appends them to `record.vaults`.
 */
export async function createVaults(ethers: HardhatEthers, record: DeploymentRecord, request: VaultRequest, count: number, signer: Signer): Promise<DeployedVaultRecord[]> {
  const created: DeployedVaultRecord[] = [];
  for (let index = 0; index < count; index++) {
    const symbol = `${request.symbol}-${index + 1}`;
    const vault = await createVault(ethers, record.infrastructure, { ...request, symbol, salt: ethers.id(`bench:indexer ${symbol}`) }, signer);
    created.push(await describeCreatedVault(ethers, vault));
  }
  record.vaults.push(...created);
  return created;
}

export interface ScheduleRun {
  ethers: HardhatEthers;
  stack: LocalStack;
  vaults: ILeveragedVault[];
  /** The three holders the steps name by index. */
  holders: Signer[];
  /** A keeper of every vault. */
  keeper: Signer;
  /** Whole WETH per deposit. */
  depositWeth: string;
  /** Whole WETH per withdrawal. */
  withdrawWeth: string;
  /** Called after each step has run on every vault. */
  onStep?: (index: number, step: ScheduleStep) => void;
}

/**
 * Runs `schedule` on every vault, step by step. Sends are awaited only as far as the node's
 * acceptance (automine mines each on arrival) and receipts are checked at the end of each step.
 * After each flow step the feeds are refreshed at the current price and the pool put back on it, so
 * no vault meets a stale feed or a pool off the oracle.
 */
export async function runSchedule(run: ScheduleRun, schedule: readonly ScheduleStep[]): Promise<void> {
  const { ethers, stack, vaults, holders, keeper } = run;
  const weth = stack.tokens.weth;
  const deposit = parseUnits(run.depositWeth, 18);
  const withdrawal = parseUnits(run.withdrawWeth, 18);
  const addresses = await Promise.all(holders.map((holder) => holder.getAddress()));
  const deposits = schedule.filter((step) => step.kind === "deposit").length;
  // Every holder has enough WETH for every deposit, and every vault may take it.
  for (const [index, holder] of holders.entries()) {
    await (await weth.connect(stack.signer).mint(addresses[index]!, deposit * BigInt(deposits * vaults.length))).wait();
    const approvals = [];
    for (const vault of vaults) approvals.push(await weth.connect(holder).approve(await vault.getAddress(), MaxUint256));
    await Promise.all(approvals.map((transaction) => transaction.wait()));
  }
  let ethPriceUsd = Number((await stack.feeds.ethUsd.latestRoundData())[1]) / 1e8;
  for (const [index, step] of schedule.entries()) {
    if (step.kind === "rebalance") {
      ethPriceUsd = step.ethPriceUsd;
      await moveMarket(stack, ethPriceUsd, { alsoRefresh: [stack.feeds.usdcUsd] });
      await rebalanceAllWhenDue(ethers, vaults, keeper);
    } else {
      const pending = [];
      for (const vault of vaults) pending.push(await sendStep(vault, step, holders, addresses, deposit, withdrawal));
      await Promise.all(pending.map((transaction) => transaction.wait()));
      await moveMarket(stack, ethPriceUsd, { alsoRefresh: [stack.feeds.usdcUsd] });
    }
    run.onStep?.(index, step);
  }
}

async function sendStep(vault: ILeveragedVault, step: Exclude<ScheduleStep, { kind: "rebalance" }>, holders: Signer[], addresses: string[], deposit: bigint, withdrawal: bigint) {
  switch (step.kind) {
    case "deposit":
      return await vault.connect(holders[step.holder]!).deposit(deposit, addresses[step.holder]!);
    case "withdraw":
      return await vault.connect(holders[step.holder]!).withdraw(withdrawal, addresses[step.holder]!, addresses[step.holder]!);
    case "redeem": {
      const shares = (await vault.balanceOf(addresses[step.holder]!)) / 4n;
      return await vault.connect(holders[step.holder]!).redeem(shares, addresses[step.holder]!, addresses[step.holder]!);
    }
    case "transfer": {
      const shares = (await vault.balanceOf(addresses[step.from]!)) / 10n;
      return await vault.connect(holders[step.from]!).transfer(addresses[step.to]!, shares);
    }
  }
}

/** Waits out the latest `readyAt` of the vaults that are due, then the keeper rebalances each of them. */
async function rebalanceAllWhenDue(ethers: HardhatEthers, vaults: ILeveragedVault[], keeper: Signer): Promise<void> {
  const statuses = await Promise.all(vaults.map((vault) => vault.rebalanceStatus()));
  const due = vaults.filter((_, index) => statuses[index]!.action !== 0n);
  if (due.length < vaults.length) console.log(`  ${vaults.length - due.length} of ${vaults.length} vaults were not due for a rebalance after the market move`);
  const readyAt = Math.max(0, ...statuses.filter((status) => status.action !== 0n).map((status) => Number(status.readyAt)));
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  if (readyAt > now) {
    await ethers.provider.send("evm_increaseTime", [readyAt - now + 1]);
    await ethers.provider.send("evm_mine", []);
  }
  const pending = [];
  for (const vault of due) pending.push(await vault.connect(keeper).rebalance());
  await Promise.all(pending.map((transaction) => transaction.wait()));
}
