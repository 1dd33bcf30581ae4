/**
 * Tracks the signer's next nonce locally, so consecutive sends in one process never reuse or skip
 * one, while still following the chain when something else (another process, a wallet) used the key.
 */
export class NonceTracker {
  private nextLocal: number | undefined;

  /** @param readPendingNonce `eth_getTransactionCount(signer, "pending")` on the write RPC. */
  constructor(private readonly readPendingNonce: () => Promise<number>) {}

  /** The nonce the next transaction must use: the higher of the local count and the chain's pending count. */
  async next(): Promise<number> {
    const onChain = await this.readPendingNonce();
    this.nextLocal = this.nextLocal === undefined ? onChain : Math.max(this.nextLocal, onChain);
    return this.nextLocal;
  }

  /** Records that a transaction with `nonce` was broadcast. */
  markBroadcast(nonce: number): void {
    this.nextLocal = Math.max(this.nextLocal ?? 0, nonce + 1);
  }

  /** Forgets the local count (after an error whose outcome is unknown); the next call re-reads the chain. */
  reset(): void {
    this.nextLocal = undefined;
  }
}
