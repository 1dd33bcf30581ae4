import { expect } from "chai";
import { parseUnits } from "ethers";
import { createPublicClient, createWalletClient, custom, parseEventLogs, type Address, type EIP1193Provider } from "viem";
import { hardhat } from "viem/chains";

import {
  buildDeposit,
  buildPermit,
  getPermitSupport,
  leveragedVaultAbi,
  PermitNotSupportedError,
  signPermit,
} from "../../sdk/src/index.js";
import { connection, ethers, networkHelpers } from "../fixtures/local-stack.js";
import { deployVaults } from "../fixtures/vaults.js";

/** The vaults plus dave: funded with WETH and USDC, and no approval to any vault. */
async function sdkPermitFixture() {
  const fixture = await deployVaults("morpho");
  const dave = (await ethers.getSigners())[6]!;
  await fixture.stack.tokens.weth.mint(dave.address, parseUnits("100", 18));
  return { ...fixture, dave };
}

const provider = connection.provider as unknown as EIP1193Provider;
const publicClient = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) });
const walletFor = (address: string) => createWalletClient({ account: address as Address, chain: hardhat, transport: custom(provider, { retryCount: 0 }) });

describe("sdk permit", function () {
  it("the test tokens support EIP-2612 and report the owner's nonce", async function () {
    const { stack, dave } = await networkHelpers.loadFixture(sdkPermitFixture);
    const token = (await stack.tokens.weth.getAddress()) as Address;
    const support = await getPermitSupport(publicClient, { token, owner: dave.address as Address });
    expect(support.supported).to.equal(true);
    if (!support.supported) return;
    expect(support.nonce).to.equal(await stack.tokens.weth.nonces(dave.address));
    expect(support.domain.verifyingContract).to.equal(token);
    expect(support.domain.chainId).to.equal(31337);
  });

  it("a permit signed by the depositor lets a deposit go through without any approve", async function () {
    const { long, stack, dave } = await networkHelpers.loadFixture(sdkPermitFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const token = (await stack.tokens.weth.getAddress()) as Address;
    const assets = parseUnits("3", 18);
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(0n);

    const wallet = walletFor(dave.address);
    const permit = await signPermit(wallet, { token, spender: vault, value: assets });
    expect(permit.owner).to.equal(dave.address);
    const deposit = await buildDeposit(publicClient, { vault, assets, receiver: dave.address as Address });

    await publicClient.waitForTransactionReceipt({ hash: await wallet.sendTransaction(buildPermit(permit)) });
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(assets);
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await wallet.sendTransaction({ to: deposit.to, data: deposit.data, value: deposit.value }),
    });
    expect(receipt.status).to.equal("success");
    const [event] = parseEventLogs({ abi: leveragedVaultAbi, logs: receipt.logs, eventName: "Deposit" });
    expect(event!.args.assets).to.equal(assets);
    expect(await long.vault.balanceOf(dave.address)).to.equal(event!.args.shares);
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(0n);
  });

  it("a permit can be submitted by anyone (a relayer or batcher), not only the signer", async function () {
    const { long, stack, dave, mallory } = await networkHelpers.loadFixture(sdkPermitFixture);
    const vault = (await long.vault.getAddress()) as Address;
    const token = (await stack.tokens.weth.getAddress()) as Address;
    const permit = await signPermit(walletFor(dave.address), { token, spender: vault, value: 5n });
    await publicClient.waitForTransactionReceipt({ hash: await walletFor(mallory.address).sendTransaction(buildPermit(permit)) });
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(5n);
    expect(await stack.tokens.weth.nonces(dave.address)).to.equal(permit.nonce + 1n);
  });

  it("a token without permit is reported unsupported, and signPermit refuses it clearly", async function () {
    const { long, inverse, dave } = await networkHelpers.loadFixture(sdkPermitFixture);
    // The vault's share token is a plain ERC-20: no permit.
    const token = (await inverse.vault.getAddress()) as Address;
    const support = await getPermitSupport(publicClient, { token, owner: dave.address as Address });
    expect(support.supported).to.equal(false);
    if (support.supported) return;
    expect(support.reason).to.match(/DOMAIN_SEPARATOR/);
    let caught: unknown;
    try {
      await signPermit(walletFor(dave.address), { token, spender: (await long.vault.getAddress()) as Address, value: 1n });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(PermitNotSupportedError);
    expect((caught as PermitNotSupportedError).token).to.equal(token);
  });
});
