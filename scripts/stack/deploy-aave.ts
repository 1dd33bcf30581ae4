/**
 * The real Aave v3 (the v3.0.x code line, from `@aave/core-v3`'s artifacts) on the local stack: a pool
 * with WETH and USDC reserves, both borrowable, with realistic risk parameters and caps, an
 * `AaveOracle` reading the stack's settable feeds, one interest-rate strategy per reserve, and
 * lending liquidity from the stack's signer. The signer is the pool's owner and holds POOL_ADMIN
 * and RISK_ADMIN, so tests can act as Aave governance through `poolConfigurator`.
 *
 * `deployLocalStack(ethers, { aave: true })` calls `deployAave`; see `LocalStack.aave`.
 */
import { Contract, MaxUint256, parseUnits, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { SettablePriceFeed, TestToken } from "../../types/ethers-contracts/index.js";
import { aaveArtifacts, type AaveArtifact } from "./aave-artifacts.js";
import { send } from "./transactions.js";

/** Aave's risk parameters of one reserve, in Aave's units. */
export interface AaveReserveRisk {
  /** Loan-to-value a borrow may reach, basis points (8000 = 80%). */
  ltv: number;
  /** Liquidation threshold, basis points. */
  liquidationThreshold: number;
  /** Liquidation bonus, basis points above 100% (10500 = the liquidator gets 5% extra). */
  liquidationBonus: number;
  /** Share of the interest that goes to the treasury, basis points. */
  reserveFactor: number;
  /** Supply cap in whole tokens (0: none). */
  supplyCap: number;
  /** Borrow cap in whole tokens (0: none). */
  borrowCap: number;
}

/** The variable-rate curve of a reserve's `DefaultReserveInterestRateStrategy`, as fractions (0.8 = 80%). */
export interface AaveRateCurve {
  optimalUsage: number;
  baseRate: number;
  slope1: number;
  slope2: number;
}

export interface AaveStackOptions {
  /** WETH reserve risk; defaults follow Aave's Ethereum market: 80% LTV, 82.5% threshold, 5% bonus. */
  weth?: Partial<AaveReserveRisk>;
  /** USDC reserve risk; defaults: 75% LTV, 78% threshold, 4.5% bonus. */
  usdc?: Partial<AaveReserveRisk>;
  /** WETH the signer supplies as lending liquidity. Default 30,000. */
  wethLiquidity?: number;
  /** USDC the signer supplies as lending liquidity. Default 100,000,000. */
  usdcLiquidity?: number;
}

const DEFAULT_AAVE_RISK: { weth: AaveReserveRisk; usdc: AaveReserveRisk } = {
  weth: { ltv: 8000, liquidationThreshold: 8250, liquidationBonus: 10500, reserveFactor: 1500, supplyCap: 100_000, borrowCap: 80_000 },
  usdc: {
    ltv: 7500,
    liquidationThreshold: 7800,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    supplyCap: 500_000_000,
    borrowCap: 450_000_000,
  },
};

/** The USDC reserve's default interest-rate curve (also what the demo's replay prices interest with). */
export const AAVE_USDC_RATE_CURVE: AaveRateCurve = { optimalUsage: 0.9, baseRate: 0, slope1: 0.04, slope2: 0.6 };

const DEFAULT_AAVE_RATES: { weth: AaveRateCurve; usdc: AaveRateCurve } = {
  weth: { optimalUsage: 0.8, baseRate: 0, slope1: 0.033, slope2: 0.8 },
  usdc: AAVE_USDC_RATE_CURVE,
};

/** Aave's interest-rate mode for variable-rate debt. */
export const AAVE_VARIABLE_RATE = 2n;

/** One Aave reserve: its underlying, its tokens and the parameters it was configured with. */
export interface AaveReserve {
  asset: string;
  aToken: Contract;
  variableDebtToken: Contract;
  stableDebtToken: Contract;
  interestRateStrategy: Contract;
  risk: AaveReserveRisk;
}

export interface AaveStack {
  addressesProvider: Contract;
  aclManager: Contract;
  /** The Pool proxy (`addressesProvider.getPool()`). */
  pool: Contract;
  /** The PoolConfigurator proxy, connected to the signer, who holds POOL_ADMIN and RISK_ADMIN. */
  poolConfigurator: Contract;
  oracle: Contract;
  reserves: { weth: AaveReserve; usdc: AaveReserve };
}

/** What `deployAave` needs from the rest of the local stack. */
export interface AaveStackBase {
  ethers: HardhatEthers;
  signer: Signer;
  tokens: { weth: TestToken; usdc: TestToken };
  feeds: { ethUsd: SettablePriceFeed; usdcUsd: SettablePriceFeed };
}

const MARKET_ID = "Leveraged Vault Local";
/** The oracle's base currency is USD with the feeds' 8 decimals (address 0 = USD in Aave's convention). */
const USD_BASE_UNIT = 10n ** 8n;

export async function deployAave(base: AaveStackBase, options: AaveStackOptions = {}): Promise<AaveStack> {
  const { ethers, signer } = base;
  const signerAddress = await signer.getAddress();
  const deploy = async (artifact: AaveArtifact, args: unknown[], libraries: Record<string, string> = {}) => {
    const factory = await ethers.getContractFactoryFromArtifact(artifact, { signer, libraries });
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return contract as unknown as Contract;
  };
  const risk = {
    weth: { ...DEFAULT_AAVE_RISK.weth, ...options.weth },
    usdc: { ...DEFAULT_AAVE_RISK.usdc, ...options.usdc },
  };
  const [weth, usdc] = [await base.tokens.weth.getAddress(), await base.tokens.usdc.getAddress()];

  // Registry and roles. The ACL admin must be set before ACLManager is constructed (else revert '75').
  const addressesProvider = await deploy(aaveArtifacts.addressesProvider, [MARKET_ID, signerAddress]);
  const providerAddress = await addressesProvider.getAddress();
  await send(addressesProvider.setACLAdmin(signerAddress));
  const aclManager = await deploy(aaveArtifacts.aclManager, [providerAddress]);
  await send(addressesProvider.setACLManager(await aclManager.getAddress()));
  await send(aclManager.addPoolAdmin(signerAddress));
  await send(aclManager.addRiskAdmin(signerAddress));

  // Pool and configurator behind the provider's proxies, linked to the logic libraries.
  const libraries: Record<string, string> = {};
  for (const name of ["SupplyLogic", "BorrowLogic", "LiquidationLogic", "EModeLogic", "BridgeLogic", "PoolLogic", "ConfiguratorLogic"] as const) {
    libraries[name] = await (await deploy(aaveArtifacts.libraries[name], [])).getAddress();
  }
  libraries.FlashLoanLogic = await (
    await deploy(aaveArtifacts.libraries.FlashLoanLogic, [], { BorrowLogic: libraries.BorrowLogic })
  ).getAddress();
  const { ConfiguratorLogic, ...poolLibraries } = libraries;
  const poolImplementation = await deploy(aaveArtifacts.pool, [providerAddress], poolLibraries);
  await send(addressesProvider.setPoolImpl(await poolImplementation.getAddress()));
  const pool = new Contract(await addressesProvider.getPool(), aaveArtifacts.pool.abi, signer);
  const poolAddress = await pool.getAddress();
  const configuratorImplementation = await deploy(aaveArtifacts.poolConfigurator, [], { ConfiguratorLogic });
  await send(addressesProvider.setPoolConfiguratorImpl(await configuratorImplementation.getAddress()));
  const poolConfigurator = new Contract(
    await addressesProvider.getPoolConfigurator(),
    aaveArtifacts.poolConfigurator.abi,
    signer,
  );

  // Prices: the stack's feeds, read through `latestAnswer()`.
  const oracle = await deploy(aaveArtifacts.oracle, [
    providerAddress,
    [weth, usdc],
    [await base.feeds.ethUsd.getAddress(), await base.feeds.usdcUsd.getAddress()],
    ethers.ZeroAddress,
    ethers.ZeroAddress,
    USD_BASE_UNIT,
  ]);
  await send(addressesProvider.setPriceOracle(await oracle.getAddress()));

  // Reserves. Token implementations are bound to the Pool proxy; initReserves clones them per reserve.
  const aTokenImplementation = await deploy(aaveArtifacts.aToken, [poolAddress]);
  const stableDebtImplementation = await deploy(aaveArtifacts.stableDebtToken, [poolAddress]);
  const variableDebtImplementation = await deploy(aaveArtifacts.variableDebtToken, [poolAddress]);
  const strategies = {
    weth: await deploy(aaveArtifacts.interestRateStrategy, rateStrategyArguments(providerAddress, DEFAULT_AAVE_RATES.weth)),
    usdc: await deploy(aaveArtifacts.interestRateStrategy, rateStrategyArguments(providerAddress, DEFAULT_AAVE_RATES.usdc)),
  };
  const reserveInput = async (asset: string, symbol: string, decimals: number, strategy: Contract) => ({
    aTokenImpl: await aTokenImplementation.getAddress(),
    stableDebtTokenImpl: await stableDebtImplementation.getAddress(),
    variableDebtTokenImpl: await variableDebtImplementation.getAddress(),
    underlyingAssetDecimals: decimals,
    interestRateStrategyAddress: await strategy.getAddress(),
    underlyingAsset: asset,
    treasury: signerAddress,
    incentivesController: ethers.ZeroAddress,
    aTokenName: `Aave Local ${symbol}`,
    aTokenSymbol: `a${symbol}`,
    variableDebtTokenName: `Aave Local Variable Debt ${symbol}`,
    variableDebtTokenSymbol: `variableDebt${symbol}`,
    stableDebtTokenName: `Aave Local Stable Debt ${symbol}`,
    stableDebtTokenSymbol: `stableDebt${symbol}`,
    params: "0x",
  });
  await send(
    poolConfigurator.initReserves([
      await reserveInput(weth, "WETH", 18, strategies.weth),
      await reserveInput(usdc, "USDC", 6, strategies.usdc),
    ]),
  );

  // Risk parameters in one transaction through Aave's own setup helper, which holds RISK_ADMIN only
  // meanwhile. After initReserves, borrowing (revert '30') and flash loans (revert '91') are off.
  const setupHelper = await deploy(aaveArtifacts.reservesSetupHelper, []);
  const setupHelperAddress = await setupHelper.getAddress();
  await send(aclManager.addRiskAdmin(setupHelperAddress));
  const setupInput = (asset: string, reserve: AaveReserveRisk) => ({
    asset,
    baseLTV: reserve.ltv,
    liquidationThreshold: reserve.liquidationThreshold,
    liquidationBonus: reserve.liquidationBonus,
    reserveFactor: reserve.reserveFactor,
    borrowCap: reserve.borrowCap,
    supplyCap: reserve.supplyCap,
    stableBorrowingEnabled: false,
    borrowingEnabled: true,
    flashLoanEnabled: true,
  });
  await send(
    setupHelper.configureReserves(await poolConfigurator.getAddress(), [
      setupInput(weth, risk.weth),
      setupInput(usdc, risk.usdc),
    ]),
  );
  await send(aclManager.removeRiskAdmin(setupHelperAddress));

  // Lending liquidity, so a vault can borrow either token.
  const wethLiquidity = parseUnits(String(options.wethLiquidity ?? 30_000), 18);
  const usdcLiquidity = parseUnits(String(options.usdcLiquidity ?? 100_000_000), 6);
  for (const [token, amount] of [
    [base.tokens.weth, wethLiquidity],
    [base.tokens.usdc, usdcLiquidity],
  ] as const) {
    await send(token.connect(signer).mint(signerAddress, amount));
    await send(token.connect(signer).approve(poolAddress, MaxUint256));
    await send(pool.supply(await token.getAddress(), amount, signerAddress, 0));
  }

  const reserve = async (asset: string, parameters: AaveReserveRisk, strategy: Contract): Promise<AaveReserve> => {
    const data = await pool.getReserveData(asset);
    return {
      asset,
      aToken: new Contract(data.aTokenAddress, aaveArtifacts.aToken.abi, signer),
      variableDebtToken: new Contract(data.variableDebtTokenAddress, aaveArtifacts.variableDebtToken.abi, signer),
      stableDebtToken: new Contract(data.stableDebtTokenAddress, aaveArtifacts.stableDebtToken.abi, signer),
      interestRateStrategy: strategy,
      risk: parameters,
    };
  };
  return {
    addressesProvider,
    aclManager,
    pool,
    poolConfigurator,
    oracle,
    reserves: {
      weth: await reserve(weth, risk.weth, strategies.weth),
      usdc: await reserve(usdc, risk.usdc, strategies.usdc),
    },
  };
}

/** The Aave deployment's addresses, in a shape that serialises to JSON. */
export async function aaveAddresses(aave: AaveStack) {
  const reserve = async (r: AaveReserve) => ({
    asset: r.asset,
    aToken: await r.aToken.getAddress(),
    variableDebtToken: await r.variableDebtToken.getAddress(),
    stableDebtToken: await r.stableDebtToken.getAddress(),
    interestRateStrategy: await r.interestRateStrategy.getAddress(),
    risk: r.risk,
  });
  return {
    addressesProvider: await aave.addressesProvider.getAddress(),
    aclManager: await aave.aclManager.getAddress(),
    pool: await aave.pool.getAddress(),
    poolConfigurator: await aave.poolConfigurator.getAddress(),
    oracle: await aave.oracle.getAddress(),
    reserves: { weth: await reserve(aave.reserves.weth), usdc: await reserve(aave.reserves.usdc) },
  };
}

export type AaveAddresses = Awaited<ReturnType<typeof aaveAddresses>>;

/** Reconnects to an Aave deployment recorded with `aaveAddresses` (e.g. on a `hardhat node`). */
export function connectAave(addresses: AaveAddresses, signer: Signer): AaveStack {
  const at = (address: string, artifact: AaveArtifact) => new Contract(address, artifact.abi, signer);
  const reserve = (r: AaveAddresses["reserves"]["weth"]): AaveReserve => ({
    asset: r.asset,
    aToken: at(r.aToken, aaveArtifacts.aToken),
    variableDebtToken: at(r.variableDebtToken, aaveArtifacts.variableDebtToken),
    stableDebtToken: at(r.stableDebtToken, aaveArtifacts.stableDebtToken),
    interestRateStrategy: at(r.interestRateStrategy, aaveArtifacts.interestRateStrategy),
    risk: r.risk,
  });
  return {
    addressesProvider: at(addresses.addressesProvider, aaveArtifacts.addressesProvider),
    aclManager: at(addresses.aclManager, aaveArtifacts.aclManager),
    pool: at(addresses.pool, aaveArtifacts.pool),
    poolConfigurator: at(addresses.poolConfigurator, aaveArtifacts.poolConfigurator),
    oracle: at(addresses.oracle, aaveArtifacts.oracle),
    reserves: { weth: reserve(addresses.reserves.weth), usdc: reserve(addresses.reserves.usdc) },
  };
}

/** `DefaultReserveInterestRateStrategy` constructor arguments (v3.0.x: the stable-rate terms too, unused). */
function rateStrategyArguments(provider: string, curve: AaveRateCurve): unknown[] {
  const ray = (fraction: number) => parseUnits(fraction.toFixed(9), 27);
  return [
    provider,
    ray(curve.optimalUsage),
    ray(curve.baseRate),
    ray(curve.slope1),
    ray(curve.slope2),
    ray(0), // stableRateSlope1
    ray(0), // stableRateSlope2
    ray(0), // baseStableRateOffset
    ray(0), // stableRateExcessOffset
    ray(0.2), // optimalStableToTotalDebtRatio
  ];
}
