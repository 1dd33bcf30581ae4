import { useAccount, useConnect, useDisconnect } from "wagmi";

import { shortAddress } from "../format/amounts.js";
import { TEST_ACCOUNT_INDEX } from "../wagmiConfig.js";

/** Connect with an injected wallet or the local node's test account; shows who is connected. */
export function ConnectBar() {
  const { address, isConnected, connector } = useAccount();
  const { connectors, connect, isPending, error } = useConnect();
  const { disconnect } = useDisconnect();

  if (isConnected && address) {
    return (
      <div className="connect">
        <span className="account" data-testid="account-address" title={address}>
          {shortAddress(address)} <span className="muted">via {connector?.id === "mock" ? `test account #${TEST_ACCOUNT_INDEX}` : connector?.name}</span>
        </span>
        <button className="secondary" onClick={() => disconnect()}>Disconnect</button>
      </div>
    );
  }
  return (
    <div className="connect">
      {connectors.map((candidate) => (
        <button
          key={candidate.uid}
          data-testid={candidate.id === "mock" ? "connect-test-account" : `connect-${candidate.id}`}
          disabled={isPending}
          onClick={() => connect({ connector: candidate })}
        >
          {candidate.id === "mock" ? `Test account #${TEST_ACCOUNT_INDEX} (local chain)` : candidate.name === "Injected" ? "Browser wallet" : candidate.name}
        </button>
      ))}
      {error && <span className="error small">{error.message.split("\n")[0]}</span>}
    </div>
  );
}
