// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IAaveV3PoolMinimal} from "../../interfaces/external/IAaveV3PoolMinimal.sol";
import {IUniswapV3PoolMinimal} from "../../interfaces/external/IUniswapV3PoolMinimal.sol";
import {RawLeverageBaseline} from "./RawLeverageBaseline.sol";

/// @title RawAaveLeverageBaseline
/// @notice TEST-ONLY: `RawLeverageBaseline` on Aave v3, for the Aave rows of scripts/bench/gas.ts.
/// Borrows at the variable rate; Aave lends only to the caller, so the baseline forwards the debt to
/// the pool. Never deploy it anywhere real.
contract RawAaveLeverageBaseline is RawLeverageBaseline {
    uint256 private constant VARIABLE_RATE_MODE = 2;

    IAaveV3PoolMinimal public immutable aavePool;

    constructor(IAaveV3PoolMinimal aavePool_, IUniswapV3PoolMinimal pool_, IERC20 collateral_, IERC20 debt_)
        RawLeverageBaseline(address(aavePool_), pool_, collateral_, debt_)
    {
        aavePool = aavePool_;
    }

    function _supplyAndBorrow(uint256 supplied, uint256 borrowed, address receiver) internal override {
        aavePool.supply(address(collateral), supplied, address(this), 0);
        aavePool.borrow(address(debt), borrowed, VARIABLE_RATE_MODE, 0, address(this));
        debt.transfer(receiver, borrowed);
    }

    function _repayAndWithdraw(uint256 repaid, uint256 withdrawn, address receiver) internal override {
        aavePool.repay(address(debt), repaid, VARIABLE_RATE_MODE, address(this));
        aavePool.withdraw(address(collateral), withdrawn, receiver);
    }

    function _withdrawCollateral(uint256 withdrawn, address receiver) internal override {
        aavePool.withdraw(address(collateral), withdrawn, receiver);
    }
}
