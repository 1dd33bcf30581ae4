/**
 * A depositor's deposit into a vault on the local stack, the way the demo and the local scripts play
 * it: mint the test token, approve, deposit, then let an arbitrageur put the pool back on the oracle
 * (the deposit's own swap moved it).
 */
import { parseUnits, type Signer } from "ethers";

import { arbitragePoolTo, type LocalStack } from "../stack/deploy-local-stack.js";

/**
 * `settle` runs after the deposit and after the arbitrage: the demo uses it to let a watching keeper
 * see each block before the next transaction.
 */
export async function depositWeth(
  stack: LocalStack,
  vaultAddress: string,
  depositor: Signer,
  wethAmount: string | number,
  settle: () => Promise<void> = async () => {},
): Promise<void> {
  return depositAssets(stack, vaultAddress, depositor, wethAmount, settle);
}

/**
 * The same for any vault on the stack: `amount` whole tokens of the vault's asset (WETH into a long
 * vault, USDC into an inverse one).
 */
export async function depositAssets(
  stack: LocalStack,
  vaultAddress: string,
  depositor: Signer,
  amountInTokens: string | number,
  settle: () => Promise<void> = async () => {},
): Promise<void> {
  const owner = await depositor.getAddress();
  const vault = await stack.ethers.getContractAt("ILeveragedVault", vaultAddress, depositor);
  const asset = (await vault.asset()).toLowerCase();
  const token = asset === (await stack.tokens.weth.getAddress()).toLowerCase() ? stack.tokens.weth : stack.tokens.usdc;
  const amount = parseUnits(String(amountInTokens), await token.decimals());
  await (await token.connect(stack.signer).mint(owner, amount)).wait();
  await (await token.connect(depositor).approve(vaultAddress, amount)).wait();
  await (await vault.deposit(amount, owner)).wait();
  await settle();
  const [, answer] = await stack.feeds.ethUsd.latestRoundData();
  await arbitragePoolTo(stack, answer);
  await settle();
}
