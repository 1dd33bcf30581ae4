import {
  buildApproval,
  buildDeposit,
  buildMint,
  buildPermit,
  buildRedeem,
  buildWithdraw,
  decodeVaultError,
  signPermit,
  type ContractCall,
} from "@leveraged-vault/sdk";
import type { Abi, Address, Hash, TransactionReceipt } from "viem";
import type { Config } from "wagmi";
import { getConnectorClient, getPublicClient, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

/** The four ERC-4626 flows. */
export type VaultActionKind = "deposit" | "mint" | "withdraw" | "redeem";

/** How a deposit or mint lets the vault pull the asset. */
export type ApprovalMode = "approve" | "permit";

/** Where a flow is; the page shows each step as it happens. */
export type VaultActionStep =
  | { step: "checking" }
  | { step: "approving"; hash?: Hash }
  | { step: "signing-permit" }
  | { step: "sending-permit"; hash?: Hash }
  | { step: "confirm-in-wallet" }
  | { step: "pending"; hash: Hash }
  | { step: "confirmed"; hash: Hash; blockNumber: bigint };

export interface RunVaultActionParameters {
  /** The vault's chain: the wallet must be on it (the page offers to switch first). */
  chainId: number;
  kind: VaultActionKind;
  vault: Address;
  /** Assets for deposit and withdraw, shares for mint and redeem (raw). */
  amount: bigint;
  account: Address;
  slippageBps: number;
  approvalMode: ApprovalMode;
  onStep: (step: VaultActionStep) => void;
}

/**
 * One flow from a wallet, with the SDK's builders and wagmi's actions:
 * build (SDK: preview, slippage bound, deadline) → check the vault would accept it (a simulation, so
 * a refused deposit asks for no approval) → approve or sign and send a permit when the allowance is
 * short → simulate → send → wait for the receipt. Throws what failed; `describeError` words it.
 */
export async function runVaultAction(config: Config, parameters: RunVaultActionParameters): Promise<TransactionReceipt> {
  const { kind, vault, amount, account, slippageBps, onStep } = parameters;
  const client = getPublicClient(config, { chainId: parameters.chainId });
  if (!client) throw new Error(`the page does not serve chain ${parameters.chainId}`);
  onStep({ step: "checking" });

  const common = { vault, receiver: account, slippageBps };
  const built =
    kind === "deposit" ? await buildDeposit(client, { ...common, assets: amount })
    : kind === "mint" ? await buildMint(client, { ...common, shares: amount })
    : kind === "withdraw" ? await buildWithdraw(client, { ...common, assets: amount, owner: account })
    : await buildRedeem(client, { ...common, shares: amount, owner: account });

  if (built.functionName === "depositWithSlippage" || built.functionName === "mintWithSlippage") {
    const pulled = "minShares" in built ? amount : built.maxAssets;
    const approval = await buildApproval(client, { vault, owner: account, amount: pulled });
    if (approval) {
      await refuseEarly(config, built, account);
      if (parameters.approvalMode === "permit") {
        onStep({ step: "signing-permit" });
        const wallet = await getConnectorClient(config, { account });
        const permit = await signPermit(wallet, { token: approval.address, spender: vault, value: pulled, account });
        onStep({ step: "sending-permit" });
        const hash = await send(config, buildPermit(permit), account);
        onStep({ step: "sending-permit", hash });
        await confirm(config, hash);
      } else {
        onStep({ step: "approving" });
        const hash = await send(config, approval, account);
        onStep({ step: "approving", hash });
        await confirm(config, hash);
      }
    }
  }

  onStep({ step: "confirm-in-wallet" });
  const hash = await send(config, built, account);
  onStep({ step: "pending", hash });
  const receipt = await confirm(config, hash);
  onStep({ step: "confirmed", hash, blockNumber: receipt.blockNumber });
  return receipt;
}

/**
 * Simulates a deposit or mint before any approval is asked for: a revert the vault itself raises
 * (above `maxDeposit`, paused, too small) is thrown now. The only expected failure, a short
 * allowance, is what the approval that follows fixes.
 */
async function refuseEarly(config: Config, call: ContractCall<Abi, string>, account: Address): Promise<void> {
  try {
    await simulateContract(config, { ...pick(call), account } as never);
  } catch (error) {
    const decoded = decodeVaultError(error);
    if (decoded && decoded.errorName !== "ERC20InsufficientAllowance") throw decoded;
  }
}

/** Simulates (so a doomed call fails with the vault's error and costs nothing), then sends. */
async function send(config: Config, call: ContractCall<Abi, string>, account: Address): Promise<Hash> {
  const { request } = await simulateContract(config, { ...pick(call), account } as never);
  return await writeContract(config, request as never);
}

async function confirm(config: Config, hash: Hash): Promise<TransactionReceipt> {
  const receipt = await waitForTransactionReceipt(config, { hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted in block ${receipt.blockNumber}`);
  return receipt as TransactionReceipt;
}

/** The wagmi-ready fields of a built call, without the SDK's build-time numbers. */
function pick<call extends ContractCall<Abi, string>>({ abi, address, functionName, args }: call) {
  return { abi, address, functionName, args };
}
