/**
 * The local DeFi stack: test tokens, Chainlink-compatible feeds, the real Uniswap v3 and the real
 * Morpho Blue, and on request the real Aave v3, deployed from their npm packages onto any Hardhat
 * network (the in-process chain or a `hardhat node` over HTTP). Tests, scripts and the demo all build
 * on `deployLocalStack`.
 */
import { Contract, ContractFactory, MaxUint256, parseUnits, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { artifacts } from "hardhat";

import type {
  ChainlinkMorphoOracle,
  IrmMock,
  Morpho,
  SettablePriceFeed,
  TestToken,
} from "../../types/ethers-contracts/index.js";
import { aaveAddresses, connectAave, deployAave, type AaveStack, type AaveStackOptions } from "./deploy-aave.js";
import { uniswapArtifacts, type PackagedArtifact } from "./uniswap-artifacts.js";
import { priceFromSqrtPriceX96, sqrtPriceX96FromAmounts } from "./uniswap-price.js";
import { send } from "./transactions.js";

/** Chainlink USD feeds use 8 decimals. */
export const FEED_DECIMALS = 8;
/** The pool's fee tier (0.05%), the deepest WETH/USDC tier on mainnet. */
export const POOL_FEE = 500;
/** Observation slots of the local pool: its time-weighted price spans this many blocks with swaps. */
export const POOL_OBSERVATIONS = 200;
/** Full-range ticks for the 500 fee tier (tick spacing 10). */
const FULL_RANGE_TICK = 887270;

export interface LocalStackOptions {
  /** Starting ETH price in USD. Default 3000. */
  ethPriceUsd?: number;
  /** WETH in the pool's full-range position (USDC is added at the same value). Default 20,000. */
  poolWeth?: number;
  /** USDC supplied to the WETH-collateral Morpho market. Default 100,000,000. */
  morphoUsdcLiquidity?: number;
  /** WETH supplied to the USDC-collateral Morpho market. Default 30,000. */
  morphoWethLiquidity?: number;
  /** Morpho liquidation LTV of both markets, in WAD. Default 0.86. */
  lltv?: bigint;
  /** Account that deploys, provides liquidity and arbitrages. Default: the first signer. */
  signer?: Signer;
  /**
   * Also deploy Aave v3 with WETH and USDC reserves (`true` for the defaults). Off by default: it
   * adds about 40 transactions that stacks without an Aave vault do not need.
   */
  aave?: boolean | AaveStackOptions;
}

export interface MorphoMarketParams {
  loanToken: string;
  collateralToken: string;
  oracle: string;
  irm: string;
  lltv: bigint;
}

export interface MorphoMarket {
  params: MorphoMarketParams;
  id: string;
  oracle: ChainlinkMorphoOracle;
}

export interface LocalStack {
  ethers: HardhatEthers;
  signer: Signer;
  tokens: { weth: TestToken; usdc: TestToken };
  feeds: { ethUsd: SettablePriceFeed; usdcUsd: SettablePriceFeed };
  uniswap: {
    factory: Contract;
    swapRouter: Contract;
    quoterV2: Contract;
    positionManager: Contract;
    pool: Contract;
    fee: number;
    wethIsToken0: boolean;
  };
  morpho: {
    morpho: Morpho;
    irm: IrmMock;
    /** WETH collateral, USDC loan: the market a long (2x ETH) vault uses. */
    wethCollateralMarket: MorphoMarket;
    /** USDC collateral, WETH loan: the market an inverse vault uses. */
    usdcCollateralMarket: MorphoMarket;
  };
  /** Aave v3, when deployed with the `aave` option. */
  aave?: AaveStack;
}

/** A local stack deployed with the `aave` option. */
export type LocalStackWithAave = LocalStack & { aave: AaveStack };

/** Where Multicall3 lives on public chains; the local stack puts a Multicall3-compatible aggregator there. */
export const MULTICALL3_ADDRESS = "0xcA11bde05977b3631167028862bE2a173976CA11";

/**
 * Puts the runtime code of `Multicall3Compatible` (Multicall3's `aggregate3` ABI and block getters) at
 * Multicall3's canonical address with `hardhat_setCode`, so batched reads take the same path as on a
 * public chain (a deployed aggregator) instead of viem's deployless fallback. No transaction is sent,
 * so the addresses of everything deployed afterwards do not change.
 */
async function installMulticall3(ethers: HardhatEthers): Promise<string> {
  const { deployedBytecode } = await artifacts.readArtifact("Multicall3Compatible");
  await ethers.provider.send("hardhat_setCode", [MULTICALL3_ADDRESS, deployedBytecode]);
  return MULTICALL3_ADDRESS;
}

/** The addresses of a deployed stack, as recorded for scripts, the keeper and the demo. */
export type LocalStackAddresses = Awaited<ReturnType<typeof stackAddresses>>;

export async function deployLocalStack(
  ethers: HardhatEthers,
  options: LocalStackOptions & { aave: true | AaveStackOptions },
): Promise<LocalStackWithAave>;
export async function deployLocalStack(ethers: HardhatEthers, options?: LocalStackOptions): Promise<LocalStack>;
export async function deployLocalStack(ethers: HardhatEthers, options: LocalStackOptions = {}): Promise<LocalStack> {
  const signer = options.signer ?? (await ethers.getSigners())[0];
  const signerAddress = await signer.getAddress();
  const ethPriceUsd = options.ethPriceUsd ?? 3000;
  const lltv = options.lltv ?? parseUnits("0.86", 18);
  await installMulticall3(ethers);

  // Tokens and feeds.
  const weth = (await deploy(ethers, signer, "TestToken", ["Wrapped Ether", "WETH", 18])) as unknown as TestToken;
  const usdc = (await deploy(ethers, signer, "TestToken", ["USD Coin", "USDC", 6])) as unknown as TestToken;
  const ethUsd = (await deploy(ethers, signer, "SettablePriceFeed", [
    FEED_DECIMALS,
    "ETH / USD",
    toFeedAnswer(ethPriceUsd),
  ])) as unknown as SettablePriceFeed;
  const usdcUsd = (await deploy(ethers, signer, "SettablePriceFeed", [
    FEED_DECIMALS,
    "USDC / USD",
    toFeedAnswer(1),
  ])) as unknown as SettablePriceFeed;
  const [wethAddress, usdcAddress] = [await weth.getAddress(), await usdc.getAddress()];

  // Uniswap v3.
  const factory = await deployPackaged(signer, uniswapArtifacts.factory, []);
  const factoryAddress = await factory.getAddress();
  const swapRouter = await deployPackaged(signer, uniswapArtifacts.swapRouter, [factoryAddress, wethAddress]);
  const quoterV2 = await deployPackaged(signer, uniswapArtifacts.quoterV2, [factoryAddress, wethAddress]);
  const positionManager = await deployPackaged(signer, uniswapArtifacts.positionManager, [
    factoryAddress,
    wethAddress,
    ethers.ZeroAddress,
  ]);

  const wethIsToken0 = BigInt(wethAddress) < BigInt(usdcAddress);
  const [token0, token1] = wethIsToken0 ? [wethAddress, usdcAddress] : [usdcAddress, wethAddress];
  const poolWeth = parseUnits(String(options.poolWeth ?? 100_000), 18);
  const poolUsdc = wethToUsdc(poolWeth, toFeedAnswer(ethPriceUsd));
  const [amount0, amount1] = wethIsToken0 ? [poolWeth, poolUsdc] : [poolUsdc, poolWeth];
  await send(
    positionManager.createAndInitializePoolIfNecessary(token0, token1, POOL_FEE, sqrtPriceX96FromAmounts(amount0, amount1)),
  );
  const pool = new Contract(await factory.getPool(token0, token1, POOL_FEE), uniswapArtifacts.pool.abi, signer);
  // Room for the observations behind the pool's time-weighted price (the vaults' price when their
  // feeds fail), as live pools have: one per block with a swap.
  await send(pool.increaseObservationCardinalityNext(POOL_OBSERVATIONS));

  // Every role the signer plays (liquidity provider, lender, arbitrageur) draws on one allowance each.
  const morpho = (await deploy(ethers, signer, "Morpho", [signerAddress])) as unknown as Morpho;
  const morphoAddress = await morpho.getAddress();
  const spenders = [await positionManager.getAddress(), await swapRouter.getAddress(), morphoAddress];
  for (const token of [weth, usdc]) {
    for (const spender of spenders) await send(token.connect(signer).approve(spender, MaxUint256));
  }

  await send(weth.connect(signer).mint(signerAddress, poolWeth));
  await send(usdc.connect(signer).mint(signerAddress, poolUsdc));
  await send(
    positionManager.mint({
      token0,
      token1,
      fee: POOL_FEE,
      tickLower: -FULL_RANGE_TICK,
      tickUpper: FULL_RANGE_TICK,
      amount0Desired: amount0,
      amount1Desired: amount1,
      amount0Min: 0n,
      amount1Min: 0n,
      recipient: signerAddress,
      deadline: MaxUint256,
    }),
  );

  // Morpho Blue: the real Morpho.sol, the package's utilization-based IRM, two markets.
  const irm = (await deploy(ethers, signer, "IrmMock", [])) as unknown as IrmMock;
  await send(morpho.connect(signer).enableIrm(await irm.getAddress()));
  await send(morpho.connect(signer).enableLltv(lltv));

  const wethOracle = (await deploy(ethers, signer, "ChainlinkMorphoOracle", [
    await ethUsd.getAddress(),
    await usdcUsd.getAddress(),
    18,
    6,
  ])) as unknown as ChainlinkMorphoOracle;
  const usdcOracle = (await deploy(ethers, signer, "ChainlinkMorphoOracle", [
    await usdcUsd.getAddress(),
    await ethUsd.getAddress(),
    6,
    18,
  ])) as unknown as ChainlinkMorphoOracle;

  const wethCollateralMarket = await createMarket(ethers, morpho, signer, {
    loanToken: usdcAddress,
    collateralToken: wethAddress,
    oracle: await wethOracle.getAddress(),
    irm: await irm.getAddress(),
    lltv,
  }, wethOracle);
  const usdcCollateralMarket = await createMarket(ethers, morpho, signer, {
    loanToken: wethAddress,
    collateralToken: usdcAddress,
    oracle: await usdcOracle.getAddress(),
    irm: await irm.getAddress(),
    lltv,
  }, usdcOracle);

  const usdcLiquidity = parseUnits(String(options.morphoUsdcLiquidity ?? 100_000_000), 6);
  const wethLiquidity = parseUnits(String(options.morphoWethLiquidity ?? 30_000), 18);
  await send(usdc.connect(signer).mint(signerAddress, usdcLiquidity));
  await send(weth.connect(signer).mint(signerAddress, wethLiquidity));
  await send(morpho.connect(signer).supply(wethCollateralMarket.params, usdcLiquidity, 0n, signerAddress, "0x"));
  await send(morpho.connect(signer).supply(usdcCollateralMarket.params, wethLiquidity, 0n, signerAddress, "0x"));

  const stack: LocalStack = {
    ethers,
    signer,
    tokens: { weth, usdc },
    feeds: { ethUsd, usdcUsd },
    uniswap: { factory, swapRouter, quoterV2, positionManager, pool, fee: POOL_FEE, wethIsToken0 },
    morpho: { morpho, irm, wethCollateralMarket, usdcCollateralMarket },
  };
  if (options.aave) stack.aave = await deployAave(stack, options.aave === true ? {} : options.aave);
  return stack;
}

/**
 * Moves the whole stack to a new ETH price, as the market and an arbitrageur would: the feed
 * publishes `ethPriceUsd`, then the stack's signer trades the pool to the same price. Morpho reads
 * the feed through its oracle adapter, so all three agree afterwards.
 *
 * With `inOneBlock`, both land in a single block (automine is paused meanwhile), so a keeper
 * watching the chain never sees the feed moved and the pool not yet arbitraged; `alsoRefresh`
 * feeds are re-published at their current answer in the same block.
 */
export async function moveMarket(
  stack: LocalStack,
  ethPriceUsd: number,
  options: { inOneBlock?: boolean; alsoRefresh?: SettablePriceFeed[] } = {},
): Promise<void> {
  const answer = toFeedAnswer(ethPriceUsd);
  const feed = stack.feeds.ethUsd.connect(stack.signer);
  if (!options.inOneBlock) {
    for (const other of options.alsoRefresh ?? []) await send(other.connect(stack.signer).setAnswer((await other.latestRoundData())[1]));
    await send(feed.setAnswer(answer));
    await arbitragePoolTo(stack, answer);
    return;
  }
  const provider = stack.ethers.provider;
  await provider.send("evm_setAutomine", [false]);
  const pending: { wait(): Promise<unknown> }[] = [];
  try {
    for (const other of options.alsoRefresh ?? []) pending.push(await other.connect(stack.signer).setAnswer((await other.latestRoundData())[1]));
    pending.push(await feed.setAnswer(answer));
    pending.push(...(await submitArbitrage(stack, answer, async (transaction) => transaction)));
    await provider.send("evm_mine", []);
  } finally {
    await provider.send("evm_setAutomine", [true]);
  }
  for (const transaction of pending) await transaction.wait();
}

/** Trades the pool until its price equals `ethUsdAnswer` (8 decimals), leaving the feed alone. */
export async function arbitragePoolTo(stack: LocalStack, ethUsdAnswer: bigint): Promise<void> {
  await submitArbitrage(stack, ethUsdAnswer, async (transaction) => {
    await transaction.wait();
    return transaction;
  });
}

type Submitted = { wait(): Promise<unknown> };

/** Sends the arbitrage trades (a mint of the input token, then the swap) through `submit`. */
async function submitArbitrage(
  stack: LocalStack,
  ethUsdAnswer: bigint,
  submit: (transaction: Submitted) => Promise<Submitted>,
): Promise<Submitted[]> {
  const { weth, usdc } = stack.tokens;
  const { pool, swapRouter, wethIsToken0, fee } = stack.uniswap;
  const oneWeth = 10n ** 18n;
  const oneWethInUsdc = wethToUsdc(oneWeth, ethUsdAnswer);
  const target = wethIsToken0
    ? sqrtPriceX96FromAmounts(oneWeth, oneWethInUsdc)
    : sqrtPriceX96FromAmounts(oneWethInUsdc, oneWeth);
  const [current] = await pool.slot0();
  if (current === target) return [];

  // Raising sqrtPrice means buying token0 with token1, and lowering it the reverse. The swap runs
  // until it reaches the price limit; the input amount is only a ceiling.
  const priceGoesUp = target > current;
  const token0 = wethIsToken0 ? weth : usdc;
  const token1 = wethIsToken0 ? usdc : weth;
  const [tokenIn, tokenOut] = priceGoesUp ? [token1, token0] : [token0, token1];
  const ceiling = (await tokenIn.balanceOf(await pool.getAddress())) * 4n + 10n ** 24n;
  const signerAddress = await stack.signer.getAddress();
  const minted = await submit(await tokenIn.connect(stack.signer).mint(signerAddress, ceiling));
  const swapped = await submit(
    await swapRouter.connect(stack.signer).getFunction("exactInputSingle")({
      tokenIn: await tokenIn.getAddress(),
      tokenOut: await tokenOut.getAddress(),
      fee,
      recipient: signerAddress,
      deadline: MaxUint256,
      amountIn: ceiling,
      amountOutMinimum: 0n,
      sqrtPriceLimitX96: target,
    }),
  );
  return [minted, swapped];
}

/** The ETH price in USD implied by the pool right now. */
export async function poolEthPriceUsd(stack: LocalStack): Promise<number> {
  const [sqrtPriceX96] = await stack.uniswap.pool.slot0();
  return priceFromSqrtPriceX96(sqrtPriceX96, stack.uniswap.wethIsToken0, 18, 6);
}

/** The ETH price in USD the feed reports right now. */
export async function feedEthPriceUsd(stack: LocalStack): Promise<number> {
  const [, answer] = await stack.feeds.ethUsd.latestRoundData();
  return Number(answer) / 10 ** FEED_DECIMALS;
}

/** The deployed addresses, in a shape that serialises to JSON. */
export async function stackAddresses(stack: LocalStack) {
  const market = (m: MorphoMarket) => ({ id: m.id, ...m.params, lltv: m.params.lltv.toString() });
  return {
    weth: await stack.tokens.weth.getAddress(),
    usdc: await stack.tokens.usdc.getAddress(),
    ethUsdFeed: await stack.feeds.ethUsd.getAddress(),
    usdcUsdFeed: await stack.feeds.usdcUsd.getAddress(),
    uniswapFactory: await stack.uniswap.factory.getAddress(),
    swapRouter: await stack.uniswap.swapRouter.getAddress(),
    quoterV2: await stack.uniswap.quoterV2.getAddress(),
    positionManager: await stack.uniswap.positionManager.getAddress(),
    pool: await stack.uniswap.pool.getAddress(),
    poolFee: stack.uniswap.fee,
    morpho: await stack.morpho.morpho.getAddress(),
    irm: await stack.morpho.irm.getAddress(),
    wethCollateralMarket: market(stack.morpho.wethCollateralMarket),
    usdcCollateralMarket: market(stack.morpho.usdcCollateralMarket),
    ...(stack.aave ? { aave: await aaveAddresses(stack.aave) } : {}),
  };
}

/**
 * Reconnects to a stack deployed earlier (e.g. on a `hardhat node`) from its recorded addresses,
 * so scripts can move its market or fund accounts.
 */
export async function connectLocalStack(ethers: HardhatEthers, addresses: LocalStackAddresses, signer?: Signer): Promise<LocalStack> {
  const account = signer ?? (await ethers.getSigners())[0];
  const at = async <T>(name: string, address: string) => (await ethers.getContractAt(name, address, account)) as unknown as T;
  const packaged = (artifact: PackagedArtifact, address: string) => new Contract(address, artifact.abi, account);
  const market = async (recorded: LocalStackAddresses["wethCollateralMarket"]): Promise<MorphoMarket> => ({
    id: recorded.id,
    params: { ...recorded, lltv: BigInt(recorded.lltv) },
    oracle: await at<ChainlinkMorphoOracle>("ChainlinkMorphoOracle", recorded.oracle),
  });
  return {
    ethers,
    signer: account,
    tokens: { weth: await at<TestToken>("TestToken", addresses.weth), usdc: await at<TestToken>("TestToken", addresses.usdc) },
    feeds: {
      ethUsd: await at<SettablePriceFeed>("SettablePriceFeed", addresses.ethUsdFeed),
      usdcUsd: await at<SettablePriceFeed>("SettablePriceFeed", addresses.usdcUsdFeed),
    },
    uniswap: {
      factory: packaged(uniswapArtifacts.factory, addresses.uniswapFactory),
      swapRouter: packaged(uniswapArtifacts.swapRouter, addresses.swapRouter),
      quoterV2: packaged(uniswapArtifacts.quoterV2, addresses.quoterV2),
      positionManager: packaged(uniswapArtifacts.positionManager, addresses.positionManager),
      pool: packaged(uniswapArtifacts.pool, addresses.pool),
      fee: addresses.poolFee,
      wethIsToken0: BigInt(addresses.weth) < BigInt(addresses.usdc),
    },
    morpho: {
      morpho: await at<Morpho>("Morpho", addresses.morpho),
      irm: await at<IrmMock>("IrmMock", addresses.irm),
      wethCollateralMarket: await market(addresses.wethCollateralMarket),
      usdcCollateralMarket: await market(addresses.usdcCollateralMarket),
    },
    ...("aave" in addresses && addresses.aave ? { aave: connectAave(addresses.aave, account) } : {}),
  };
}

/** A USD price as an 8-decimal Chainlink answer. */
export function toFeedAnswer(priceUsd: number): bigint {
  return parseUnits(priceUsd.toFixed(FEED_DECIMALS), FEED_DECIMALS);
}

/** Raw USDC worth `wethAmount` raw WETH at an 8-decimal ETH/USD answer (USDC at 1 USD). */
export function wethToUsdc(wethAmount: bigint, ethUsdAnswer: bigint): bigint {
  return (wethAmount * ethUsdAnswer) / 10n ** BigInt(18 - 6 + FEED_DECIMALS);
}

async function createMarket(
  ethers: HardhatEthers,
  morpho: Morpho,
  signer: Signer,
  params: MorphoMarketParams,
  oracle: ChainlinkMorphoOracle,
): Promise<MorphoMarket> {
  await send(morpho.connect(signer).createMarket(params));
  const id = ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(
      ["address", "address", "address", "address", "uint256"],
      [params.loanToken, params.collateralToken, params.oracle, params.irm, params.lltv],
    ),
  );
  return { params, id, oracle };
}

async function deploy(ethers: HardhatEthers, signer: Signer, name: string, args: unknown[]): Promise<Contract> {
  const factory = await ethers.getContractFactory(name, signer);
  const contract = await factory.deploy(...args);
  await contract.waitForDeployment();
  return contract as unknown as Contract;
}

async function deployPackaged(signer: Signer, artifact: PackagedArtifact, args: unknown[]): Promise<Contract> {
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract as Contract;
}
