/**
 * A depositor's WETH deposit into a long vault on the local stack, the way the demo and the local
 * scripts play it: mint test WETH, approve, deposit, then let an arbitrageur put the pool back on
 * the oracle (the deposit's own swap moved it).
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
  const amount = parseUnits(String(wethAmount), 18);
  const owner = await depositor.getAddress();
  const vault = await stack.ethers.getContractAt("ILeveragedVault", vaultAddress, depositor);
  await (await stack.tokens.weth.connect(stack.signer).mint(owner, amount)).wait();
  await (await stack.tokens.weth.connect(depositor).approve(vaultAddress, amount)).wait();
  await (await vault.deposit(amount, owner)).wait();
  await settle();
  const [, answer] = await stack.feeds.ethUsd.latestRoundData();
  await arbitragePoolTo(stack, answer);
  await settle();
}
