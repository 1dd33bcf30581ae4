import type { Address } from "viem";

import type { FlowRecord } from "../actions/getFlowHistory.js";

/**
 * A holder's position book, pure: average-cost basis, realised profit and loss. The indexer's
 * handlers apply the vault's events in log order; a vault emits the share `Transfer` (mint or burn)
 * before its `Deposit` or `Withdraw`, so a withdrawal's cost is taken pro rata over the shares held
 * before the burn. {@link positionBooksFromFlows} replays the same steps from a flow history read
 * over RPC, so both paths keep the same books.
 *
 * Identity (tested): realisedPnl + (value of shares − costBasis) = withdrawn − deposited − transferredCost + value of shares.
 */
export interface PositionBook {
  shares: bigint;
  /** Cost basis of the shares held, in assets (average cost). */
  costBasis: bigint;
  /** The same in USD: each deposit at the collateral feed's answer in its block (the feed's decimals). */
  costBasisUsd: bigint;
  deposited: bigint;
  withdrawn: bigint;
  /** Cost basis that arrived (+) or left (−) with shares transferred between holders. */
  transferredCost: bigint;
  realisedPnl: bigint;
}

export const EMPTY_POSITION: PositionBook = {
  shares: 0n,
  costBasis: 0n,
  costBasisUsd: 0n,
  deposited: 0n,
  withdrawn: 0n,
  transferredCost: 0n,
  realisedPnl: 0n,
};

/** `amount · numerator / denominator`, rounded down; 0 when the denominator is 0. */
function proRata(amount: bigint, numerator: bigint, denominator: bigint): bigint {
  return denominator === 0n ? 0n : (amount * numerator) / denominator;
}

/** Shares minted to the holder (the `Transfer` from 0 of a deposit or mint). */
export function sharesMinted(book: PositionBook, shares: bigint): PositionBook {
  return { ...book, shares: book.shares + shares };
}

/** Shares burnt from the holder (the `Transfer` to 0 of a withdraw or redeem). */
export function sharesBurnt(book: PositionBook, shares: bigint): PositionBook {
  return { ...book, shares: book.shares - shares };
}

/** A `Deposit` for the holder: `assets` paid, worth `assetsUsd` at the oracle. */
export function deposited(book: PositionBook, assets: bigint, assetsUsd: bigint): PositionBook {
  return { ...book, costBasis: book.costBasis + assets, costBasisUsd: book.costBasisUsd + assetsUsd, deposited: book.deposited + assets };
}

/** A `Withdraw` from the holder: `shares` (already burnt) paid out `assets`. */
export function withdrew(book: PositionBook, assets: bigint, shares: bigint): PositionBook {
  const sharesBefore = book.shares + shares;
  const costRemoved = proRata(book.costBasis, shares, sharesBefore);
  const costRemovedUsd = proRata(book.costBasisUsd, shares, sharesBefore);
  return {
    ...book,
    costBasis: book.costBasis - costRemoved,
    costBasisUsd: book.costBasisUsd - costRemovedUsd,
    withdrawn: book.withdrawn + assets,
    realisedPnl: book.realisedPnl + assets - costRemoved,
  };
}

/** `shares` moved from `from` to `to`: their pro-rata cost basis moves with them; nothing is realised. */
export function transferred(from: PositionBook, to: PositionBook, shares: bigint): { from: PositionBook; to: PositionBook } {
  const cost = proRata(from.costBasis, shares, from.shares);
  const costUsd = proRata(from.costBasisUsd, shares, from.shares);
  return {
    from: { ...from, shares: from.shares - shares, costBasis: from.costBasis - cost, costBasisUsd: from.costBasisUsd - costUsd, transferredCost: from.transferredCost - cost },
    to: { ...to, shares: to.shares + shares, costBasis: to.costBasis + cost, costBasisUsd: to.costBasisUsd + costUsd, transferredCost: to.transferredCost + cost },
  };
}

/** Profit not yet realised: what the shares are worth now less what they cost. */
export function unrealisedPnl(book: PositionBook, value: bigint): bigint {
  return value - book.costBasis;
}

/**
 * Every holder's book after `flows` (a vault's `getFlowHistory`, oldest first), by checksummed
 * address: a deposit mints its shares and adds its cost, a withdrawal burns its shares and realises,
 * a transfer moves the shares' cost. `assetsUsd(flow)` values a deposit's assets in USD (the indexer
 * uses the collateral feed's answer in the deposit's block).
 */
export function positionBooksFromFlows(flows: readonly FlowRecord[], assetsUsd: (flow: FlowRecord) => bigint): Map<Address, PositionBook> {
  const books = new Map<Address, PositionBook>();
  const book = (account: Address) => books.get(account) ?? EMPTY_POSITION;
  for (const flow of flows) {
    if (flow.kind === "deposit") books.set(flow.owner, deposited(sharesMinted(book(flow.owner), flow.shares), flow.assets, assetsUsd(flow)));
    else if (flow.kind === "withdraw") books.set(flow.owner, withdrew(sharesBurnt(book(flow.owner), flow.shares), flow.assets, flow.shares));
    else {
      const moved = transferred(book(flow.sender), book(flow.receiver), flow.shares);
      books.set(flow.sender, moved.from);
      books.set(flow.receiver, moved.to);
    }
  }
  return books;
}
