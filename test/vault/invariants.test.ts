/**
 * Stateful invariants of the long and the inverse vault, on each lending market (Morpho Blue and
 * Aave v3) with the real Uniswap v3 pool.
 *
 * fast-check generates sequences of actions (deposits, mints, redeems, withdrawals, market moves and
 * large moves that make the emergency delever due, time passing, keeper rebalances, outsiders'
 * rebalances after the grace period, emergency delevers, and donations both to the vault's lending
 * position and straight to the vault's address) with a FIXED seed; after every action the suite
 * checks solvency, the share accounting and the donation bound. An arbitrageur keeps the pool within 0.1% of the feed before each vault action (as on a
 * real market), and emergency bots call the permissionless emergency path whenever it is due after a
 * market move (it pays them), so the sequences model a live market rather than an abandoned vault.
 *
 * A vault call may be refused for a documented reason (`EXPECTED_REFUSALS`, e.g. the trade would
 * exceed the slippage bound); any other revert fails the test.
 *
 * `npm test` runs a short pass. The deep run, `npm run test:invariants:deep`, sets
 * `INVARIANT_ACTIONS=50000`: that many actions in total, shared equally among the vaults run (long and
 * inverse on each market of `INVARIANT_MARKETS`, a comma list, default all), in sequences of
 * `DEEP_SEQUENCE_LENGTH` actions; it prints the actions executed per vault and the violations.
 */
import { expect } from "chai";
import fc from "fast-check";
import { parseUnits, type Signer } from "ethers";

import { arbitragePoolTo, feedEthPriceUsd, moveMarket, poolEthPriceUsd, toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { deployVaults, fixturePerMarket, type Vaults } from "../fixtures/vaults.js";

const WAD = 10n ** 18n;
const PRICE_SCALE = 10n ** 36n;
const SEED = 20_240_611;
const RUNS_PER_VAULT = 4;
/** Actions per sequence in the deep run (the short run draws 15 to 25). */
const DEEP_SEQUENCE_LENGTH = 100;

/** The deep run's total action count (INVARIANT_ACTIONS), or undefined for the short run. */
function deepActionTotal(): number | undefined {
  const raw = process.env.INVARIANT_ACTIONS;
  if (raw === undefined || raw === "") return undefined;
  const total = Number(raw);
  if (!Number.isInteger(total) || total < 1) throw new Error(`INVARIANT_ACTIONS must be a positive integer, got "${raw}"`);
  return total;
}

/** The markets this run covers: INVARIANT_MARKETS (e.g. "morpho" or "morpho,aave"), default all. */
function invariantMarkets(): readonly MarketName[] {
  const raw = process.env.INVARIANT_MARKETS;
  if (raw === undefined || raw === "") return MARKETS;
  const names = raw.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(MARKETS as readonly string[]).includes(name)) throw new Error(`INVARIANT_MARKETS: unknown market "${name}" (known: ${MARKETS.join(", ")})`);
  }
  return names as MarketName[];
}

const DEEP_ACTIONS = deepActionTotal();
const RUN_MARKETS = invariantMarkets();
/** Vaults in this run: long and inverse on each market. */
const VAULTS_RUN = RUN_MARKETS.length * 2;
/** Sequences per vault: the short run's fixed count, or enough fixed-length sequences for the deep total. */
const SEQUENCES_PER_VAULT = DEEP_ACTIONS === undefined ? RUNS_PER_VAULT : Math.ceil(DEEP_ACTIONS / VAULTS_RUN / DEEP_SEQUENCE_LENGTH);

/**
 * The ETH price stays within these bounds (USD): a move that would leave them is mirrored back inside,
 * so long sequences keep exercising a priced market rather than drifting to an extreme.
 */
const ETH_PRICE_RANGE = { min: 1200, max: 7500 } as const;

/** Reverts a vault may answer with on a legitimate refusal; anything else is a failure. */
const EXPECTED_REFUSALS = new Set(["SwapSlippageExceeded", "PoolPriceDeviation", "ZeroShares"]);

/** An outsider (neither keeper nor holder of a role): carol's account, signer 4. */
const OUTSIDER = 2;

/** The attacker of the donation action is the fourth depositor (mallory), who may also hold shares. */
const ATTACKER = 3;
const SEED_DEPOSIT_WETH = parseUnits("10", 18);
const SEED_DEPOSIT_USDC = parseUnits("30000", 6);

type Action =
  | { kind: "deposit"; who: number; size: number }
  | { kind: "mint"; who: number; size: number }
  | { kind: "redeem"; who: number; fraction: number }
  | { kind: "withdraw"; who: number; fraction: number }
  | { kind: "moveMarket"; percent: number }
  | { kind: "largeMove"; percent: number }
  | { kind: "advanceTime"; minutes: number }
  | { kind: "rebalance" }
  | { kind: "outsiderRebalance" }
  | { kind: "emergency"; caller: number }
  | { kind: "donate"; size: number }
  | { kind: "donateToVault"; size: number };

const who = fc.integer({ min: 0, max: 3 });
// Integers scaled down, so every value is a meaningful size (fc.double favours tiny edge values).
const fraction = fc.oneof(fc.constant(1), fc.integer({ min: 5, max: 100 }).map((p) => p / 100));
const thousandths = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((v) => v / 1000);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("deposit" as const), who, size: thousandths(0.2, 20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("mint" as const), who, size: thousandths(0.01, 20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("redeem" as const), who, fraction }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who, fraction }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("moveMarket" as const), percent: fc.integer({ min: -1200, max: 1200 }).map((bps) => bps / 100) }) },
  // Large moves: 15-20% in one step, enough to take a vault anywhere in its band past the emergency threshold.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("largeMove" as const),
      percent: fc.tuple(fc.boolean(), fc.integer({ min: 1500, max: 2000 })).map(([up, bps]) => (up ? bps : -bps) / 100),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advanceTime" as const), minutes: fc.integer({ min: 10, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("rebalance" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("outsiderRebalance" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("emergency" as const), caller: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("donate" as const), size: thousandths(0.001, 5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("donateToVault" as const), size: thousandths(0.001, 5) }) },
);
const sequenceArb =
  DEEP_ACTIONS === undefined
    ? fc.array(actionArb, { minLength: 15, maxLength: 25 })
    : fc.array(actionArb, { minLength: DEEP_SEQUENCE_LENGTH, maxLength: DEEP_SEQUENCE_LENGTH });

type Fixture = Vaults;

/** The vaults plus the attacker's approval of the lending market for both tokens (to donate collateral). */
async function deployInvariantVaults(market: MarketName) {
  const fixture = await deployVaults(market);
  const lendingContract = await fixture.lendingMarket.lendingContract(fixture.stack);
  await fixture.stack.tokens.weth.connect(fixture.mallory).approve(lendingContract, ethers.MaxUint256);
  await fixture.stack.tokens.usdc.connect(fixture.mallory).approve(lendingContract, ethers.MaxUint256);
  return fixture;
}
const invariantsFixture = fixturePerMarket("invariantsFixture", deployInvariantVaults);

/**
 * The same with a seed deposit in each vault (10 WETH / 30,000 USDC from the owner, who never
 * exits), as a deployment would make: the random sequences then exercise a live vault. The empty-vault
 * donation case is covered by the directed tests at the end of this file.
 */
async function deploySeededVaults(market: MarketName) {
  const fixture = await deployInvariantVaults(market);
  const { owner, long, inverse, stack } = fixture;
  await (await stack.tokens.weth.mint(owner.address, SEED_DEPOSIT_WETH)).wait();
  await (await stack.tokens.usdc.mint(owner.address, SEED_DEPOSIT_USDC)).wait();
  await (await stack.tokens.weth.connect(owner).approve(await long.vault.getAddress(), SEED_DEPOSIT_WETH)).wait();
  await (await stack.tokens.usdc.connect(owner).approve(await inverse.vault.getAddress(), SEED_DEPOSIT_USDC)).wait();
  await (await long.vault.connect(owner).deposit(SEED_DEPOSIT_WETH, owner.address)).wait();
  await (await inverse.vault.connect(owner).deposit(SEED_DEPOSIT_USDC, owner.address)).wait();
  return fixture;
}
const seededVaultsFixture = fixturePerMarket("seededVaultsFixture", deploySeededVaults);

interface World {
  f: Fixture;
  kind: "long" | "inverse";
  vault: ILeveragedVault;
  address: string;
  holders: Signer[];
  holderAddresses: string[];
  /** Collateral units per "WETH-sized" unit of an action: 1 WETH, or 3000 USDC for the inverse vault. */
  unit: (size: number) => bigint;
  /** The collateral ratio (WAD) at which the lending market liquidates the position. */
  liquidationLtv: bigint;
  emergencyLeverage: bigint;
  /** The vault's asset (WETH for the long vault, USDC for the inverse one). */
  collateralToken: Vaults["stack"]["tokens"]["weth"];
  log: string[];
  refusals: Map<string, number>;
  /** Vault calls that went through, by label ("deposit", "outsider rebalance", ...). */
  completed: Map<string, number>;
}

/** The custom error's name and its arguments, e.g. `RebalanceMissedTarget(1000..., 2002..., 2000...)`. */
function describeError(world: World, error: unknown): { name: string; text: string } {
  const data = (error as { data?: string }).data;
  if (typeof data === "string" && data.length >= 10) {
    const parsed = world.vault.interface.parseError(data);
    if (parsed) return { name: parsed.name, text: `${parsed.name}(${parsed.args.join(", ")})` };
  }
  const message = (error as Error).message ?? String(error);
  return { name: message, text: message };
}

/** Sends a vault transaction; a documented refusal is recorded, anything else rethrown. */
async function attempt(world: World, label: string, send: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
  try {
    await (await send()).wait();
    world.completed.set(label, (world.completed.get(label) ?? 0) + 1);
    return true;
  } catch (error) {
    const { name, text } = describeError(world, error);
    if (!EXPECTED_REFUSALS.has(name)) throw new Error(`${label} reverted unexpectedly: ${text}\n${world.log.join("\n")}`);
    world.refusals.set(name, (world.refusals.get(name) ?? 0) + 1);
    world.log.push(`  -> refused: ${name}`);
    return false;
  }
}

async function currentEthUsd(world: World): Promise<number> {
  return feedEthPriceUsd(world.f.stack);
}

/** Arbitrageurs trade the pool back toward the feed once it is more than 0.1% away. */
async function arbitrageIfNeeded(world: World): Promise<void> {
  const [pool, feed] = [await poolEthPriceUsd(world.f.stack), await currentEthUsd(world)];
  if (Math.abs(pool / feed - 1) > 0.001) {
    const [, answer] = await world.f.stack.feeds.ethUsd.latestRoundData();
    await arbitragePoolTo(world.f.stack, answer);
  }
}

interface Observation {
  supply: bigint;
  balances: bigint[];
  totalAssets: bigint;
}

async function observe(world: World): Promise<Observation> {
  const [supply, balances, totalAssets] = await Promise.all([
    world.vault.totalSupply(),
    Promise.all(world.holderAddresses.map((a) => world.vault.balanceOf(a))),
    world.vault.totalAssets(),
  ]);
  return { supply, balances, totalAssets };
}

async function checkInvariants(world: World, before: Observation, action: Action, context: string): Promise<void> {
  const { vault } = world;
  const after = await observe(world);
  const state = await vault.positionState();
  const where = `${context}\n${world.log.join("\n")}`;

  // Solvency: the lending position is healthy at the vault's price and the market's liquidation LTV.
  const maxBorrow = (((state.collateral * state.price) / PRICE_SCALE) * world.liquidationLtv) / WAD;
  expect(state.debt <= maxBorrow, `unhealthy lending position: debt ${state.debt} > max borrow ${maxBorrow}; ${where}`).to.equal(true);
  if (after.supply > 0n) expect(after.totalAssets > 0n, `shares outstanding but totalAssets is 0; ${where}`).to.equal(true);

  // The holders' claims never exceed the vault's equity.
  const holderClaims = await Promise.all(after.balances.map((balance) => vault.convertToAssets(balance)));
  const claims = holderClaims.reduce((sum, claim) => sum + claim, 0n);
  expect(claims <= after.totalAssets, `holders' claims ${claims} exceed totalAssets ${after.totalAssets}; ${where}`).to.equal(true);

  // Only deposits and mints mint; a redeem or withdraw changes nobody's balance but its owner's;
  // nothing else moves balances.
  const entering = action.kind === "deposit" || action.kind === "mint";
  const mover = entering || action.kind === "redeem" || action.kind === "withdraw" ? action.who : -1;
  if (!entering) {
    expect(after.supply <= before.supply, `${action.kind} minted shares (${before.supply} -> ${after.supply}); ${where}`).to.equal(true);
  }
  for (let i = 0; i < world.holders.length; i++) {
    if (i === mover) continue;
    expect(after.balances[i], `holder ${i}'s balance changed on ${action.kind}; ${where}`).to.equal(before.balances[i]);
  }
  if (mover >= 0) {
    const delta = after.balances[mover] - before.balances[mover];
    expect(delta, `supply change differs from the owner's balance change on ${action.kind}; ${where}`).to.equal(after.supply - before.supply);
    if (entering) expect(delta >= 0n, `${action.kind} burned shares; ${where}`).to.equal(true);
    else expect(delta <= 0n, `${action.kind} minted shares; ${where}`).to.equal(true);
  }
}

async function runAction(world: World, action: Action): Promise<void> {
  const { f, vault } = world;
  const before = await observe(world);
  world.log.push(`${world.log.length}: ${JSON.stringify(action)}`);

  switch (action.kind) {
    case "deposit": {
      await arbitrageIfNeeded(world);
      const max = await vault.maxDeposit(world.holderAddresses[action.who]);
      const assets = world.unit(action.size) < max ? world.unit(action.size) : max;
      if (assets === 0n) {
        world.log.push("  -> skipped: maxDeposit is 0");
        break;
      }
      await attempt(world, "deposit", () => vault.connect(world.holders[action.who]).deposit(assets, world.holderAddresses[action.who]));
      break;
    }
    case "mint": {
      await arbitrageIfNeeded(world);
      const holder = world.holderAddresses[action.who];
      const wanted = await vault.convertToShares(world.unit(action.size));
      const max = await vault.maxMint(holder);
      const shares = wanted < max ? wanted : max;
      if (shares === 0n) {
        world.log.push("  -> skipped: maxMint is 0");
        break;
      }
      await attempt(world, "mint", () => vault.connect(world.holders[action.who]).mint(shares, holder));
      break;
    }
    case "redeem": {
      await arbitrageIfNeeded(world);
      const balance = before.balances[action.who];
      const shares = action.fraction === 1 ? balance : BigInt(Math.floor(Number(balance) * action.fraction));
      if (shares === 0n) {
        world.log.push("  -> skipped: no shares");
        break;
      }
      const holder = world.holderAddresses[action.who];
      await attempt(world, "redeem", () => vault.connect(world.holders[action.who]).redeem(shares, holder, holder));
      break;
    }
    case "withdraw": {
      await arbitrageIfNeeded(world);
      const holder = world.holderAddresses[action.who];
      const max = await vault.maxWithdraw(holder);
      // At most 99.9% of maxWithdraw: the view is one block older than the transaction, and a block
      // of the market's interest lowers the equity by more than the vault's 4-wei margin (see the report).
      const assets = (max * BigInt(Math.round(Math.min(action.fraction, 0.999) * 1e6))) / 1_000_000n;
      if (assets === 0n) {
        world.log.push("  -> skipped: maxWithdraw is 0");
        break;
      }
      await attempt(world, "withdraw", () => vault.connect(world.holders[action.who]).withdraw(assets, holder, holder));
      break;
    }
    case "moveMarket":
    case "largeMove": {
      const next = priceAfterMove(await currentEthUsd(world), action.percent);
      await moveMarket(f.stack, next);
      world.log.push(`  -> ETH ${next}`);
      break;
    }
    case "advanceTime":
      await advanceTime(world, action.minutes * 60);
      break;
    case "rebalance": {
      const status = await vault.rebalanceStatus();
      const now = BigInt(await networkHelpers.time.latest());
      if (status.action === 0n || now + 1n < status.readyAt) {
        world.log.push(`  -> skipped: action ${status.action}, readyAt ${status.readyAt}, now ${now}`);
        break;
      }
      await arbitrageIfNeeded(world);
      const done = await attempt(world, "keeper rebalance", () => vault.connect(f.keeper).rebalance());
      if (done) {
        const state = await vault.positionState();
        expect(
          state.leverage < world.emergencyLeverage,
          `leverage ${state.leverage} at or above emergency ${world.emergencyLeverage} after a keeper rebalance\n${world.log.join("\n")}`,
        ).to.equal(true);
      }
      break;
    }
    case "outsiderRebalance":
      await outsiderRebalance(world);
      break;
    case "emergency":
      await emergencyIfDue(world, action.caller);
      break;
    case "donate":
    case "donateToVault": {
      // The attacker supplies collateral to the vault's lending position on its behalf, or sends it
      // straight to the vault's address (it joins the position at the next flow).
      const donation = world.unit(action.size);
      const attacker = world.holderAddresses[ATTACKER];
      // Read "before" in the donation's own block (its timestamp pinned): interest that accrues from one
      // block to the next (Aave's aTokens earn supply interest) is then not mistaken for the donation's.
      await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
      const inDonationBlock = { blockTag: "pending" } as const;
      const shares = await vault.balanceOf(attacker, inDonationBlock);
      const valueBefore = await vault.convertToAssets(shares, inDonationBlock);
      const supply = await vault.totalSupply(inDonationBlock);
      if (action.kind === "donate") {
        await f.lendingMarket.supplyCollateralFor(f.stack, world.kind, world.holders[ATTACKER], world.address, donation);
      } else {
        await (await world.collateralToken.connect(world.holders[ATTACKER]).transfer(world.address, donation)).wait();
      }
      const valueAfter = await vault.convertToAssets(shares);
      // Its own shares gain at most their pro-rata part of the donation, plus rounding: one unit for
      // the share conversion and two for the lending market's own (Aave rounds an aToken balance to
      // its liquidity index, so a position holds one or two units more or less than was supplied).
      const proRata = supply === 0n ? 0n : (donation * shares) / supply;
      expect(
        valueAfter <= valueBefore + proRata + 3n,
        `donation of ${donation} raised the donor's share value by ${valueAfter - valueBefore} > pro-rata ${proRata}\n${world.log.join("\n")}`,
      ).to.equal(true);
      expect(valueAfter - valueBefore < donation || donation === 0n, "the donor cannot gain from donating").to.equal(true);
      break;
    }
  }
  await checkInvariants(world, before, action, `after ${action.kind}`);

  // Emergency bots: the permissionless, rewarded emergency delever runs as soon as a move makes it due,
  // and again while it stays due (each call trades at most maxTradeSize).
  if (action.kind === "moveMarket" || action.kind === "largeMove" || action.kind === "advanceTime") {
    const bot = { kind: "emergency" as const, caller: 0 };
    for (let call = 0; call < EMERGENCY_BOT_CALLS; call++) {
      const beforeBot = await observe(world);
      if (!(await emergencyIfDue(world, 0))) break;
      await checkInvariants(world, beforeBot, bot, "after the emergency bot");
    }
  }
}

/** How many times in a row the emergency bot delevers after one move, at most. */
const EMERGENCY_BOT_CALLS = 3;

/** The ETH price after a move of `percent`, mirrored back inside `ETH_PRICE_RANGE`, to the cent. */
function priceAfterMove(current: number, percent: number): number {
  let next = current * (1 + percent / 100);
  if (next > ETH_PRICE_RANGE.max || next < ETH_PRICE_RANGE.min) next = current * (1 - percent / 100);
  return Math.round(next * 100) / 100;
}

/** Time passes by `seconds`; the feeds publish fresh answers at unchanged prices (their heartbeat). */
async function advanceTime(world: World, seconds: number): Promise<void> {
  const { feeds } = world.f.stack;
  await networkHelpers.time.increase(seconds);
  const [, ethAnswer] = await feeds.ethUsd.latestRoundData();
  await (await feeds.ethUsd.setAnswer(ethAnswer)).wait();
  await (await feeds.usdcUsd.setAnswer(toFeedAnswer(1))).wait();
}

/**
 * An outsider (no keeper role) reports the vault out of band, keeps reporting while the grace period
 * runs (every half grace period, as the rule requires), and then rebalances it itself. Skipped when
 * nothing is due, or when the vault went back in band meanwhile.
 */
async function outsiderRebalance(world: World): Promise<void> {
  const { vault } = world;
  const outsider = world.holders[OUTSIDER];
  const status = await vault.rebalanceStatus();
  if (status.action !== 1n && status.action !== 2n) {
    world.log.push(`  -> skipped: action ${status.action}`);
    return;
  }
  const { gracePeriod } = await vault.riskParameters();
  // A minute inside the rule's interval (half the grace period, at least 10 minutes): the feed
  // refreshes after each wait take blocks of their own.
  const reportInterval = Math.max(Number(gracePeriod) / 2, 600) - 60;
  await (await vault.connect(outsider).reportOutOfBand()).wait();
  for (let waited = 0; waited < Number(gracePeriod); waited += reportInterval) {
    await advanceTime(world, reportInterval);
    await (await vault.connect(outsider).reportOutOfBand()).wait();
  }
  const now = BigInt(await networkHelpers.time.latest());
  const due = await vault.rebalanceStatus();
  if (due.action === 0n || due.permissionlessAt === 0n || now + 1n < due.permissionlessAt || now + 1n < due.readyAt) {
    world.log.push(`  -> skipped after the grace period: action ${due.action}, permissionlessAt ${due.permissionlessAt}, readyAt ${due.readyAt}, now ${now}`);
    return;
  }
  await arbitrageIfNeeded(world);
  world.log.push(`  -> outsider rebalance at leverage ${due.leverage}`);
  await attempt(world, "outsider rebalance", () => vault.connect(outsider).rebalance());
}

/** Anyone (signer `caller`) runs the emergency delever when it is due; returns whether it traded. */
async function emergencyIfDue(world: World, caller: number): Promise<boolean> {
  const status = await world.vault.rebalanceStatus();
  if (status.action !== 3n) {
    world.log.push(`  -> emergency not due (action ${status.action})`);
    return false;
  }
  await arbitrageIfNeeded(world);
  const signer = (await ethers.getSigners())[caller];
  const leverageBefore = (await world.vault.positionState()).leverage;
  world.log.push(`  -> emergency by signer ${caller} at leverage ${leverageBefore}`);
  const done = await attempt(world, "emergency", () => world.vault.connect(signer).rebalance());
  if (done) {
    const leverageAfter = (await world.vault.positionState()).leverage;
    expect(leverageAfter < leverageBefore, `emergency did not delever\n${world.log.join("\n")}`).to.equal(true);
  }
  return done;
}

/** Runs `actions` on a fresh seeded vault of `kind`; `executed` counts each action as it completes. */
async function runSequence(
  market: MarketName,
  kind: "long" | "inverse",
  actions: Action[],
  refusals: Map<string, number>,
  executed: Map<Action["kind"], number>,
  completed: Map<string, number>,
): Promise<void> {
  const f = await networkHelpers.loadFixture(seededVaultsFixture(market));
  const { vault } = kind === "long" ? f.long : f.inverse;
  const decimals = kind === "long" ? 18 : 6;
  const world: World = {
    f,
    kind,
    vault,
    address: await vault.getAddress(),
    // The seed depositor (owner) is the fifth holder: it never acts, but its balance and claim are checked.
    holders: [...f.depositors, f.owner],
    holderAddresses: [...f.depositors, f.owner].map((d) => d.address),
    unit: (size) => parseUnits((kind === "long" ? size : size * 3000).toFixed(decimals), decimals),
    liquidationLtv: await f.lendingMarket.liquidationLtv(f.stack, kind),
    emergencyLeverage: (await vault.riskParameters()).emergencyLeverage,
    collateralToken: kind === "long" ? f.stack.tokens.weth : f.stack.tokens.usdc,
    log: [],
    refusals,
    completed,
  };
  for (const action of actions) {
    await runAction(world, action);
    executed.set(action.kind, (executed.get(action.kind) ?? 0) + 1);
  }
}

for (const market of RUN_MARKETS) for (const kind of ["long", "inverse"] as const) {
  describe(`${kind} vault invariants under random action sequences (on ${marketCases[market].label})`, function () {
    this.timeout(DEEP_ACTIONS === undefined ? 120_000 : 0);

    it("solvency, share accounting and the donation bound hold after every action", async function () {
      const refusals = new Map<string, number>();
      const executed = new Map<Action["kind"], number>();
      const completed = new Map<string, number>();
      let sequences = 0;
      let violations = 0;
      const startedAt = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(sequenceArb, async (sequence) => {
            sequences++;
            await runSequence(market, kind, sequence, refusals, executed, completed);
          }),
          { seed: kind === "long" ? SEED : SEED + 1, numRuns: SEQUENCES_PER_VAULT, endOnFailure: true },
        );
      } catch (error) {
        violations++;
        throw error;
      } finally {
        const actions = [...executed.values()].reduce((sum, count) => sum + count, 0);
        const refused = [...refusals].map(([name, count]) => `${name} x${count}`).join(", ") || "none";
        const mix = [...executed].map(([name, count]) => `${name} ${count}`).join(", ");
        const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
        console.log(
          `      ${kind} on ${marketCases[market].label}: ${sequences} sequences, ${actions} actions, ${violations} violations in ${seconds} s; refused calls: ${refused}`,
        );
        if (DEEP_ACTIONS !== undefined) {
          const calls = [...completed].map(([name, count]) => `${name} ${count}`).join(", ");
          console.log(`        actions executed by kind: ${mix}`);
          console.log(`        vault calls that went through: ${calls}`);
        }
      }
    });
  });
}

/**
 * Regressions the random sequences found, kept as directed tests: a position at 1x (here because a
 * donation to the empty vault's lending position made the first deposit's "current leverage" 1x)
 * must still be levered to the target by the keeper.
 */
for (const market of MARKETS) describe(`vault invariants: directed cases found by the random sequences (on ${marketCases[market].label})`, function () {
  for (const kind of ["long", "inverse"] as const) {
    const unitFor = (amount: number) => parseUnits((kind === "long" ? amount : amount * 3000).toString(), kind === "long" ? 18 : 6);

    it(`${kind}: a donation to the empty vault's position does not stop the first deposit from levering into the band`, async function () {
      const f = await networkHelpers.loadFixture(invariantsFixture(market));
      const vault = kind === "long" ? f.long.vault : f.inverse.vault;
      await f.lendingMarket.supplyCollateralFor(f.stack, kind, f.mallory, await vault.getAddress(), unitFor(1));
      await (await vault.connect(f.alice).deposit(unitFor(10), f.alice.address)).wait();

      const status = await vault.rebalanceStatus();
      expect(status.leverage >= status.minLeverage && status.leverage <= status.maxLeverage).to.equal(true);
    });

    it(`${kind}: the keeper levers a position far below the band up to the target in one rebalance`, async function () {
      const f = await networkHelpers.loadFixture(invariantsFixture(market));
      const vault = kind === "long" ? f.long.vault : f.inverse.vault;
      await (await vault.connect(f.alice).deposit(unitFor(10), f.alice.address)).wait();
      // A donation of as much collateral as the position holds takes leverage from 2x to about 1.3x.
      await f.lendingMarket.supplyCollateralFor(f.stack, kind, f.mallory, await vault.getAddress(), unitFor(20));

      const status = await vault.rebalanceStatus();
      expect(status.action).to.equal(1n); // Rebalance: below the 1.8x floor
      expect(status.leverUp).to.equal(true);
      await expect(vault.connect(f.keeper).rebalance()).to.not.revert(ethers);
      const leverage = Number((await vault.positionState()).leverage) / 1e18;
      expect(Math.abs(leverage - 2)).to.be.below(0.01);
    });
  }
});
