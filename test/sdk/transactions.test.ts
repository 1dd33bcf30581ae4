import { expect } from "chai";
import { parseUnits } from "ethers";
import {
  createPublicClient,
  createWalletClient,
  custom,
  encodeFunctionData,
  erc20Abi,
  parseEventLogs,
  type Address,
  type EIP1193Provider,
  type Hash,
} from "viem";
import { hardhat } from "viem/chains";

import {
  buildApproval,
  buildDeposit,
  buildMint,
  buildRedeem,
  buildWithdraw,
  leveragedVaultAbi,
  leveragedVaultWalletActions,
} from "../../sdk/src/index.js";
import { connection, ethers, networkHelpers } from "../fixtures/local-stack.js";
import { MARKETS, marketCases, type MarketName } from "../fixtures/markets.js";
import { deployVaults, fixturePerMarket } from "../fixtures/vaults.js";

/** The long vault with alice and bob already in it, plus dave: funded with WETH, no approval. */
async function deploySdkTransactions(market: MarketName) {
  const fixture = await deployVaults(market);
  const { long, alice, bob, stack } = fixture;
  await long.vault.connect(alice).deposit(parseUnits("10", 18), alice.address);
  await long.vault.connect(bob).deposit(parseUnits("5", 18), bob.address);
  const dave = (await ethers.getSigners())[6]!;
  await stack.tokens.weth.mint(dave.address, parseUnits("100", 18));
  return { ...fixture, dave };
}
const sdkTransactionsFixture = fixturePerMarket("sdkTransactionsFixture", deploySdkTransactions);

const provider = connection.provider as unknown as EIP1193Provider;
const publicClient = createPublicClient({ chain: hardhat, transport: custom(provider, { retryCount: 0 }) });
const walletFor = (address: string) => createWalletClient({ account: address as Address, chain: hardhat, transport: custom(provider, { retryCount: 0 }) });

/** Sends `{ to, data, value }` from `account` and returns the vault's events of the mined transaction. */
async function sendAndReadEvents(account: string, transaction: { to: Address; data: `0x${string}`; value: bigint }) {
  const hash = await walletFor(account).sendTransaction({ to: transaction.to, data: transaction.data, value: transaction.value });
  return eventsOf(hash);
}

async function eventsOf(hash: Hash) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).to.equal("success");
  return parseEventLogs({ abi: leveragedVaultAbi, logs: receipt.logs });
}

for (const market of MARKETS) describe(`sdk transactions (vaults on ${marketCases[market].label})`, function () {
  it("a built deposit succeeds and mints at least the previewed shares", async function () {
    const { long, carol } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const assets = parseUnits("2", 18);
    const built = await buildDeposit(publicClient, { vault, assets, receiver: carol.address as Address });
    expect(built.to).to.equal(vault);
    expect(built.value).to.equal(0n);
    const events = await sendAndReadEvents(carol.address, built);
    const deposit = events.find((event) => event.eventName === "Deposit")!;
    expect(deposit.args).to.include({ assets });
    expect(deposit.args.shares >= built.preview!).to.equal(true);
    expect(await long.vault.balanceOf(carol.address)).to.equal(deposit.args.shares);
  });

  it("a built deposit encodes minShares as the preview less the slippage tolerance and a deadline 20 minutes after the latest block", async function () {
    const { long, carol } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const assets = parseUnits("2", 18);
    const built = await buildDeposit(publicClient, { vault, assets, receiver: carol.address as Address, slippageBps: 100 });
    const latest = await publicClient.getBlock();
    expect(built.minShares).to.equal((built.preview! * 9_900n) / 10_000n);
    expect(built.deadline).to.equal(latest.timestamp + 1200n);
    expect(built.preview).to.equal(await long.vault.previewDeposit(assets));
  });

  it("a built mint succeeds and pulls no more than the previewed assets", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const shares = parseUnits("1", 24);
    const built = await buildMint(publicClient, { vault, shares, receiver: alice.address as Address });
    const events = await sendAndReadEvents(alice.address, built);
    const deposit = events.find((event) => event.eventName === "Deposit")!;
    expect(deposit.args.shares).to.equal(shares);
    expect(deposit.args.assets <= built.preview!).to.equal(true);
    expect(built.maxAssets >= built.preview!).to.equal(true);
  });

  it("a built withdraw succeeds and burns no more than the previewed shares", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const assets = parseUnits("1", 18);
    const built = await buildWithdraw(publicClient, { vault, assets, receiver: alice.address as Address });
    const events = await sendAndReadEvents(alice.address, built);
    const withdraw = events.find((event) => event.eventName === "Withdraw")!;
    expect(withdraw.args.assets).to.equal(assets);
    expect(withdraw.args.shares <= built.preview!).to.equal(true);
  });

  it("a built redeem succeeds and pays at least the previewed assets", async function () {
    const { long, bob } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const shares = (await long.vault.balanceOf(bob.address)) / 2n;
    const built = await buildRedeem(publicClient, { vault, shares, receiver: bob.address as Address });
    const events = await sendAndReadEvents(bob.address, built);
    const withdraw = events.find((event) => event.eventName === "Withdraw")!;
    expect(withdraw.args.shares).to.equal(shares);
    expect(withdraw.args.assets >= built.preview!).to.equal(true);
  });

  it("buildApproval returns null when the allowance already covers the amount", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    expect(await buildApproval(publicClient, { vault, owner: alice.address as Address, amount: parseUnits("1", 18) })).to.equal(null);
  });

  it("buildApproval builds an exact approve of the asset when the allowance is short, after which a deposit succeeds", async function () {
    const { long, dave, stack } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const assets = parseUnits("1", 18);
    const approval = await buildApproval(publicClient, { vault, owner: dave.address as Address, amount: assets });
    expect(approval!.to).to.equal(await stack.tokens.weth.getAddress());
    await walletFor(dave.address).sendTransaction(approval!);
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(assets);
    const built = await buildDeposit(publicClient, { vault, assets, receiver: dave.address as Address });
    await sendAndReadEvents(dave.address, built);
    expect((await long.vault.balanceOf(dave.address)) > 0n).to.equal(true);
  });

  it("sendDeposit approves first when needed, then deposits", async function () {
    const { long, dave } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const wallet = walletFor(dave.address).extend(leveragedVaultWalletActions);
    const { hash, approvalHash, transaction } = await wallet.sendDeposit({ vault, assets: parseUnits("1", 18) });
    expect(approvalHash).to.be.a("string");
    const deposit = (await eventsOf(hash)).find((event) => event.eventName === "Deposit")!;
    expect(deposit.args.owner).to.equal(dave.address);
    expect(deposit.args.shares >= transaction.minShares).to.equal(true);
  });

  it("sendDeposit skips the approval when the allowance suffices", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const wallet = walletFor(alice.address).extend(leveragedVaultWalletActions);
    const { hash, approvalHash } = await wallet.sendDeposit({ vault, assets: parseUnits("1", 18) });
    expect(approvalHash).to.equal(undefined);
    await eventsOf(hash);
  });

  it("sendMint, sendWithdraw and sendRedeem execute from a wallet client", async function () {
    const { long, dave } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const wallet = walletFor(dave.address).extend(leveragedVaultWalletActions);
    const mint = await wallet.sendMint({ vault, shares: parseUnits("2", 24) });
    await eventsOf(mint.hash);
    expect(await long.vault.balanceOf(dave.address)).to.equal(parseUnits("2", 24));
    const withdraw = await wallet.sendWithdraw({ vault, assets: parseUnits("0.5", 18) });
    await eventsOf(withdraw.hash);
    const remaining = await long.vault.balanceOf(dave.address);
    const redeem = await wallet.sendRedeem({ vault, shares: remaining });
    await eventsOf(redeem.hash);
    expect(await long.vault.balanceOf(dave.address)).to.equal(0n);
  });
  it("a built deposit is also wagmi-ready: writeContract with its abi, address, functionName and args sends the same calldata", async function () {
    const { long, carol } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const built = await buildDeposit(publicClient, { vault, assets: parseUnits("2", 18), receiver: carol.address as Address });
    expect(built.address).to.equal(built.to);
    expect(built.functionName).to.equal("depositWithSlippage");
    expect(built.args).to.deep.equal([parseUnits("2", 18), carol.address, built.minShares, built.deadline]);
    const { abi, address, functionName, args } = built;
    const hash = await walletFor(carol.address).writeContract({ abi, address, functionName, args });
    const transaction = await publicClient.getTransaction({ hash });
    expect(transaction.input).to.equal(built.data);
    expect((await eventsOf(hash)).some((event) => event.eventName === "Deposit")).to.equal(true);
  });

  it("built mint, withdraw and redeem carry the call they encode, for writeContract", async function () {
    const { long, alice } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const receiver = alice.address as Address;
    const built = [
      await buildMint(publicClient, { vault, shares: parseUnits("1", 24), receiver }),
      await buildWithdraw(publicClient, { vault, assets: parseUnits("1", 18), receiver }),
      await buildRedeem(publicClient, { vault, shares: parseUnits("1", 24), receiver }),
    ];
    expect(built.map((call) => call.functionName)).to.deep.equal(["mintWithSlippage", "withdrawWithSlippage", "redeemWithSlippage"]);
    for (const call of built) {
      expect(call.data).to.equal(encodeFunctionData({ abi: leveragedVaultAbi, functionName: call.functionName, args: call.args } as never));
      expect(call.address).to.equal(vault);
    }
    for (const { abi, address, functionName, args } of built) {
      await eventsOf(await walletFor(alice.address).writeContract({ abi, address, functionName, args } as never));
    }
  });

  it("a built approval is wagmi-ready: approve(vault, amount) on the asset with viem's erc20Abi", async function () {
    const { long, dave, stack } = await networkHelpers.loadFixture(sdkTransactionsFixture(market));
    const vault = (await long.vault.getAddress()) as Address;
    const approval = (await buildApproval(publicClient, { vault, owner: dave.address as Address, amount: 7n }))!;
    expect(approval.abi).to.equal(erc20Abi);
    expect(approval.address).to.equal(await stack.tokens.weth.getAddress());
    expect(approval.functionName).to.equal("approve");
    expect(approval.args).to.deep.equal([vault, 7n]);
    const { abi, address, functionName, args } = approval;
    await publicClient.waitForTransactionReceipt({ hash: await walletFor(dave.address).writeContract({ abi, address, functionName, args }) });
    expect(await stack.tokens.weth.allowance(dave.address, vault)).to.equal(7n);
  });
});
