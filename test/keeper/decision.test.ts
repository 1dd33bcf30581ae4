import { expect } from "chai";

import { Action, decideAction, isStandDownRevert } from "../../keeper/src/decision/decideAction.js";
import { isBalanceLow, priceWarnings } from "../../keeper/src/decision/warnings.js";

const status = (action: number, readyAt = 100n, permissionlessAt = 0n) => ({ action, readyAt, permissionlessAt });

describe("keeper decision: relaying the vault's own canRebalance(signer)", function () {
  it("skips a vault whose action is None", function () {
    expect(decideAction({ status: status(Action.None), canRebalance: false, isKeeper: true, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "skip",
      reason: "in-band",
    });
  });

  it("acts on a due Rebalance exactly when the vault says the signer may, labelled as a keeper's", function () {
    expect(decideAction({ status: status(Action.Rebalance, 1_000n), canRebalance: true, isKeeper: true, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "act",
      action: Action.Rebalance,
      emergency: false,
      via: "keeper",
    });
  });

  it("never acts when the vault says no, whatever its own reading of the status (one rule, on-chain)", function () {
    // A keeper after the cooldown that the vault still refuses (say, it lost the keeper role in this block).
    expect(decideAction({ status: status(Action.Rebalance, 100n), canRebalance: false, isKeeper: true, blockTimestamp: 1_000n })).to.include({
      kind: "skip",
    });
    expect(decideAction({ status: status(Action.Emergency, 100n), canRebalance: false, isKeeper: false, blockTimestamp: 1_000n })).to.include({
      kind: "skip",
    });
  });

  it("labels a refusal before readyAt as the cooldown, until readyAt", function () {
    expect(decideAction({ status: status(Action.Rebalance, 1_001n), canRebalance: false, isKeeper: true, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "skip",
      reason: "cooldown",
      until: 1_001n,
    });
    expect(decideAction({ status: status(Action.Iterate, 2_000n), canRebalance: true, isKeeper: true, blockTimestamp: 2_000n })).to.include({
      kind: "act",
      action: Action.Iterate,
    });
  });

  it("an Emergency the vault opens to the signer is acted on as an emergency, keeper or not", function () {
    expect(decideAction({ status: status(Action.Emergency, 5_000n), canRebalance: true, isKeeper: false, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "act",
      action: Action.Emergency,
      emergency: true,
      via: "emergency",
    });
  });

  it("labels a refusal after the cooldown as not permitted, until the grace period ends when one is running", function () {
    expect(decideAction({ status: status(Action.Rebalance, 0n, 0n), canRebalance: false, isKeeper: false, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "skip",
      reason: "not-permitted",
    });
    expect(decideAction({ status: status(Action.Rebalance, 0n, 1_500n), canRebalance: false, isKeeper: false, blockTimestamp: 1_499n })).to.deep.equal({
      kind: "skip",
      reason: "not-permitted",
      until: 1_500n,
    });
    expect(decideAction({ status: status(Action.Rebalance, 0n, 1_500n), canRebalance: true, isKeeper: false, blockTimestamp: 1_500n })).to.include({
      kind: "act",
      via: "permissionless",
    });
  });

  it("an unknown action number is skipped, never acted on", function () {
    expect(decideAction({ status: status(7), canRebalance: true, isKeeper: true, blockTimestamp: 1_000n })).to.deep.equal({
      kind: "skip",
      reason: "unknown-action",
    });
  });

  it("stands down on the reverts that mean another keeper was first, not on others", function () {
    for (const name of ["LeverageInBand", "RebalanceCooldown", "RebalanceNotPermitted"]) expect(isStandDownRevert(name), name).to.equal(true);
    for (const name of ["PoolPriceDeviation", "SwapSlippageExceeded", "StaleFeed", undefined]) expect(isStandDownRevert(name), String(name)).to.equal(false);
  });
});

describe("keeper warnings from plain numbers", function () {
  it("warns about a feed older than stalePriceSeconds at the block read", function () {
    expect(priceWarnings({ priceHealthy: true, oldestFeedUpdatedAt: 1_000n, blockTimestamp: 4_601n, stalePriceSeconds: 3_600 })).to.deep.equal([
      { kind: "price-stale", ageSeconds: 3_601n },
    ]);
    expect(priceWarnings({ priceHealthy: true, oldestFeedUpdatedAt: 1_000n, blockTimestamp: 4_600n, stalePriceSeconds: 3_600 })).to.deep.equal([]);
  });

  it("warns when the vault itself calls its price unhealthy, or a feed cannot be read", function () {
    expect(priceWarnings({ priceHealthy: false, oldestFeedUpdatedAt: undefined, blockTimestamp: 10n, stalePriceSeconds: 60 }).map((w) => w.kind)).to.deep.equal([
      "price-unhealthy",
      "feed-unreadable",
    ]);
  });

  it("flags a signer balance strictly below the threshold as low", function () {
    expect(isBalanceLow(99n, 100n)).to.equal(true);
    expect(isBalanceLow(100n, 100n)).to.equal(false);
  });
});
