/**
 * Gas of the long vault's flows next to the raw lending-market + Uniswap v3 calls they wrap, on each
 * lending market: Morpho Blue (baseline contracts/testing/benchmark/RawMorphoLeverageBaseline.sol) and
 * Aave v3 (RawAaveLeverageBaseline.sol), in the same run on the same stack.
 *
 *   npx hardhat run scripts/bench/gas.ts
 *
 * For each flow the vault call and the baseline call run on the SAME starting state: an EVM snapshot is taken, the vault call runs, the snapshot is
 * restored and the baseline runs with the amounts the vault used (read from its PositionIncreased /
 * PositionDecreased / Rebalanced events). The baseline holds its own Morpho position of the same size
 * as the vault's (same collateral deposited and levered to the same 2x), so the market and Uniswap touch
 * the same kind of storage (a fresh transaction, cold slots) in both runs. Gas is each receipt's
 * `gasUsed` (21,000 intrinsic gas and calldata included in both).
 */
import { network } from "hardhat";
import { parseUnits, type ContractTransactionResponse, type Log, type Signer } from "ethers";

import { AutomationNodeNetwork } from "../automation/node-network.js";
import { registerVaultUpkeep } from "../automation/register-vault.js";
import { deployAutomation } from "../stack/deploy-automation.js";
import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { formatUpkeepGasRow, measureUpkeepGas, UPKEEP_GAS_HEADER } from "./automation-gas.js";
import { traceGas } from "./trace-gas.js";
import { deployAaveV3Vault, deployMorphoBlueVault } from "../vault/deploy-vault.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";

const { ethers, networkHelpers } = await network.create();

const POSITION_WETH = parseUnits("100", 18); // each side's initial equity
const DEPOSIT_WETH = parseUnits("10", 18);
const REDEEM_FRACTION_BPS = 1000n; // 10% of the holder's shares
const MORPHO_REFERENCE_LEVER_UP = 260_000; // the product's Morpho reference: callback lever-up with a real Uniswap swap
/**
 * Targets of the lean-core issue, per market: vault gas / raw protocol gas, same run, same starting state.
 * Morpho Blue's redeem and emergency delever carry a little more (a Morpho exit reads the market's
 * interest state and the position from storage where Aave's comes from the reserve data anyway).
 */
const TARGETS: Record<"morpho" | "aave", Record<string, number>> = {
  morpho: {
    "deposit, new holder": 1.3,
    "deposit, existing holder": 1.2,
    redeem: 1.18,
    "rebalance up, steady state": 1.15,
    "rebalance down, steady state": 1.15,
    "emergency delever": 1.2,
  },
  aave: {
    "deposit, new holder": 1.3,
    "deposit, existing holder": 1.2,
    redeem: 1.15,
    "rebalance up, steady state": 1.15,
    "rebalance down, steady state": 1.15,
    "emergency delever": 1.15,
  },
};

const [deployer, keeper, alice, bob, anyone] = await ethers.getSigners();
// Morpho Blue and Aave v3 on one stack; each market's vault and baseline get the same flows.
const stack = await deployLocalStack(ethers, { aave: true });
const { weth, usdc } = stack.tokens;

interface Row {
  flow: string;
  vaultLabel: string;
  vaultGas: bigint;
  rawLabel: string;
  rawGas: bigint;
  /** The vault's own computation in its call (`trace-gas.ts`): what its code alone decides. */
  vaultComputation: number;
  note: string;
}

/** The raw baseline's calls, their shared `RawLeverageBaseline`, made concrete by `RawMorphoLeverageBaseline` and `RawAaveLeverageBaseline`. */
interface BaselineCalls {
  deposit(assets: bigint, toBuy: bigint): Promise<ContractTransactionResponse>;
  leverUp(collateralOut: bigint, toSupply: bigint): Promise<ContractTransactionResponse>;
  leverDown(debtOut: bigint): Promise<ContractTransactionResponse>;
  leverDownWithReward(debtOut: bigint, reward: bigint, receiver: string): Promise<ContractTransactionResponse>;
  exitSlice(collateralSlice: bigint, debtSlice: bigint, receiver: string): Promise<ContractTransactionResponse>;
}
interface Baseline {
  getAddress(): Promise<string>;
  connect(runner: Signer): BaselineCalls;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<{ gas: bigint; logs: readonly Log[]; hash: string }> {
  const receipt = await (await tx).wait();
  if (!receipt || receipt.status !== 1) throw new Error("transaction failed");
  return { gas: receipt.gasUsed, logs: receipt.logs, hash: receipt.hash };
}

/** The first `name` event `vault` emitted among `logs`. */
function eventArgs(vault: ILeveragedVault, vaultAddress: string, logs: readonly Log[], name: string) {
  for (const log of logs) {
    if (log.address.toLowerCase() !== vaultAddress.toLowerCase()) continue;
    const parsed = vault.interface.parseLog(log);
    if (parsed?.name === name) return parsed.args;
  }
  throw new Error(`no ${name} event`);
}

/**
 * Opens same-size positions in `vault` and `baseline` (alice deposits 100 WETH into the vault, levered
 * to 2x in the same transaction; the baseline levers the same collateral buying what the vault bought),
 * then measures every flow of the vault against the baseline. Each pair restores the chain, so the
 * positions stay as opened.
 */
async function benchmarkFlows(vault: ILeveragedVault, baseline: Baseline): Promise<{ rows: Row[]; leverUpRaw: bigint }> {
  const [vaultAddress, baselineAddress] = [await vault.getAddress(), await baseline.getAddress()];
  const eventOf = (logs: readonly Log[], name: string) => eventArgs(vault, vaultAddress, logs, name);
  for (const user of [alice, bob]) {
    await (await weth.mint(user.address, parseUnits("1000", 18))).wait();
    await (await weth.connect(user).approve(vaultAddress, ethers.MaxUint256)).wait();
    await (await weth.connect(user).approve(baselineAddress, ethers.MaxUint256)).wait();
  }
  const opened = eventOf((await gasOf(vault.connect(alice).deposit(POSITION_WETH, alice.address))).logs, "PositionIncreased");
  await (await baseline.connect(alice).deposit(POSITION_WETH, opened.collateralAdded - POSITION_WETH)).wait();
  // The pool moved twice by the same trade; put it back where the market is.
  await moveMarket(stack, 3000);

  const rows: Row[] = [];
  /** Runs the vault call, restores, runs the baseline with the amounts the vault used. */
  async function pair(
    flow: string,
    vaultLabel: string,
    rawLabel: string,
    runVault: () => Promise<ContractTransactionResponse>,
    runRaw: (logs: readonly Log[]) => Promise<ContractTransactionResponse>,
    note = "",
  ): Promise<void> {
    const snapshot = await networkHelpers.takeSnapshot();
    const v = await gasOf(runVault());
    const { computation } = await traceGas(ethers, v.hash, vaultAddress, new Map([[vaultAddress.toLowerCase(), "vault"]]), "vault");
    await snapshot.restore();
    const r = await gasOf(runRaw(v.logs));
    await snapshot.restore();
    rows.push({ flow, vaultLabel, vaultGas: v.gas, rawLabel, rawGas: r.gas, vaultComputation: computation, note });
  }

  // 1. Deposits: bob is a new holder (his share balance goes from zero to non-zero); alice already holds.
  for (const [flow, user] of [["deposit, new holder", bob], ["deposit, existing holder", alice]] as const) {
    await pair(
      flow,
      `vault.deposit(10 WETH)`,
      "transferFrom + lever up",
      () => vault.connect(user).deposit(DEPOSIT_WETH, user.address),
      async (logs) => {
        const e = eventOf(logs, "PositionIncreased");
        return baseline.connect(user).deposit(DEPOSIT_WETH, e.collateralAdded - DEPOSIT_WETH);
      },
    );
  }

  // 2. Exit: alice redeems 10% of her shares (the pro-rata exit; withdraw(assets) wraps the same calls plus a settlement).
  await pair(
    "redeem",
    "vault.redeem(10% of shares)",
    "repay + withdraw slice + transfer",
    async () => vault.connect(alice).redeem(((await vault.balanceOf(alice.address)) * REDEEM_FRACTION_BPS) / 10_000n, alice.address, alice.address),
    async (logs) => {
      const e = eventOf(logs, "PositionDecreased");
      return baseline.connect(alice).exitSlice(e.collateralRemoved, e.debtRepaid, alice.address);
    },
  );

  /**
   * Rebalances in one direction: the first after deployment (the vault's state slot goes from its
   * initial value, as every vault's first rebalance does), then the steady state (a second rebalance
   * after a further move, after the cooldown).
   */
  async function rebalancePair(direction: "up" | "down", prices: [number, number], raw: (logs: readonly Log[]) => Promise<ContractTransactionResponse>) {
    const snapshot = await networkHelpers.takeSnapshot();
    const label = direction === "up" ? "lever up (swap+supply+borrow)" : "lever down (swap+repay+withdraw)";
    await moveMarket(stack, prices[0]);
    await pair(`rebalance ${direction}, first`, "vault.rebalance() (keeper)", label, () => vault.connect(keeper).rebalance(), raw);
    await (await vault.connect(keeper).rebalance()).wait();
    await networkHelpers.time.increase(Number((await vault.riskParameters()).cooldown) + 1);
    await moveMarket(stack, prices[1]);
    await pair(`rebalance ${direction}, steady state`, "vault.rebalance() (keeper)", label, () => vault.connect(keeper).rebalance(), raw);
    await snapshot.restore();
  }

  // 3. Rebalance up: ETH 3000 -> 3400 takes 2x to about 1.79x; then 3400 -> 3850.
  await rebalancePair("up", [3400, 3850], async (logs) => {
    const e = eventOf(logs, "Rebalanced");
    return baseline.connect(keeper).leverUp(e.amountOut, e.amountOut);
  });
  const leverUpRaw = rows.find((row) => row.flow === "rebalance up, first")!.rawGas;

  // 4. Rebalance down: ETH 3000 -> 2700 takes 2x to about 2.25x; then 2700 -> 2430.
  await rebalancePair("down", [2700, 2430], async (logs) => {
    const e = eventOf(logs, "Rebalanced");
    return baseline.connect(keeper).leverDown(e.amountOut);
  });

  // 5. Emergency: ETH 3000 -> 2400 takes 2x to about 2.67x (emergency threshold 2.6x); anyone calls.
  {
    const snapshot = await networkHelpers.takeSnapshot();
    await moveMarket(stack, 2400);
    await pair(
      "emergency delever",
      "vault.rebalance() (anyone)",
      "lever down + reward withdraw",
      () => vault.connect(anyone).rebalance(),
      async (logs) => {
        const e = eventOf(logs, "Rebalanced");
        return baseline.connect(anyone).leverDownWithReward(e.amountOut, e.reward, anyone.address);
      },
    );
    await snapshot.restore();
  }
  return { rows, leverUpRaw };
}

function printTable(title: string, market: "morpho" | "aave", rows: Row[]): void {
  const header = ["flow", "vault call", "vault gas", "raw baseline", "raw gas", "ratio", "target", "status", "vault's own computation"];
  const lines = rows.map((row) => {
    const ratio = Number(row.vaultGas) / Number(row.rawGas);
    const target = TARGETS[market][row.flow];
    return [
      row.flow,
      row.vaultLabel,
      row.vaultGas.toString(),
      row.rawLabel,
      row.rawGas.toString(),
      `${ratio.toFixed(3)}x`,
      target === undefined ? "-" : `<= ${target.toFixed(2)}x`,
      target === undefined ? "-" : ratio <= target ? "met" : "not met",
      row.vaultComputation.toString(),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  console.log(title);
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const line of lines) console.log(format(line));
  console.log("");
}

// Morpho Blue: the vault and RawMorphoLeverageBaseline on the WETH-collateral market.
const morphoDeployment = await deployMorphoBlueVault(ethers, stack, { kind: "long", keeper: keeper.address });
const { vault } = morphoDeployment;
const morphoBaseline = await (await ethers.getContractFactory("RawMorphoLeverageBaseline", deployer)).deploy(
  await stack.morpho.morpho.getAddress(),
  await stack.uniswap.pool.getAddress(),
  stack.morpho.wethCollateralMarket.params,
);
await morphoBaseline.waitForDeployment();
const morpho = await benchmarkFlows(vault, morphoBaseline as unknown as Baseline);
printTable("Long vault on Morpho Blue (WETH collateral / USDC debt, 2x, 100 WETH position), gasUsed per transaction:", "morpho", morpho.rows);
console.log(
  `Morpho reference (callback lever-up with a real Uniswap swap): ~${MORPHO_REFERENCE_LEVER_UP.toLocaleString("en-US")} gas; ` +
    `raw lever-up here: ${morpho.leverUpRaw.toLocaleString("en-US")} gas (${(Number(morpho.leverUpRaw) / MORPHO_REFERENCE_LEVER_UP).toFixed(2)}x the reference).`,
);
console.log("");

// Aave v3: the Aave vault and RawAaveLeverageBaseline on the same pool, feeds and prices.
const aaveVault = (await deployAaveV3Vault(ethers, stack, { kind: "long", keeper: keeper.address })).vault;
const aaveBaseline = await (await ethers.getContractFactory("RawAaveLeverageBaseline", deployer)).deploy(
  await stack.aave.pool.getAddress(),
  await stack.uniswap.pool.getAddress(),
  await weth.getAddress(),
  await usdc.getAddress(),
);
await aaveBaseline.waitForDeployment();
const aave = await benchmarkFlows(aaveVault, aaveBaseline as unknown as Baseline);
printTable("Long vault on Aave v3 (WETH collateral / USDC debt, 2x, 100 WETH position), gasUsed per transaction:", "aave", aave.rows);

console.log(
  "Notes: both calls of a pair start from the same EVM snapshot, each in its own transaction (cold storage at the start of" +
    " both); gas includes the 21,000 intrinsic and calldata. The vault additionally reads its own storage (4-5 cold" +
    " slots), the two price feeds, the pool's price and depth (deviation check, trade bound), accrues Morpho's interest and" +
    " reads its position (one extSloads call) or reads the reserve configuration and balances (Aave), mints/burns shares" +
    " and emits events; the baselines have their addresses in immutables and do no checks. `npm run bench:profile`" +
    " shows where the overhead goes, contract by contract. A new holder's deposit includes his share balance going from zero to non-zero (a" +
    " ~20k-gas SSTORE) where the baseline keeps no shares. A first rebalance writes the vault's state slot for the first" +
    " time; the steady state is the second rebalance after a further move. The vault's own computation is its code's gas" +
    " less storage, events and the external calls' opcodes (scripts/bench/trace-gas.ts).",
);

// Chainlink Automation: the automation adapter's performUpkeep through the real registry 2.3 against a direct call
// (scripts/bench/automation-gas.ts). A separate section on the same vault and position as above.
await printAutomationGas();

async function printAutomationGas(): Promise<void> {
  const automation = await deployAutomation(ethers, { owner: deployer, nativeUsdFeed: await stack.feeds.ethUsd.getAddress() });
  const upkeep = await registerVaultUpkeep(ethers, automation, morphoDeployment, deployer);
  const network = new AutomationNodeNetwork(automation);
  const lines: string[][] = [];
  for (const [flow, ethUsd] of [
    ["rebalance down", 2700],
    ["emergency delever", 2400],
  ] as const) {
    const snapshot = await networkHelpers.takeSnapshot();
    await moveMarket(stack, ethUsd);
    const { readyAt } = await vault.rebalanceStatus();
    if (readyAt > BigInt(await networkHelpers.time.latest())) await networkHelpers.time.increaseTo(readyAt);
    lines.push(formatUpkeepGasRow(flow, await measureUpkeepGas({ ethers, networkHelpers, vault, upkeep, network })));
    await snapshot.restore();
  }
  const widths = UPKEEP_GAS_HEADER.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  console.log("");
  console.log("Chainlink Automation (registry 2.3, 4 nodes, f = 1): the long vault's performUpkeep, direct vs through the registry:");
  console.log(format(UPKEEP_GAS_HEADER));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const line of lines) console.log(format(line));
  console.log(
    "Notes: both from the same EVM snapshot. 'direct' is performUpkeep sent by the forwarder's address itself (impersonated);" +
      " 'through registry' is the whole transmit (2 signature checks, report decoding, forwarder hop, billing). The vault's call" +
      " inside the transmit (gross, counted by the forwarder from gasleft()) can exceed the direct receipt, which is net of storage" +
      " refunds; the upkeep's gas limit must cover the gross figure.",
  );
}
