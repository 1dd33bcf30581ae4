/**
 * The SDK end to end against a local `hardhat node` (see deploy-demo-vault.ts first): read the
 * vault, sign a permit and deposit with slippage bounds, read the position and its trigger prices,
 * decode a revert, and ask the analytics what volatility would cost.
 *
 *   npx tsx sdk/examples/quickstart.ts
 *
 * Uses only viem and the SDK (no ethers, no Hardhat). Hardhat's accounts are unlocked, so a JSON-RPC
 * account (an address) can send and sign; with a real key use `privateKeyToAccount` instead.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createPublicClient, createWalletClient, formatUnits, http, parseEther, type Address } from "viem";
import { hardhat } from "viem/chains";

import {
  buildPermit,
  decodeVaultError,
  LeverageInBandError,
  leveragedVaultActions,
  leveragedVaultAbi,
  leveragedVaultWalletActions,
  PRICE_SCALE,
  volatilityDecay,
  WAD,
} from "../src/index.js";

const demoFile = path.join(import.meta.dirname, "..", "..", "deployments", "localhost", "sdk-demo.json");
const demo = JSON.parse(await readFile(demoFile, "utf8")) as { rpcUrl: string; vault: Address; weth: Address; depositor: Address; keeper: Address };

const transport = http(demo.rpcUrl);
const publicClient = createPublicClient({ chain: hardhat, transport }).extend(leveragedVaultActions);
const wallet = createWalletClient({ account: demo.depositor, chain: hardhat, transport }).extend(leveragedVaultWalletActions);
const leverage = (value: bigint) => `${formatUnits(value, 18)}x`;
// Long vault: the 1e36 price of one raw WETH (18 decimals) in raw USDC (6 decimals) is USD × 1e24.
const usd = (price: bigint | null) => (price === null ? "-" : `$${(Number(price) / Number(PRICE_SCALE / 10n ** 12n)).toFixed(2)}`);

// 1. Permit + deposit, no approve: sign, send the permit, then the slippage-bounded deposit.
const assets = parseEther("5");
const permit = await wallet.signPermit({ token: demo.weth, spender: demo.vault, value: assets });
await publicClient.waitForTransactionReceipt({ hash: await wallet.sendTransaction(buildPermit(permit)) });
const deposit = await publicClient.buildDeposit({ vault: demo.vault, assets, receiver: demo.depositor });
await publicClient.waitForTransactionReceipt({ hash: await wallet.sendTransaction({ to: deposit.to, data: deposit.data, value: deposit.value }) });
console.log(`deposited ${formatUnits(assets, 18)} WETH, at least ${deposit.minShares} shares (preview ${deposit.preview})`);

// 2. The whole vault, one eth_call.
const state = await publicClient.getVaultState({ vault: demo.vault });
console.log(`${state.name} (${state.symbol}): equity ${formatUnits(state.totalAssets, 18)} WETH, leverage ${leverage(state.positionState.leverage)}, band ${leverage(state.rebalanceStatus.minLeverage)}-${leverage(state.rebalanceStatus.maxLeverage)}`);

// 3. The depositor's position and where it would be rebalanced or liquidated, one eth_call.
const position = await publicClient.getPosition({ vault: demo.vault, user: demo.depositor });
console.log(`position: ${formatUnits(position.assets, 18)} WETH of equity, exposure ${formatUnits(position.exposureInCollateral, 18)} WETH`);
console.log(`ETH now ${usd(position.positionState.price)}; lever up above ${usd(position.rebalanceUpPrice)}, delever below ${usd(position.rebalanceDownPrice)}, liquidation at ${usd(position.liquidationPrice)}`);

// 4. A typed revert: the keeper rebalancing while in band.
try {
  await publicClient.simulateContract({ account: demo.keeper, address: demo.vault, abi: leveragedVaultAbi, functionName: "rebalance" });
} catch (error) {
  const decoded = decodeVaultError(error);
  if (decoded instanceof LeverageInBandError) console.log(`rebalance refused: leverage ${leverage(decoded.leverage)} is inside ${leverage(decoded.minLeverage)}-${leverage(decoded.maxLeverage)}`);
  else throw error;
}

// 5. What-if: a year at 80% volatility on a flat ETH price, at the vault's leverage.
const decay = volatilityDecay({ leverage: Number(position.leverage) / Number(WAD), volatility: 0.8, years: 1 });
console.log(`a flat year at 80% volatility keeps ${(decay.decayFactor * 100).toFixed(1)}% of the value`);
