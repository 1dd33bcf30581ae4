import type { Account, Chain, Client, Transport } from "viem";

import { sendDeposit, type SendDepositParameters, type SendDepositReturnType } from "../actions/sendDeposit.js";
import { sendMint, type SendMintParameters, type SendMintReturnType } from "../actions/sendMint.js";
import { sendRedeem, type SendRedeemParameters, type SendRedeemReturnType } from "../actions/sendRedeem.js";
import { sendWithdraw, type SendWithdrawParameters, type SendWithdrawReturnType } from "../actions/sendWithdraw.js";
import { signPermit, type SignPermitParameters, type SignPermitReturnType } from "../actions/signPermit.js";

/** The send and sign actions `leveragedVaultWalletActions` adds to a wallet client. */
export type LeveragedVaultWalletActions = {
  /** See {@link sendDeposit}. */
  sendDeposit: (parameters: SendDepositParameters) => Promise<SendDepositReturnType>;
  /** See {@link sendMint}. */
  sendMint: (parameters: SendMintParameters) => Promise<SendMintReturnType>;
  /** See {@link sendWithdraw}. */
  sendWithdraw: (parameters: SendWithdrawParameters) => Promise<SendWithdrawReturnType>;
  /** See {@link sendRedeem}. */
  sendRedeem: (parameters: SendRedeemParameters) => Promise<SendRedeemReturnType>;
  /** See {@link signPermit}. */
  signPermit: (parameters: SignPermitParameters) => Promise<SignPermitReturnType>;
};

/**
 * Adds the send helpers (approve if needed, simulate, send) and permit signing to a wallet client.
 *
 * @example
 * ```ts
 * import { createWalletClient, http, parseEther } from "viem";
 * import { hardhat } from "viem/chains";
 * import { leveragedVaultWalletActions } from "@leveraged-vault/sdk";
 *
 * const wallet = createWalletClient({ account, chain: hardhat, transport: http() }).extend(leveragedVaultWalletActions);
 * await wallet.sendDeposit({ vault, assets: parseEther("1") });
 * ```
 */
export function leveragedVaultWalletActions<
  transport extends Transport,
  chain extends Chain | undefined,
  account extends Account | undefined,
>(client: Client<transport, chain, account>): LeveragedVaultWalletActions {
  return {
    sendDeposit: (parameters) => sendDeposit(client, parameters),
    sendMint: (parameters) => sendMint(client, parameters),
    sendWithdraw: (parameters) => sendWithdraw(client, parameters),
    sendRedeem: (parameters) => sendRedeem(client, parameters),
    signPermit: (parameters) => signPermit(client, parameters),
  };
}
