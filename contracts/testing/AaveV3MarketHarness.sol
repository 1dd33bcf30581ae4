// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IAaveV3PoolMinimal} from "../interfaces/external/IAaveV3PoolMinimal.sol";
import {AaveV3Market} from "../markets/AaveV3Market.sol";

/// @title AaveV3MarketHarness
/// @notice TEST-ONLY: exposes each `AaveV3Market` hook as an external function, so tests drive the
/// hooks against the real Aave v3 pool exactly as a vault's flows would. The harness holds the
/// position itself; tests fund it with tokens. No access control: never deploy it anywhere real.
contract AaveV3MarketHarness is AaveV3Market {
    constructor(IAaveV3PoolMinimal pool, IERC20 collateralAsset, IERC20 debtAsset)
        AaveV3Market(pool, collateralAsset, debtAsset)
    {}

    function position() external view returns (uint256 collateral, uint256 debt) {
        return _position();
    }

    function supplyCollateral(uint256 amount) external {
        _supplyCollateral(amount);
    }

    function withdrawCollateral(uint256 amount, address receiver) external {
        _withdrawCollateral(amount, receiver);
    }

    function borrow(uint256 amount, address receiver) external {
        _borrow(amount, receiver);
    }

    /// @dev `repayAll` as the vault passes it: `amount` is at least the debt `_position()` reads now.
    function repay(uint256 amount) external {
        (, uint256 debt) = _position();
        _repay(amount, amount >= debt);
    }

    /// @notice Emitted by `repayDebtAsRead`: the debt `_position()` read, and the debt left after
    /// `_repay` of exactly that amount in the same transaction.
    event RepaidDebtAsRead(uint256 debtRead, uint256 debtLeft);

    /// @notice Reads the debt with `_position()`, repays exactly that with `_repay`, then reads again.
    function repayDebtAsRead() external {
        (, uint256 debtRead) = _position();
        _repay(debtRead, true);
        (, uint256 debtLeft) = _position();
        emit RepaidDebtAsRead(debtRead, debtLeft);
    }

    /// @notice Supplies `_supplyCapacity() + extra`, the capacity read in the same transaction.
    function supplyCapacityPlus(uint256 extra) external {
        _supplyCollateral(_supplyCapacity() + extra);
    }

    /// @notice Borrows `_borrowCapacity() + extra` to `receiver`, the capacity read in the same transaction.
    function borrowCapacityPlus(uint256 extra, address receiver) external {
        _borrow(_borrowCapacity() + extra, receiver);
    }

    function borrowCapacity() external view returns (uint256) {
        return _borrowCapacity();
    }

    function supplyCapacity() external view returns (uint256) {
        return _supplyCapacity();
    }

    function liquidationLtv() external view returns (uint256 ltv) {
        (ltv,) = _ltvs();
    }

    function borrowLtv() external view returns (uint256 ltv) {
        (, ltv) = _ltvs();
    }
}
