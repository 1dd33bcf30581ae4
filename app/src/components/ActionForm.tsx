import {
  lowerBySlippage,
  previewDepositQueryOptions,
  previewMintQueryOptions,
  previewRedeemQueryOptions,
  previewWithdrawQueryOptions,
  raiseBySlippage,
  type GetPositionReturnType,
  type GetVaultStateReturnType,
  type LeveragedVaultQueryOptions,
} from "@leveraged-vault/sdk";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { formatUnits } from "viem";
import { useAccount, useConfig, usePublicClient } from "wagmi";

import { describeError } from "../errors/describeError.js";
import { runVaultAction, type ApprovalMode, type VaultActionKind, type VaultActionStep } from "../flows/runVaultAction.js";
import { formatAmount, parseAmount, shortAddress } from "../format/amounts.js";
import type { VaultUnits } from "./useVaultData.js";
import { Card, Row } from "./VaultPanel.js";

const KINDS: VaultActionKind[] = ["deposit", "mint", "withdraw", "redeem"];

/** What the user types and gets for each flow: the amount's unit, the preview's, and which way the slippage bound goes. */
const FLOW = {
  deposit: { input: "asset", output: "share", bound: "at least", verb: "Deposit" },
  mint: { input: "share", output: "asset", bound: "at most", verb: "Mint" },
  withdraw: { input: "asset", output: "share", bound: "at most", verb: "Withdraw" },
  redeem: { input: "share", output: "asset", bound: "at least", verb: "Redeem" },
} as const;

type Status = { kind: "idle" } | { kind: "running"; step: VaultActionStep } | { kind: "confirmed"; step: VaultActionStep & { step: "confirmed" } } | { kind: "error"; message: string };

/** Debounces a value, so the live preview asks the chain once the user pauses typing. */
function useDebounced<value>(value: value, delayMs: number): value {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Deposit, mint, withdraw and redeem with a slippage setting, a live preview, approve or permit, and each step's state. */
export function ActionForm(props: { chainId: number; vault: GetVaultStateReturnType; position: GetPositionReturnType; units: VaultUnits; assetBalance: bigint | undefined }) {
  const { vault, units } = props;
  const config = useConfig();
  const client = usePublicClient({ chainId: props.chainId })!;
  const queryClient = useQueryClient();
  const { address, chainId: walletChainId } = useAccount();
  const walletOnChain = walletChainId === props.chainId;
  const [kind, setKind] = useState<VaultActionKind>("deposit");
  const [amountText, setAmountText] = useState("");
  const [slippageText, setSlippageText] = useState("0.5");
  const [approvalMode, setApprovalMode] = useState<ApprovalMode>("approve");
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  const flow = FLOW[kind];
  const decimalsOf = (unit: "asset" | "share") => (unit === "asset" ? units.assetDecimals : units.shareDecimals);
  const symbolOf = (unit: "asset" | "share") => (unit === "asset" ? units.assetSymbol : units.shareSymbol);
  const amount = parseAmount(amountText, decimalsOf(flow.input));
  const slippagePercent = Number(slippageText);
  const slippageValid = slippageText.trim() !== "" && slippagePercent >= 0 && slippagePercent <= 50;
  const slippageBps = Math.round(slippagePercent * 100);
  const debouncedAmount = useDebounced(amount, 250);

  const previewOptions: LeveragedVaultQueryOptions<bigint, string> =
    kind === "deposit" ? previewDepositQueryOptions(client, { vault: vault.vault, assets: debouncedAmount ?? 0n })
    : kind === "mint" ? previewMintQueryOptions(client, { vault: vault.vault, shares: debouncedAmount ?? 0n })
    : kind === "withdraw" ? previewWithdrawQueryOptions(client, { vault: vault.vault, assets: debouncedAmount ?? 0n })
    : previewRedeemQueryOptions(client, { vault: vault.vault, shares: debouncedAmount ?? 0n });
  const preview = useQuery({ ...previewOptions, enabled: debouncedAmount !== undefined && debouncedAmount > 0n, placeholderData: keepPreviousData });
  const bound = preview.data === undefined || !slippageValid ? undefined : flow.bound === "at least" ? lowerBySlippage(preview.data, slippageBps) : raiseBySlippage(preview.data, slippageBps);

  const busy = status.kind === "running";
  const canSubmit = Boolean(address) && walletOnChain && amount !== undefined && amount > 0n && slippageValid && !busy;

  async function submit() {
    if (!address || amount === undefined) return;
    try {
      await runVaultAction(config, {
        chainId: props.chainId,
        kind,
        vault: vault.vault,
        amount,
        account: address,
        slippageBps,
        approvalMode,
        onStep: (step) => setStatus(step.step === "confirmed" ? { kind: "confirmed", step } : { kind: "running", step }),
      });
      setAmountText("");
    } catch (error) {
      console.error(error);
      setStatus({ kind: "error", message: describeError(error, units) });
    } finally {
      await queryClient.invalidateQueries();
    }
  }

  const fillMax = () => {
    const max = kind === "deposit" ? props.assetBalance : kind === "redeem" ? props.position.shares : kind === "withdraw" ? props.position.maxWithdraw : undefined;
    if (max !== undefined) setAmountText(formatUnits(max, decimalsOf(flow.input)));
  };

  return (
    <Card title="Deposit and withdraw">
      <div className="tabs">
        {KINDS.map((candidate) => (
          <button key={candidate} data-testid={`action-tab-${candidate}`} className={candidate === kind ? "tab active" : "tab"} onClick={() => { setKind(candidate); setStatus({ kind: "idle" }); }}>
            {FLOW[candidate].verb}
          </button>
        ))}
      </div>
      <label className="field">
        <span>Amount ({symbolOf(flow.input)})</span>
        <div className="inline">
          <input data-testid="amount-input" inputMode="decimal" placeholder="0.0" value={amountText} onChange={(event) => setAmountText(event.target.value)} />
          {kind !== "mint" && <button className="secondary" onClick={fillMax} disabled={!address}>Max</button>}
        </div>
        {amountText !== "" && amount === undefined && <span className="error small">Not an amount: use digits and at most {decimalsOf(flow.input)} decimals.</span>}
      </label>
      <div className="inline settings">
        <label className="field narrow">
          <span>Slippage (%)</span>
          <input data-testid="slippage-input" inputMode="decimal" value={slippageText} onChange={(event) => setSlippageText(event.target.value)} />
        </label>
        {(kind === "deposit" || kind === "mint") && (
          <label className="field narrow">
            <span>Allowance by</span>
            <select data-testid="approval-mode" value={approvalMode} onChange={(event) => setApprovalMode(event.target.value as ApprovalMode)}>
              <option value="approve">approve (transaction)</option>
              <option value="permit">permit (signature)</option>
            </select>
          </label>
        )}
      </div>
      {!slippageValid && <p className="error small">Slippage must be a percentage from 0 to 50.</p>}
      <div className="preview" data-testid="preview">
        <Row label={`preview (${symbolOf(flow.output)})`}>{preview.data === undefined || amount === undefined ? "—" : formatAmount(preview.data, decimalsOf(flow.output), 6)}</Row>
        <Row label={`${flow.bound} (with slippage)`}>{bound === undefined || amount === undefined ? "—" : formatAmount(bound, decimalsOf(flow.output), 6)}</Row>
      </div>
      <button data-testid="submit-action" className="primary" disabled={!canSubmit} onClick={submit}>
        {address ? (busy ? "Working…" : flow.verb) : "Connect a wallet first"}
      </button>
      <StatusLine status={status} />
    </Card>
  );
}

function StatusLine({ status }: { status: Status }) {
  if (status.kind === "idle") return null;
  if (status.kind === "error") return <p className="status error" data-testid="action-status" data-state="error">{status.message}</p>;
  const step = status.step;
  const text =
    step.step === "checking" ? "Checking the vault would accept it…"
    : step.step === "approving" ? (step.hash ? `Approval pending: ${shortAddress(step.hash)}` : "Approve the vault in your wallet…")
    : step.step === "signing-permit" ? "Sign the permit in your wallet…"
    : step.step === "sending-permit" ? (step.hash ? `Permit pending: ${shortAddress(step.hash)}` : "Send the permit in your wallet…")
    : step.step === "confirm-in-wallet" ? "Confirm the transaction in your wallet…"
    : step.step === "pending" ? `Pending: ${shortAddress(step.hash)}`
    : `Confirmed in block ${step.blockNumber} (${shortAddress(step.hash)})`;
  return <p className={`status ${status.kind === "confirmed" ? "ok" : ""}`} data-testid="action-status" data-state={status.kind === "confirmed" ? "confirmed" : "pending"}>{text}</p>;
}
