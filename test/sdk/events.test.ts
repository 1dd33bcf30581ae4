import { expect } from "chai";
import { parseUnits } from "ethers";
import { createPublicClient, custom, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import {
  getRebalanceHistory,
  RebalanceAction,
  watchDeposits,
  watchRebalances,
  watchWithdrawals,
  type DepositLog,
  type RebalancedLog,
  type WithdrawLog,
} from "../../sdk/src/index.js";
import { moveMarket } from "../../scripts/stack/deploy-local-stack.js";
import { connection, networkHelpers } from "../fixtures/local-stack.js";
import { deployVaults } from "../fixtures/vaults.js";

async function sdkEventsFixture() {
  const fixture = await deployVaults("morpho");
  await fixture.long.vault.connect(fixture.alice).deposit(parseUnits("10", 18), fixture.alice.address);
  return fixture;
}

const provider = connection.provider as unknown as EIP1193Provider;
const publicClient = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }), pollingInterval: 20 });

/** Resolves with the first batch of logs a watcher delivers, then stops it. */
function firstLogs<log>(start: (onLogs: (logs: log[]) => void, onError: (error: Error) => void) => () => void): Promise<log[]> {
  return new Promise((resolve, reject) => {
    const unwatch = start(
      (logs) => {
        unwatch();
        resolve(logs);
      },
      (error) => {
        unwatch();
        reject(error);
      },
    );
  });
}

describe("sdk events", function () {
  it("watchDeposits delivers a deposit with typed arguments", async function () {
    const { long, bob } = await networkHelpers.loadFixture(sdkEventsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const logs = firstLogs<DepositLog>((onLogs, onError) =>
      watchDeposits(publicClient, { vault, args: { owner: bob.address as Address }, onLogs, onError }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the filter install
    await long.vault.connect(bob).deposit(parseUnits("2", 18), bob.address);
    const [log] = await logs;
    expect(log!.args.owner).to.equal(bob.address);
    expect(log!.args.assets).to.equal(parseUnits("2", 18));
    expect(log!.args.shares).to.equal(await long.vault.balanceOf(bob.address));
  });

  it("watchWithdrawals delivers a redemption, filtered by owner", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkEventsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const shares = (await long.vault.balanceOf(alice.address)) / 4n;
    const logs = firstLogs<WithdrawLog>((onLogs, onError) =>
      watchWithdrawals(publicClient, { vault, args: { owner: alice.address as Address }, onLogs, onError }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await long.vault.connect(alice).redeem(shares, alice.address, alice.address);
    const [log] = await logs;
    expect(log!.args.owner).to.equal(alice.address);
    expect(log!.args.shares).to.equal(shares);
  });

  it("watchRebalances and getRebalanceHistory report a keeper rebalance with its leverages and execution cost", async function () {
    const { long, keeper, stack } = await networkHelpers.loadFixture(sdkEventsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const fromBlock = await publicClient.getBlockNumber();
    await moveMarket(stack, 2700);
    const risk = await long.vault.riskParameters();
    const logs = firstLogs<RebalancedLog>((onLogs, onError) => watchRebalances(publicClient, { vault, onLogs, onError }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await long.vault.connect(keeper).rebalance();
    const [log] = await logs;
    const history = await getRebalanceHistory(publicClient, { vault, fromBlock });

    expect(history).to.have.length(1);
    const [record] = history;
    expect(record!.caller).to.equal(keeper.address);
    expect(record!.action).to.equal(RebalanceAction.Rebalance);
    expect(record!.leverageBefore > risk.maxLeverage).to.equal(true);
    const fromTarget = record!.leverageAfter - risk.targetLeverage;
    expect((fromTarget < 0n ? -fromTarget : fromTarget) <= 10n ** 15n).to.equal(true);
    expect(record!.leverageAfter).to.equal((await long.vault.positionState()).leverage);
    expect(record!.executionCost).to.equal(record!.amountIn - record!.oracleImpliedAmountIn);
    expect(record!.transactionHash).to.equal(log!.transactionHash);
    expect(log!.args.leverageAfter).to.equal(record!.leverageAfter);
  });
});
