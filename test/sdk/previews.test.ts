import { expect } from "chai";
import { parseUnits } from "ethers";
import fc from "fast-check";
import { createPublicClient, createWalletClient, custom, parseEventLogs, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import { buildDeposit, buildMint, buildRedeem, buildWithdraw, leveragedVaultAbi } from "../../sdk/src/index.js";
import { connection, networkHelpers } from "../fixtures/local-stack.js";
import { deployVaults } from "../fixtures/vaults.js";

/** Both vaults with alice and bob in them. */
async function sdkPreviewsFixture() {
  const fixture = await deployVaults("morpho");
  const { long, inverse, alice, bob } = fixture;
  await long.vault.connect(alice).deposit(parseUnits("20", 18), alice.address);
  await long.vault.connect(bob).deposit(parseUnits("7", 18), bob.address);
  await inverse.vault.connect(alice).deposit(parseUnits("60000", 6), alice.address);
  await inverse.vault.connect(bob).deposit(parseUnits("21000", 6), bob.address);
  return fixture;
}

const provider = connection.provider as unknown as EIP1193Provider;
const publicClient = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) });
const walletFor = (address: string) => createWalletClient({ account: address as Address, chain: hardhat, transport: custom(provider, { retryCount: 0 }) });

async function execute(account: string, transaction: { to: Address; data: `0x${string}`; value: bigint }) {
  const hash = await walletFor(account).sendTransaction({ to: transaction.to, data: transaction.data, value: transaction.value });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).to.equal("success");
  const events = parseEventLogs({ abi: leveragedVaultAbi, logs: receipt.logs });
  return events.find((event) => event.eventName === "Deposit" || event.eventName === "Withdraw")!.args as { assets: bigint; shares: bigint };
}

const kinds = fc.constantFrom("long" as const, "inverse" as const);
/** A fraction in parts per million, away from zero. */
const fraction = fc.integer({ min: 1_000, max: 1_000_000 });

describe("sdk previews against execution (ERC-4626 directions)", function () {
  this.timeout(60_000);

  it("a deposit mints at least previewDeposit", async function () {
    await fc.assert(
      fc.asyncProperty(kinds, fraction, async (kind, ppm) => {
        const fixture = await networkHelpers.loadFixture(sdkPreviewsFixture);
        const vault = (await fixture[kind].vault.getAddress()) as Address;
        const assets = (parseUnits(kind === "long" ? "50" : "150000", kind === "long" ? 18 : 6) * BigInt(ppm)) / 1_000_000n;
        const built = await buildDeposit(publicClient, { vault, assets, receiver: fixture.carol.address as Address });
        const { shares } = await execute(fixture.carol.address, built);
        expect(shares >= built.preview!, `${kind} deposit ${assets}: ${shares} < preview ${built.preview}`).to.equal(true);
      }),
      { seed: 42, numRuns: 6 },
    );
  });

  it("a mint pulls at most previewMint", async function () {
    await fc.assert(
      fc.asyncProperty(kinds, fraction, async (kind, ppm) => {
        const fixture = await networkHelpers.loadFixture(sdkPreviewsFixture);
        const contract = fixture[kind].vault;
        const vault = (await contract.getAddress()) as Address;
        const shares = ((await contract.totalSupply()) * BigInt(ppm)) / 1_000_000n;
        const built = await buildMint(publicClient, { vault, shares, receiver: fixture.carol.address as Address });
        const executed = await execute(fixture.carol.address, built);
        expect(executed.shares).to.equal(shares);
        expect(executed.assets <= built.preview!, `${kind} mint ${shares}: ${executed.assets} > preview ${built.preview}`).to.equal(true);
      }),
      { seed: 42, numRuns: 6 },
    );
  });

  it("a withdrawal burns at most previewWithdraw", async function () {
    await fc.assert(
      fc.asyncProperty(kinds, fraction, async (kind, ppm) => {
        const fixture = await networkHelpers.loadFixture(sdkPreviewsFixture);
        const contract = fixture[kind].vault;
        const vault = (await contract.getAddress()) as Address;
        const assets = ((await contract.maxWithdraw(fixture.alice.address)) * BigInt(ppm)) / 1_000_000n;
        const built = await buildWithdraw(publicClient, { vault, assets, receiver: fixture.alice.address as Address });
        const executed = await execute(fixture.alice.address, built);
        expect(executed.assets).to.equal(assets);
        expect(executed.shares <= built.preview!, `${kind} withdraw ${assets}: ${executed.shares} > preview ${built.preview}`).to.equal(true);
      }),
      { seed: 42, numRuns: 6 },
    );
  });

  it("a redemption pays at least previewRedeem", async function () {
    await fc.assert(
      fc.asyncProperty(kinds, fraction, async (kind, ppm) => {
        const fixture = await networkHelpers.loadFixture(sdkPreviewsFixture);
        const contract = fixture[kind].vault;
        const vault = (await contract.getAddress()) as Address;
        const shares = ((await contract.balanceOf(fixture.alice.address)) * BigInt(ppm)) / 1_000_000n;
        const built = await buildRedeem(publicClient, { vault, shares, receiver: fixture.alice.address as Address });
        const executed = await execute(fixture.alice.address, built);
        expect(executed.shares).to.equal(shares);
        expect(executed.assets >= built.preview!, `${kind} redeem ${shares}: ${executed.assets} < preview ${built.preview}`).to.equal(true);
      }),
      { seed: 42, numRuns: 6 },
    );
  });
});
