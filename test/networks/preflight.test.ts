import { expect } from "chai";
import { network } from "hardhat";
import { parseUnits } from "ethers";

import { deployPreset, PreflightRefusedError } from "../../scripts/deploy/deploy-preset.js";
import { applyPresetOverride, NETWORK_PRESETS, type NetworkPreset } from "../../scripts/networks/presets.js";
import { formatPreflightTable } from "../../scripts/preflight/format-preflight-table.js";
import type { PreflightLine } from "../../scripts/preflight/preflight-facts.js";
import { preflightClient } from "../../scripts/preflight/read-preflight-facts.js";
import { runPreflight, type PreflightResult } from "../../scripts/preflight/run-preflight.js";
import { toFeedAnswer } from "../../scripts/stack/deploy-local-stack.js";
import { deployRehearsalStack, type RehearsalStack } from "./rehearsal-stack.js";

/**
 * The preflight against hostile setups of the local stack on Base Sepolia's chain id, in process:
 * each refusal names the number that failed. The reads and the verdict are the ones `npm run
 * preflight` and `npm run deploy` run.
 */
describe("Preflight refusals on hostile networks (the local stack as Base Sepolia)", function () {
  this.timeout(120_000);
  let connection: Awaited<ReturnType<typeof network.create>>;

  before(async function () {
    connection = await network.create({ network: "default", chainType: "op", override: { chainId: 84532 } });
  });

  after(async function () {
    await connection?.close();
  });

  async function deepStack(): Promise<RehearsalStack> {
    return await deployRehearsalStack(connection.ethers);
  }

  /** A pool of 50 WETH: its sandwich-proof bound (depth x 0.05%) is 1% of the 2.5 WETH a rebalance of the L2 preset's $500k vault needs. */
  async function thinStack(): Promise<RehearsalStack> {
    return await deployRehearsalStack(connection.ethers, { poolWeth: 50 });
  }

  async function preflight(rehearsal: RehearsalStack, preset: NetworkPreset = NETWORK_PRESETS["base-sepolia"], market: "morpho" | "aave" = "morpho"): Promise<PreflightResult> {
    const [deployer] = await connection.ethers.getSigners();
    const result = await runPreflight(preflightClient(connection.provider), {
      preset: applyPresetOverride(preset, rehearsal.override, "the rehearsal stack"),
      pair: "WETH/USDC",
      market,
      vaultPreset: "L2",
      deployer: deployer!.address,
    });
    // PREFLIGHT_PRINT=1 prints each table the suite evaluates (the closing notes quote them)
    if (process.env.PREFLIGHT_PRINT) console.log(formatPreflightTable(result.lines, `preflight (${market}, pool ${await rehearsal.stack.uniswap.pool.getAddress()})`));
    return result;
  }

  const line = (result: PreflightResult, check: string): PreflightLine => {
    const found = result.lines.find((candidate) => candidate.check === check);
    if (!found) throw new Error(`no line "${check}" in\n${formatPreflightTable(result.lines, "preflight")}`);
    return found;
  };

  it("passes the deep local stack on Aave v3 and on Morpho Blue, with no refusal", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    for (const market of ["aave", "morpho"] as const) {
      const result = await preflight(rehearsal, undefined, market);
      expect(result.outcome, formatPreflightTable(result.lines, market)).to.not.equal("refuse");
    }
  });

  it("refuses a pool with 1% of the depth a rebalance needs, naming the 1% and the trade sizes", async function () {
    const result = await preflight(await connection.networkHelpers.loadFixture(thinStack));
    const depth = line(result, "pool depth vs rebalance");
    expect(depth.status).to.equal("refuse");
    expect(depth.detail).to.match(/the sandwich-proof rule allows 0\.025 WETH/);
    expect(depth.detail).to.match(/= 1% of the 2\.5 WETH a rebalance needs/);
    expect(depth.detail).to.contain("below the 10% minimum");
    expect(result.outcome).to.equal("refuse");
  });

  it("refuses a feed whose last round is 3 heartbeats old, naming its age", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    const now = await connection.networkHelpers.time.latest();
    const heartbeat = NETWORK_PRESETS["base-sepolia"].feeds["ETH/USD"].heartbeat;
    await (await rehearsal.stack.feeds.ethUsd.setRoundData(toFeedAnswer(3000), now - 3 * heartbeat, now - 3 * heartbeat)).wait();
    const feed = line(await preflight(rehearsal), "feed ETH/USD (collateral)");
    expect(feed.status).to.equal("refuse");
    expect(feed.detail).to.match(/updated 3,60\d s ago = 3\.00 heartbeats of 1,200 s/);
    expect(feed.detail).to.contain("older than 2 heartbeats (2,400 s)");
  });

  it("refuses when the sequencer-uptime feed reports the sequencer down, naming the answer", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    const now = await connection.networkHelpers.time.latest();
    await (await rehearsal.sequencer.setRoundData(1, now, now)).wait();
    const sequencer = line(await preflight(rehearsal), "sequencer uptime");
    expect(sequencer.status).to.equal("refuse");
    expect(sequencer.detail).to.match(/reports the sequencer down \(answer 1\)/);
  });

  it("refuses a market whose LTV cannot carry the target: Morpho at LLTV 40% liquidates at 1.67x, below the 2x target", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    const lltv = parseUnits("0.4", 18);
    await (await rehearsal.stack.morpho.morpho.enableLltv(lltv)).wait();
    const override = { ...rehearsal.override, morpho: { ...rehearsal.override.morpho!, lltv: lltv.toString() } };
    const result = await preflight({ ...rehearsal, override });
    const leverage = line(result, "leverage the market allows");
    expect(leverage.status).to.equal("refuse");
    expect(leverage.detail).to.contain("liquidation LTV 40% liquidates at 1.67x");
    expect(leverage.detail).to.contain("the rules allow up to 1.5x");
    expect(leverage.detail).to.contain("target 2x");
    expect(leverage.detail).to.contain("cannot carry the target");
    // The rules the vault itself runs agree, naming the field and its bounds.
    const rules = line(result, "parameter rules");
    expect(rules.status).to.equal("refuse");
    expect(rules.detail).to.match(/ParameterOutOfBounds: maxLeverage 2\.03x outside \[2x, 1\.5x\]/);
  });

  it("refuses a chain whose id is not the preset's, naming both ids", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    const chain = line(await preflight(rehearsal, NETWORK_PRESETS.base), "chain id");
    expect(chain.status).to.equal("refuse");
    expect(chain.detail).to.equal("the RPC serves chain 84532, the base preset is chain 8453");
  });

  it("a deploy the preflight refuses sends nothing", async function () {
    const rehearsal = await connection.networkHelpers.loadFixture(deepStack);
    const now = await connection.networkHelpers.time.latest();
    await (await rehearsal.sequencer.setRoundData(1, now, now)).wait();
    const [deployer] = await connection.ethers.getSigners();
    const nonce = await connection.ethers.provider.getTransactionCount(deployer!.address);
    const lines: string[] = [];
    let refused: unknown;
    try {
      await deployPreset({
        connection: connection as never,
        deployer: deployer!,
        preset: applyPresetOverride(NETWORK_PRESETS["base-sepolia"], rehearsal.override, "the rehearsal stack"),
        pair: "WETH/USDC",
        market: "morpho",
        vaultPreset: "L2",
        folder: "/nonexistent/never-written",
        force: false,
        verify: false,
        log: (text) => lines.push(text),
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(PreflightRefusedError);
    expect(lines.join("\n")).to.contain("preflight REFUSED");
    expect(await connection.ethers.provider.getTransactionCount(deployer!.address)).to.equal(nonce);
  });
});
