// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IUniswapV3PoolMinimal} from "../../interfaces/external/IUniswapV3PoolMinimal.sol";

/// @title RawLeverageBaseline
/// @notice TEST-ONLY gas baseline for scripts/bench/gas.ts: only the raw lending-market and Uniswap v3
/// calls a leveraged vault's flows wrap, with the amounts the caller passes: no oracle, no checks, no
/// accounting, no access control. Never deploy it anywhere real. A market's baseline
/// (`RawMorphoLeverageBaseline`, `RawAaveLeverageBaseline`) supplies the four market calls.
/// @dev Lever up is one exact-output swap (collateral out) whose callback supplies collateral and
/// borrows the owed debt to the pool; lever down is one exact-output swap (debt out) whose callback
/// repays and withdraws the owed collateral to the pool.
abstract contract RawLeverageBaseline {
    uint8 private constant LEVER_UP = 1;
    uint8 private constant LEVER_DOWN = 2;
    uint8 private constant EXIT_SLICE = 3;

    uint160 private constant MIN_SQRT_PRICE_LIMIT = 4295128739 + 1;
    uint160 private constant MAX_SQRT_PRICE_LIMIT = 1461446703485210103287273052203988822378723970342 - 1;

    IUniswapV3PoolMinimal public immutable pool;
    IERC20 public immutable collateral;
    IERC20 public immutable debt;
    bool private immutable _collateralIsToken0;

    /// @param market The lending market, approved to pull both tokens.
    constructor(address market, IUniswapV3PoolMinimal pool_, IERC20 collateral_, IERC20 debt_) {
        pool = pool_;
        collateral = collateral_;
        debt = debt_;
        _collateralIsToken0 = pool_.token0() == address(collateral_);
        collateral_.approve(market, type(uint256).max);
        debt_.approve(market, type(uint256).max);
    }

    /// @dev Supplies `supplied` collateral and borrows `borrowed` debt, sent to `receiver`.
    function _supplyAndBorrow(uint256 supplied, uint256 borrowed, address receiver) internal virtual;

    /// @dev Repays `repaid` debt and withdraws `withdrawn` collateral, sent to `receiver`.
    function _repayAndWithdraw(uint256 repaid, uint256 withdrawn, address receiver) internal virtual;

    /// @dev Withdraws `withdrawn` collateral to `receiver`.
    function _withdrawCollateral(uint256 withdrawn, address receiver) internal virtual;

    /// @notice Deposit baseline: pull `assets` from the caller, then lever up buying `toBuy` collateral.
    function deposit(uint256 assets, uint256 toBuy) external {
        collateral.transferFrom(msg.sender, address(this), assets);
        _swap(true, toBuy, abi.encode(LEVER_UP, assets + toBuy));
    }

    /// @notice Lever-up baseline (rebalance up): buy `collateralOut`, supply `toSupply`, borrow what is owed.
    function leverUp(uint256 collateralOut, uint256 toSupply) external {
        _swap(true, collateralOut, abi.encode(LEVER_UP, toSupply));
    }

    /// @notice Lever-down baseline (rebalance down): buy `debtOut`, repay it, withdraw the owed collateral to the pool.
    function leverDown(uint256 debtOut) external {
        _swap(false, debtOut, abi.encode(LEVER_DOWN, uint256(0)));
    }

    /// @notice Emergency baseline: lever down, then withdraw `reward` collateral to `rewardReceiver`.
    function leverDownWithReward(uint256 debtOut, uint256 reward, address rewardReceiver) external {
        _swap(false, debtOut, abi.encode(LEVER_DOWN, uint256(0)));
        _withdrawCollateral(reward, rewardReceiver);
    }

    /// @notice Redeem baseline: repay `debtSlice` bought with collateral, withdraw `collateralSlice`,
    /// pay the pool out of it and send the remainder to `receiver`.
    function exitSlice(uint256 collateralSlice, uint256 debtSlice, address receiver) external {
        uint256 paid = _swap(false, debtSlice, abi.encode(EXIT_SLICE, collateralSlice));
        collateral.transfer(receiver, collateralSlice - paid);
    }

    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data) external {
        (uint256 owed, uint256 received) = amount0Delta > 0
            ? (uint256(amount0Delta), uint256(-amount1Delta))
            : (uint256(amount1Delta), uint256(-amount0Delta));
        (uint8 mode, uint256 amount) = abi.decode(data, (uint8, uint256));
        if (mode == LEVER_UP) {
            _supplyAndBorrow(amount, owed, address(pool));
        } else if (mode == LEVER_DOWN) {
            _repayAndWithdraw(received, owed, address(pool));
        } else {
            _repayAndWithdraw(received, amount, address(this));
            collateral.transfer(address(pool), owed);
        }
    }

    function _swap(bool buyCollateral, uint256 amountOut, bytes memory data) private returns (uint256 paid) {
        bool zeroForOne = buyCollateral != _collateralIsToken0;
        (int256 amount0, int256 amount1) = pool.swap(
            address(this),
            zeroForOne,
            -int256(amountOut),
            zeroForOne ? MIN_SQRT_PRICE_LIMIT : MAX_SQRT_PRICE_LIMIT,
            data
        );
        return uint256(zeroForOne ? amount0 : amount1);
    }
}
