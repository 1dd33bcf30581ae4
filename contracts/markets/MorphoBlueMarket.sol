// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {
    IMorphoBlueMinimal,
    MorphoMarketParams,
    MorphoMarketState
} from "../interfaces/external/IMorphoBlueMinimal.sol";
import {LendingMarket} from "./LendingMarket.sol";
import {MorphoBlueInterest} from "./MorphoBlueInterest.sol";

/// @title MorphoBlueMarket
/// @notice The `LendingMarket` hooks for one Morpho Blue market: the market's collateral token is the
/// vault's asset and its loan token is the vault's debt.
/// @dev Debt is `borrowShares` converted up with Morpho's virtual shares, exactly what repaying by
/// shares costs. A flow accrues the market's interest first (Morpho would accrue it inside the flow's
/// borrow or repay anyway), so it reads the debt as stored; views project the interest instead
/// (`MorphoBlueInterest`, a linked library). Morpho Blue has no caps and
/// its LLTV is fixed per market, so the borrow LTV and the liquidation LTV are both the LLTV.
abstract contract MorphoBlueMarket is LendingMarket {
    using SafeERC20 for IERC20;

    /// @dev Morpho Blue's virtual shares and assets (SharesMathLib).
    uint256 private constant VIRTUAL_SHARES = 1e6;
    uint256 private constant VIRTUAL_ASSETS = 1;

    /// @notice The Morpho Blue instance.
    IMorphoBlueMinimal public immutable morpho;
    /// @notice The id of the vault's market, `keccak256(abi.encode(marketParams()))`.
    bytes32 public immutable marketId;
    address private immutable _marketLoanToken;
    address private immutable _marketCollateralToken;
    address private immutable _marketOracle;
    address private immutable _irm;
    uint256 private immutable _lltv;

    constructor(IMorphoBlueMinimal morpho_, MorphoMarketParams memory market) {
        if (market.lltv == 0 || market.lltv >= 1e18) revert ILeveragedVaultTypes.InvalidConfiguration("market lltv");
        morpho = morpho_;
        bytes32 id = keccak256(abi.encode(market));
        marketId = id;
        _marketLoanToken = market.loanToken;
        _marketCollateralToken = market.collateralToken;
        _marketOracle = market.oracle;
        _irm = market.irm;
        _lltv = market.lltv;
        (,,,, uint128 lastUpdate,) = morpho_.market(id);
        if (lastUpdate == 0) revert ILeveragedVaultTypes.InvalidConfiguration("market not created on Morpho");
        IERC20(market.collateralToken).forceApprove(address(morpho_), type(uint256).max);
        IERC20(market.loanToken).forceApprove(address(morpho_), type(uint256).max);
    }

    /// @notice The Morpho Blue market the vault's position lives on.
    function marketParams() public view returns (MorphoMarketParams memory) {
        return MorphoMarketParams(_marketLoanToken, _marketCollateralToken, _marketOracle, _irm, _lltv);
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

    function _accrueInterest() internal override {
        morpho.accrueInterest(marketParams());
    }

    function _borrow(uint256 amount, address receiver) internal override {
        morpho.borrow(marketParams(), amount, 0, address(this), receiver);
    }

    /// @dev Repaying the whole debt goes by shares: repaying it by assets can round to one share
    /// more than the position owes and revert.
    function _repay(uint256 amount, bool repayAll) internal override {
        uint256 shares;
        if (repayAll) (, shares,) = morpho.position(marketId, address(this));
        morpho.repay(marketParams(), repayAll ? 0 : amount, shares, address(this), "");
    }

    function _borrowCapacity() internal view override returns (uint256) {
        MorphoMarketState memory state = _marketState();
        return state.totalSupplyAssets > state.totalBorrowAssets ? state.totalSupplyAssets - state.totalBorrowAssets : 0;
    }

    function _supplyCapacity() internal pure override returns (uint256) {
        return type(uint256).max;
    }

    function _liquidationLtv() internal view override returns (uint256) {
        return _lltv;
    }

    function _borrowLtv() internal view override returns (uint256) {
        return _lltv;
    }

    /* MORPHO ARITHMETIC */

    /// @dev Assets that `borrowShares` owe once interest is accrued to this block (rounded up, as
    /// Morpho charges a repayment by shares).
    function _debtOf(uint256 borrowShares) private view returns (uint256) {
        if (borrowShares == 0) return 0;
        MorphoMarketState memory state = _marketState();
        // Flows accrue first (`_accrueInterest`), so only views pay for the projection.
        uint256 totalBorrowAssets = state.totalBorrowAssets;
        if (state.lastUpdate != block.timestamp) totalBorrowAssets += MorphoBlueInterest.projected(_irm, marketParams(), state);
        return Math.mulDiv(borrowShares, totalBorrowAssets + VIRTUAL_ASSETS, state.totalBorrowShares + VIRTUAL_SHARES, Math.Rounding.Ceil);
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

}
