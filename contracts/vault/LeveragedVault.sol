// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILeveragedVaultCore} from "../interfaces/ILeveragedVault.sol";
import {IAggregatorV3} from "../interfaces/external/IAggregatorV3.sol";
import {LeverageMath} from "../libraries/LeverageMath.sol";
import {OracleReader} from "../libraries/OracleReader.sol";
import {OraclePriceMath} from "../libraries/OraclePriceMath.sol";
import {ParameterRules} from "../libraries/ParameterRules.sol";
import {RebalanceRules} from "../libraries/RebalanceRules.sol";
import {LendingMarket} from "../markets/LendingMarket.sol";
import {SwapVenue} from "../venues/SwapVenue.sol";
import {LeveragedVaultGovernance} from "./LeveragedVaultGovernance.sol";
import {LeveragedVaultLayout, LeveragedVaultStorage} from "./LeveragedVaultStorage.sol";

/// @title LeveragedVault
/// @notice The core of a leveraged ERC-4626 vault, agnostic of its lending market and its swap venue.
/// See `ILeveragedVault` for the mechanics and the threat model. A concrete vault is one
/// `LendingMarket` (where the position lives) combined with one `SwapVenue` (where it trades), each an
/// abstract contract whose constructor takes what it needs; this constructor runs last and validates
/// the parameters against the market, so a vault cannot be deployed half-configured.
/// @dev Every flow has the same shape: validate, snapshot (collateral, debt with interest, oracle price),
/// trade through one exact-output swap on the venue whose settlement does the lending-market legs,
/// measure the realised change in equity, then mint or burn shares and emit.
abstract contract LeveragedVault is LeveragedVaultStorage, ILeveragedVaultCore, ERC4626, ReentrancyGuardTransient, LendingMarket, SwapVenue {
    using SafeERC20 for IERC20;
    using LeverageMath for uint256;

    /// @dev What one rebalance trade did; see `Rebalanced`. `maxCost`: the most its bound let it cost
    /// in equity, in collateral at the oracle price.
    struct TradeResult {
        uint256 amountIn;
        uint256 amountOut;
        uint256 oracleImpliedAmountIn;
        uint256 reward;
        uint256 maxCost;
    }

    /* CONSTANTS */

    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 10_000;
    /// @notice During wind-down, leverage up to 1x plus this counts as unwound.
    uint256 internal constant WIND_DOWN_TOLERANCE = 1e15;
    /// @dev Leverage within this of an aim counts as on it (iterations, overshoot check).
    uint256 internal constant LEVERAGE_TOLERANCE = 1e15;
    /// @dev Wei of rounding a flow may lose between its two equity measurements.
    uint256 internal constant ROUNDING_MARGIN = 4;
    /// @dev Units of the debt token a flow may lose to rounding (a slice rounded up, the market's
    /// share conversions); previews and maxima count them at the price, as collateral.
    uint256 internal constant DEBT_ROUNDING_UNITS = 3;
    /// @notice The least slippage tolerance (and pool deviation) of the trades no role may block: exits
    /// and the emergency delever. Their bound is the venue's fee plus their own impact plus at least this.
    uint256 internal constant UNBLOCKABLE_TOLERANCE_BPS = 100;
    /// @notice A redeemed slice with less debt than this, or debt worth less than this in collateral (raw
    /// units of each), settles without a swap: its owner leaves collateral worth the debt over the
    /// liquidation LTV (at the price, rounded up) instead of buying it.
    uint256 internal constant DUST_DEBT = 1000;

    /* IMMUTABLES */

    IERC20 internal immutable _collateralToken;
    IERC20 public immutable debtToken;
    IAggregatorV3 public immutable collateralFeed;
    IAggregatorV3 public immutable debtFeed;
    IAggregatorV3 public immutable sequencerFeed;
    uint256 internal immutable _priceScale;
    uint8 internal immutable _offset;
    /// @dev `10 ** _offset`: the virtual shares of the inflation defence.
    uint256 internal immutable _virtualShares;
    /// @notice The governance module this vault runs by DELEGATECALL for parameters and roles.
    address public immutable governanceModule;

    /// @dev Runs after the market's and the venue's constructors (it is the last base of a concrete
    /// vault), so the parameters are validated against the market's live LTVs here.
    /// @param spec What the vault is created with (see `VaultSpec`).
    /// @param admin The owner: meant to be a `TimelockController`, whose delay then applies to every
    /// risk-increasing parameter change.
    /// @param governance The shared `LeveragedVaultGovernance` deployment the vault delegates governance to.
    constructor(VaultSpec memory spec, address admin, address governance)
        ERC20(spec.name, spec.symbol)
        ERC4626(IERC20Metadata(address(spec.collateralToken)))
    {
        _collateralToken = spec.collateralToken;
        debtToken = spec.debtToken;
        collateralFeed = spec.collateralFeed;
        debtFeed = spec.debtFeed;
        sequencerFeed = spec.sequencerFeed;
        _offset = spec.decimalsOffset;
        _virtualShares = 10 ** spec.decimalsOffset;
        _priceScale = OraclePriceMath.scaleFactor(
            IERC20Metadata(address(spec.collateralToken)).decimals(),
            IERC20Metadata(address(spec.debtToken)).decimals(),
            spec.collateralFeed.decimals(),
            address(spec.debtFeed) == address(0) ? 0 : spec.debtFeed.decimals()
        );
        governanceModule = governance;
        for (uint256 i; i < spec.guardians.length; ++i) {
            _layout().isGuardian[spec.guardians[i]] = true;
            emit GuardianSet(spec.guardians[i], true);
        }
        for (uint256 i; i < spec.keepers.length; ++i) {
            _layout().isKeeper[spec.keepers[i]] = true;
            emit KeeperSet(spec.keepers[i], true);
        }
        (bool ok, bytes memory reason) = governance.delegatecall(
            abi.encodeCall(
                LeveragedVaultGovernance.initialize,
                (admin, spec.risk, spec.oracle, liquidationLeverage(), _borrowLeverage(), address(spec.debtFeed) != address(0))
            )
        );
        if (!ok) _bubble(reason);
        _readPrice(true);
    }

    /// @dev Governance (`ILeveragedVaultGovernance`) runs in the module, in this vault's storage.
    fallback() external {
        address module = governanceModule;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /* ERC-4626: ACCOUNTING */

    /// @inheritdoc ERC4626
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return _snapshot(false).equity;
    }

    /// @inheritdoc ERC4626
    function convertToShares(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        return _sharesForEquity(assets, totalAssets(), Math.Rounding.Floor);
    }

    /// @inheritdoc ERC4626
    function convertToAssets(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        return _equityForShares(shares, totalAssets(), Math.Rounding.Floor);
    }

    /// @inheritdoc ERC4626
    function maxDeposit(address) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        RiskParameters memory risk = _effectiveRisk();
        return _withinSupplyCap(s, risk, _maxDeposit(s, risk, _venuePrice(), _venueDepth(s.price)));
    }

    /// @inheritdoc ERC4626
    function maxMint(address) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        RiskParameters memory risk = _effectiveRisk();
        return _previewDeposit(s, risk, _withinSupplyCap(s, risk, _maxDeposit(s, risk, _venuePrice(), _venueDepth(s.price))));
    }

    /// @inheritdoc ERC4626
    /// @dev 0 while the price is unhealthy: pricing `assets` in shares needs a trusted price. `redeem` stays open.
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        return _maxWithdraw(s, owner, _venueDepth(s.price));
    }

    /// @inheritdoc ERC4626
    /// @dev Assumes the swap costs the full slippage bound, so it never exceeds what `deposit` mints.
    function previewDeposit(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        return _previewDeposit(_snapshot(false), _effectiveRisk(), assets);
    }

    /// @inheritdoc ERC4626
    function previewMint(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        RiskParameters memory risk = _effectiveRisk();
        uint256 equityNeeded = _equityForShares(shares, s.equity, Math.Rounding.Ceil);
        uint256 levered = _mintLeveredAmount(equityNeeded, _depositLeverage(s, risk));
        // The caller pays the levered amount, or the equity plus the worst cost of its swap if more.
        return Math.max(levered, equityNeeded + _worstDepositCost(levered, s, risk));
    }

    /// @inheritdoc ERC4626
    function previewWithdraw(uint256 assets) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        uint256 sliceShares = _sharesForEquity(_withdrawSliceEquity(assets, s.leverage), s.equity, Math.Rounding.Floor);
        (, uint256 debtSlice, uint256 maxCollateralIn) = _exitQuote(sliceShares, _virtualSupply(), s, _venueDepth(s.price));
        // The slice's debt costs at most its bound; beyond its value at the price, that is the cost.
        uint256 worstCost = maxCollateralIn - Math.min(maxCollateralIn, debtSlice.debtToCollateralDown(s.price)) + _roundingMargin(s.price);
        return _sharesForEquity(assets + worstCost, s.equity, Math.Rounding.Ceil);
    }

    /// @inheritdoc ERC4626
    function previewRedeem(uint256 shares) public view override(ERC4626, IERC4626) returns (uint256) {
        PositionState memory s = _snapshot(false);
        return _previewRedeem(s, shares, _venueDepth(s.price));
    }

    /* ERC-4626: FLOWS */

    /// @inheritdoc ERC4626
    function deposit(uint256 assets, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256) {
        return _depositFlow(assets, receiver);
    }

    /// @inheritdoc ILeveragedVaultCore
    function depositWithSlippage(uint256 assets, address receiver, uint256 minShares, uint256 deadline)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _checkDeadline(deadline);
        shares = _depositFlow(assets, receiver);
        if (shares < minShares) revert TooFewSharesOut(shares, minShares);
    }

    /// @inheritdoc ERC4626
    function mint(uint256 shares, address receiver) public override(ERC4626, IERC4626) nonReentrant returns (uint256) {
        return _mintFlow(shares, receiver);
    }

    /// @inheritdoc ILeveragedVaultCore
    function mintWithSlippage(uint256 shares, address receiver, uint256 maxAssets, uint256 deadline)
        external
        nonReentrant
        returns (uint256 assets)
    {
        _checkDeadline(deadline);
        assets = _mintFlow(shares, receiver);
        if (assets > maxAssets) revert TooManyAssetsIn(assets, maxAssets);
    }

    /// @inheritdoc ERC4626
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256)
    {
        return _withdrawFlow(assets, receiver, owner);
    }

    /// @inheritdoc ILeveragedVaultCore
    function withdrawWithSlippage(uint256 assets, address receiver, address owner, uint256 maxShares, uint256 deadline)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _checkDeadline(deadline);
        shares = _withdrawFlow(assets, receiver, owner);
        if (shares > maxShares) revert TooManySharesBurned(shares, maxShares);
    }

    /// @inheritdoc ERC4626
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        nonReentrant
        returns (uint256)
    {
        return _redeemFlow(shares, receiver, owner);
    }

    /// @inheritdoc ILeveragedVaultCore
    function redeemWithSlippage(uint256 shares, address receiver, address owner, uint256 minAssets, uint256 deadline)
        external
        nonReentrant
        returns (uint256 assets)
    {
        _checkDeadline(deadline);
        assets = _redeemFlow(shares, receiver, owner);
        if (assets < minAssets) revert TooFewAssetsOut(assets, minAssets);
    }

    function _depositFlow(uint256 assets, address receiver) internal returns (uint256 shares) {
        _accrueInterest();
        _supplyStrayCollateral();
        RiskParameters memory risk = _effectiveRisk();
        PositionState memory s = _snapshot(true);
        // A deposit trades on the venue: refuse it, naming the prices, when the venue is off.
        (uint256 venuePrice, uint256 depth) = (_venuePrice(), _venueDepth(s.price));
        _checkVenuePrice(venuePrice, s.price, risk.maxPoolDeviationBps);
        uint256 maxAssets = _maxDeposit(s, risk, venuePrice, depth);
        // The refusal names `maxDeposit()`'s value: the market's supply cap is counted here, where it
        // costs only a refused deposit.
        if (assets > maxAssets) revert ERC4626ExceededMaxDeposit(receiver, assets, _withinSupplyCap(s, risk, maxAssets));
        uint256 supplyBefore = _virtualSupply();

        _collateralToken.safeTransferFrom(msg.sender, address(this), assets);
        (uint256 collateralAdded, uint256 debtAdded) = _leverDeposit(assets, s, risk, depth);

        uint256 gain = _equityGain(s);
        shares = LeverageMath.mulDivDown(gain, supplyBefore, s.equity + 1);
        if (shares == 0) revert ZeroShares(assets);
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
        emit PositionIncreased(receiver, collateralAdded, debtAdded, shares);
    }

    /// @dev Levers enough to gain `equityNeeded` after the venue fee, like a deposit, then tops the
    /// equity up with unlevered collateral for any further cost (price impact), so the caller pays
    /// exactly their own execution cost.
    function _mintFlow(uint256 shares, address receiver) internal returns (uint256 assets) {
        if (shares == 0) revert ZeroShares(0);
        _accrueInterest();
        _supplyStrayCollateral();
        RiskParameters memory risk = _effectiveRisk();
        PositionState memory s = _snapshot(true);
        // A deposit trades on the venue: refuse it, naming the prices, when the venue is off.
        (uint256 venuePrice, uint256 depth) = (_venuePrice(), _venueDepth(s.price));
        _checkVenuePrice(venuePrice, s.price, risk.maxPoolDeviationBps);
        uint256 equityNeeded = LeverageMath.mulDivUp(shares, s.equity + 1, _virtualSupply());
        uint256 maxAssets = _maxDeposit(s, risk, venuePrice, depth);
        if (equityNeeded > maxAssets) {
            revert ERC4626ExceededMaxMint(receiver, shares, _sharesForEquity(maxAssets, s.equity, Math.Rounding.Floor));
        }

        uint256 levered = _mintLeveredAmount(equityNeeded, _depositLeverage(s, risk));
        _collateralToken.safeTransferFrom(msg.sender, address(this), levered);
        (uint256 collateralAdded, uint256 debtAdded) = _leverDeposit(levered, s, risk, depth);
        uint256 gain = _equityGain(s);
        uint256 topUp = gain < equityNeeded ? equityNeeded - gain : 0;
        if (topUp > 0) {
            _collateralToken.safeTransferFrom(msg.sender, address(this), topUp);
            _supplyCollateral(topUp);
            collateralAdded += topUp;
        }
        assets = levered + topUp;
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
        emit PositionIncreased(receiver, collateralAdded, debtAdded, shares);
    }

    /// @dev Delevers the slice of the position worth `assets`, settles the remainder with unlevered
    /// collateral, and burns shares for the realised loss of equity (assets plus execution cost).
    function _withdrawFlow(uint256 assets, address receiver, address owner) internal returns (uint256 shares) {
        _accrueInterest();
        _supplyStrayCollateral();
        PositionState memory s = _snapshot(true);
        uint256 supply = _virtualSupply();
        uint256 depth = _venueDepth(s.price);
        uint256 maxAssets = _maxWithdraw(s, owner, depth);
        if (assets > maxAssets) revert ERC4626ExceededMaxWithdraw(owner, assets, maxAssets);

        uint256 sliceShares = LeverageMath.mulDivDown(_withdrawSliceEquity(assets, s.leverage), supply, s.equity + 1);
        (uint256 freed,,) = _exitSlice(sliceShares, supply, s, depth);
        // What the slice freed beyond `assets` goes back to the position, as far as the market's supply
        // cap takes it; the rest waits in the vault (as a donation does) and still counts here, so the
        // owner is not charged for it.
        uint256 waiting;
        if (freed < assets) {
            _withdrawCollateral(assets - freed, address(this));
        } else if (freed > assets) {
            uint256 resupplied = Math.min(freed - assets, _supplyCapacity());
            if (resupplied != 0) _supplyCollateral(resupplied);
            waiting = freed - assets - resupplied;
        }

        (uint256 collateralAfter, uint256 debtAfter) = _position();
        uint256 equityAfter = LeverageMath.equityDown(collateralAfter, debtAfter, s.price) + waiting;
        uint256 loss = s.equity > equityAfter ? s.equity - equityAfter : 0;
        shares = LeverageMath.mulDivUp(loss, supply, s.equity + 1);
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        _burn(owner, shares);
        _collateralToken.safeTransfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
        emit PositionDecreased(owner, s.collateral - collateralAfter, s.debt - debtAfter, shares);
    }

    /// @dev Repays a pro-rata slice of the debt and releases the same slice of collateral; the owner
    /// gets the collateral left after buying the debt tokens. Works during feed faults (see `_readPrice`).
    function _redeemFlow(uint256 shares, address receiver, address owner) internal returns (uint256 assets) {
        uint256 maxShares = maxRedeem(owner);
        if (shares > maxShares) revert ERC4626ExceededMaxRedeem(owner, shares, maxShares);
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        _supplyStrayCollateral();
        _accrueInterest();

        PositionState memory s = _snapshot(false);
        uint256 supply = _virtualSupply();
        _burn(owner, shares);

        uint256 collateralSlice;
        uint256 debtSlice;
        (assets, collateralSlice, debtSlice) = _exitSlice(shares, supply, s, _venueDepth(s.price));
        _collateralToken.safeTransfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
        emit PositionDecreased(owner, collateralSlice, debtSlice, shares);
    }

    /* REBALANCING */

    /// @inheritdoc ILeveragedVaultCore
    function rebalance() external nonReentrant returns (RebalanceAction) {
        return _rebalance(msg.sender);
    }

    /// @inheritdoc ILeveragedVaultCore
    function rebalanceStatus() external view returns (RebalanceStatus memory) {
        return _currentStatus();
    }

    /// @dev What is due now, as the views see it (never reverts).
    function _currentStatus() private view returns (RebalanceStatus memory status) {
        (status,,) = _rebalanceStatus(_snapshot(false), _effectiveRisk());
    }

    function _rebalance(address caller) internal returns (RebalanceAction action) {
        _accrueInterest();
        RiskParameters memory risk = _effectiveRisk();
        PositionState memory before = _snapshot(false);
        (RebalanceStatus memory status, uint256 aim, uint256 depth) = _rebalanceStatus(before, risk);
        action = status.action;

        // Eligibility.
        RebalanceRules.Eligibility eligibility = RebalanceRules.eligibility(status, _layout().isKeeper[caller]);
        if (eligibility == RebalanceRules.Eligibility.NothingDue) revert LeverageInBand(before.leverage, risk.minLeverage, risk.maxLeverage);
        if (eligibility == RebalanceRules.Eligibility.NotPermitted) revert RebalanceNotPermitted(caller, status.permissionlessAt);
        if (eligibility == RebalanceRules.Eligibility.Cooldown) revert RebalanceCooldown(status.readyAt, block.timestamp);
        // Adding risk needs a price that passes every check; delevering works on the venue's mean price.
        if (status.leverUp && !before.priceHealthy) _readPrice(true);
        bool emergency = action == RebalanceAction.Emergency;
        _checkVenuePrice(_venuePrice(), before.price, emergency ? _unblockable(risk.maxPoolDeviationBps) : risk.maxPoolDeviationBps);

        TradeResult memory trade = _rebalanceTrade(before, status, risk, depth, caller);

        // Validity of the result. The position after follows from the legs the market just did (the
        // venue's amounts are exact, bounded in the settlement), so it is not read again.
        (uint256 collateralAfter, uint256 debtAfter) = status.leverUp
            ? (before.collateral + trade.amountOut, before.debt + trade.amountIn)
            : (before.collateral - trade.amountIn - trade.reward, before.debt - trade.amountOut);
        uint256 equityAfter = LeverageMath.equityDown(collateralAfter, debtAfter, before.price);
        uint256 leverageAfter = LeverageMath.leverage(collateralAfter, equityAfter);
        // The trade's size is judged at the oracle and constant equity, as if it had cost nothing;
        // its real cost (and any reward) is bounded separately by the equity-loss check.
        uint256 collateralTraded = status.leverUp
            ? before.collateral + trade.amountOut
            : before.collateral - Math.min(before.collateral, trade.oracleImpliedAmountIn);
        uint256 leverageTraded = LeverageMath.leverage(collateralTraded, before.equity);
        _checkRebalanceResult(before, status, risk, leverageAfter, leverageTraded, equityAfter, trade);

        bool reachedAim = LeverageMath.distance(leverageTraded, aim) <= LEVERAGE_TOLERANCE;
        // Collateral sent straight to the vault joins the position only now: the decision and its checks
        // use the position the views showed (`rebalanceStatus`, `canRebalance`).
        _supplyStrayCollateral();
        LeveragedVaultLayout.VaultState storage state = _layout().state;
        state.lastRebalanceAt = uint40(block.timestamp);
        state.outOfBandSince = 0;
        state.iterationAim = reachedAim ? 0 : uint64(aim);
        emit Rebalanced(
            caller,
            action,
            before.leverage,
            leverageAfter,
            trade.amountIn,
            trade.amountOut,
            trade.oracleImpliedAmountIn,
            trade.reward
        );
    }

    /// @dev Buys (lever up) or sells (delever) `status.collateralToTrade` against the oracle-bounded
    /// amount of debt, and pays the emergency reward to `caller`. `depth`: the venue's, at `before.price`.
    function _rebalanceTrade(
        PositionState memory before,
        RebalanceStatus memory status,
        RiskParameters memory risk,
        uint256 depth,
        address caller
    )
        internal
        returns (TradeResult memory trade)
    {
        if (status.leverUp) {
            trade.amountOut = status.collateralToTrade;
            trade.oracleImpliedAmountIn = trade.amountOut.collateralToDebtUp(before.price);
            uint256 maxDebtIn = _maxAmountIn(true, trade.amountOut, before.price, depth, risk.maxSlippageBps);
            trade.maxCost = maxDebtIn.debtToCollateralUp(before.price) - trade.amountOut;
            trade.amountIn = _buyCollateral(trade.amountOut, trade.amountOut, maxDebtIn);
            return trade;
        }
        bool emergency = status.action == RebalanceAction.Emergency;
        trade.amountOut = Math.min(status.collateralToTrade.collateralToDebtDown(before.price), before.debt);
        trade.oracleImpliedAmountIn = trade.amountOut.debtToCollateralUp(before.price);
        uint256 maxCollateralIn =
            _maxAmountIn(false, trade.amountOut, before.price, depth, emergency ? _unblockable(risk.maxSlippageBps) : risk.maxSlippageBps);
        trade.maxCost = maxCollateralIn - trade.oracleImpliedAmountIn;
        trade.amountIn = _sellCollateral(trade.amountOut, 0, maxCollateralIn, trade.amountOut >= before.debt);
        if (emergency) {
            // At the oracle, not at what the venue charged: pushing the pool cannot inflate the reward.
            trade.reward = Math.min(LeverageMath.bpsOfDown(trade.oracleImpliedAmountIn, risk.emergencyRewardBps), _layout().risk.maxEmergencyReward);
            if (trade.reward > 0) _withdrawCollateral(trade.reward, caller);
        }
    }

    /// @dev Post-trade checks: toward the target, without overshooting it at constant equity (the
    /// trade's size; its cost then moves leverage a little further, bounded by the equity-loss check),
    /// below the emergency threshold for routine trades, and no more equity lost than the slippage
    /// bound plus reward.
    function _checkRebalanceResult(
        PositionState memory before,
        RebalanceStatus memory status,
        RiskParameters memory risk,
        uint256 leverageAfter,
        uint256 leverageTraded,
        uint256 equityAfter,
        TradeResult memory trade
    ) internal pure {
        uint256 target = status.targetLeverage;
        bool closer = LeverageMath.distance(leverageAfter, target) < LeverageMath.distance(before.leverage, target);
        bool overshot = status.leverUp ? leverageTraded > target + LEVERAGE_TOLERANCE : leverageTraded + LEVERAGE_TOLERANCE < target;
        if (!closer || overshot) revert RebalanceMissedTarget(before.leverage, leverageAfter, target);
        if (status.action != RebalanceAction.Emergency && leverageAfter >= risk.emergencyLeverage) {
            revert LeverageAboveEmergency(leverageAfter, risk.emergencyLeverage);
        }
        uint256 maxLoss = trade.maxCost + trade.reward + ROUNDING_MARGIN;
        uint256 loss = before.equity > equityAfter ? before.equity - equityAfter : 0;
        if (loss > maxLoss) revert EquityLossTooHigh(loss, maxLoss);
    }

    /// @dev The action due for a snapshot, the aim of the (possibly chunked) move, and the venue's depth
    /// at the snapshot's price when a trade is due (0 otherwise), for the trade's bound.
    function _rebalanceStatus(PositionState memory s, RiskParameters memory risk)
        internal
        view
        returns (RebalanceStatus memory status, uint256 aim, uint256 depth)
    {
        status.leverage = s.leverage;
        status.targetLeverage = risk.targetLeverage;
        status.minLeverage = risk.minLeverage;
        status.maxLeverage = risk.maxLeverage;
        status.emergencyLeverage = risk.emergencyLeverage;
        LeveragedVaultLayout.VaultState storage state = _layout().state;
        status.readyAt = uint256(state.lastRebalanceAt) + risk.cooldown;
        if (state.outOfBandSince != 0) {
            status.permissionlessAt =
                RebalanceRules.permissionlessAt(state.outOfBandSince, _layout().lastOutOfBandReportAt, risk.gracePeriod);
        }
        status.nextLeverage = s.leverage;
        if (s.collateral == 0) return (status, s.leverage, 0);

        // An iteration continues while leverage is still short of its aim, on the target's side.
        uint256 iterationAim = state.iterationAim;
        bool iterating = iterationAim != 0
            && (
                (iterationAim <= risk.targetLeverage && s.leverage + LEVERAGE_TOLERANCE < iterationAim)
                    || (iterationAim >= risk.targetLeverage && s.leverage > iterationAim + LEVERAGE_TOLERANCE)
            );
        if (s.leverage >= risk.emergencyLeverage) {
            status.action = RebalanceAction.Emergency;
            aim = risk.targetLeverage;
        } else if (iterating) {
            status.action = RebalanceAction.Iterate;
            aim = iterationAim;
        } else if (s.leverage < risk.minLeverage || s.leverage > risk.maxLeverage) {
            status.action = RebalanceAction.Rebalance;
            aim = LeverageMath.recentered(s.leverage, risk.targetLeverage, risk.recenteringSpeedBps);
        } else {
            return (status, s.leverage, 0);
        }

        (uint256 amount, bool leverUp) = LeverageMath.collateralToTrade(s.collateral, s.equity, aim);
        // No bigger than what the venue's own fee makes unprofitable to sandwich: a sandwich around a
        // trade of T on a venue `depth` deep nets about `push * (T - fee * depth)` after the venue's fees.
        // `maxTradeSize` bounds routine trades only: no guardian setting can shrink the emergency delever.
        depth = _venueDepth(s.price);
        uint256 sandwichProof = LeverageMath.mulDivDown(depth, _venueFee(), WAD);
        if (status.action != RebalanceAction.Emergency) sandwichProof = Math.min(sandwichProof, risk.maxTradeSize);
        amount = Math.min(amount, sandwichProof);
        status.leverUp = leverUp;
        status.collateralToTrade = amount;
        uint256 collateralNext = leverUp ? s.collateral + amount : s.collateral - amount;
        status.nextLeverage = LeverageMath.leverage(collateralNext, s.equity);
    }

    /* VIEWS */

    /// @inheritdoc ILeveragedVaultCore
    function positionState() external view returns (PositionState memory) {
        return _snapshot(false);
    }

    /// @inheritdoc ILeveragedVaultCore
    function swapVenue() external view returns (address) {
        return _venueAddress();
    }

    /// @inheritdoc ILeveragedVaultCore
    function borrowLeverage() external view returns (uint256) {
        return _borrowLeverage();
    }

    /// @inheritdoc ILeveragedVaultCore
    function liquidationLeverage() public view returns (uint256) {
        (uint256 liquidationLtv,) = _ltvs();
        return LeverageMath.liquidationLeverage(liquidationLtv);
    }

    /* INTERNAL: SNAPSHOTS AND PRICES */

    /// @dev The position (interest projected to this block) at the oracle price; `strict` reverts
    /// on any price fault, and without it (views, exits, delevering) this never reverts.
    function _snapshot(bool strict) internal view returns (PositionState memory s) {
        (s.collateral, s.debt) = _position();
        (s.price, s.priceHealthy) = _readPrice(strict);
        s.equity = LeverageMath.equityDown(s.collateral, s.debt, s.price);
        s.leverage = LeverageMath.leverage(s.collateral, s.equity);
    }

    /// @dev Collateral tokens sent straight to the vault join the position, for every holder. Not
    /// before the first deposit: tokens sent to an empty vault then go to its first depositors.
    /// Never more than the market accepts: a full supply cap (or a frozen reserve) leaves the rest
    /// waiting in the vault rather than blocking the flow, an exit above all.
    function _supplyStrayCollateral() internal {
        uint256 stray = _collateralToken.balanceOf(address(this));
        if (stray == 0 || totalSupply() == 0) return;
        stray = Math.min(stray, _supplyCapacity());
        if (stray != 0) _supplyCollateral(stray);
    }

    /// @dev Equity gained since `before`, at its price.
    function _equityGain(PositionState memory before) internal view returns (uint256) {
        (uint256 collateral, uint256 debt) = _position();
        uint256 equityAfter = LeverageMath.equityDown(collateral, debt, before.price);
        return equityAfter > before.equity ? equityAfter - before.equity : 0;
    }

    /// @dev The oracle price (1e36 scale) and whether every check passed; see `OracleReader.read`.
    /// When a check fails (and `strict` is off) the price is the venue's time-weighted one: it does
    /// not depend on the failed feed and cannot be moved within a block, so `totalAssets` never jumps
    /// on a bad answer, and exits and the emergency delever trade against the market as it is.
    function _readPrice(bool strict) internal view returns (uint256 price, bool healthy) {
        (price, healthy) = OracleReader.read(address(collateralFeed), address(debtFeed), address(sequencerFeed), _priceScale, strict);
        if (!healthy) price = _venueMeanPrice();
    }

    /// @dev Refuses to trade when the venue's price is further than `maxDeviationBps` from the oracle.
    function _checkVenuePrice(uint256 venuePrice, uint256 oraclePrice, uint256 maxDeviationBps) internal pure {
        if (_deviates(venuePrice, oraclePrice, maxDeviationBps)) revert PoolPriceDeviation(venuePrice, oraclePrice, maxDeviationBps);
    }

    function _deviates(uint256 venuePrice, uint256 oraclePrice, uint256 maxDeviationBps) internal pure returns (bool) {
        return LeverageMath.distance(venuePrice, oraclePrice) * BPS > oraclePrice * maxDeviationBps;
    }

    /* INTERNAL: TRADES */

    /// @dev Levers `assets` (already held) to the deposit leverage: buys the extra collateral with
    /// borrowed debt inside the swap callback. Returns collateral supplied and debt added.
    function _leverDeposit(uint256 assets, PositionState memory s, RiskParameters memory risk, uint256 depth)
        internal
        returns (uint256 collateralAdded, uint256 debtAdded)
    {
        uint256 toBuy = _collateralToBuy(assets, _depositLeverage(s, risk));
        if (toBuy == 0) {
            _supplyCollateral(assets);
            return (assets, 0);
        }
        debtAdded = _buyCollateral(toBuy, assets + toBuy, _maxAmountIn(true, toBuy, s.price, depth, risk.maxSlippageBps));
        collateralAdded = assets + toBuy;
    }

    /// @dev Takes the slice `shares / supply` of the position out: repays its debt by selling collateral
    /// from it (a dust slice leaves collateral worth its debt instead), and returns the collateral left,
    /// now in the vault, with the collateral and the debt the position lost. `depth`: the venue's, at `s.price`.
    function _exitSlice(uint256 shares, uint256 supply, PositionState memory s, uint256 depth)
        internal
        returns (uint256 freed, uint256 collateralRemoved, uint256 debtRepaid)
    {
        uint256 maxCollateralIn;
        (collateralRemoved, debtRepaid, maxCollateralIn) = _exitQuote(shares, supply, s, depth);
        if (debtRepaid == 0) {
            // No swap: the debt stays, and so does collateral worth it.
            freed = collateralRemoved > maxCollateralIn ? collateralRemoved - maxCollateralIn : 0;
            if (freed != 0) _withdrawCollateral(freed, address(this));
            return (freed, freed, 0);
        }
        maxCollateralIn = Math.min(collateralRemoved, maxCollateralIn);
        freed = collateralRemoved - _sellCollateral(debtRepaid, collateralRemoved, maxCollateralIn, debtRepaid >= s.debt);
    }

    /// @dev The slice `shares / supply` of the position, and the most collateral its debt may cost: the
    /// venue's fee and the trade's impact at the price plus a tolerance no role can shrink below
    /// `UNBLOCKABLE_TOLERANCE_BPS`. A dust slice (debt, or its value in collateral, under `DUST_DEBT` raw
    /// units, where rounding would break a swap's bound) repays no debt (`debtSlice` 0); its cost is the
    /// collateral that stays behind: the debt's exact share at the price over the liquidation LTV.
    /// `depth`: the venue's, at `s.price`.
    function _exitQuote(uint256 shares, uint256 supply, PositionState memory s, uint256 depth)
        internal
        view
        returns (uint256 collateralSlice, uint256 debtSlice, uint256 maxCollateralIn)
    {
        collateralSlice = LeverageMath.mulDivDown(s.collateral, shares, supply);
        debtSlice = LeverageMath.mulDivUp(s.debt, shares, supply);
        uint256 debtValue = LeverageMath.mulDivUp(s.debt.debtToCollateralUp(s.price), shares, supply);
        if (debtSlice < DUST_DEBT || debtValue < DUST_DEBT) {
            // Dust: no debt is repaid, and the collateral left keeps the rest of the position as
            // healthy: the debt's value over the liquidation LTV.
            debtSlice = 0;
            (uint256 liquidationLtv,) = _ltvs();
            maxCollateralIn = LeverageMath.mulDivUp(debtValue, WAD, liquidationLtv);
        } else {
            maxCollateralIn = _maxAmountIn(false, debtSlice, s.price, depth, _unblockable(_layout().risk.maxSlippageBps));
        }
    }

    /// @dev Buys exactly `collateralOut`; the settlement supplies `collateralToSupply` and borrows what
    /// the venue asks for (at most `maxDebtIn`) straight to it. Returns the debt added.
    function _buyCollateral(uint256 collateralOut, uint256 collateralToSupply, uint256 maxDebtIn) internal returns (uint256) {
        return _swapExactOutput(true, collateralOut, abi.encode(collateralToSupply, maxDebtIn, false));
    }

    /// @dev Buys exactly `debtOut` with collateral; the settlement repays it (all of the debt when
    /// `repayAll`) and withdraws `collateralToWithdraw` into the vault (0: exactly what the venue asks
    /// for, straight to it). Pays at most `maxCollateralIn`. Returns the collateral paid.
    function _sellCollateral(uint256 debtOut, uint256 collateralToWithdraw, uint256 maxCollateralIn, bool repayAll)
        internal
        returns (uint256)
    {
        return _swapExactOutput(false, debtOut, abi.encode(collateralToWithdraw, maxCollateralIn, repayAll));
    }

    /// @dev The venue delivered `amountOut` and is owed `amountIn` at `payee`: bounded by the slippage
    /// limit the flow encoded, then the lending-market legs pay it.
    function _settleSwap(bool buyCollateral, uint256 amountIn, uint256 amountOut, address payee, bytes memory data)
        internal
        override
    {
        (uint256 amount, uint256 maxIn, bool repayAll) = abi.decode(data, (uint256, uint256, bool));
        if (amountIn > maxIn) revert SwapSlippageExceeded(amountIn, maxIn);
        if (buyCollateral) {
            _supplyCollateral(amount);
            _borrow(amountIn, payee);
        } else {
            _repay(amountOut, repayAll);
            if (amount == 0) {
                _withdrawCollateral(amountIn, payee);
            } else {
                _withdrawCollateral(amount, address(this));
                _collateralToken.safeTransfer(payee, amountIn);
            }
        }
    }

    /* INTERNAL: HELPERS */

    /// @dev `previewDeposit` at snapshot `s`: assumes the swap costs the full slippage bound.
    function _previewDeposit(PositionState memory s, RiskParameters memory risk, uint256 assets) internal view returns (uint256) {
        uint256 worstCost = _worstDepositCost(assets, s, risk);
        if (assets <= worstCost) return 0;
        return _sharesForEquity(assets - worstCost, s.equity, Math.Rounding.Floor);
    }

    /// @dev `previewRedeem` at snapshot `s`: the slice of collateral less the most its debt may cost.
    function _previewRedeem(PositionState memory s, uint256 shares, uint256 depth) internal view returns (uint256) {
        (uint256 collateralOut,, uint256 maxCollateralIn) = _exitQuote(shares, _virtualSupply(), s, depth);
        return collateralOut > maxCollateralIn ? collateralOut - maxCollateralIn : 0;
    }

    /// @dev `maxWithdraw` at snapshot `s`: 0 while the price is unhealthy, else what redeeming the
    /// owner's shares surely frees, less a rounding margin.
    function _maxWithdraw(PositionState memory s, address owner, uint256 depth) internal view returns (uint256) {
        if (!s.priceHealthy) return 0;
        uint256 assets = _previewRedeem(s, balanceOf(owner), depth);
        uint256 margin = _roundingMargin(s.price);
        return assets > margin ? assets - margin : 0;
    }

    /// @dev `maxDeposit` at snapshot `s`, with the venue's price and its depth at `s.price`, except the
    /// room under the market's supply cap (`_withinSupplyCap`): a deposit leaves that check to the
    /// market, which makes it anyway (`_supplyCollateral` names the room when it refuses), where
    /// replaying it would cost a deposit on Aave v3 about 16k gas. The views count it.
    function _maxDeposit(PositionState memory s, RiskParameters memory risk, uint256 venuePrice, uint256 depth)
        internal
        view
        returns (uint256)
    {
        LeveragedVaultLayout.VaultState storage state = _layout().state;
        if (state.depositsPaused || state.windDownActive || !s.priceHealthy) return 0;
        // The dust the virtual shares keep after every holder left may sit at any leverage; a first
        // deposit levers to the target regardless, so only a live position blocks on emergency.
        if (totalSupply() != 0 && s.leverage >= risk.emergencyLeverage) return 0;
        uint256 depositCap = _layout().risk.depositCap;
        uint256 room = depositCap > s.equity ? depositCap - s.equity : 0;
        uint256 depositLeverage = _depositLeverage(s, risk);
        if (depositLeverage <= WAD) return room;
        // A borrow at the deposit's leverage must stay within the market's borrow LTV.
        if (depositLeverage >= _borrowLeverage()) return 0;
        // A deposit buys collateral on the venue: the venue must sit within the deviation bound and no
        // further above the price than the slippage tolerance, or the swap's checks refuse it.
        if (_deviates(venuePrice, s.price, risk.maxPoolDeviationBps) || venuePrice * BPS > s.price * (BPS + risk.maxSlippageBps)) return 0;
        // The collateral it buys must move the venue by no more than the slippage tolerance...
        uint256 feeFactor = WAD + LeverageMath.mulDivDown(depositLeverage, _venueFee(), WAD);
        uint256 maxToBuy = LeverageMath.maxOutWithinImpact(depth, risk.maxSlippageBps);
        room = Math.min(room, LeverageMath.mulDivDown(maxToBuy, feeFactor, depositLeverage - WAD));
        // ...and the debt it borrows, at twice that (fee, impact and tolerance), must fit in what the market can lend.
        uint256 borrowableCollateral = _borrowCapacity().debtToCollateralDown(s.price);
        uint256 liquidityCap =
            LeverageMath.mulDivDown(borrowableCollateral, WAD * BPS, (depositLeverage - WAD) * (BPS + 2 * risk.maxSlippageBps + BPS * _venueFee() / WAD));
        return Math.min(room, liquidityCap);
    }

    /// @dev `max`, at most what the market's supply cap lets a deposit at snapshot `s` add: the
    /// collateral it supplies is at most `assets` times the deposit's leverage.
    function _withinSupplyCap(PositionState memory s, RiskParameters memory risk, uint256 max) internal view returns (uint256) {
        return Math.min(max, LeverageMath.mulDivDown(_supplyCapacity(), WAD, _depositLeverage(s, risk)));
    }

    /// @dev Deposits keep the vault's current leverage. The first one (no shares yet, even if someone
    /// supplied collateral for the vault) or one into a position without equity uses the target.
    function _depositLeverage(PositionState memory s, RiskParameters memory risk) internal view returns (uint256) {
        return totalSupply() == 0 || s.equity == 0 ? risk.targetLeverage : s.leverage;
    }

    /// @dev Collateral a deposit of `assets` buys so that, after paying the venue fee out of equity,
    /// the position is still at `leverage`: `b = assets·(L−1) / (1 + L·fee)`.
    function _collateralToBuy(uint256 assets, uint256 leverage) internal view returns (uint256) {
        return LeverageMath.mulDivDown(assets, leverage - WAD, WAD + LeverageMath.mulDivDown(leverage, _venueFee(), WAD));
    }

    /// @dev Amount a mint levers so that its equity gain after the venue fee is `equityNeeded`:
    /// `x = e·(1 + L·fee) / (1 + fee)`.
    function _mintLeveredAmount(uint256 equityNeeded, uint256 leverage) internal view returns (uint256) {
        uint256 fee = _venueFee();
        return LeverageMath.mulDivUp(equityNeeded, WAD + LeverageMath.mulDivDown(leverage, fee, WAD), WAD + fee);
    }

    /// @dev Equity of the slice a withdrawal of `assets` delevers, so that what the slice frees after
    /// the venue fee is `assets`: `assets / (1 − (L−1)·fee)`.
    function _withdrawSliceEquity(uint256 assets, uint256 leverage) internal view returns (uint256) {
        if (leverage <= WAD) return assets;
        return LeverageMath.mulDivDown(assets, WAD, WAD - LeverageMath.mulDivDown(leverage - WAD, _venueFee(), WAD));
    }

    /// @dev Equity a deposit of `assets` loses at most: the slippage bound on what it buys, plus rounding.
    function _worstDepositCost(uint256 assets, PositionState memory s, RiskParameters memory risk) internal view returns (uint256) {
        uint256 toBuy = _collateralToBuy(assets, _depositLeverage(s, risk));
        if (toBuy == 0) return 0;
        uint256 maxDebtIn = _maxAmountIn(true, toBuy, s.price, _venueDepth(s.price), risk.maxSlippageBps);
        return maxDebtIn.debtToCollateralUp(s.price) - toBuy + _roundingMargin(s.price);
    }

    /// @dev What rounding may cost a flow at `price`, in collateral: a few wei of collateral plus a few
    /// units of the debt token (worth far more than a wei of collateral when the debt token has fewer decimals).
    function _roundingMargin(uint256 price) internal pure returns (uint256) {
        return ROUNDING_MARGIN + DEBT_ROUNDING_UNITS.debtToCollateralUp(price);
    }

    /// @dev The most a trade for exactly `amountOut` may pay: what the venue charges for it at `price`
    /// (its fee and the trade's own impact at the venue's `depth` there), plus `toleranceBps` for the
    /// venue sitting off the price. A sandwich that pushes the venue further makes the trade revert.
    function _maxAmountIn(bool buyCollateral, uint256 amountOut, uint256 price, uint256 depth, uint256 toleranceBps)
        internal
        view
        returns (uint256)
    {
        uint256 expected = LeverageMath.venueAmountIn(buyCollateral, amountOut, price, depth, _venueFee());
        if (expected == type(uint256).max) revert VenueTooShallow(amountOut, depth);
        return LeverageMath.addBpsUp(expected, toleranceBps);
    }

    /// @dev A tolerance of the trades no role may block, never below `UNBLOCKABLE_TOLERANCE_BPS`.
    function _unblockable(uint256 toleranceBps) internal pure returns (uint256) {
        return Math.max(toleranceBps, UNBLOCKABLE_TOLERANCE_BPS);
    }

    function _sharesForEquity(uint256 equity, uint256 totalEquity, Math.Rounding rounding) internal view returns (uint256) {
        return Math.mulDiv(equity, _virtualSupply(), totalEquity + 1, rounding);
    }

    function _equityForShares(uint256 shares, uint256 totalEquity, Math.Rounding rounding) internal view returns (uint256) {
        return Math.mulDiv(shares, totalEquity + 1, _virtualSupply(), rounding);
    }

    /// @dev Total supply plus the virtual shares of the inflation defence.
    function _virtualSupply() internal view returns (uint256) {
        return totalSupply() + _virtualShares;
    }

    function _decimalsOffset() internal view override returns (uint8) {
        return _offset;
    }

    /// @dev Parameters in force. During wind-down the vault aims for 1x at full speed. When the market
    /// lowers its LTVs under a live vault (Aave v3 governance can), the emergency threshold follows the
    /// same share of the live liquidation leverage that `ParameterRules` allows, and the band and the
    /// target come down under it and under the live borrow limit; never below 1x.
    /// `depositCap` and `maxEmergencyReward` are left 0: they fill a storage slot of their own, which only
    /// a deposit and an emergency delever read, from storage.
    function _effectiveRisk() internal view returns (RiskParameters memory risk) {
        RiskParameters storage stored = _layout().risk;
        risk = RiskParameters(
            stored.targetLeverage,
            stored.minLeverage,
            stored.maxLeverage,
            stored.emergencyLeverage,
            stored.recenteringSpeedBps,
            stored.maxSlippageBps,
            stored.maxPoolDeviationBps,
            stored.emergencyRewardBps,
            stored.cooldown,
            stored.gracePeriod,
            stored.maxTradeSize,
            0,
            0
        );
        if (_layout().state.windDownActive) {
            risk.targetLeverage = uint64(WAD);
            risk.minLeverage = uint64(WAD);
            risk.maxLeverage = uint64(WAD + WIND_DOWN_TOLERANCE);
            risk.recenteringSpeedBps = uint16(BPS);
            return risk;
        }
        (uint256 liquidationLtv, uint256 borrowLtv) = _ltvs();
        uint256 liquidationLeverage_ = LeverageMath.liquidationLeverage(liquidationLtv);
        // One LTV for both (Morpho Blue's LLTV): the leverage is computed once.
        uint256 borrowLeverage_ = borrowLtv == liquidationLtv ? liquidationLeverage_ : LeverageMath.liquidationLeverage(borrowLtv);
        uint256 emergencyCap = Math.max(ParameterRules.emergencyCap(liquidationLeverage_), WAD + 1);
        if (risk.emergencyLeverage > emergencyCap) risk.emergencyLeverage = uint64(emergencyCap);
        uint256 bandCap = Math.max(Math.min(borrowLeverage_, risk.emergencyLeverage - 1), WAD);
        if (risk.maxLeverage > bandCap) risk.maxLeverage = uint64(bandCap);
        if (risk.targetLeverage > risk.maxLeverage) risk.targetLeverage = risk.maxLeverage;
        if (risk.minLeverage > risk.targetLeverage) risk.minLeverage = risk.targetLeverage;
    }

    /// @dev `1 / (1 - borrow LTV)`: the leverage above which the market refuses to lend.
    function _borrowLeverage() internal view returns (uint256) {
        (, uint256 borrowLtv) = _ltvs();
        return LeverageMath.liquidationLeverage(borrowLtv);
    }

    function _checkDeadline(uint256 deadline) private view {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
    }

    function _bubble(bytes memory reason) private pure {
        assembly ("memory-safe") {
            revert(add(reason, 32), mload(reason))
        }
    }

}
