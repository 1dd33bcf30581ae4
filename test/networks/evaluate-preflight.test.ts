import { expect } from "chai";

import { presetVaultRequest } from "../../scripts/networks/preset-vault-request.js";
import { NETWORK_PRESETS } from "../../scripts/networks/presets.js";
import { evaluatePreflight, preflightOutcome, rebalanceTradeNeeded } from "../../scripts/preflight/evaluate-preflight.js";
import type { PreflightFacts, PreflightRequest } from "../../scripts/preflight/preflight-facts.js";

/** The pure verdict, on plain numbers: a healthy Base network and one change per test. */
const preset = NETWORK_PRESETS.base;
const WAD = 10n ** 18n;
const NOW = 1_800_000_000;
const ADDRESS = (digit: string) => `0x${digit.repeat(40)}`;
/** ETH at 3,000 USDC in the vault's 1e36 scale (raw USDC per raw WETH). */
const PRICE = 3_000n * 10n ** 24n;

const request: PreflightRequest = {
  pair: "WETH/USDC",
  market: "aave",
  vaultPreset: "L2",
  vault: presetVaultRequest(preset, { pair: "WETH/USDC", market: "aave", vaultPreset: "L2", pool: ADDRESS("1"), proposers: [ADDRESS("2")], guardian: ADDRESS("2"), keeper: ADDRESS("3") }),
};

/** An Aave reserve configuration word: LTV and threshold in bps, active, borrowing enabled, no caps. */
function configuration(ltv: number, threshold: number, flags: { frozen?: boolean } = {}): bigint {
  return BigInt(ltv) | (BigInt(threshold) << 16n) | (1n << 56n) | (flags.frozen ? 1n << 57n : 0n) | (1n << 58n);
}

function healthyFacts(): PreflightFacts {
  return {
    chainId: 8453,
    blockNumber: 100n,
    timestamp: NOW,
    gasPrice: 10_000_000n, // 0.01 gwei
    tokens: { collateral: { address: preset.tokens.WETH, symbol: "WETH", decimals: 18 }, debt: { address: preset.tokens.USDC, symbol: "USDC", decimals: 6 } },
    feeds: [
      { pair: "ETH/USD", role: "collateral", address: preset.feeds["ETH/USD"].address, heartbeat: 1_200, reading: { decimals: 8, description: "ETH / USD", answer: 3_000n * 10n ** 8n, updatedAt: NOW - 600 } },
      { pair: "USDC/USD", role: "debt", address: preset.feeds["USDC/USD"].address, heartbeat: 86_400, reading: { decimals: 8, description: "USDC / USD", answer: 10n ** 8n, updatedAt: NOW - 3_600 } },
    ],
    sequencer: { address: preset.sequencerFeed!.address, reading: { answer: 0n, startedAt: NOW - 86_400 } },
    oraclePrice: PRICE,
    pool: { fee: 500, address: ADDRESS("1"), reading: { poolPrice: PRICE, depth: 100_000n * WAD, feeWad: 5n * 10n ** 14n, sandwichProofTrade: 50n * WAD, liquidity: 10n ** 22n } },
    market: {
      kind: "aave",
      pool: preset.aave!.pool,
      collateral: { asset: preset.tokens.WETH, configuration: configuration(8_000, 8_250), aTokenSupply: 1_000n * WAD, variableDebt: 0n, availableLiquidity: 1_000n * WAD },
      debt: { asset: preset.tokens.USDC, configuration: configuration(7_500, 7_800), aTokenSupply: 10n ** 15n, variableDebt: 0n, availableLiquidity: 10n ** 15n },
    },
    parameterRules: { accepted: true },
  };
}

const verdict = (facts: PreflightFacts, check: string) => evaluatePreflight(facts, preset, request).find((line) => line.check === check)!;

describe("evaluatePreflight (pure)", function () {
  it("passes a healthy network with every line ok", function () {
    const lines = evaluatePreflight(healthyFacts(), preset, request);
    expect(lines.filter((line) => line.status !== "ok")).to.deep.equal([]);
    expect(preflightOutcome(lines)).to.equal("ok");
  });

  it("sizes a rebalance of the L2 preset's $500k vault at 2.5 WETH (band edge 2.03x recentred halfway to 2.015x)", function () {
    const equity = (500_000n * WAD) / 3_000n;
    const needed = rebalanceTradeNeeded(request.vault.risk, equity);
    expect(needed.from).to.equal(2_030_000_000_000_000_000n);
    expect(needed.to).to.equal(2_015_000_000_000_000_000n);
    expect(needed.amount).to.equal((equity * 15n) / 1_000n);
  });

  it("warns on a feed past one heartbeat and refuses it past two", function () {
    const facts = healthyFacts();
    facts.feeds[0]!.reading!.updatedAt = NOW - 1_800;
    expect(verdict(facts, "feed ETH/USD (collateral)").status).to.equal("warn");
    facts.feeds[0]!.reading!.updatedAt = NOW - 2_401;
    expect(verdict(facts, "feed ETH/USD (collateral)").status).to.equal("refuse");
  });

  it("refuses a sequencer that came back within the vault's grace period, naming both durations", function () {
    const facts = healthyFacts();
    facts.sequencer!.reading!.startedAt = NOW - 600;
    const line = verdict(facts, "sequencer uptime");
    expect(line.status).to.equal("refuse");
    expect(line.detail).to.contain("up for only 600 s, within the vault's grace period of 3,600 s");
  });

  it("warns when the rules allow less than the whole rebalance, refuses below 10% of it", function () {
    const facts = healthyFacts();
    facts.pool.reading!.sandwichProofTrade = WAD; // 1 WETH of the 2.5 needed: 40%
    expect(verdict(facts, "pool depth vs rebalance").status).to.equal("warn");
    facts.pool.reading!.sandwichProofTrade = WAD / 5n; // 0.2 WETH: 8%
    const line = verdict(facts, "pool depth vs rebalance");
    expect(line.status).to.equal("refuse");
    expect(line.detail).to.contain("= 8% of the 2.5 WETH");
  });

  it("refuses a pool that is missing at the preset's fee", function () {
    const facts = healthyFacts();
    facts.pool = { fee: 500, address: "0x0000000000000000000000000000000000000000" };
    expect(verdict(facts, "uniswap pool")).to.deep.include({ status: "refuse" });
  });

  it("warns on a pool half the deviation bound away from the feeds, refuses one beyond it", function () {
    const facts = healthyFacts();
    facts.pool.reading!.poolPrice = (PRICE * 10_060n) / 10_000n; // 60 bps, the bound is 100
    expect(verdict(facts, "pool price vs feeds").status).to.equal("warn");
    facts.pool.reading!.poolPrice = (PRICE * 10_150n) / 10_000n;
    const line = verdict(facts, "pool price vs feeds");
    expect(line.status).to.equal("refuse");
    expect(line.detail).to.contain("150 bps apart; the vault trades within 100 bps");
  });

  it("refuses a frozen collateral reserve and an LTV too low for the target", function () {
    const facts = healthyFacts();
    if (facts.market.kind !== "aave") throw new Error("aave facts expected");
    facts.market.collateral!.configuration = configuration(8_000, 8_250, { frozen: true });
    expect(verdict(facts, "aave WETH reserve (collateral)").detail).to.contain("the reserve is frozen");
    facts.market.collateral!.configuration = configuration(4_000, 5_000);
    const line = verdict(facts, "leverage the market allows");
    expect(line.status).to.equal("refuse");
    expect(line.detail).to.contain("borrow LTV 40% lends up to 1.67x");
  });

  it("warns when the debt reserve cannot lend what the vault borrows at target", function () {
    const facts = healthyFacts();
    if (facts.market.kind !== "aave") throw new Error("aave facts expected");
    facts.market.debt!.availableLiquidity = 1_000n * 10n ** 6n;
    const line = verdict(facts, "aave USDC reserve (debt)");
    expect(line.status).to.equal("warn");
    expect(line.detail).to.contain("less than the 500,000 USDC the preset's vault borrows at target");
  });

  it("reports ParameterRules' refusal with the field and its bounds", function () {
    const facts = healthyFacts();
    facts.parameterRules = { accepted: false, field: "emergencyLeverage", value: 3n * WAD, min: 2n * WAD, max: 25n * 10n ** 17n };
    expect(verdict(facts, "parameter rules").detail).to.contain("emergencyLeverage 3x outside [2x, 2.5x]");
  });

  it("warns when gas costs more than twice the preset's assumption", function () {
    const facts = healthyFacts();
    facts.gasPrice = 200_000_000n; // 0.2 gwei, L2 assumes 0.05
    expect(verdict(facts, "gas price").status).to.equal("warn");
  });
});
