import { expect } from "chai";
import { parseUnits } from "ethers";
import { createPublicClient, createWalletClient, custom, encodeErrorResult, encodeFunctionData, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import {
  buildDeposit,
  buildRedeem,
  DeadlineExpiredError,
  decodeVaultError,
  ERC4626ExceededMaxRedeemError,
  LeveragedVaultError,
  LeverageInBandError,
  leveragedVaultAbi,
  NotGuardianError,
  ParameterOutOfBoundsError,
  RebalanceCooldownError,
  sendDeposit,
  TooFewSharesOutError,
} from "../../sdk/src/index.js";
import { connection, networkHelpers } from "../fixtures/local-stack.js";
import { deployVaults } from "../fixtures/vaults.js";

async function sdkErrorsFixture() {
  const fixture = await deployVaults("morpho");
  await fixture.long.vault.connect(fixture.alice).deposit(parseUnits("10", 18), fixture.alice.address);
  return fixture;
}

const provider = connection.provider as unknown as EIP1193Provider;
const publicClient = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) });
const walletFor = (address: string) => createWalletClient({ account: address as Address, chain: hardhat, transport: custom(provider, { retryCount: 0 }) });

/** Runs `action` and returns what it threw (fails the test if it did not throw). */
async function thrown(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  expect.fail("expected the call to throw");
}

describe("sdk errors", function () {
  it("a deposit sent after its deadline decodes to DeadlineExpiredError with the deadline and the block timestamp", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const latest = await publicClient.getBlock();
    const deadline = latest.timestamp - 1n;
    const built = await buildDeposit(publicClient, { vault, assets: parseUnits("1", 18), receiver: alice.address as Address, deadline });
    const error = await thrown(() => walletFor(alice.address).sendTransaction({ to: built.to, data: built.data, value: built.value }));
    const decoded = decodeVaultError(error);
    expect(decoded).to.be.instanceOf(DeadlineExpiredError);
    expect(decoded).to.be.instanceOf(LeveragedVaultError);
    const expired = decoded as DeadlineExpiredError;
    expect(expired.deadline).to.equal(deadline);
    expect(expired.timestamp > deadline).to.equal(true);
    expect(expired.args).to.deep.equal({ deadline, timestamp: expired.timestamp });
    expect(expired.errorName).to.equal("DeadlineExpired");
  });

  it("sendDeposit throws the typed error from its simulation instead of sending", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const nonceBefore = await publicClient.getTransactionCount({ address: alice.address as Address });
    const error = await thrown(() => sendDeposit(walletFor(alice.address), { vault, assets: parseUnits("1", 18), minShares: 2n ** 200n }));
    expect(error).to.be.instanceOf(TooFewSharesOutError);
    const tooFew = error as TooFewSharesOutError;
    expect(tooFew.minShares).to.equal(2n ** 200n);
    expect(tooFew.shares > 0n).to.equal(true);
    expect(await publicClient.getTransactionCount({ address: alice.address as Address })).to.equal(nonceBefore);
  });

  it("a keeper rebalance while in band decodes to LeverageInBandError with the vault's leverage and band", async function () {
    const { long, keeper } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const error = await thrown(() =>
      publicClient.simulateContract({ account: keeper.address as Address, address: vault, abi: leveragedVaultAbi, functionName: "rebalance" }),
    );
    const decoded = decodeVaultError(error);
    expect(decoded).to.be.instanceOf(LeverageInBandError);
    const inBand = decoded as LeverageInBandError;
    const risk = await long.vault.riskParameters();
    expect(inBand.leverage).to.equal((await long.vault.positionState()).leverage);
    expect(inBand.minLeverage).to.equal(risk.minLeverage);
    expect(inBand.maxLeverage).to.equal(risk.maxLeverage);
  });

  it("a rebalance transaction sent by the keeper while in band decodes to LeverageInBandError", async function () {
    const { long, keeper } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const data = encodeFunctionData({ abi: leveragedVaultAbi, functionName: "rebalance" });
    const error = await thrown(() => walletFor(keeper.address).sendTransaction({ to: vault, data, gas: 3_000_000n }));
    expect(decodeVaultError(error)).to.be.instanceOf(LeverageInBandError);
  });

  it("redeeming more than the balance decodes to ERC4626ExceededMaxRedeemError with owner, shares and max", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const balance = await long.vault.balanceOf(alice.address);
    const built = await buildRedeem(publicClient, { vault, shares: balance + 1n, receiver: alice.address as Address, minAssets: 0n });
    const error = await thrown(() => publicClient.call({ account: alice.address as Address, to: built.to, data: built.data }));
    const decoded = decodeVaultError(error) as ERC4626ExceededMaxRedeemError;
    expect(decoded).to.be.instanceOf(ERC4626ExceededMaxRedeemError);
    expect(decoded.owner).to.equal(alice.address);
    expect(decoded.shares).to.equal(balance + 1n);
    expect(decoded.max).to.equal(balance);
  });

  it("an unauthorised pause decodes to NotGuardianError carrying the caller", async function () {
    const { long, mallory } = await networkHelpers.loadFixture(sdkErrorsFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const error = await thrown(() =>
      publicClient.simulateContract({ account: mallory.address as Address, address: vault, abi: leveragedVaultAbi, functionName: "setDepositsPaused", args: [true] }),
    );
    const decoded = decodeVaultError(error) as NotGuardianError;
    expect(decoded).to.be.instanceOf(NotGuardianError);
    expect(decoded.caller).to.equal(mallory.address);
  });

  it("raw revert data decodes on its own, keeping the data", function () {
    const data = encodeErrorResult({ abi: leveragedVaultAbi, errorName: "RebalanceCooldown", args: [1_000n, 400n] });
    const decoded = decodeVaultError(data) as RebalanceCooldownError;
    expect(decoded).to.be.instanceOf(RebalanceCooldownError);
    expect(decoded.readyAt).to.equal(1_000n);
    expect(decoded.timestamp).to.equal(400n);
    expect(decoded.data).to.equal(data);
  });

  it("a string argument named like an Error property is exposed under a prefixed name", function () {
    const data = encodeErrorResult({ abi: leveragedVaultAbi, errorName: "ParameterOutOfBounds", args: ["cooldown", 5n, 0n, 4n] });
    const decoded = decodeVaultError(data) as ParameterOutOfBoundsError;
    expect(decoded).to.be.instanceOf(ParameterOutOfBoundsError);
    expect(decoded.parameterName).to.equal("cooldown");
    expect(decoded.args.name).to.equal("cooldown");
    expect(decoded.name).to.equal("ParameterOutOfBoundsError");
    expect(decoded.max).to.equal(4n);
  });

  it("an already typed error decodes to itself", function () {
    const error = new LeverageInBandError({ leverage: 1n, minLeverage: 2n, maxLeverage: 3n });
    expect(decodeVaultError(error)).to.equal(error);
  });

  it("errors that carry no vault revert decode to undefined", function () {
    expect(decodeVaultError(new Error("network down"))).to.equal(undefined);
    expect(decodeVaultError(undefined)).to.equal(undefined);
    // A selector the vault does not know (an unrelated contract's error).
    expect(decodeVaultError("0xdeadbeef")).to.equal(undefined);
  });
});
