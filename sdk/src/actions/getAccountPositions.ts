import { parseAbi, type Address, type Chain, type Client, type Transport } from "viem";
import { multicall, readContract } from "viem/actions";

import { leveragedVaultAbi } from "../abis/leveragedVaultAbi.js";
import { positionBooksFromFlows } from "../analytics/positionBook.js";
import type { ChunkedLogsOptions } from "../history/getLogsInChunks.js";
import { mapWithConcurrency } from "../history/mapWithConcurrency.js";
import type { IndexerClient } from "../indexer/createIndexerClient.js";
import { readAccountPositions, type AccountPositionBook } from "../indexer/indexerReads.js";
import { getFlowHistory, type FlowRecord } from "./getFlowHistory.js";

/** Parameters of {@link getAccountPositions}. */
export interface GetAccountPositionsParameters extends Omit<ChunkedLogsOptions, "fromBlock"> {
  /** The holder. */
  account: Address;
  /** The vaults to look at, each with the block its history starts at (the registry's `createdAtBlock`). */
  vaults: readonly { vault: Address; createdAtBlock: bigint }[];
  /** Read the books from the indexer instead of replaying each vault's flows over RPC. */
  indexer?: IndexerClient | undefined;
  /** Value the shares at this block (default latest). */
  blockNumber?: bigint | undefined;
}

/** One holder's position in one vault: the book, and what the shares are worth now. */
export interface AccountPosition extends AccountPositionBook {
  /** `convertToAssets(shares)` at the read's block. */
  value: bigint;
  /** `value − costBasis`. */
  unrealisedPnl: bigint;
}

const feedAbi = parseAbi(["function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)"]);
const erc20DecimalsAbi = parseAbi(["function decimals() view returns (uint8)"]);

/**
 * The account's positions in the given vaults, with average-cost basis (in assets, and in USD at the
 * collateral feed's answer in each deposit's block), realised profit, and the shares' value and
 * unrealised profit now. Vaults the account never held are left out.
 *
 * - With an `indexer`: its `position` rows.
 * - Without: each vault's flows read over RPC in chunks ({@link getFlowHistory}) and replayed through
 *   the same position book the indexer keeps ({@link positionBooksFromFlows}); each deposit's USD value
 *   reads the feed at its block (an archive RPC for old blocks).
 *
 * @example
 * ```ts
 * import { getAccountPositions } from "@leveraged-vault/sdk";
 *
 * const positions = await getAccountPositions(publicClient, { account, vaults: listings, indexer });
 * for (const p of positions) console.log(p.vault, p.shares, p.realisedPnl + p.unrealisedPnl);
 * ```
 */
export async function getAccountPositions(client: Client<Transport, Chain | undefined>, parameters: GetAccountPositionsParameters): Promise<AccountPosition[]> {
  const { account, vaults, indexer, blockNumber, ...range } = parameters;
  const books = indexer
    ? await readAccountPositions(indexer, { account, vaults: vaults.map((entry) => entry.vault) })
    : (await Promise.all(vaults.map((entry) => replayAccountBook(client, { ...range, account, vault: entry.vault, fromBlock: entry.createdAtBlock, toBlock: blockNumber })))).flatMap((book) => (book ? [book] : []));
  const order = new Map(vaults.map((entry, index) => [entry.vault.toLowerCase(), index]));
  books.sort((a, b) => order.get(a.vault.toLowerCase())! - order.get(b.vault.toLowerCase())!);
  return Promise.all(
    books.map(async (book) => {
      const value = await readContract(client, { address: book.vault, abi: leveragedVaultAbi, functionName: "convertToAssets", args: [book.shares], blockNumber });
      return { ...book, value, unrealisedPnl: value - book.costBasis };
    }),
  );
}

/** The account's book in one vault, replayed from the vault's flows over RPC (undefined: it never held any). */
async function replayAccountBook(
  client: Client<Transport, Chain | undefined>,
  parameters: ChunkedLogsOptions & { account: Address; vault: Address },
): Promise<AccountPositionBook | undefined> {
  const { account, vault, ...range } = parameters;
  const flows = await getFlowHistory(client, { ...range, vault });
  const lower = account.toLowerCase();
  if (!flows.some((flow) => flow.owner.toLowerCase() === lower || flow.sender.toLowerCase() === lower)) return undefined;
  const usd = await depositValuesUsd(client, vault, flows.filter((flow) => flow.kind === "deposit"), range.concurrency ?? 4);
  const books = positionBooksFromFlows(flows, (flow) => usd.get(`${flow.blockNumber}:${flow.logIndex}`) ?? 0n);
  const book = [...books].find(([holder]) => holder.toLowerCase() === lower)?.[1];
  return book && { vault, account, ...book };
}

/** Each deposit's assets at the collateral feed's answer in its block, as the indexer values them. */
async function depositValuesUsd(client: Client<Transport, Chain | undefined>, vault: Address, deposits: FlowRecord[], concurrency: number) {
  const values = new Map<string, bigint>();
  if (deposits.length === 0) return values;
  const [feed, asset] = await multicall(client, {
    allowFailure: false,
    deployless: true,
    contracts: [
      { address: vault, abi: leveragedVaultAbi, functionName: "collateralFeed" },
      { address: vault, abi: leveragedVaultAbi, functionName: "asset" },
    ],
  });
  const assetDecimals = await readContract(client, { address: asset, abi: erc20DecimalsAbi, functionName: "decimals" });
  await mapWithConcurrency(deposits, concurrency, async (flow) => {
    const [, answer] = await readContract(client, { address: feed, abi: feedAbi, functionName: "latestRoundData", blockNumber: flow.blockNumber });
    values.set(`${flow.blockNumber}:${flow.logIndex}`, answer > 0n ? (flow.assets * answer) / 10n ** BigInt(assetDecimals) : 0n);
  });
  return values;
}
