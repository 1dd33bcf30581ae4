/**
 * The preflight's verdict: pure, from the facts `readPreflightFacts` gathered, the network preset and
 * the vault about to be deployed. Each line is fine (`ok`), a warning (`warn`: the vault works, less
 * well) or a refusal (`refuse`: the deploy stops unless `--force`), and names the numbers it judged.
 *
 * Thresholds (docs/networks.md lists them):
 * - a feed older than `MAX_FEED_AGE_IN_HEARTBEATS` heartbeats is refused, older than one is a warning;
 * - the L2 sequencer feed must report up and be past the vault's grace period;
 * - the pool must exist at the preset's fee and sit within the vault's `maxPoolDeviationBps` of the
 *   feeds (a warning past half of it);
 * - the largest trade the vault's rules allow on the pool (the sandwich-proof bound, `depth * fee`,
 *   and `maxTradeSize`) must be at least `MIN_TRADE_COVERAGE` of the trade a rebalance of the
 *   preset's vault needs (a warning below all of it: the rebalance then takes several iterations);
 * - the market must list both tokens, lend the debt token and carry the band (its LTVs), and
 *   `ParameterRules` must accept the parameters; liquidity and caps short of the vault are warnings;
 * - a gas price above `GAS_PRICE_WARNING_FACTOR` times the preset's assumption is a warning.
 */
import { DEPLOYMENT_PRESETS } from "../vault/vault-parameters.js";
import type { RiskParameters } from "../vault/vault-parameters.js";
import { decodeAaveReserveConfiguration } from "./aave-reserve-configuration.js";
import { formatAmount, formatBps, formatLeverage, formatRatio, formatSeconds, formatVaultPrice, formatWadPercent, groupDigits } from "./format-numbers.js";
import type {
  AaveMarketFacts,
  FeedFacts,
  MorphoMarketFacts,
  NetworkPreset,
  PreflightFacts,
  PreflightLine,
  PreflightRequest,
  PreflightStatus,
} from "./preflight-facts.js";

const WAD = 10n ** 18n;
const BPS = 10_000n;
const PRICE_SCALE = 10n ** 36n;

/** A feed this many heartbeats old or more has stopped: refused. */
export const MAX_FEED_AGE_IN_HEARTBEATS = 2;
/** The trade the rules allow must be at least this share of the trade a rebalance needs (10%). */
export const MIN_TRADE_COVERAGE_BPS = 1_000n;
/** A gas price above this multiple of the preset's assumption is a warning. */
export const GAS_PRICE_WARNING_FACTOR = 2n;
/** `ParameterRules.MAX_EMERGENCY_TO_LIQUIDATION_BPS`: the emergency threshold stays below 90% of liquidation. */
const MAX_EMERGENCY_TO_LIQUIDATION_BPS = 9_000n;

/** The status that decides a deploy: the worst line's. */
export function preflightOutcome(lines: PreflightLine[]): PreflightStatus {
  if (lines.some((line) => line.status === "refuse")) return "refuse";
  return lines.some((line) => line.status === "warn") ? "warn" : "ok";
}

export function evaluatePreflight(facts: PreflightFacts, preset: NetworkPreset, request: PreflightRequest): PreflightLine[] {
  const context = contextOf(facts, request);
  return [
    chainLine(facts, preset),
    gasLine(facts, request),
    ...facts.feeds.map((feed) => feedLine(feed, facts.timestamp, request)),
    sequencerLine(facts, preset, request),
    ...poolLines(facts, preset, request, context),
    ...(facts.market.kind === "aave" ? aaveLines(facts.market, context) : morphoLines(facts.market, context)),
    leverageLine(facts, request),
    parameterRulesLine(facts),
  ];
}

/* SIZES OF THE PRESET'S VAULT */

interface Context {
  collateral: PreflightFacts["tokens"]["collateral"];
  debt: PreflightFacts["tokens"]["debt"];
  /** The preset's assumed vault equity in raw collateral units (undefined without a collateral price). */
  equity?: bigint;
  tvlUsd: number;
  /** What the preset's vault holds and owes at its target leverage, raw units. */
  needs?: { collateral: bigint; debt?: bigint };
}

function contextOf(facts: PreflightFacts, request: PreflightRequest): Context {
  const { tvlUsd } = DEPLOYMENT_PRESETS[request.vaultPreset].assumptions;
  const reading = facts.feeds.find((feed) => feed.role === "collateral")?.reading;
  const context: Context = { collateral: facts.tokens.collateral, debt: facts.tokens.debt, tvlUsd };
  if (reading && reading.answer > 0n) {
    context.equity = (BigInt(tvlUsd) * 10n ** BigInt(facts.tokens.collateral.decimals + reading.decimals)) / reading.answer;
    const collateral = (context.equity * request.vault.risk.targetLeverage) / WAD;
    const debtInCollateral = collateral - context.equity;
    context.needs = { collateral, ...(facts.oraclePrice ? { debt: (debtInCollateral * facts.oraclePrice) / PRICE_SCALE } : {}) };
  }
  return context;
}

/** `LeverageMath.recentered`: the leverage one rebalance aims for. */
function recentered(current: bigint, target: bigint, speedBps: number): bigint {
  const speed = BigInt(speedBps);
  return current >= target ? current - ((current - target) * speed) / BPS : current + ((target - current) * speed) / BPS;
}

/**
 * The collateral a rebalance of a vault with `equity` trades when its leverage reaches either edge of
 * the band: `equity * |edge - recentered(edge)|`, the larger of the two edges.
 */
export function rebalanceTradeNeeded(risk: RiskParameters, equity: bigint): { amount: bigint; from: bigint; to: bigint } {
  const high = { from: risk.maxLeverage, to: recentered(risk.maxLeverage, risk.targetLeverage, risk.recenteringSpeedBps) };
  const low = { from: risk.minLeverage, to: recentered(risk.minLeverage, risk.targetLeverage, risk.recenteringSpeedBps) };
  const size = (edge: { from: bigint; to: bigint }) => (equity * (edge.from > edge.to ? edge.from - edge.to : edge.to - edge.from)) / WAD;
  const edge = size(high) >= size(low) ? high : low;
  return { amount: size(edge), ...edge };
}

/* CHECKS */

function chainLine(facts: PreflightFacts, preset: NetworkPreset): PreflightLine {
  const check = "chain id";
  if (facts.chainId !== preset.chainId) {
    return { check, status: "refuse", detail: `the RPC serves chain ${facts.chainId}, the ${preset.name} preset is chain ${preset.chainId}` };
  }
  return { check, status: "ok", detail: `${facts.chainId} (${preset.name}, chain type ${preset.chainType}), block ${facts.blockNumber}` };
}

function gasLine(facts: PreflightFacts, request: PreflightRequest): PreflightLine {
  const { gasPriceGwei, gasPerRebalance } = DEPLOYMENT_PRESETS[request.vaultPreset].assumptions;
  const assumed = BigInt(Math.round(gasPriceGwei * 1e9));
  const rebalanceCost = facts.gasPrice * BigInt(gasPerRebalance);
  const detail =
    `${formatAmount(facts.gasPrice, 9, "gwei")}; a rebalance (${groupDigits(String(gasPerRebalance))} gas) costs ${formatAmount(rebalanceCost, 18, "ETH", 6)}; ` +
    `preset ${request.vaultPreset} assumes ${gasPriceGwei} gwei`;
  const status = facts.gasPrice > assumed * GAS_PRICE_WARNING_FACTOR ? "warn" : "ok";
  return { check: "gas price", status, detail: status === "warn" ? `${detail} (more than ${GAS_PRICE_WARNING_FACTOR}x: rebalancing costs more than the preset was tuned for)` : detail };
}

function feedLine(feed: FeedFacts, now: number, request: PreflightRequest): PreflightLine {
  const check = `feed ${feed.pair} (${feed.role})`;
  if (feed.error || !feed.reading) return { check, status: "refuse", detail: `${feed.address} cannot be read: ${feed.error ?? "no answer"}` };
  const { decimals, description, answer, updatedAt } = feed.reading;
  const age = Math.max(0, now - updatedAt);
  const heartbeats = age / feed.heartbeat;
  const maxAge = feed.role === "collateral" ? request.vault.oracle.collateralFeedMaxAge : request.vault.oracle.debtFeedMaxAge;
  const detail =
    `${feed.address} "${description}", ${decimals} decimals, answer ${groupDigits(formatFixed(answer, decimals), 4)}; ` +
    `updated ${formatSeconds(age)} ago = ${heartbeats.toFixed(2)} heartbeats of ${formatSeconds(feed.heartbeat)}; vault max age ${formatSeconds(maxAge)}`;
  if (answer <= 0n) return { check, status: "refuse", detail: `${detail}: a non-positive answer` };
  if (heartbeats > MAX_FEED_AGE_IN_HEARTBEATS) {
    return { check, status: "refuse", detail: `${detail}: older than ${MAX_FEED_AGE_IN_HEARTBEATS} heartbeats (${formatSeconds(MAX_FEED_AGE_IN_HEARTBEATS * feed.heartbeat)}), the feed has stopped` };
  }
  if (heartbeats > 1) return { check, status: "warn", detail: `${detail}: past one heartbeat (a round is late)` };
  if (maxAge < feed.heartbeat) return { check, status: "warn", detail: `${detail}: the max age is shorter than the heartbeat, the vault will pause between rounds` };
  return { check, status: "ok", detail };
}

function isL2(preset: NetworkPreset): boolean {
  return preset.chainType === "op" || preset.name.startsWith("arbitrum");
}

function sequencerLine(facts: PreflightFacts, preset: NetworkPreset, request: PreflightRequest): PreflightLine {
  const check = "sequencer uptime";
  const grace = request.vault.oracle.sequencerGracePeriod;
  if (!preset.sequencerFeed) {
    return isL2(preset)
      ? { check, status: "warn", detail: `the ${preset.name} preset lists no sequencer-uptime feed (Chainlink publishes none for it): the vault prices through sequencer outages` }
      : { check, status: "ok", detail: `none needed on ${preset.name} (an L1)` };
  }
  const sequencer = facts.sequencer;
  if (!sequencer?.reading) return { check, status: "refuse", detail: `${preset.sequencerFeed.address} cannot be read: ${sequencer?.error ?? "not read"}` };
  const { answer, startedAt } = sequencer.reading;
  const since = Math.max(0, facts.timestamp - startedAt);
  if (answer !== 0n) {
    return { check, status: "refuse", detail: `${sequencer.address} reports the sequencer down (answer ${answer}) for ${formatSeconds(since)}` };
  }
  if (since < grace) {
    return { check, status: "refuse", detail: `${sequencer.address}: up for only ${formatSeconds(since)}, within the vault's grace period of ${formatSeconds(grace)} (the vault would not price yet)` };
  }
  return { check, status: "ok", detail: `${sequencer.address}: up for ${formatSeconds(since)} (grace period ${formatSeconds(grace)})` };
}

function poolLines(facts: PreflightFacts, preset: NetworkPreset, request: PreflightRequest, context: Context): PreflightLine[] {
  const pool = facts.pool;
  const pair = `${context.collateral.symbol}/${context.debt.symbol}`;
  if (/^0x0{40}$/i.test(pool.address)) {
    return [{ check: "uniswap pool", status: "refuse", detail: `no ${pair} pool at fee ${pool.fee} on the Uniswap v3 factory ${preset.uniswapV3Factory}` }];
  }
  if (!pool.reading) return [{ check: "uniswap pool", status: "refuse", detail: `${pool.address}: the vault's venue cannot use it: ${pool.error ?? "not read"}` }];
  const reading = pool.reading;
  const lines: PreflightLine[] = [
    { check: "uniswap pool", status: "ok", detail: `${pool.address}, fee ${pool.fee} (${formatWadPercent(reading.feeWad, 3)}), in-range liquidity ${groupDigits(String(reading.liquidity))}` },
  ];

  const risk = request.vault.risk;
  if (facts.oraclePrice === undefined || facts.oraclePrice === 0n) {
    lines.push({ check: "pool price vs feeds", status: "refuse", detail: "no price from the feeds to compare the pool with" });
  } else {
    const oracle = facts.oraclePrice;
    const distance = reading.poolPrice > oracle ? reading.poolPrice - oracle : oracle - reading.poolPrice;
    const deviationBps = Number((distance * 1_000_000n) / oracle) / 100;
    const detail =
      `pool ${formatVaultPrice(reading.poolPrice, context.collateral.decimals, context.debt.decimals)}, feeds ${formatVaultPrice(oracle, context.collateral.decimals, context.debt.decimals)} ${context.debt.symbol} per ${context.collateral.symbol}: ` +
      `${formatBps(deviationBps)} apart; the vault trades within ${formatBps(risk.maxPoolDeviationBps)}`;
    const status: PreflightStatus = deviationBps > risk.maxPoolDeviationBps ? "refuse" : deviationBps * 2 > risk.maxPoolDeviationBps ? "warn" : "ok";
    lines.push({ check: "pool price vs feeds", status, detail: status === "refuse" ? `${detail}: the vault would refuse every trade` : detail });
  }

  const check = "pool depth vs rebalance";
  const amount = (raw: bigint) => formatAmount(raw, context.collateral.decimals, context.collateral.symbol);
  const allowed = reading.sandwichProofTrade < risk.maxTradeSize ? reading.sandwichProofTrade : risk.maxTradeSize;
  const bound =
    `depth ${amount(reading.depth)}; the sandwich-proof rule allows ${amount(reading.sandwichProofTrade)} (depth x fee), maxTradeSize ${amount(risk.maxTradeSize)}: ` +
    `${amount(allowed)} per rebalance`;
  if (context.equity === undefined) {
    lines.push({ check, status: "refuse", detail: `${bound}; no collateral price to size the vault's rebalance` });
    return lines;
  }
  const needed = rebalanceTradeNeeded(risk, context.equity);
  const coverage = formatRatio(allowed, needed.amount);
  const detail =
    `${bound} = ${coverage} of the ${amount(needed.amount)} a rebalance needs ` +
    `(a $${groupDigits(String(context.tvlUsd))} vault from ${formatLeverage(needed.from)} to ${formatLeverage(needed.to)})`;
  if (allowed * BPS < needed.amount * MIN_TRADE_COVERAGE_BPS) {
    lines.push({ check, status: "refuse", detail: `${detail}: below the ${formatRatio(MIN_TRADE_COVERAGE_BPS, BPS, 0)} minimum` });
  } else if (allowed < needed.amount) {
    lines.push({ check, status: "warn", detail: `${detail}: a rebalance takes several iterations` });
  } else {
    lines.push({ check, status: "ok", detail });
  }
  return lines;
}

function aaveLines(market: AaveMarketFacts, context: Context): PreflightLine[] {
  return [aaveCollateralLine(market, context), aaveDebtLine(market, context)];
}

function aaveCollateralLine(market: AaveMarketFacts, context: Context): PreflightLine {
  const check = `aave ${context.collateral.symbol} reserve (collateral)`;
  if (market.error) return { check, status: "refuse", detail: `the pool ${market.pool} cannot be read: ${market.error}` };
  if (!market.collateral) return { check, status: "refuse", detail: `${context.collateral.symbol} ${context.collateral.address} has no reserve on the pool ${market.pool}` };
  const config = decodeAaveReserveConfiguration(market.collateral.configuration);
  const amount = (raw: bigint) => formatAmount(raw, context.collateral.decimals, context.collateral.symbol);
  const cap = config.supplyCap * 10n ** BigInt(context.collateral.decimals);
  const room = cap === 0n ? undefined : cap > market.collateral.aTokenSupply ? cap - market.collateral.aTokenSupply : 0n;
  const detail =
    `LTV ${formatBps100(config.ltv)}, liquidation threshold ${formatBps100(config.liquidationThreshold)}, ` +
    `supplied ${amount(market.collateral.aTokenSupply)}, supply cap ${cap === 0n ? "none" : `${amount(cap)} (room ${amount(room!)})`}`;
  if (!config.active || config.frozen || config.paused) return { check, status: "refuse", detail: `${detail}: the reserve is ${flags(config)}` };
  if (config.ltv === 0) return { check, status: "refuse", detail: `${detail}: an LTV of 0 cannot be borrowed against` };
  const needs = context.needs;
  if (needs && room !== undefined && room < needs.collateral) {
    return { check, status: "warn", detail: `${detail}: less than the ${amount(needs.collateral)} the preset's vault holds at target` };
  }
  return { check, status: "ok", detail };
}

function aaveDebtLine(market: AaveMarketFacts, context: Context): PreflightLine {
  const check = `aave ${context.debt.symbol} reserve (debt)`;
  if (market.error) return { check, status: "refuse", detail: `the pool ${market.pool} cannot be read: ${market.error}` };
  if (!market.debt) return { check, status: "refuse", detail: `${context.debt.symbol} ${context.debt.address} has no reserve on the pool ${market.pool}` };
  const config = decodeAaveReserveConfiguration(market.debt.configuration);
  const amount = (raw: bigint) => formatAmount(raw, context.debt.decimals, context.debt.symbol);
  const cap = config.borrowCap * 10n ** BigInt(context.debt.decimals);
  const room = cap === 0n ? undefined : cap > market.debt.variableDebt ? cap - market.debt.variableDebt : 0n;
  const detail =
    `available to borrow ${amount(market.debt.availableLiquidity)}, borrowed ${amount(market.debt.variableDebt)}, ` +
    `borrow cap ${cap === 0n ? "none" : `${amount(cap)} (room ${amount(room!)})`}`;
  if (!config.active || config.frozen || config.paused) return { check, status: "refuse", detail: `${detail}: the reserve is ${flags(config)}` };
  if (!config.borrowingEnabled) return { check, status: "refuse", detail: `${detail}: borrowing is disabled` };
  return liquidityVerdict(check, detail, context, market.debt.availableLiquidity, room, amount);
}

function liquidityVerdict(check: string, detail: string, context: Context, available: bigint, capRoom: bigint | undefined, amount: (raw: bigint) => string): PreflightLine {
  const needs = context.needs;
  if (needs?.debt !== undefined) {
    const room = capRoom === undefined || capRoom > available ? available : capRoom;
    if (room < needs.debt) return { check, status: "warn", detail: `${detail}: less than the ${amount(needs.debt)} the preset's vault borrows at target (deposits lever less until lenders come)` };
  }
  return { check, status: "ok", detail };
}

function morphoLines(market: MorphoMarketFacts, context: Context): PreflightLine[] {
  const check = "morpho market";
  if (market.error) return [{ check, status: "refuse", detail: `Morpho Blue ${market.morpho} cannot be read: ${market.error}` }];
  const lltv = `LLTV ${formatWadPercent(market.params.lltv)}`;
  const lines: PreflightLine[] = [];
  if (market.exists) {
    lines.push({ check, status: "ok", detail: `${market.id} exists on ${market.morpho} (${lltv}, oracle ${market.params.oracle}, IRM ${market.params.irm})` });
  } else if (!market.lltvEnabled) {
    lines.push({ check, status: "refuse", detail: `${market.id} does not exist and cannot be created: ${lltv} is not enabled on ${market.morpho}` });
  } else if (!market.irmEnabled) {
    lines.push({ check, status: "refuse", detail: `${market.id} does not exist and cannot be created: the IRM ${market.params.irm} is not enabled on ${market.morpho}` });
  } else {
    const [baseFeed, quoteFeed, collateralDecimals, loanDecimals] = market.oracle.constructorArguments;
    const oracle = market.oracle.deployed
      ? `the project's oracle ${market.oracle.address}`
      : `the project's oracle ChainlinkMorphoOracle(${baseFeed}, ${quoteFeed}, ${collateralDecimals}, ${loanDecimals}), deployed first at ${market.oracle.address}`;
    lines.push({
      check,
      status: "ok",
      detail: `${market.id} does not exist yet (${lltv}); the deploy creates it with ${oracle}: createMarket to ${market.createMarket?.to} data ${market.createMarket?.data}`,
    });
  }
  const amount = (raw: bigint) => formatAmount(raw, context.debt.decimals, context.debt.symbol);
  const available = market.totalSupplyAssets > market.totalBorrowAssets ? market.totalSupplyAssets - market.totalBorrowAssets : 0n;
  const detail = `supplied ${amount(market.totalSupplyAssets)}, borrowed ${amount(market.totalBorrowAssets)}, available ${amount(available)}`;
  lines.push(liquidityVerdict("morpho liquidity", detail, context, available, undefined, amount));
  return lines;
}

/** The market's liquidation and borrow LTVs (WAD), as the vault's `_ltvs` hook reads them. */
export function marketLtvs(market: PreflightFacts["market"]): { liquidation: bigint; borrow: bigint } | undefined {
  if (market.kind === "morpho") return { liquidation: market.params.lltv, borrow: market.params.lltv };
  if (!market.collateral) return undefined;
  const config = decodeAaveReserveConfiguration(market.collateral.configuration);
  return { liquidation: BigInt(config.liquidationThreshold) * 10n ** 14n, borrow: BigInt(config.ltv) * 10n ** 14n };
}

/** `LeverageMath.liquidationLeverage`: `1 / (1 - ltv)`, WAD (unbounded at 100%). */
export function leverageAt(ltv: bigint): bigint {
  return ltv >= WAD ? 2n ** 256n - 1n : (WAD * WAD) / (WAD - ltv);
}

function leverageLine(facts: PreflightFacts, request: PreflightRequest): PreflightLine {
  const check = "leverage the market allows";
  const ltvs = marketLtvs(facts.market);
  if (!ltvs) return { check, status: "refuse", detail: "the market's LTVs could not be read" };
  const liquidation = leverageAt(ltvs.liquidation);
  const borrow = leverageAt(ltvs.borrow);
  const emergencyCap = (liquidation * MAX_EMERGENCY_TO_LIQUIDATION_BPS) / BPS;
  const highestBand = emergencyCap < borrow - 1n ? emergencyCap : borrow - 1n;
  const risk = request.vault.risk;
  const detail =
    `borrow LTV ${formatWadPercent(ltvs.borrow)} lends up to ${formatLeverage(borrow)}, liquidation LTV ${formatWadPercent(ltvs.liquidation)} liquidates at ${formatLeverage(liquidation)}; ` +
    `the rules allow up to ${formatLeverage(emergencyCap)} (90% of liquidation); target ${formatLeverage(risk.targetLeverage)}, band ${formatLeverage(risk.minLeverage)}-${formatLeverage(risk.maxLeverage)}, emergency ${formatLeverage(risk.emergencyLeverage)}`;
  if (risk.targetLeverage >= borrow || risk.maxLeverage > highestBand || risk.emergencyLeverage > emergencyCap) {
    return { check, status: "refuse", detail: `${detail}: the market cannot carry the target` };
  }
  return { check, status: "ok", detail };
}

function parameterRulesLine(facts: PreflightFacts): PreflightLine {
  const check = "parameter rules";
  const verdict = facts.parameterRules;
  if (!verdict) return { check, status: "refuse", detail: "ParameterRules.validate was not run (the market's LTVs are unknown)" };
  if (verdict.accepted) return { check, status: "ok", detail: "ParameterRules.validate accepts the parameters at the market's LTVs" };
  if ("error" in verdict) return { check, status: "refuse", detail: `ParameterRules.validate failed: ${verdict.error}` };
  const shown = (value: bigint) => (/Leverage$/.test(verdict.field) ? formatLeverage(value) : value.toString());
  return {
    check,
    status: "refuse",
    detail: `ParameterOutOfBounds: ${verdict.field} ${shown(verdict.value)} outside [${shown(verdict.min)}, ${shown(verdict.max)}] (${verdict.value} not in [${verdict.min}, ${verdict.max}])`,
  };
}

/* HELPERS */

function formatFixed(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const text = decimals ? `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}` : digits;
  return negative ? `-${text}` : text;
}

function formatBps100(bps: number): string {
  return `${groupDigits((bps / 100).toFixed(2), 2)}%`;
}

function flags(config: { active: boolean; frozen: boolean; paused: boolean }): string {
  return [!config.active ? "inactive" : "", config.frozen ? "frozen" : "", config.paused ? "paused" : ""].filter(Boolean).join(", ");
}
