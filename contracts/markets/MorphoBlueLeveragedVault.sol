// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {
    IMorphoBlueMinimal,
    IMorphoIrmMinimal,
    MorphoMarketParams,
    MorphoMarketState
} from "../interfaces/external/IMorphoBlueMinimal.sol";
import {LeveragedVault} from "../vault/LeveragedVault.sol";

/// @title MorphoBlueLeveragedVault
/// @notice A leveraged vault whose position lives on one Morpho Blue market: the market's collateral
/// token is the vault's asset and its loan token is the vault's debt.
/// @dev Implements the `LendingMarket` hooks. Debt is `borrowShares` converted up with Morpho's
/// virtual shares, exactly what repaying by shares costs, with interest projected the way
/// `accrueInterest` would add it (rate from the IRM's `borrowRateView`, third-order Taylor
/// compounding), so the vault never pays for a separate accrual call: Morpho accrues inside the
/// borrow or repay a flow makes anyway.
contract MorphoBlueLeveragedVault is LeveragedVault {
    using SafeERC20 for IERC20;

    /// @dev Morpho Blue's virtual shares and assets (SharesMathLib).
    uint256 private constant VIRTUAL_SHARES = 1e6;
    uint256 private constant VIRTUAL_ASSETS = 1;

    IMorphoBlueMinimal public immutable morpho;
    bytes32 public immutable marketId;
    address private immutable _marketOracle;
    address private immutable _irm;
    uint256 private immutable _lltv;

    constructor(VaultConfig memory config, IMorphoBlueMinimal morpho_, MorphoMarketParams memory market)
        LeveragedVault(config)
    {
        if (market.collateralToken != address(config.collateralToken) || market.loanToken != address(config.debtToken)) {
            revert InvalidConfiguration("market tokens differ from the vault's collateral and debt");
        }
        if (market.lltv == 0 || market.lltv >= 1e18) revert InvalidConfiguration("market lltv");
        morpho = morpho_;
        marketId = keccak256(abi.encode(market));
        _marketOracle = market.oracle;
        _irm = market.irm;
        _lltv = market.lltv;
        (,,,, uint128 lastUpdate,) = morpho_.market(marketId);
        if (lastUpdate == 0) revert InvalidConfiguration("market not created on Morpho");

        config.collateralToken.forceApprove(address(morpho_), type(uint256).max);
        config.debtToken.forceApprove(address(morpho_), type(uint256).max);
        _initializeParameters(config.risk, config.oracle);
    }

    /// @notice The Morpho Blue market the vault's position lives on.
    function marketParams() public view returns (MorphoMarketParams memory) {
        return MorphoMarketParams(address(debtToken), asset(), _marketOracle, _irm, _lltv);
    }

    /* LENDING MARKET HOOKS */

    function _position() internal view override returns (uint256 collateral, uint256 debt) {
        (, uint128 borrowShares, uint128 collateralHeld) = morpho.position(marketId, address(this));
        return (collateralHeld, _debtOf(borrowShares));
    }

    function _supplyCollateral(uint256 amount) internal override {
        morpho.supplyCollateral(marketParams(), amount, address(this), "");
    }

    function _withdrawCollateral(uint256 amount, address receiver) internal override {
        morpho.withdrawCollateral(marketParams(), amount, address(this), receiver);
    }

    function _borrow(uint256 amount, address receiver) internal override {
        morpho.borrow(marketParams(), amount, 0, address(this), receiver);
    }

    /// @dev Repaying the whole debt goes by shares: repaying it by assets can round to one share
    /// more than the position owes and revert.
    function _repay(uint256 amount) internal override {
        (, uint128 borrowShares,) = morpho.position(marketId, address(this));
        if (amount >= _debtOf(borrowShares)) {
            morpho.repay(marketParams(), 0, borrowShares, address(this), "");
        } else {
            morpho.repay(marketParams(), amount, 0, address(this), "");
        }
    }

    function _availableLiquidity() internal view override returns (uint256) {
        MorphoMarketState memory state = _marketState();
        return state.totalSupplyAssets > state.totalBorrowAssets ? state.totalSupplyAssets - state.totalBorrowAssets : 0;
    }

    function _liquidationLtv() internal view override returns (uint256) {
        return _lltv;
    }

    /* MORPHO ARITHMETIC */

    /// @dev Assets that `borrowShares` owe once interest is accrued to this block (rounded up, as
    /// Morpho charges a repayment by shares).
    function _debtOf(uint256 borrowShares) private view returns (uint256) {
        MorphoMarketState memory state = _marketState();
        uint256 totalBorrowAssets = state.totalBorrowAssets + _projectedInterest(state);
        return _toAssetsUp(borrowShares, totalBorrowAssets, state.totalBorrowShares);
    }

    function _marketState() private view returns (MorphoMarketState memory state) {
        (
            state.totalSupplyAssets,
            state.totalSupplyShares,
            state.totalBorrowAssets,
            state.totalBorrowShares,
            state.lastUpdate,
            state.fee
        ) = morpho.market(marketId);
    }

    /// @dev Interest `accrueInterest` would add now: `totalBorrowAssets * taylor(rate * elapsed)`.
    /// Returns 0 if the IRM's view reverts, so views never revert.
    function _projectedInterest(MorphoMarketState memory state) private view returns (uint256) {
        uint256 elapsed = block.timestamp - state.lastUpdate;
        if (elapsed == 0 || _irm == address(0) || state.totalBorrowAssets == 0) return 0;
        try IMorphoIrmMinimal(_irm).borrowRateView(marketParams(), state) returns (uint256 rate) {
            uint256 firstTerm = rate * elapsed;
            uint256 secondTerm = Math.mulDiv(firstTerm, firstTerm, 2e18);
            uint256 thirdTerm = Math.mulDiv(secondTerm, firstTerm, 3e18);
            return Math.mulDiv(state.totalBorrowAssets, firstTerm + secondTerm + thirdTerm, 1e18);
        } catch {
            return 0;
        }
    }

    function _toAssetsUp(uint256 shares, uint256 totalAssets_, uint256 totalShares) private pure returns (uint256) {
        return Math.mulDiv(shares, totalAssets_ + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES, Math.Rounding.Ceil);
    }
}
