// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IAggregatorV3} from "./external/IAggregatorV3.sol";

/// @title ILeveragedVaultTypes
/// @notice The types, events and errors of a leveraged vault (see `ILeveragedVault`).
interface ILeveragedVaultTypes {
    /* TYPES */

    /// @notice What the vault needs now.
    /// @dev `Iterate` is the next chunk of a move bigger than `maxTradeSize`; it waits out the cooldown.
    enum RebalanceAction {
        None,
        Rebalance,
        Iterate,
        Emergency
    }

    /// @notice Risk parameters. Leverages are WAD (1e18 = 1x); amounts are raw collateral units.
    /// @param targetLeverage Where a rebalance aims.
    /// @param minLeverage Below this the vault levers up.
    /// @param maxLeverage Above this the vault delevers.
    /// @param emergencyLeverage At or above this anyone may delever and earn the reward.
    /// @param recenteringSpeedBps How far toward the target one rebalance goes (10000 = all the way).
    /// @param maxSlippageBps Most the vault pays above the oracle value of what it buys (hard-capped).
    /// @param maxPoolDeviationBps Largest pool-versus-oracle gap at which the vault still trades.
    /// @param emergencyRewardBps Emergency reward as a share of the collateral traded.
    /// @param cooldown Seconds between two routine rebalances (and between chunks).
    /// @param gracePeriod Seconds after an out-of-band report when anyone may rebalance.
    /// @param maxTradeSize Largest collateral amount one rebalance trades.
    /// @param maxEmergencyReward Cap on one emergency reward, in collateral.
    /// @param depositCap Most equity (`totalAssets`) deposits may bring the vault to.
    struct RiskParameters {
        uint64 targetLeverage;
        uint64 minLeverage;
        uint64 maxLeverage;
        uint64 emergencyLeverage;
        uint16 recenteringSpeedBps;
        uint16 maxSlippageBps;
        uint16 maxPoolDeviationBps;
        uint16 emergencyRewardBps;
        uint32 cooldown;
        uint32 gracePeriod;
        uint128 maxTradeSize;
        uint128 maxEmergencyReward;
        uint128 depositCap;
    }

    /// @notice What a vault is created with, besides its lending market, its swap venue, its owner
    /// and its governance module (which the factory supplies).
    /// @param name The share token's name.
    /// @param symbol The share token's symbol.
    /// @param collateralToken The vault's asset: what it deposits on the lending market.
    /// @param debtToken What it borrows.
    /// @param collateralFeed Chainlink-compatible feed of the collateral's price in the quote currency.
    /// @param debtFeed Feed of the debt token's price; address(0): the debt token is worth exactly 1
    /// unit of the quote currency.
    /// @param sequencerFeed L2 sequencer-uptime feed; address(0): no sequencer check.
    /// @param guardians Accounts that may pause deposits, start the wind-down and reduce risk at once.
    /// @param keepers Accounts (EOAs, keeper contracts, forwarders) allowed to run routine rebalances.
    /// @param decimalsOffset Decimals the shares have beyond the asset's: the virtual shares of the
    /// inflation defence are `10 ** decimalsOffset`.
    /// @param risk The first risk parameters (validated by `ParameterRules`).
    /// @param oracle The first oracle parameters (validated by `ParameterRules`).
    struct VaultSpec {
        string name;
        string symbol;
        IERC20 collateralToken;
        IERC20 debtToken;
        IAggregatorV3 collateralFeed;
        IAggregatorV3 debtFeed;
        IAggregatorV3 sequencerFeed;
        address[] guardians;
        address[] keepers;
        uint8 decimalsOffset;
        RiskParameters risk;
        OracleParameters oracle;
    }

    /// @notice Oracle parameters. Prices use the 1e36 collateral-in-debt scale.
    /// @param collateralFeedMaxAge Oldest acceptable collateral feed answer, in seconds.
    /// @param debtFeedMaxAge Oldest acceptable debt feed answer (ignored without a debt feed).
    /// @param sequencerGracePeriod Seconds after the L2 sequencer comes back before prices count.
    /// @param minPrice Lowest price the vault believes.
    /// @param maxPrice Highest price the vault believes, at most (2^120 - 1) * 2^136. The vault keeps
    /// both bounds in one storage slot with 120 significant bits each, rounded outward (the minimum
    /// down, the maximum up): any bound under 2^120 is kept exactly, and `oracleParameters()` returns
    /// the bounds in force.
    struct OracleParameters {
        uint32 collateralFeedMaxAge;
        uint32 debtFeedMaxAge;
        uint32 sequencerGracePeriod;
        uint256 minPrice;
        uint256 maxPrice;
    }

    /// @notice The vault's position, valued at the oracle.
    /// @param collateral Collateral on the lending market (raw collateral units).
    /// @param debt Debt owed, interest included (raw debt units).
    /// @param price Oracle price used (1e36 scale); the swap venue's time-weighted price when `priceHealthy` is false.
    /// @param priceHealthy Whether every price check passes right now.
    /// @param equity `collateral - debt / price` in collateral units (this is `totalAssets()`).
    /// @param leverage `collateral / equity`, WAD; `type(uint256).max` when equity is zero.
    struct PositionState {
        uint256 collateral;
        uint256 debt;
        uint256 price;
        bool priceHealthy;
        uint256 equity;
        uint256 leverage;
    }

    /// @notice What rebalance is due and the numbers behind it.
    /// @param action What `rebalance()` would do now.
    /// @param leverage Current leverage (WAD).
    /// @param targetLeverage Effective target (1x during wind-down).
    /// @param minLeverage Effective band floor.
    /// @param maxLeverage Effective band ceiling.
    /// @param emergencyLeverage Threshold of the emergency delever.
    /// @param nextLeverage Leverage the rebalance aims for in this call.
    /// @param leverUp True when the vault would buy collateral, false when it would sell.
    /// @param collateralToTrade Collateral the rebalance would buy or sell (after `maxTradeSize`).
    /// @param readyAt Earliest time a routine rebalance may run (cooldown); emergencies ignore it.
    /// @param permissionlessAt When anyone may rebalance (0 unless the vault was reported out of band
    /// within the current episode; see `reportOutOfBand`).
    struct RebalanceStatus {
        RebalanceAction action;
        uint256 leverage;
        uint256 targetLeverage;
        uint256 minLeverage;
        uint256 maxLeverage;
        uint256 emergencyLeverage;
        uint256 nextLeverage;
        bool leverUp;
        uint256 collateralToTrade;
        uint256 readyAt;
        uint256 permissionlessAt;
    }

    /* EVENTS */

    /// @notice A rebalance or emergency delever traded. `oracleImpliedAmountIn` is what the trade
    /// would cost at the oracle price, so `amountIn - oracleImpliedAmountIn` is its execution cost.
    /// @param caller Who called.
    /// @param action What was done.
    /// @param leverageBefore Leverage before the trade (WAD).
    /// @param leverageAfter Leverage after the trade (WAD).
    /// @param amountIn What the vault paid the pool (debt units when levering up, collateral when delevering).
    /// @param amountOut What the vault received (collateral when levering up, debt when delevering).
    /// @param oracleImpliedAmountIn `amountOut` valued at the oracle, in the units of `amountIn`.
    /// @param reward Collateral paid to the caller (emergency only).
    event Rebalanced(
        address indexed caller,
        RebalanceAction indexed action,
        uint256 leverageBefore,
        uint256 leverageAfter,
        uint256 amountIn,
        uint256 amountOut,
        uint256 oracleImpliedAmountIn,
        uint256 reward
    );

    /// @notice A deposit or mint levered `assets` up to `collateralAdded` with `debtAdded` of borrowing.
    event PositionIncreased(address indexed receiver, uint256 collateralAdded, uint256 debtAdded, uint256 shares);

    /// @notice A withdraw or redeem released `collateralRemoved` and repaid `debtRepaid`.
    event PositionDecreased(address indexed owner, uint256 collateralRemoved, uint256 debtRepaid, uint256 shares);

    /// @notice New parameters took effect.
    event ParametersUpdated(RiskParameters risk, OracleParameters oracle);

    /// @notice Deposits were paused or resumed. Exits are never paused.
    event DepositsPausedSet(bool paused);

    /// @notice Wind-down started: the vault delevers to 1x, deposits stop, exits stay open.
    event WindDownStarted(address indexed caller);

    /// @notice The vault was reported out of band at `since` (0: reported back in band).
    event OutOfBandReported(uint256 since);

    /// @notice `account` was allowed (or no longer allowed) to run routine rebalances.
    event KeeperSet(address indexed account, bool allowed);

    /// @notice `account` was made (or no longer is) a guardian: it may pause deposits, start the
    /// wind-down and make risk-reducing parameter changes.
    event GuardianSet(address indexed account, bool allowed);


    /* ERRORS */

    /// @notice `rebalance()` was called while leverage is inside the band.
    error LeverageInBand(uint256 leverage, uint256 minLeverage, uint256 maxLeverage);
    /// @notice A routine rebalance came before the cooldown ended.
    error RebalanceCooldown(uint256 readyAt, uint256 timestamp);
    /// @notice `caller` is not a keeper and the grace period has not made rebalancing permissionless.
    error RebalanceNotPermitted(address caller, uint256 permissionlessAt);
    /// @notice After a rebalance leverage did not move toward the target without overshooting it.
    error RebalanceMissedTarget(uint256 leverageBefore, uint256 leverageAfter, uint256 targetLeverage);
    /// @notice After a routine rebalance leverage is at or above the emergency threshold.
    error LeverageAboveEmergency(uint256 leverage, uint256 emergencyLeverage);
    /// @notice A rebalance lost more equity than its slippage bound (and reward) allow.
    error EquityLossTooHigh(uint256 equityLoss, uint256 maxEquityLoss);

    /// @notice A feed answered zero or a negative number.
    error InvalidFeedAnswer(address feed, int256 answer);
    /// @notice A feed's last update is older than its maximum age.
    error StaleFeed(address feed, uint256 updatedAt, uint256 maxAge, uint256 timestamp);
    /// @notice The oracle price lies outside the vault's sanity bounds.
    error PriceOutOfBounds(uint256 price, uint256 minPrice, uint256 maxPrice);
    /// @notice The L2 sequencer is down.
    error SequencerDown(address sequencerFeed);
    /// @notice The L2 sequencer came back at `upSince`; prices count again from `graceEnds`.
    error SequencerGracePeriod(uint256 upSince, uint256 graceEnds);
    /// @notice The pool price is too far from the oracle to trade (both 1e36 scale).
    error PoolPriceDeviation(uint256 poolPrice, uint256 oraclePrice, uint256 maxDeviationBps);
    /// @notice A swap would cost more than its bound: the venue's fee and the trade's own impact at the
    /// oracle price, plus the slippage tolerance.
    error SwapSlippageExceeded(uint256 amountIn, uint256 maxAmountIn);
    /// @notice A trade would take `amountOut` of a token of which the venue holds too little: its
    /// virtual collateral reserve at the oracle price is `depth` (the debt side is that times the price).
    error VenueTooShallow(uint256 amountOut, uint256 depth);
    /// @notice The lending market takes only `room` more collateral, less than the `amount` a flow
    /// supplies: its supply cap is (nearly) full, or its reserve takes no supplies now (frozen, paused).
    /// `maxDeposit` counts the room; a deposit leaves the check to the market, which makes it anyway.
    error SupplyCapExceeded(uint256 amount, uint256 room);

    /// @notice A deposit or mint would create no equity worth a share.
    error ZeroShares(uint256 assets);
    /// @notice A wallet-friendly call came after its deadline.
    error DeadlineExpired(uint256 deadline, uint256 timestamp);
    /// @notice Fewer shares than `minShares` would be minted.
    error TooFewSharesOut(uint256 shares, uint256 minShares);
    /// @notice More assets than `maxAssets` would be pulled.
    error TooManyAssetsIn(uint256 assets, uint256 maxAssets);
    /// @notice More shares than `maxShares` would be burned.
    error TooManySharesBurned(uint256 shares, uint256 maxShares);
    /// @notice Fewer assets than `minAssets` would be paid out.
    error TooFewAssetsOut(uint256 assets, uint256 minAssets);

    /// @notice A parameter is outside its hard bounds.
    error ParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    /// @notice Only a guardian or the owner may do this.
    error NotGuardian(address caller);
    /// @notice The caller may only make risk-reducing parameter changes.
    error RiskIncreaseNotPermitted(address caller);
    /// @notice A swap callback came from somewhere other than the vault's own pending swap.
    error UnexpectedCallback(address caller);
    /// @notice The pool delivered less than the exact output asked for.
    error IncompleteSwap(uint256 received, uint256 requested);
    /// @notice The configuration does not match the pool or the market.
    error InvalidConfiguration(string reason);
}

/// @title ILeveragedVaultCore
/// @notice The part of `ILeveragedVault` the vault contract itself implements: ERC-4626, flows,
/// rebalancing and the views they share.
interface ILeveragedVaultCore is IERC4626, ILeveragedVaultTypes {
    /* ERC-4626 WITH SLIPPAGE BOUNDS */

    /// @notice `deposit` that reverts unless at least `minShares` are minted by `deadline`.
    function depositWithSlippage(uint256 assets, address receiver, uint256 minShares, uint256 deadline)
        external
        returns (uint256 shares);

    /// @notice `mint` that reverts if it would pull more than `maxAssets`, or after `deadline`.
    function mintWithSlippage(uint256 shares, address receiver, uint256 maxAssets, uint256 deadline)
        external
        returns (uint256 assets);

    /// @notice `withdraw` that reverts if it would burn more than `maxShares`, or after `deadline`.
    function withdrawWithSlippage(uint256 assets, address receiver, address owner, uint256 maxShares, uint256 deadline)
        external
        returns (uint256 shares);

    /// @notice `redeem` that reverts unless at least `minAssets` are paid out by `deadline`.
    function redeemWithSlippage(uint256 shares, address receiver, address owner, uint256 minAssets, uint256 deadline)
        external
        returns (uint256 assets);

    /* VIEWS */

    /// @notice The position valued at the oracle (never reverts; see `PositionState.priceHealthy`).
    function positionState() external view returns (PositionState memory);

    /// @notice What rebalance is due now and the numbers behind it (never reverts).
    function rebalanceStatus() external view returns (RebalanceStatus memory);

    /// @notice Leverage above which the lending market refuses to lend, `1 / (1 - borrow LTV)`, WAD
    /// (read live; on Morpho Blue it equals `liquidationLeverage()`).
    function borrowLeverage() external view returns (uint256);

    /// @notice Leverage at which the lending market liquidates the vault, `1 / (1 - LLTV)`, WAD.
    function liquidationLeverage() external view returns (uint256);

    /// @notice The token the vault borrows (the asset is the collateral).
    function debtToken() external view returns (IERC20);

    /// @notice The `LeveragedVaultGovernance` deployment the vault runs governance calls in.
    function governanceModule() external view returns (address);

    /// @notice Where the vault trades collateral against debt (for Uniswap v3, the pool).
    function swapVenue() external view returns (address);

    /// @notice The collateral/USD feed.
    function collateralFeed() external view returns (IAggregatorV3);

    /// @notice The debt/USD feed; address(0) when the debt token counts as exactly 1 USD.
    function debtFeed() external view returns (IAggregatorV3);

    /// @notice The L2 sequencer-uptime feed; address(0) when there is none.
    function sequencerFeed() external view returns (IAggregatorV3);

    /* KEEPERS */

    /// @notice Trades toward the target as `rebalanceStatus()` describes. Keepers may call it when a
    /// rebalance or iteration is due; anyone may once the grace period after an out-of-band report has
    /// passed, and anyone may when the emergency threshold is reached (earning the capped reward).
    /// @dev Reverts with `LeverageInBand` when nothing is due and `RebalanceCooldown` before the
    /// cooldown ends; after trading it checks that leverage moved toward the target without
    /// overshooting, stayed below the emergency threshold, and lost no more equity than the
    /// slippage bound (plus reward) allows.
    /// @return action What was done.
    function rebalance() external returns (RebalanceAction action);



}

/// @title ILeveragedVaultGovernance
/// @notice The part of `ILeveragedVault` that `LeveragedVaultGovernance` implements: parameters,
/// roles and the getters of the vault's stored state. The vault runs it by DELEGATECALL from its fallback, in its own storage, so these functions
/// are called on the vault's address like any other.
interface ILeveragedVaultGovernance is ILeveragedVaultTypes {
    /* REBALANCE PERMISSION */

    /// @notice Whether `caller` may call `rebalance()` now: an action is due, and either it is an
    /// emergency (anyone), or the cooldown has passed and `caller` is a keeper or rebalancing has
    /// become permissionless (`RebalanceStatus.permissionlessAt`). This is the one place the rule lives
    /// (`RebalanceRules`): `rebalance()` enforces it, and keepers and automation adapters ask it.
    /// @dev Says nothing about whether the trade itself will pass its price and result checks.
    function canRebalance(address caller) external view returns (bool);

    /// @notice Records that the vault is out of band now; clears the record when it is back in band.
    /// Anyone may call it. The first report starts an out-of-band episode; the grace period after which
    /// anyone may rebalance runs from it while reports keep coming at most half a grace period apart
    /// (at least 10 minutes), the last one within that of the rebalance. A report after a longer gap
    /// starts a new episode, since the vault may have been back in band in between, unseen.
    function reportOutOfBand() external;

    /// @notice When the last out-of-band report was made (0: never).
    function lastOutOfBandReportAt() external view returns (uint256);

    /* OWNERSHIP (OpenZeppelin's `Ownable2Step`, run by the governance module) */

    /// @notice The owner: meant to be an OpenZeppelin `TimelockController`.
    function owner() external view returns (address);

    /// @notice The account `transferOwnership` named, until it accepts.
    function pendingOwner() external view returns (address);

    /// @notice Starts moving ownership to `newOwner` (owner only); it takes effect when `newOwner`
    /// calls `acceptOwnership`.
    function transferOwnership(address newOwner) external;

    /// @notice Completes a transfer of ownership (the pending owner only).
    function acceptOwnership() external;

    /// @notice Leaves the vault without an owner (owner only): no parameter can then increase risk.
    function renounceOwnership() external;

    /* GOVERNANCE */

    /// @notice Changes parameters. The owner's changes apply at once: the owner is meant to be an
    /// OpenZeppelin `TimelockController`, so a risk-increasing change waits out the timelock's delay
    /// in public before it reaches the vault. A guardian may make changes that only reduce risk, at
    /// once. Every value must be within its hard bounds (`ParameterRules`).
    /// @dev Reverts with `RiskIncreaseNotPermitted` when a guardian's change adds risk, `NotGuardian`
    /// when the caller is neither, and `ParameterOutOfBounds` naming the first field out of bounds.
    function updateParameters(RiskParameters calldata risk, OracleParameters calldata oracle) external;

    /// @notice Pauses (guardian or owner) or resumes (owner only) deposits. Exits stay open.
    function setDepositsPaused(bool paused) external;

    /// @notice Starts the irreversible wind-down to 1x (guardian or owner): deposits close, exits stay open.
    function startWindDown() external;

    /// @notice Allows or disallows `account` (an EOA, a keeper contract or a forwarder) to run routine rebalances (owner).
    function setKeeper(address account, bool allowed) external;

    /// @notice Makes `account` a guardian or removes it (owner).
    function setGuardian(address account, bool allowed) external;

    /// @notice Current risk parameters (as configured, not the wind-down overrides).
    function riskParameters() external view returns (RiskParameters memory);

    /// @notice Current oracle parameters.
    function oracleParameters() external view returns (OracleParameters memory);

    /* ROLES AND STATE */

    /// @notice Whether `account` may run routine rebalances.
    function isKeeper(address account) external view returns (bool);

    /// @notice Whether `account` is a guardian.
    function isGuardian(address account) external view returns (bool);

    /// @notice Whether deposits are paused.
    function depositsPaused() external view returns (bool);

    /// @notice Whether the vault is winding down to 1x.
    function windDownActive() external view returns (bool);

    /// @notice When the vault was reported out of band (0 if it was not).
    function outOfBandSince() external view returns (uint256);

    /// @notice When the last routine or emergency rebalance traded.
    function lastRebalanceAt() external view returns (uint256);
}

/// @title ILeveragedVault
/// @notice An ERC-4626 vault whose shares are slices of one leveraged position: collateral supplied
/// to a lending market, debt borrowed against it and swapped on a swap venue into more collateral.
/// The vault keeps its leverage `L = C*P / (C*P - D)` inside a band around a target.
///
/// Accounting. `totalAssets()` is the position's equity in collateral units, `C - D / P`, valued at
/// the oracle price `P` (never a DEX spot price). Deposits and withdrawals lever or delever pro-rata
/// in the same transaction, and shares are minted or burned on the realised change in equity, so
/// each user pays their own swap cost and other holders' leverage and value do not move.
///
/// Prices. `P` is the price of one raw collateral unit in raw debt units, scaled by 1e36, built from
/// Chainlink-style feeds with per-feed freshness, the vault's own sanity bounds and an optional L2
/// sequencer-uptime feed. Anything that adds risk (deposits, levering up) needs a healthy price;
/// `redeem`, delevering and the emergency path keep working during feed faults, on the swap venue's
/// time-weighted price (which a bad answer cannot move, and which takes a whole window to push).
///
/// Rebalancing. `rebalanceStatus()` tells what is due: nothing, a rebalance, the next chunk of an
/// iterated rebalance, or an emergency delever. Keepers (an allowlist that works for EOAs and
/// contracts) call `rebalance()`; once the vault has been reported out of band for longer than the
/// grace period anyone may; the emergency delever is open to anyone above the emergency threshold and
/// pays a capped reward. Every rebalance re-checks eligibility and then its own result.
///
/// An attacker can... sandwich a rebalance: the vault then refuses to trade when the pool price is
/// further than `maxPoolDeviationBps` from the oracle, and pays at most the oracle value plus
/// `maxSlippageBps` for what it buys. They can donate to the vault or to its lending position on its
/// behalf: donations only raise the value of existing shares, and virtual shares make the classic
/// first-depositor inflation attack unprofitable.
interface ILeveragedVault is ILeveragedVaultCore, ILeveragedVaultGovernance {}
