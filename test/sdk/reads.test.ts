import { expect } from "chai";
import { parseUnits } from "ethers";
import { createPublicClient, custom, getAddress, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import { getPosition, getVaultState, leveragedVaultActions, PRICE_SCALE, RebalanceAction } from "../../sdk/src/index.js";
import { moveMarket } from "../../scripts/stack/deploy-local-stack.js";
import { connection, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { deployVaults, fixturePerMarket } from "../fixtures/vaults.js";

/** Both vaults with positions: alice and bob in the long vault, alice in the inverse vault. */
async function deploySdkReads(market: MarketName) {
  const fixture = await deployVaults(market);
  const { long, inverse, alice, bob } = fixture;
  await long.vault.connect(alice).deposit(parseUnits("10", 18), alice.address);
  await long.vault.connect(bob).deposit(parseUnits("5", 18), bob.address);
  await inverse.vault.connect(alice).deposit(parseUnits("30000", 6), alice.address);
  return fixture;
}
const sdkReadsFixture = fixturePerMarket("sdkReadsFixture", deploySdkReads);

/** A viem public client over the in-process chain that counts JSON-RPC requests by method. */
function countingClient() {
  const counts = new Map<string, number>();
  const provider = {
    request: async (args: { method: string; params?: unknown }) => {
      counts.set(args.method, (counts.get(args.method) ?? 0) + 1);
      return connection.provider.request(args as never);
    },
  } as unknown as EIP1193Provider;
  const client = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) });
  return { client, counts };
}

/** Leverage (WAD) of collateral C and debt D at a 1e36 price P: C·P / (C·P − D). */
function leverageAt(collateral: bigint, debt: bigint, price: bigint): bigint {
  const value = (collateral * price) / PRICE_SCALE;
  return (value * 10n ** 18n) / (value - debt);
}

for (const market of MARKETS) describe(`sdk reads (vaults on ${marketCases[market].label})`, function () {
  it("getVaultState equals the vault's own views", async function () {
    const { long } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const vault = long.vault;
    const { client } = countingClient();
    const state = await getVaultState(client, { vault: (await vault.getAddress()) as Address });

    expect(state.asset).to.equal(getAddress(await vault.asset()));
    expect(state.debtToken).to.equal(getAddress(await vault.debtToken()));
    expect(state.name).to.equal(await vault.name());
    expect(state.symbol).to.equal(await vault.symbol());
    expect(state.decimals).to.equal(Number(await vault.decimals()));
    expect(state.totalAssets).to.equal(await vault.totalAssets());
    expect(state.totalSupply).to.equal(await vault.totalSupply());
    expect(state.sharePrice).to.equal(await vault.convertToAssets(10n ** BigInt(state.decimals)));
    const position = await vault.positionState();
    expect(state.positionState).to.deep.equal({
      collateral: position.collateral,
      debt: position.debt,
      price: position.price,
      priceHealthy: position.priceHealthy,
      equity: position.equity,
      leverage: position.leverage,
    });
    const risk = await vault.riskParameters();
    expect(state.riskParameters.targetLeverage).to.equal(risk.targetLeverage);
    expect(state.riskParameters.minLeverage).to.equal(risk.minLeverage);
    expect(state.riskParameters.maxLeverage).to.equal(risk.maxLeverage);
    expect(state.riskParameters.emergencyLeverage).to.equal(risk.emergencyLeverage);
    expect(state.riskParameters.maxSlippageBps).to.equal(Number(risk.maxSlippageBps));
    expect(state.depositCap).to.equal(risk.depositCap);
    const oracle = await vault.oracleParameters();
    expect(state.oracleParameters.maxPrice).to.equal(oracle.maxPrice);
    const status = await vault.rebalanceStatus();
    expect(state.rebalanceStatus.action).to.equal(Number(status.action));
    expect(state.rebalanceStatus.leverage).to.equal(status.leverage);
    expect(state.rebalanceStatus.readyAt).to.equal(status.readyAt);
    expect(state.depositsPaused).to.equal(await vault.depositsPaused());
    expect(state.windDownActive).to.equal(await vault.windDownActive());
    expect(state.maxDeposit).to.equal(await vault.maxDeposit("0x0000000000000000000000000000000000000000"));
    expect(state.liquidationLeverage).to.equal(await vault.liquidationLeverage());
    expect(state.lastRebalanceAt).to.equal(await vault.lastRebalanceAt());
    expect(state.outOfBandSince).to.equal(await vault.outOfBandSince());
  });

  it("getVaultState's share price is convertToAssets of one whole share on both vaults (24 and 12 share decimals)", async function () {
    const { long, inverse } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    for (const vault of [long.vault, inverse.vault]) {
      const state = await getVaultState(client, { vault: (await vault.getAddress()) as Address });
      expect(state.sharePrice).to.equal(await vault.convertToAssets(10n ** BigInt(state.decimals)));
      expect(state.sharePrice > 0n).to.equal(true);
    }
  });

  it("getVaultState makes exactly one eth_call", async function () {
    const { long } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client, counts } = countingClient();
    await getVaultState(client, { vault: (await long.vault.getAddress()) as Address });
    expect(counts.get("eth_call")).to.equal(1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).to.equal(1);
  });

  it("getVaultState reads a past block when given one", async function () {
    const { long, carol } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const { client } = countingClient();
    const blockNumber = await client.getBlockNumber();
    const before = await getVaultState(client, { vault });
    await long.vault.connect(carol).deposit(parseUnits("3", 18), carol.address);
    const past = await getVaultState(client, { vault, blockNumber });
    const now = await getVaultState(client, { vault });
    expect(past.totalSupply).to.equal(before.totalSupply);
    expect(now.totalSupply > past.totalSupply).to.equal(true);
  });

  it("getPosition equals the vault's own views for the holder", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const vault = long.vault;
    const { client } = countingClient();
    const position = await getPosition(client, { vault: (await vault.getAddress()) as Address, user: alice.address as Address });
    const shares = await vault.balanceOf(alice.address);
    expect(position.shares).to.equal(shares);
    expect(position.totalSupply).to.equal(await vault.totalSupply());
    expect(position.assets).to.equal(await vault.convertToAssets(shares));
    expect(position.redeemAssets).to.equal(await vault.previewRedeem(shares));
    expect(position.maxWithdraw).to.equal(await vault.maxWithdraw(alice.address));
    const state = await vault.positionState();
    expect(position.leverage).to.equal(state.leverage);
    expect(position.positionState.collateral).to.equal(state.collateral);
    expect(position.positionState.debt).to.equal(state.debt);
    expect(position.liquidationLeverage).to.equal(await vault.liquidationLeverage());
    expect(position.exposureInCollateral).to.equal((position.assets * state.leverage) / 10n ** 18n);
    expect(position.exposureInDebt).to.equal((position.exposureInCollateral * state.price) / PRICE_SCALE);
  });

  it("getPosition makes exactly one eth_call", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client, counts } = countingClient();
    await getPosition(client, { vault: (await long.vault.getAddress()) as Address, user: alice.address as Address });
    expect(counts.get("eth_call")).to.equal(1);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).to.equal(1);
  });

  it("getPosition of an account without shares is zero but still prices the vault's triggers", async function () {
    const { long, mallory } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const position = await getPosition(client, { vault: (await long.vault.getAddress()) as Address, user: mallory.address as Address });
    expect(position.shares).to.equal(0n);
    expect(position.assets).to.equal(0n);
    expect(position.liquidationPrice === null).to.equal(false);
  });

  it("the trigger and liquidation prices are where leverage reaches each bound", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const p = await getPosition(client, { vault: (await long.vault.getAddress()) as Address, user: alice.address as Address });
    const { collateral, debt } = p.positionState;
    const tolerance = 10n ** 9n; // 1e-9 of a leverage unit: rounding of the 1e36 price only
    const near = (a: bigint, b: bigint) => (a > b ? a - b : b - a) <= tolerance;
    expect(near(leverageAt(collateral, debt, p.liquidationPrice!), p.liquidationLeverage)).to.equal(true);
    expect(near(leverageAt(collateral, debt, p.rebalanceUpPrice!), p.rebalanceStatus.minLeverage)).to.equal(true);
    expect(near(leverageAt(collateral, debt, p.rebalanceDownPrice!), p.rebalanceStatus.maxLeverage)).to.equal(true);
    expect(near(leverageAt(collateral, debt, p.emergencyPrice!), p.rebalanceStatus.emergencyLeverage)).to.equal(true);
  });

  it("a long vault's delever trigger and liquidation lie below the price, its lever-up trigger above", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const p = await getPosition(client, { vault: (await long.vault.getAddress()) as Address, user: alice.address as Address });
    const price = p.positionState.price;
    expect(p.rebalanceUpPrice! > price).to.equal(true);
    expect(p.rebalanceDownPrice! < price).to.equal(true);
    expect(p.emergencyPrice! < p.rebalanceDownPrice!).to.equal(true);
    expect(p.liquidationPrice! < p.emergencyPrice!).to.equal(true);
  });

  it("the long vault's delever trigger price matches the vault's own rebalanceStatus when ETH gets there", async function () {
    const { long, alice, stack } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const vault = (await long.vault.getAddress()) as Address;
    const p = await getPosition(client, { vault, user: alice.address as Address });
    // Long vault: the 1e36 price of one raw WETH in raw USDC is the ETH price in USD times 1e24.
    const triggerEthUsd = Number(p.rebalanceDownPrice!) / 1e24;
    await moveMarket(stack, triggerEthUsd * 1.001);
    expect((await getVaultState(client, { vault })).rebalanceStatus.action).to.equal(RebalanceAction.None);
    await moveMarket(stack, triggerEthUsd * 0.999);
    const status = (await getVaultState(client, { vault })).rebalanceStatus;
    expect(status.action).to.equal(RebalanceAction.Rebalance);
    expect(status.leverUp).to.equal(false);
  });

  it("the inverse vault's delever trigger is an ETH rise, and the vault agrees when ETH gets there", async function () {
    const { inverse, alice, stack } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const vault = (await inverse.vault.getAddress()) as Address;
    const p = await getPosition(client, { vault, user: alice.address as Address });
    // Inverse vault: the price of one raw USDC in raw WETH is 1e48 / (ETH in USD).
    const triggerEthUsd = 1e48 / Number(p.rebalanceDownPrice!);
    expect(triggerEthUsd).to.be.above(3000);
    await moveMarket(stack, triggerEthUsd * 0.999);
    expect((await getVaultState(client, { vault })).rebalanceStatus.action).to.equal(RebalanceAction.None);
    await moveMarket(stack, triggerEthUsd * 1.001);
    expect((await getVaultState(client, { vault })).rebalanceStatus.action).to.equal(RebalanceAction.Rebalance);
  });

  it("client.extend(leveragedVaultActions) exposes the same reads", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkReadsFixture(market));
    const { client } = countingClient();
    const extended = client.extend(leveragedVaultActions);
    const vault = (await long.vault.getAddress()) as Address;
    const shares = await long.vault.balanceOf(alice.address);
    expect((await extended.getVaultState({ vault })).totalSupply).to.equal(await long.vault.totalSupply());
    expect((await extended.getPosition({ vault, user: alice.address as Address })).shares).to.equal(shares);
    expect(await extended.previewRedeem({ vault, shares })).to.equal(await long.vault.previewRedeem(shares));
  });
});
