// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {LeverageMath} from "../../contracts/libraries/LeverageMath.sol";

/// @notice A position that the fuzzer moves around: prices jump, and rebalances recenter it with
/// `LeverageMath` exactly as the vault sizes its trades, executed at the oracle price with no cost.
contract LeveragedPositionHandler is Test {
    uint256 public constant TARGET = 2e18;
    uint256 public constant TOLERANCE = 1e12; // 0.000001x

    uint256 public collateral = 100e18;
    uint256 public debt;
    uint256 public price = 3e27; // 3000 USDC (6 decimals) per WETH (18 decimals), 1e36 scale

    uint256 public rebalances;
    uint256 public equityBefore;
    uint256 public equityAfter;
    uint256 public leverageBefore;
    uint256 public leverageAfter;
    uint256 public aim;
    uint256 public tradePrice;

    constructor() {
        // Start at 2x: half the collateral's value is debt.
        debt = LeverageMath.collateralToDebtDown(collateral / 2, price);
    }

    function movePrice(uint256 factorBps) external {
        factorBps = bound(factorBps, 7_000, 13_000);
        uint256 next = price * factorBps / 10_000;
        // Stay clear of liquidation territory: the model needs positive equity.
        if (LeverageMath.equityDown(collateral, debt, next) < 1e18) return;
        price = next;
    }

    function rebalance(uint256 speedBps) external {
        speedBps = bound(speedBps, 1, 10_000);
        uint256 equity = LeverageMath.equityDown(collateral, debt, price);
        uint256 current = LeverageMath.leverage(collateral, equity);
        uint256 nextAim = LeverageMath.recentered(current, TARGET, speedBps);
        (uint256 amount, bool leverUp) = LeverageMath.collateralToTrade(collateral, equity, nextAim);
        if (amount == 0) return;

        if (leverUp) {
            collateral += amount;
            debt += LeverageMath.collateralToDebtUp(amount, price);
        } else {
            uint256 repaid = LeverageMath.collateralToDebtDown(amount, price);
            collateral -= amount;
            debt -= repaid > debt ? debt : repaid;
        }
        rebalances += 1;
        equityBefore = equity;
        equityAfter = LeverageMath.equityDown(collateral, debt, price);
        leverageBefore = current;
        leverageAfter = LeverageMath.leverage(collateral, equityAfter);
        aim = nextAim;
        tradePrice = price;
    }
}

/// @notice Invariants of the rebalance arithmetic over random sequences of price moves and
/// rebalances at random recentering speeds.
contract LeverageModelInvariantTest is Test {
    LeveragedPositionHandler internal handler;

    function setUp() public {
        handler = new LeveragedPositionHandler();
        targetContract(address(handler));
    }

    /// A trade at the oracle price never creates equity; rounding costs at most one raw debt unit
    /// (here 1e-6 USDC, about 3e8 wei of WETH) plus two wei.
    function invariant_tradesAtTheOracleKeepEquity() public view {
        if (handler.rebalances() == 0) return;
        assertLe(handler.equityAfter(), handler.equityBefore());
        uint256 oneDebtUnit = LeverageMath.debtToCollateralUp(1, handler.tradePrice());
        assertLe(handler.equityBefore() - handler.equityAfter(), oneDebtUnit + 2);
    }

    /// A rebalance lands on the leverage it aimed for.
    function invariant_rebalanceLandsOnItsAim() public view {
        if (handler.rebalances() == 0) return;
        assertApproxEqAbs(handler.leverageAfter(), handler.aim(), handler.TOLERANCE());
    }

    /// A rebalance moves toward the target and never past it.
    function invariant_rebalanceNeverOvershootsTheTarget() public view {
        if (handler.rebalances() == 0) return;
        uint256 target = handler.TARGET();
        uint256 tolerance = handler.TOLERANCE();
        uint256 before = handler.leverageBefore();
        uint256 afterwards = handler.leverageAfter();
        if (before <= target) {
            assertGe(afterwards + tolerance, before);
            assertLe(afterwards, target + tolerance);
        } else {
            assertLe(afterwards, before + tolerance);
            assertGe(afterwards + tolerance, target);
        }
    }

    /// The position always keeps positive equity and at least 1x leverage.
    function invariant_leverageAtLeastOne() public view {
        uint256 equity = LeverageMath.equityDown(handler.collateral(), handler.debt(), handler.price());
        assertGt(equity, 0);
        assertGe(LeverageMath.leverage(handler.collateral(), equity), 1e18);
    }
}
