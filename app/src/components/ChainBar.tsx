import { useAccount, useChains, useSwitchChain } from "wagmi";

import type { AppChain } from "../config/chains.js";

/** The chains the page serves: pick the one whose registry's vaults are listed. */
export function ChainPicker(props: { chains: AppChain[]; chain: AppChain; onSelect: (chainId: number) => void }) {
  if (props.chains.length < 2) return <span className="muted small" data-testid="chain-name">{props.chain.name}</span>;
  return (
    <label className="chain-picker small">
      <span className="muted">Chain </span>
      <select data-testid="chain-select" value={props.chain.chainId} onChange={(event) => props.onSelect(Number(event.target.value))}>
        {props.chains.map((chain) => (
          <option key={chain.chainId} value={chain.chainId}>{chain.name} ({chain.chainId})</option>
        ))}
      </select>
    </label>
  );
}

/**
 * Says so when the connected wallet is on another chain than the vaults shown (a configured one, or
 * one the page does not serve) and offers to switch the wallet; nothing when they match.
 */
export function WrongChainNotice({ chain }: { chain: AppChain }) {
  const { isConnected, chainId } = useAccount();
  const chains = useChains();
  const { switchChain, isPending, error } = useSwitchChain();
  if (!isConnected || chainId === undefined || chainId === chain.chainId) return null;
  const walletChain = chains.find((candidate) => candidate.id === chainId);
  return (
    <div className="notice warn" data-testid="wrong-chain">
      <span>
        Your wallet is on {walletChain ? `${walletChain.name} (${chainId})` : `chain ${chainId}, which this page does not serve`}; these vaults are on{" "}
        {chain.name} ({chain.chainId}). Deposits and withdrawals need the wallet on {chain.name}.
      </span>
      <button data-testid="switch-chain" disabled={isPending} onClick={() => switchChain({ chainId: chain.chainId })}>
        Switch wallet to {chain.name}
      </button>
      {error && <span className="error small">{error.message.split("\n")[0]}</span>}
    </div>
  );
}
