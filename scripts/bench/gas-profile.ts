/**
 * Where a flow's overhead goes: a vault flow on the Morpho vault and the same protocol calls through
 * RawMorphoLeverageBaseline (MARKET=aave: the Aave vault and RawAaveLeverageBaseline), from the same state,
 * each traced. For each contract it prints the gas spent in its own code (its frames, less their
 * sub-calls) and its SLOADs, side by side, then the vault's own code by opcode. Flows: the steady-state keeper lever-up, a deposit by an existing holder, a redeem
 * (FLOW=up|deposit|redeem runs one). TOP=n prints n opcodes (12 by default); SEGMENTS=1 also prints the
 * gas of the vault's own code between each of its calls (each line counts the call that opens it), in
 * the vault's call and then in the baseline's. FUNCTIONS=1 prints the vault's own computation by the
 * Solidity function its code belongs to (from the compiler's source map; see source-attribution.ts).
 *
 *   npm run bench:profile
 *   MARKET=aave FLOW=deposit SEGMENTS=1 npm run bench:profile
 */
import { parseUnits, type Log } from "ethers";
import { network } from "hardhat";

import { aaveAddresses } from "../stack/deploy-aave.js";
import { loadSourceAttribution } from "./source-attribution.js";
import { traceGas, type GasTrace } from "./trace-gas.js";
import { deployLocalStack, moveMarket } from "../stack/deploy-local-stack.js";
import { deployAaveV3Vault, deployMorphoBlueVault } from "../vault/deploy-vault.js";
import { parseVaultMarket } from "../vault/vault-request.js";

const market = parseVaultMarket(process.env.MARKET ?? "morpho");
const { ethers, networkHelpers } = await network.create();
const stack = await deployLocalStack(ethers, { aave: true });
const [deployer, keeper, alice] = await ethers.getSigners();
const { weth, usdc } = stack.tokens;
const { vault, libraries } =
  market === "aave"
    ? await deployAaveV3Vault(ethers, stack, { keeper: keeper.address })
    : await deployMorphoBlueVault(ethers, stack, { keeper: keeper.address });
const baseline =
  market === "aave"
    ? await (await ethers.getContractFactory("RawAaveLeverageBaseline", deployer)).deploy(
        await stack.aave.pool.getAddress(),
        await stack.uniswap.pool.getAddress(),
        await weth.getAddress(),
        await usdc.getAddress(),
      )
    : await (await ethers.getContractFactory("RawMorphoLeverageBaseline", deployer)).deploy(
        await stack.morpho.morpho.getAddress(),
        await stack.uniswap.pool.getAddress(),
        stack.morpho.wethCollateralMarket.params,
      );
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

const aave = await aaveAddresses(stack.aave);
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
    [libraries.AaveV3Capacity, "AaveV3Capacity library"],
    ...Object.entries(aave).flatMap(([key, value]): [string, string][] => (typeof value === "string" ? [[value, `Aave ${key}`]] : [])),
    ...Object.entries(aave.reserves).flatMap(([reserve, r]): [string, string][] => [
      [r.aToken, `Aave ${reserve} aToken`],
      [r.variableDebtToken, `Aave ${reserve} variable debt`],
      [r.stableDebtToken, `Aave ${reserve} stable debt`],
      [r.interestRateStrategy, `Aave ${reserve} rate strategy`],
    ]),
  ].map(([address, name]) => [address.toLowerCase(), name]),
);

const FOCUS = "vault / baseline";
const vaultContract = market === "aave" ? "AaveV3LeveragedVault" : "MorphoBlueLeveragedVault";
const vaultAttribution = process.env.FUNCTIONS
  ? await loadSourceAttribution("artifacts", `contracts/markets/${vaultContract}.sol`, vaultContract)
  : undefined;
const profile = (hash: string, to: string) =>
  traceGas(ethers, hash, to, names, FOCUS, to.toLowerCase() === vault.target.toString().toLowerCase() ? vaultAttribution : undefined);
type Profile = GasTrace;

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

function print(flow: string, vaultProfile: Profile, rawProfile: Profile) {
  console.log(`\n${flow}: vault ${vaultProfile.gasUsed}, raw ${rawProfile.gasUsed}, overhead ${vaultProfile.gasUsed - rawProfile.gasUsed}`);
  console.log(`${"contract".padEnd(28)} | ${"vault".padStart(8)} | ${"raw".padStart(8)} | ${"extra".padStart(8)} | sloads vault/raw`);
  let total = 0;
  for (const key of new Set([...vaultProfile.self.keys(), ...rawProfile.self.keys()])) {
    const [v, r] = [vaultProfile.self.get(key) ?? 0, rawProfile.self.get(key) ?? 0];
    total += v - r;
    const sloads = `${vaultProfile.sloads.get(key) ?? 0}/${rawProfile.sloads.get(key) ?? 0}`;
    console.log(`${key.padEnd(28)} | ${String(v).padStart(8)} | ${String(r).padStart(8)} | ${String(v - r).padStart(8)} | ${sloads}`);
  }
  console.log(`execution overhead ${total}; the rest is intrinsic gas and calldata`);
  const ops = [...new Set([...vaultProfile.opcodes.keys(), ...rawProfile.opcodes.keys()])].map(
    (op) => [op, vaultProfile.opcodes.get(op) ?? 0, rawProfile.opcodes.get(op) ?? 0] as const,
  );
  ops.sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
  console.log("the vault's own code (and the baseline's) by opcode, largest differences first:");
  for (const [op, v, r] of ops.slice(0, Number(process.env.TOP ?? 12))) console.log(`  ${op.padEnd(14)} ${String(v).padStart(7)} ${String(r).padStart(7)}`);
  console.log(
    `own computation (everything but storage, events and external calls' opcodes): vault ${vaultProfile.computation}, ` +
      `baseline ${rawProfile.computation}, extra ${vaultProfile.computation - rawProfile.computation}`,
  );
  if (process.env.FUNCTIONS) {
    console.log("the vault's own computation by function (where its code sits after the optimizer), largest first:");
    const byFunction = [...vaultProfile.computationByFunction].sort((a, b) => b[1] - a[1]);
    for (const [name, gas] of byFunction.slice(0, Number(process.env.TOP_FUNCTIONS ?? 25))) console.log(`  ${String(gas).padStart(7)}  ${name}`);
  }
  if (!process.env.SEGMENTS) return;
  for (const [who, { segments }] of [["vault", vaultProfile], ["baseline", rawProfile]] as const) {
    console.log(`the ${who}'s own code between its calls:`);
    for (const [label, gas] of segments) console.log(`  ${String(gas).padStart(7)}  ${label}`);
  }
}

const only = process.env.FLOW;
const tenWeth = parseUnits("10", 18);
if (!only || only === "up") {
  await compare(
    "rebalance up, steady state",
    () => vault.connect(keeper).rebalance(),
    (logs) => baseline.connect(keeper).leverUp(eventOf(logs, "Rebalanced").amountOut, eventOf(logs, "Rebalanced").amountOut),
  );
}
if (!only || only === "deposit") {
  await compare(
    "deposit, existing holder",
    () => vault.connect(alice).deposit(tenWeth, alice.address),
    (logs) => baseline.connect(alice).deposit(tenWeth, eventOf(logs, "PositionIncreased").collateralAdded - tenWeth),
  );
}
if (!only || only === "redeem") {
  await compare(
    "redeem",
    async () => vault.connect(alice).redeem((await vault.balanceOf(alice.address)) / 10n, alice.address, alice.address),
    (logs) => {
      const decreased = eventOf(logs, "PositionDecreased");
      return baseline.connect(alice).exitSlice(decreased.collateralRemoved, decreased.debtRepaid, alice.address);
    },
  );
}
