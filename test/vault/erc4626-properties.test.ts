/**
 * ERC-4626 preview and max rules at every size, as properties: fast-check draws sequences of flows
 * (deposit, mint, withdraw, redeem, and each at its `max*`) by random holders with sizes from 1 raw
 * unit up to the flow's maximum, log-uniform so that dust and the largest sizes both appear, on the
 * long and the inverse vault on each lending market. At every step:
 *
 * - `previewDeposit(a)` <= shares `deposit(a)` mints, and a deposit refused with `ZeroShares` had a
 *   preview of 0;
 * - `previewMint(s)` >= assets `mint(s)` pulls;
 * - `previewWithdraw(a)` >= shares `withdraw(a)` burns;
 * - `previewRedeem(s)` <= assets `redeem(s)` pays;
 * - `deposit(maxDeposit)`, `mint(maxMint)`, `withdraw(maxWithdraw)` and `redeem(maxRedeem)` succeed;
 * - no other holder's share value falls by more than dust.
 *
 * Views and the transaction share one block: the next block's timestamp is pinned and the views read
 * the pending block, so the lending market's interest cannot separate them. Before each step an
 * arbitrageur puts the pool back on the feed (3000 USD per ETH), as on a live market.
 */
import { expect } from "chai";
import fc from "fast-check";
import type { Signer } from "ethers";

import { arbitragePoolTo, toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { fundedVaultsFixture, kinds, MARKETS, marketCases, pick, revertData, type MarketName } from "../fixtures/funded-vaults.js";
import { networkHelpers } from "../fixtures/local-stack.js";

const SEED = 4626;
/** Sequences per vault, each of `STEPS` flows. */
const RUNS_PER_VAULT = 50;
const STEPS = { minLength: 3, maxLength: 6 } as const;

type Flow = "deposit" | "mint" | "withdraw" | "redeem";

interface Step {
  flow: Flow;
  /** Whether the size is exactly the flow's `max*`; otherwise it is log-uniform in [1, max]. */
  atMax: boolean;
  /** 0 for alice, 1 for bob (both hold shares at the start), 2 for carol (holds none). */
  who: number;
  /** Position in [0, 1] on the log scale between 1 and the maximum. */
  magnitude: number;
}

const MAGNITUDE_STEPS = 1_000_000;
const stepArb: fc.Arbitrary<Step> = fc.record({
  flow: fc.constantFrom<Flow>("deposit", "mint", "withdraw", "redeem"),
  atMax: fc.boolean(),
  who: fc.integer({ min: 0, max: 2 }),
  magnitude: fc.integer({ min: 0, max: MAGNITUDE_STEPS }).map((value) => value / MAGNITUDE_STEPS),
});
const sequenceArb = fc.array(stepArb, STEPS);

/** `max ** magnitude`, in [1, max]: log-uniform when `magnitude` is uniform. */
function logUniformSize(max: bigint, magnitude: number): bigint {
  if (max <= 1n) return max;
  const size = BigInt(Math.floor(10 ** (magnitude * Math.log10(Number(max)))));
  return size < 1n ? 1n : size > max ? max : size;
}

/** A few raw units plus 1e-9 of the value: the rounding another holder may see from someone's flow. */
function dust(value: bigint): bigint {
  return value / 1_000_000_000n + 10n;
}

/** Pins the next block's timestamp and returns overrides that read the state as of that block. */
async function pinNextBlock() {
  await networkHelpers.time.setNextBlockTimestamp((await networkHelpers.time.latest()) + 1);
  return { blockTag: "pending" } as const;
}

interface Tally {
  steps: number;
  flows: Record<Flow, number>;
  atMax: number;
  zeroShareRefusals: number;
  skippedAtZeroMax: number;
  smallest: bigint;
  largest: bigint;
}

async function runSequence(market: MarketName, kind: VaultKind, steps: Step[], tally: Tally) {
  const fixture = await networkHelpers.loadFixture(fundedVaultsFixture(market));
  const { vault, collateralToken } = pick(fixture, kind);
  const holders: Signer[] = [fixture.alice, fixture.bob, fixture.carol];
  const addresses = await Promise.all(holders.map((holder) => holder.getAddress()));
  const log: string[] = [];

  for (const step of steps) {
    const actor = holders[step.who]!;
    const actorAddress = addresses[step.who]!;
    const others = addresses.filter((_, index) => index !== step.who);
    await arbitragePoolTo(fixture.stack, toFeedAnswer(3000));

    // Everything the step compares is read in the block its transaction lands in.
    const inTxBlock = await pinNextBlock();
    const max =
      step.flow === "deposit"
        ? await vault.maxDeposit(actorAddress, inTxBlock)
        : step.flow === "mint"
          ? await vault.maxMint(actorAddress, inTxBlock)
          : step.flow === "withdraw"
            ? await vault.maxWithdraw(actorAddress, inTxBlock)
            : await vault.maxRedeem(actorAddress, inTxBlock);
    if (max === 0n) {
      tally.skippedAtZeroMax++;
      log.push(`${step.flow} by holder ${step.who}: max is 0, skipped`);
      // Nothing was sent: release the pinned timestamp with an empty block.
      await networkHelpers.mine();
      continue;
    }
    const size = step.atMax ? max : logUniformSize(max, step.magnitude);
    const preview =
      step.flow === "deposit"
        ? await vault.previewDeposit(size, inTxBlock)
        : step.flow === "mint"
          ? await vault.previewMint(size, inTxBlock)
          : step.flow === "withdraw"
            ? await vault.previewWithdraw(size, inTxBlock)
            : await vault.previewRedeem(size, inTxBlock);
    const sharesBefore = await vault.balanceOf(actorAddress, inTxBlock);
    const assetsBefore = await collateralToken.balanceOf(actorAddress, inTxBlock);
    const otherShares = await Promise.all(others.map((address) => vault.balanceOf(address, inTxBlock)));
    const otherValues = await Promise.all(otherShares.map((shares) => vault.convertToAssets(shares, inTxBlock)));
    const label = `${step.flow}(${size}) by holder ${step.who} (max ${max}, preview ${preview})`;
    log.push(label);
    const where = () => `${label} on the ${kind} vault, ${marketCases[market].label}; steps so far:\n  ${log.join("\n  ")}`;

    try {
      const send =
        step.flow === "deposit"
          ? vault.connect(actor).deposit(size, actorAddress)
          : step.flow === "mint"
            ? vault.connect(actor).mint(size, actorAddress)
            : step.flow === "withdraw"
              ? vault.connect(actor).withdraw(size, actorAddress, actorAddress)
              : vault.connect(actor).redeem(size, actorAddress, actorAddress);
      await (await send).wait();
    } catch (error) {
      const data = revertData(error);
      const name = data === undefined ? undefined : vault.interface.parseError(data)?.name;
      // The only refusal the rules allow: a deposit too small to mint a share, which its preview foretold.
      if (step.flow === "deposit" && !step.atMax && name === "ZeroShares") {
        expect(preview, `previewDeposit of a deposit refused with ZeroShares; ${where()}`).to.equal(0n);
        tally.zeroShareRefusals++;
        log.push("  -> refused: ZeroShares");
        continue;
      }
      throw new Error(`${where()}\nreverted: ${name ?? (error as Error).message}`);
    }

    const sharesMoved = (await vault.balanceOf(actorAddress)) - sharesBefore;
    const assetsMoved = (await collateralToken.balanceOf(actorAddress)) - assetsBefore;
    log.push(`  -> shares ${sharesMoved}, assets ${assetsMoved}`);
    switch (step.flow) {
      case "deposit":
        expect(sharesMoved >= preview, `previewDeposit above the shares minted (${sharesMoved}); ${where()}`).to.equal(true);
        expect(-assetsMoved, `deposit pulled other than its assets; ${where()}`).to.equal(size);
        break;
      case "mint":
        expect(-assetsMoved <= preview, `previewMint below the assets pulled (${-assetsMoved}); ${where()}`).to.equal(true);
        expect(sharesMoved, `mint minted other than its shares; ${where()}`).to.equal(size);
        break;
      case "withdraw":
        expect(-sharesMoved <= preview, `previewWithdraw below the shares burned (${-sharesMoved}); ${where()}`).to.equal(true);
        expect(assetsMoved, `withdraw paid other than its assets; ${where()}`).to.equal(size);
        break;
      case "redeem":
        expect(assetsMoved >= preview, `previewRedeem above the assets paid (${assetsMoved}); ${where()}`).to.equal(true);
        expect(-sharesMoved, `redeem burned other than its shares; ${where()}`).to.equal(size);
        break;
    }
    for (const [index, address] of others.entries()) {
      const valueAfter = await vault.convertToAssets(await vault.balanceOf(address));
      const before = otherValues[index]!;
      expect(
        valueAfter + dust(before) >= before,
        `${address}'s share value fell from ${before} to ${valueAfter} (beyond dust ${dust(before)}); ${where()}`,
      ).to.equal(true);
    }

    tally.steps++;
    tally.flows[step.flow]++;
    if (step.atMax) tally.atMax++;
    if (size < tally.smallest) tally.smallest = size;
    if (size > tally.largest) tally.largest = size;
  }
}

for (const market of MARKETS) for (const kind of kinds) {
  describe(`ERC-4626 previews and maxima at every size (${kind} vault on ${marketCases[market].label})`, function () {
    this.timeout(120_000);

    it("previews are never wrong in the user's favour, max* flows succeed, and no other holder loses beyond dust", async function () {
      const tally: Tally = {
        steps: 0,
        flows: { deposit: 0, mint: 0, withdraw: 0, redeem: 0 },
        atMax: 0,
        zeroShareRefusals: 0,
        skippedAtZeroMax: 0,
        smallest: 2n ** 256n,
        largest: 0n,
      };
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(sequenceArb, async (steps) => {
          runs++;
          await runSequence(market, kind, steps, tally);
        }),
        { seed: SEED + (kind === "long" ? 0 : 1) + (market === "morpho" ? 0 : 2), numRuns: RUNS_PER_VAULT, endOnFailure: true },
      );
      const { flows } = tally;
      console.log(
        `      ${kind} on ${marketCases[market].label}: ${runs} runs, ${tally.steps} flows checked ` +
          `(deposit ${flows.deposit}, mint ${flows.mint}, withdraw ${flows.withdraw}, redeem ${flows.redeem}; ${tally.atMax} at max*), ` +
          `sizes ${tally.smallest} to ${tally.largest} raw units, ${tally.zeroShareRefusals} ZeroShares refusals, ${tally.skippedAtZeroMax} skipped at max 0`,
      );
    });
  });
}
