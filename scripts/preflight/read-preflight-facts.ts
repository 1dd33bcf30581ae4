/**
 * The preflight's reads: everything `evaluatePreflight` judges, from the network, sending nothing.
 * Where a number depends on the project's own rules, the project's compiled code computes it in an
 * `eth_call`, deployless (its creation bytecode runs inside the call; nothing is deployed):
 *
 * - the oracle price from the feeds: `ChainlinkMorphoOracle.price()`;
 * - the pool's depth and the sandwich-proof trade bound: `UniswapV3VenueLens`, which is the vault's
 *   own venue code (`UniswapV3Venue`);
 * - the parameter verdict: `ParameterRules.validate`, the library every vault and factory links.
 *
 * ABIs come from the compiled artifacts (the project's minimal interfaces, Morpho Blue as compiled,
 * Uniswap's packaged factory). Each read that fails is recorded with its reason, never thrown.
 */
import { artifacts } from "hardhat";
import {
  createPublicClient,
  custom,
  decodeErrorResult,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  erc20Abi,
  keccak256,
  parseAbi,
  toFunctionSelector,
  type Abi,
  type Address,
  type EIP1193Provider,
  type Hex,
  type PublicClient,
} from "viem";

import type { NetworkPreset } from "../networks/presets.js";
import { uniswapArtifacts } from "../stack/uniswap-artifacts.js";
import { marketLtvs, leverageAt } from "./evaluate-preflight.js";
import type {
  AaveMarketFacts,
  AaveReserveFacts,
  FeedFacts,
  MorphoMarketFacts,
  ParameterRulesVerdict,
  PoolFacts,
  PreflightFacts,
  PreflightRequest,
  SequencerFacts,
  TokenFacts,
  VenueReading,
} from "./preflight-facts.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
/**
 * `ParameterRules.validate`'s selector. A library's external functions are selected by their
 * signature with struct types by name (the solc output's `methodIdentifiers`), not as tuples.
 */
export const VALIDATE_SIGNATURE = "validate(ILeveragedVaultTypes.RiskParameters,ILeveragedVaultTypes.OracleParameters,uint256,uint256,bool)";

const descriptionAbi = parseAbi(["function description() view returns (string)"]);

/** The Uniswap v3 factory's `getPool` answer for the request's pair at the preset's fee. */
export async function findPool(client: PublicClient, preset: NetworkPreset, collateral: string, debt: string): Promise<string> {
  return (await client.readContract({
    address: preset.uniswapV3Factory as Address,
    abi: uniswapArtifacts.factory.abi as Abi,
    functionName: "getPool",
    args: [collateral, debt, preset.poolFee],
  })) as string;
}

/** A viem client on a Hardhat connection's (or any) EIP-1193 provider. */
export function preflightClient(provider: unknown): PublicClient {
  return createPublicClient({ transport: custom(provider as EIP1193Provider) }) as PublicClient;
}

export interface PreflightReadOptions {
  /** The Morpho market's oracle: an earlier deployment's, or where the deploy will put it. */
  morphoOracle?: { address: string; deployed: boolean };
}

export async function readPreflightFacts(client: PublicClient, preset: NetworkPreset, request: PreflightRequest, options: PreflightReadOptions = {}): Promise<PreflightFacts> {
  const vault = request.vault;
  const [chainId, block, gasPrice] = await Promise.all([client.getChainId(), client.getBlock(), client.getGasPrice()]);
  const timestamp = Number(block.timestamp);
  const [collateral, debt] = await Promise.all([readToken(client, vault.collateralToken), readToken(client, vault.debtToken)]);
  const pairFeeds = [
    { role: "collateral" as const, address: vault.collateralFeed },
    { role: "debt" as const, address: vault.debtFeed },
  ];
  const feeds = await Promise.all(
    pairFeeds.map(({ role, address }) => {
      const pair = (Object.keys(preset.feeds) as (keyof NetworkPreset["feeds"])[]).find((name) => preset.feeds[name].address.toLowerCase() === address.toLowerCase())!;
      return readFeed(client, { pair, role, address, heartbeat: preset.feeds[pair].heartbeat });
    }),
  );
  const sequencer = preset.sequencerFeed ? await readSequencer(client, preset.sequencerFeed.address) : undefined;
  const oraclePrice = await readOraclePrice(client, vault.collateralFeed, vault.debtFeed, collateral.decimals, debt.decimals);
  const pool = await readPool(client, preset, vault.pool, vault.collateralToken, vault.debtToken, oraclePrice);
  const market =
    request.market === "aave"
      ? await readAave(client, preset.aave!.pool, vault.collateralToken, vault.debtToken)
      : await readMorpho(client, preset, request, options.morphoOracle, collateral.decimals, debt.decimals);
  const facts: PreflightFacts = { chainId, blockNumber: block.number, timestamp, gasPrice, tokens: { collateral, debt }, feeds, pool, market };
  if (sequencer) facts.sequencer = sequencer;
  if (oraclePrice !== undefined) facts.oraclePrice = oraclePrice;
  const ltvs = marketLtvs(market);
  if (ltvs && !("error" in market && market.error)) facts.parameterRules = await readParameterRulesVerdict(client, request, leverageAt(ltvs.liquidation), leverageAt(ltvs.borrow));
  return facts;
}

/* READS */

async function readToken(client: PublicClient, address: string): Promise<TokenFacts> {
  const token = { address: address as Address, abi: erc20Abi } as const;
  const [symbol, decimals] = await Promise.all([
    client.readContract({ ...token, functionName: "symbol" }).catch(() => address.slice(0, 10)),
    client.readContract({ ...token, functionName: "decimals" }).catch(() => 18),
  ]);
  return { address, symbol, decimals };
}

async function readFeed(client: PublicClient, feed: Omit<FeedFacts, "reading" | "error">): Promise<FeedFacts> {
  const abi = (await artifacts.readArtifact("IAggregatorV3")).abi as Abi;
  try {
    const address = feed.address as Address;
    const [decimals, round, description] = await Promise.all([
      client.readContract({ address, abi, functionName: "decimals" }) as Promise<number>,
      client.readContract({ address, abi, functionName: "latestRoundData" }) as Promise<readonly [bigint, bigint, bigint, bigint, bigint]>,
      client.readContract({ address, abi: descriptionAbi, functionName: "description" }).catch(() => "(no description)"),
    ]);
    return { ...feed, reading: { decimals: Number(decimals), description, answer: round[1], updatedAt: Number(round[3]) } };
  } catch (error) {
    return { ...feed, error: shortMessage(error) };
  }
}

async function readSequencer(client: PublicClient, address: string): Promise<SequencerFacts> {
  const abi = (await artifacts.readArtifact("IAggregatorV3")).abi as Abi;
  try {
    const round = (await client.readContract({ address: address as Address, abi, functionName: "latestRoundData" })) as readonly [bigint, bigint, bigint, bigint, bigint];
    return { address, reading: { answer: round[1], startedAt: Number(round[2]) } };
  } catch (error) {
    return { address, error: shortMessage(error) };
  }
}

/** The vault's price from its feeds: the project's Morpho oracle, run deployless. */
async function readOraclePrice(client: PublicClient, collateralFeed: string, debtFeed: string, collateralDecimals: number, debtDecimals: number): Promise<bigint | undefined> {
  const artifact = await artifacts.readArtifact("ChainlinkMorphoOracle");
  try {
    return (await client.readContract({
      abi: artifact.abi as Abi,
      code: encodeDeployData({ abi: artifact.abi as Abi, bytecode: artifact.bytecode as Hex, args: [collateralFeed, debtFeed, collateralDecimals, debtDecimals] }),
      functionName: "price",
    })) as bigint;
  } catch {
    return undefined;
  }
}

async function readPool(client: PublicClient, preset: NetworkPreset, address: string, collateral: string, debt: string, oraclePrice: bigint | undefined): Promise<PoolFacts> {
  const pool: PoolFacts = { fee: preset.poolFee, address };
  if (address === ZERO_ADDRESS) return pool;
  if (oraclePrice === undefined) return { ...pool, error: "no oracle price to measure its depth at" };
  const lens = await artifacts.readArtifact("UniswapV3VenueLens");
  if (Object.keys(lens.linkReferences).length > 0) return { ...pool, error: "UniswapV3VenueLens needs linking; it cannot run deployless" };
  try {
    const reading = (await client.readContract({
      abi: lens.abi as Abi,
      code: encodeDeployData({ abi: lens.abi as Abi, bytecode: lens.bytecode as Hex, args: [address, collateral, debt] }),
      functionName: "read",
      args: [oraclePrice],
    })) as VenueReading;
    return { ...pool, reading: { poolPrice: reading.poolPrice, depth: reading.depth, feeWad: reading.feeWad, sandwichProofTrade: reading.sandwichProofTrade, liquidity: BigInt(reading.liquidity) } };
  } catch (error) {
    return { ...pool, error: shortMessage(error) };
  }
}

async function readAave(client: PublicClient, pool: string, collateral: string, debt: string): Promise<AaveMarketFacts> {
  const poolAbi = (await artifacts.readArtifact("IAaveV3PoolMinimal")).abi as Abi;
  const reserve = async (asset: string): Promise<AaveReserveFacts | undefined> => {
    const data = (await client.readContract({ address: pool as Address, abi: poolAbi, functionName: "getReserveData", args: [asset] })) as {
      configuration: bigint;
      aTokenAddress: Address;
      variableDebtTokenAddress: Address;
    };
    if (data.aTokenAddress === ZERO_ADDRESS) return undefined;
    const [aTokenSupply, variableDebt, availableLiquidity] = await Promise.all([
      client.readContract({ address: data.aTokenAddress, abi: erc20Abi, functionName: "totalSupply" }),
      client.readContract({ address: data.variableDebtTokenAddress, abi: erc20Abi, functionName: "totalSupply" }),
      client.readContract({ address: asset as Address, abi: erc20Abi, functionName: "balanceOf", args: [data.aTokenAddress] }),
    ]);
    return { asset, configuration: BigInt(data.configuration), aTokenSupply, variableDebt, availableLiquidity };
  };
  try {
    const [collateralReserve, debtReserve] = await Promise.all([reserve(collateral), reserve(debt)]);
    return { kind: "aave", pool, ...(collateralReserve ? { collateral: collateralReserve } : {}), ...(debtReserve ? { debt: debtReserve } : {}) };
  } catch (error) {
    return { kind: "aave", pool, error: shortMessage(error) };
  }
}

async function readMorpho(
  client: PublicClient,
  preset: NetworkPreset,
  request: PreflightRequest,
  oracle: PreflightReadOptions["morphoOracle"],
  collateralDecimals: number,
  debtDecimals: number,
): Promise<MorphoMarketFacts> {
  const params = request.vault.market!;
  const morpho = preset.morpho!.morpho;
  const morphoAbi = (await artifacts.readArtifact("Morpho")).abi as Abi;
  const id = morphoMarketId(params);
  const facts: MorphoMarketFacts = {
    kind: "morpho",
    morpho,
    params,
    id,
    exists: false,
    lltvEnabled: false,
    irmEnabled: false,
    totalSupplyAssets: 0n,
    totalBorrowAssets: 0n,
    oracle: { address: params.oracle, deployed: oracle?.deployed ?? true, constructorArguments: [request.vault.collateralFeed, request.vault.debtFeed, collateralDecimals, debtDecimals] },
  };
  try {
    const read = (functionName: string, args: unknown[]) => client.readContract({ address: morpho as Address, abi: morphoAbi, functionName, args });
    const [market, lltvEnabled, irmEnabled] = await Promise.all([
      read("market", [id]) as Promise<readonly bigint[]>,
      read("isLltvEnabled", [params.lltv]) as Promise<boolean>,
      read("isIrmEnabled", [params.irm]) as Promise<boolean>,
    ]);
    Object.assign(facts, { exists: market[4]! !== 0n, lltvEnabled, irmEnabled, totalSupplyAssets: market[0]!, totalBorrowAssets: market[2]! });
    if (!facts.exists) facts.createMarket = { to: morpho, data: encodeFunctionData({ abi: morphoAbi, functionName: "createMarket", args: [params] }) };
  } catch (error) {
    facts.error = shortMessage(error);
  }
  return facts;
}

/** A Morpho Blue market's id: `keccak256(abi.encode(params))`. */
export function morphoMarketId(params: MorphoMarketFacts["params"]): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "address" }, { type: "address" }, { type: "uint256" }],
      [params.loanToken as Address, params.collateralToken as Address, params.oracle as Address, params.irm as Address, params.lltv],
    ),
  );
}

/** `ParameterRules.validate(risk, oracle, liquidationLeverage, borrowLeverage, hasDebtFeed)`, run from the library's bytecode. */
async function readParameterRulesVerdict(client: PublicClient, request: PreflightRequest, liquidationLeverage: bigint, borrowLeverage: bigint): Promise<ParameterRulesVerdict> {
  const artifact = await artifacts.readArtifact("ParameterRules");
  const validate = (artifact.abi as Abi).find((item) => item.type === "function" && item.name === "validate") as { inputs: readonly { type: string }[] };
  const hasDebtFeed = request.vault.debtFeed !== ZERO_ADDRESS;
  const data = (toFunctionSelector(VALIDATE_SIGNATURE) +
    encodeAbiParameters(validate.inputs as never, [request.vault.risk, request.vault.oracle, liquidationLeverage, borrowLeverage, hasDebtFeed] as never).slice(2)) as Hex;
  try {
    await client.call({ code: artifact.bytecode as Hex, data });
    return { accepted: true };
  } catch (error) {
    const revert = revertData(error);
    if (revert) {
      try {
        const decoded = decodeErrorResult({ abi: artifact.abi as Abi, data: revert });
        if (decoded.errorName === "ParameterOutOfBounds") {
          const [field, value, min, max] = decoded.args as [string, bigint, bigint, bigint];
          return { accepted: false, field, value, min, max };
        }
      } catch {
        // not one of the library's errors
      }
    }
    return { accepted: false, error: shortMessage(error) };
  }
}

/* ERRORS */

function revertData(error: unknown): Hex | undefined {
  let current = error as { data?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 10; depth += 1) {
    if (typeof current.data === "string" && current.data.startsWith("0x") && current.data.length > 2) return current.data as Hex;
    if (current.data && typeof current.data === "object" && typeof (current.data as { data?: unknown }).data === "string") return (current.data as { data: Hex }).data;
    current = current.cause as typeof current;
  }
  return undefined;
}

function shortMessage(error: unknown): string {
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message ?? String(error);
  return message.split("\n")[0]!;
}
