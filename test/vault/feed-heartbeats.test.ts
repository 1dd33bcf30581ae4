/**
 * Feed max ages follow the heartbeat of the feed each side reads (finding 6: the inverse vault read
 * ETH/USD as its debt feed with a 24-hour max age, so a 2-hour-old ETH answer counted as healthy and
 * a deposit went through). Mainnet heartbeats: ETH/USD 1 h, USDC/USD 24 h, plus a 10-minute allowance
 * for a heartbeat round to land. The long vault reads ETH/USD as its collateral feed, the inverse
 * vault as its debt feed: both must refuse the same stale ETH answer.
 */
import { expect } from "chai";
import { parseUnits } from "ethers";

import type { VaultKind } from "../../scripts/vault/vault-parameters.js";
import { ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { vaultsFixture } from "../fixtures/vaults.js";

const HOUR = 3600;
const KINDS: VaultKind[] = ["long", "inverse"];

/** Per kind: the vault, a depositor, one ETH's worth of the vault's asset, and the stack's feeds. */
async function setup(market: MarketName, kind: VaultKind) {
  const f = await networkHelpers.loadFixture(vaultsFixture(market));
  const vault = kind === "long" ? f.long.vault : f.inverse.vault;
  const oneEthWorth = kind === "long" ? parseUnits("1", 18) : parseUnits("3000", 6);
  return { ...f, kind, vault, depositor: f.carol, oneEthWorth, ethFeed: f.stack.feeds.ethUsd, usdcFeed: f.stack.feeds.usdcUsd };
}

/** Republishes the feed's current answer as if its last round was `ageSeconds` old at the next block. */
async function ageFeed(feed: Awaited<ReturnType<typeof setup>>["ethFeed"], ageSeconds: number) {
  const answer = (await feed.latestRoundData())[1];
  const nextBlockTime = BigInt(await networkHelpers.time.latest()) + 1n;
  const updatedAt = nextBlockTime + 1n - BigInt(ageSeconds); // the deposit lands one block after this call
  await networkHelpers.time.setNextBlockTimestamp(nextBlockTime);
  await feed.setRoundData(answer, updatedAt, updatedAt);
  return updatedAt;
}

for (const market of MARKETS) describe(`feed max ages follow each feed's heartbeat (${marketCases[market].label})`, function () {
  for (const kind of KINDS) {
    describe(`${kind} vault (mainnet heartbeats)`, function () {
      it("reads ETH/USD with a max age of 1 h + 10 min and USDC/USD with 24 h + 10 min", async function () {
        const { vault } = await setup(market, kind);
        const { collateralFeedMaxAge, debtFeedMaxAge } = await vault.oracleParameters();
        const [ethMaxAge, usdcMaxAge] = kind === "long" ? [collateralFeedMaxAge, debtFeedMaxAge] : [debtFeedMaxAge, collateralFeedMaxAge];
        expect(ethMaxAge).to.equal(BigInt(HOUR + 600));
        expect(usdcMaxAge).to.equal(BigInt(24 * HOUR + 600));
      });

      it("a deposit with a 2-hour-old ETH/USD answer reverts StaleFeed naming the ETH/USD feed", async function () {
        const { vault, depositor, oneEthWorth, ethFeed } = await setup(market, kind);
        const updatedAt = await ageFeed(ethFeed, 2 * HOUR);
        const depositTime = BigInt(await networkHelpers.time.latest()) + 1n;
        await networkHelpers.time.setNextBlockTimestamp(depositTime);
        await expect(vault.connect(depositor).deposit(oneEthWorth, depositor.address))
          .to.be.revertedWithCustomError(vault, "StaleFeed")
          .withArgs(await ethFeed.getAddress(), updatedAt, BigInt(HOUR + 600), depositTime);
        expect((await vault.positionState()).priceHealthy).to.equal(false);
        expect(await vault.maxDeposit(depositor.address)).to.equal(0n);
      });

      it("a deposit with a 1-hour-old ETH/USD answer (the heartbeat round not yet landed) goes through", async function () {
        const { vault, depositor, oneEthWorth, ethFeed } = await setup(market, kind);
        await ageFeed(ethFeed, HOUR);
        await expect(vault.connect(depositor).deposit(oneEthWorth, depositor.address)).to.emit(vault, "Deposit");
      });

      it("a deposit with a 20-hour-old USDC/USD answer goes through: USDC/USD beats once a day", async function () {
        const { vault, depositor, oneEthWorth, usdcFeed } = await setup(market, kind);
        await ageFeed(usdcFeed, 20 * HOUR);
        await expect(vault.connect(depositor).deposit(oneEthWorth, depositor.address)).to.emit(vault, "Deposit");
      });
    });
  }

  describe("inverse vault with the L2 preset (Base heartbeats: ETH/USD 20 min, USDC/USD 24 h)", function () {
    async function setupL2() {
      const f = await setup(market, "inverse");
      const { vault } = await f.lendingMarket.deployVault(ethers, f.stack, {
        kind: "inverse",
        preset: "L2",
        keeper: f.keeper.address,
        libraries: f.inverse.libraries,
      });
      await f.stack.tokens.usdc.connect(f.depositor).approve(await vault.getAddress(), ethers.MaxUint256);
      return { ...f, vault };
    }

    it("reads ETH/USD (its debt feed) with a max age of 30 min", async function () {
      const { vault } = await setupL2();
      const { collateralFeedMaxAge, debtFeedMaxAge } = await vault.oracleParameters();
      expect(debtFeedMaxAge).to.equal(BigInt(20 * 60 + 600));
      expect(collateralFeedMaxAge).to.equal(BigInt(24 * HOUR + 600));
    });

    it("a deposit with a 40-minute-old ETH/USD answer reverts StaleFeed; a 25-minute-old one goes through", async function () {
      const { vault, depositor, oneEthWorth, ethFeed } = await setupL2();
      await ageFeed(ethFeed, 40 * 60);
      await expect(vault.connect(depositor).deposit(oneEthWorth, depositor.address))
        .to.be.revertedWithCustomError(vault, "StaleFeed");
      await ageFeed(ethFeed, 25 * 60);
      await expect(vault.connect(depositor).deposit(oneEthWorth, depositor.address)).to.emit(vault, "Deposit");
    });
  });
});
