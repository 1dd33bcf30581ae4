// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Panic} from "@openzeppelin/contracts/utils/Panic.sol";

/// @title LeverageMath
/// @notice Pure arithmetic of a leveraged position. `price` is one raw collateral unit in raw debt
/// units times 1e36; leverages are WAD. Rounding direction is in each name.
library LeverageMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant PRICE_SCALE = 1e36;
    uint256 internal constant BPS = 10_000;

    /// @notice `a * b / denominator`, rounded down and exact. When both factors fit in 128 bits their
    /// product cannot overflow, so it is the plain product (the common case: amounts, WAD leverages,
    /// 1e36 prices); otherwise OpenZeppelin's 512-bit `Math.mulDiv`. Reverts on a zero denominator.
    function mulDivDown(uint256 a, uint256 b, uint256 denominator) internal pure returns (uint256 result) {
        if ((a | b) >> 128 != 0) return Math.mulDiv(a, b, denominator);
        if (denominator == 0) Panic.panic(Panic.DIVISION_BY_ZERO);
        assembly ("memory-safe") {
            result := div(mul(a, b), denominator)
        }
    }

    /// @notice `a * b / denominator`, rounded up and exact; see `mulDivDown`.
    function mulDivUp(uint256 a, uint256 b, uint256 denominator) internal pure returns (uint256 result) {
        if ((a | b) >> 128 != 0) return Math.mulDiv(a, b, denominator, Math.Rounding.Ceil);
        if (denominator == 0) Panic.panic(Panic.DIVISION_BY_ZERO);
        // One zero check for both the quotient and the remainder, and the rounding without a branch.
        assembly ("memory-safe") {
            let product := mul(a, b)
            result := add(div(product, denominator), gt(mod(product, denominator), 0))
        }
    }

    /// @notice Debt units worth `collateral` at `price`, rounded down.
    function collateralToDebtDown(uint256 collateral, uint256 price) internal pure returns (uint256) {
        return mulDivDown(collateral, price, PRICE_SCALE);
    }

    /// @notice Debt units worth `collateral` at `price`, rounded up.
    function collateralToDebtUp(uint256 collateral, uint256 price) internal pure returns (uint256) {
        return mulDivUp(collateral, price, PRICE_SCALE);
    }

    /// @notice Collateral units worth `debt` at `price`, rounded down.
    function debtToCollateralDown(uint256 debt, uint256 price) internal pure returns (uint256) {
        return mulDivDown(debt, PRICE_SCALE, price);
    }

    /// @notice Collateral units worth `debt` at `price`, rounded up.
    function debtToCollateralUp(uint256 debt, uint256 price) internal pure returns (uint256) {
        return mulDivUp(debt, PRICE_SCALE, price);
    }

    /// @notice Equity in collateral units, `C - D / P`, with the debt rounded up (favours the vault).
    /// Zero when the debt is worth the collateral or more.
    function equityDown(uint256 collateral, uint256 debt, uint256 price) internal pure returns (uint256) {
        uint256 debtInCollateral = debtToCollateralUp(debt, price);
        return collateral > debtInCollateral ? collateral - debtInCollateral : 0;
    }

    /// @notice Leverage `C / E`, WAD. 1x for an empty position, `type(uint256).max` at zero equity.
    function leverage(uint256 collateral, uint256 equity) internal pure returns (uint256) {
        if (collateral == 0) return WAD;
        if (equity == 0) return type(uint256).max;
        return mulDivDown(collateral, WAD, equity);
    }

    /// @notice The leverage one rebalance aims for: `current + (target - current) * speed`.
    function recentered(uint256 current, uint256 target, uint256 speedBps) internal pure returns (uint256) {
        if (current >= target) return current - mulDivDown(current - target, speedBps, BPS);
        return current + mulDivDown(target - current, speedBps, BPS);
    }

    /// @notice Collateral to buy (lever up) or sell (delever) to move from `collateral` to
    /// `nextLeverage` at constant equity, and which way.
    function collateralToTrade(uint256 collateral, uint256 equity, uint256 nextLeverage)
        internal
        pure
        returns (uint256 amount, bool leverUp)
    {
        uint256 nextCollateral = mulDivDown(equity, nextLeverage, WAD);
        return nextCollateral >= collateral ? (nextCollateral - collateral, true) : (collateral - nextCollateral, false);
    }

    /// @notice `amount * (1 + bps)`, rounded up.
    function addBpsUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return mulDivUp(amount, BPS + bps, BPS);
    }

    /// @notice `amount * bps`, rounded up.
    function bpsOfUp(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return mulDivUp(amount, bps, BPS);
    }

    /// @notice `amount * bps`, rounded down.
    function bpsOfDown(uint256 amount, uint256 bps) internal pure returns (uint256) {
        return mulDivDown(amount, bps, BPS);
    }

    /// @notice What a constant-product venue at `price` charges for exactly `amountOut` of collateral
    /// (`buyCollateral`) or of debt, in the other token, rounded up: the amount at `price`, times the
    /// trade's own impact on the venue's virtual reserves (`depth` raw collateral units on the collateral
    /// side, `depth * price` on the debt side), divided by `1 - feeWad` (the fee is taken from the input).
    /// `type(uint256).max` when the trade would take the whole side or more.
    function venueAmountIn(bool buyCollateral, uint256 amountOut, uint256 price, uint256 depth, uint256 feeWad)
        internal
        pure
        returns (uint256)
    {
        uint256 reserveOut = buyCollateral ? depth : collateralToDebtDown(depth, price);
        if (amountOut >= reserveOut) return type(uint256).max;
        uint256 atPrice = buyCollateral ? collateralToDebtUp(amountOut, price) : debtToCollateralUp(amountOut, price);
        uint256 withImpact = mulDivUp(atPrice, reserveOut, reserveOut - amountOut);
        return mulDivUp(withImpact, WAD, WAD - feeWad);
    }

    /// @notice The largest amount out of a side `reserveOut` deep whose price impact stays within `bps`:
    /// `reserveOut / (reserveOut - x) <= 1 + bps` when `x <= reserveOut * bps / (1 + bps)`.
    function maxOutWithinImpact(uint256 reserveOut, uint256 bps) internal pure returns (uint256) {
        return mulDivDown(reserveOut, bps, BPS + bps);
    }

    /// @notice `1 / (1 - ltv)`, WAD: the leverage at which a position with this LTV limit is liquidated.
    /// An LTV of 100% or more (no limit) gives `type(uint256).max`; never reverts.
    function liquidationLeverage(uint256 ltv) internal pure returns (uint256) {
        if (ltv >= WAD) return type(uint256).max;
        return mulDivDown(WAD, WAD, WAD - ltv);
    }

    /// @notice Absolute difference.
    function distance(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a - b : b - a;
    }
}
