/**
 * Where a flow's overhead goes: the steady-state keeper lever-up on the Morpho vault and the same trade
 * through RawLeverageBaseline, each traced, with the gas spent in each contract's own code (its frames,
 * less their sub-calls), side by side.
 *
 *   npx hardhat run scripts/bench/gas-profile.ts
 */
import { parseUnits, type Log } from "ethers";
import { network } from "hardhat";

import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { deployMorphoBlueVault } from "../vault/deploy-vault.js";

interface StructLog {
  pc: number;
  op: string;
  depth: number;
  gas: number;
  gasCost: number;
  stack: string[];
}

const { ethers, networkHelpers } = await network.create();
const stack = await deployLocalStack(ethers);
const [deployer, keeper, alice] = await ethers.getSigners();
const { vault, libraries } = await deployMorphoBlueVault(ethers, stack, { keeper: keeper.address });
const baseline = await (await ethers.getContractFactory("RawLeverageBaseline", deployer)).deploy(
  await stack.morpho.morpho.getAddress(),
  await stack.uniswap.pool.getAddress(),
  stack.morpho.wethCollateralMarket.params,
);
const { weth } = stack.tokens;
await weth.mint(alice.address, parseUnits("1000", 18));
await weth.connect(alice).approve(await vault.getAddress(), ethers.MaxUint256);
await weth.connect(alice).approve(await baseline.getAddress(), ethers.MaxUint256);
const opened = await (await vault.connect(alice).deposit(parseUnits("100", 18), alice.address)).wait();
const increased = opened!.logs.map((l) => vault.interface.parseLog(l)).find((e) => e?.name === "PositionIncreased")!;
// The baseline holds a position of the same size, so both touch the same kind of storage.
await baseline.connect(alice).deposit(parseUnits("100", 18), increased.args.collateralAdded - parseUnits("100", 18));
await moveMarket(stack, 3000);
await moveMarket(stack, 3400);
await networkHelpers.time.increase(700);
await vault.connect(keeper).rebalance();
await networkHelpers.time.increase(Number((await vault.riskParameters()).cooldown) + 1);
await moveMarket(stack, 3850);

const names = new Map<string, string>(
  [
    [await stack.morpho.morpho.getAddress(), "Morpho"],
    [await stack.morpho.irm.getAddress(), "interest-rate model"],
    [await stack.morpho.wethCollateralMarket.oracle.getAddress(), "Morpho oracle"],
    [await stack.uniswap.pool.getAddress(), "Uniswap pool"],
    [await stack.feeds.ethUsd.getAddress(), "ETH/USD feed"],
    [await stack.feeds.usdcUsd.getAddress(), "USDC/USD feed"],
    [await weth.getAddress(), "WETH"],
    [await stack.tokens.usdc.getAddress(), "USDC"],
    [await vault.getAddress(), "vault / baseline"],
    [await baseline.getAddress(), "vault / baseline"],
    [libraries.UniswapV3MeanPrice, "UniswapV3MeanPrice library"],
    [libraries.MorphoBlueInterest, "MorphoBlueInterest library"],
    [libraries.LeveragedVaultGovernance, "governance module"],
  ].map(([address, name]) => [address.toLowerCase(), name]),
);

/** Gas spent in each contract's own code, and the number of its SLOADs, over one transaction. */
async function profile(hash: string, to: string): Promise<{ gasUsed: bigint; self: Map<string, number>; sloads: Map<string, number>; opcodes: Map<string, number> }> {
  const receipt = await ethers.provider.getTransactionReceipt(hash);
  const { structLogs } = (await ethers.provider.send("debug_traceTransaction", [hash, { disableStorage: true, disableMemory: true }])) as {
    structLogs: StructLog[];
  };
  const self = new Map<string, number>();
  const opcodes = new Map<string, number>();
  const sloads = new Map<string, number>();
  const frames: string[] = [names.get(to.toLowerCase()) ?? to];
  const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
  const pcGas = new Map<number, number>();
  for (let i = 0; i < structLogs.length; i++) {
    const log = structLogs[i];
    const frame = frames[log.depth - 1];
    if (log.op === "SLOAD") add(sloads, frame, 1);
    const next = structLogs[i + 1];
    if (next && next.depth > log.depth) {
      // A call: its own cost is what it took before the callee's first step, less what it forwarded.
      const target = "0x" + BigInt(log.stack[log.stack.length - 2]).toString(16).padStart(40, "0");
      frames[log.depth] = names.get(target) ?? target;
      let end = i + 1;
      while (end < structLogs.length && structLogs[end].depth > log.depth) end++;
      const inclusive = log.gas - (structLogs[end]?.gas ?? log.gas);
      // Child frames are charged as they run; the call opcode's own cost is the rest.
      let childGas = 0;
      // first step of the child has the forwarded gas; the child's consumption is forwarded - gas left at its end
      const forwarded = next.gas;
      const lastChild = structLogs[end - 1];
      childGas = forwarded - (lastChild.gas - lastChild.gasCost);
      add(self, frame, inclusive - childGas);
      if (frame === "vault / baseline") {
        add(opcodes, log.op, inclusive - childGas);
        pcGas.set(log.pc, (pcGas.get(log.pc) ?? 0) + inclusive - childGas);
      }
    } else {
      const cost = next && next.depth === log.depth ? log.gas - next.gas : log.gasCost;
      add(self, frame, cost);
      if (frame === "vault / baseline") {
        add(opcodes, log.op, cost);
        pcGas.set(log.pc, (pcGas.get(log.pc) ?? 0) + cost);
      }
    }
  }
  if (process.env.PC_DUMP && to.toLowerCase() === (await vault.getAddress()).toLowerCase()) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(process.env.PC_DUMP, JSON.stringify(Object.fromEntries(pcGas)));
  }
  return { gasUsed: receipt!.gasUsed, self, sloads, opcodes };
}

/** Traces a vault call and the baseline call with the amounts the vault used, from the same state. */
async function compare(flow: string, runVault: () => Promise<{ hash: string }>, runRaw: (logs: readonly Log[]) => Promise<{ hash: string }>) {
  const snapshot = await networkHelpers.takeSnapshot();
  const vaultTx = await ethers.provider.getTransactionReceipt((await runVault()).hash);
  const vaultProfile = await profile(vaultTx!.hash, await vault.getAddress());
  await snapshot.restore();
  const rawTx = await ethers.provider.getTransactionReceipt((await runRaw(vaultTx!.logs)).hash);
  const rawProfile = await profile(rawTx!.hash, await baseline.getAddress());
  await snapshot.restore();
  print(flow, vaultProfile, rawProfile);
}
const eventOf = (logs: readonly Log[], name: string) => logs.map((l) => vault.interface.parseLog(l)).find((e) => e?.name === name)!.args;

type Profile = Awaited<ReturnType<typeof profile>>;
function print(flow: string, vaultProfile: Profile, rawProfile: Profile) {
console.log(`\n${flow}: vault ${vaultProfile.gasUsed}, raw ${rawProfile.gasUsed}, overhead ${vaultProfile.gasUsed - rawProfile.gasUsed}`);
console.log(`${"contract".padEnd(28)} | ${"vault".padStart(8)} | ${"raw".padStart(8)} | ${"extra".padStart(8)} | sloads vault/raw`);
const keys = new Set([...vaultProfile.self.keys(), ...rawProfile.self.keys()]);
let total = 0;
for (const key of keys) {
  const v = vaultProfile.self.get(key) ?? 0;
  const r = rawProfile.self.get(key) ?? 0;
  total += v - r;
  console.log(
    `${key.padEnd(28)} | ${String(v).padStart(8)} | ${String(r).padStart(8)} | ${String(v - r).padStart(8)} | ${vaultProfile.sloads.get(key) ?? 0}/${rawProfile.sloads.get(key) ?? 0}`,
  );
}
console.log(`execution overhead ${total}; the rest is intrinsic and calldata`);
const opKeys = new Set([...vaultProfile.opcodes.keys(), ...rawProfile.opcodes.keys()]);
const opRows = [...opKeys].map((op) => [op, vaultProfile.opcodes.get(op) ?? 0, rawProfile.opcodes.get(op) ?? 0] as const);
opRows.sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
console.log("vault's own code by opcode (vault / raw):");
for (const [op, v, r] of opRows.slice(0, 12)) console.log(`  ${op.padEnd(14)} ${String(v).padStart(7)} ${String(r).padStart(7)}`);
}

const only = process.env.FLOW;
if (!only || only === "up")
  await compare("rebalance up, steady state", () => vault.connect(keeper).rebalance(), (logs) =>
    baseline.connect(keeper).leverUp(eventOf(logs, "Rebalanced").amountOut, eventOf(logs, "Rebalanced").amountOut));
if (!only || only === "deposit")
  await compare("deposit, existing holder", () => vault.connect(alice).deposit(parseUnits("10", 18), alice.address), (logs) =>
    baseline.connect(alice).deposit(parseUnits("10", 18), eventOf(logs, "PositionIncreased").collateralAdded - parseUnits("10", 18)));
if (!only || only === "redeem")
  await compare("redeem", async () => vault.connect(alice).redeem((await vault.balanceOf(alice.address)) / 10n, alice.address, alice.address), (logs) =>
    baseline.connect(alice).exitSlice(eventOf(logs, "PositionDecreased").collateralRemoved, eventOf(logs, "PositionDecreased").debtRepaid, alice.address));
