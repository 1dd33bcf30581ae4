// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {LeverageMath} from "../libraries/LeverageMath.sol";
import {PoolPriceMath} from "../libraries/PoolPriceMath.sol";
import {SwapVenue} from "./SwapVenue.sol";
import {UniswapV3MeanPrice} from "./UniswapV3MeanPrice.sol";

/// @title UniswapV3Venue
/// @notice Trades on one Uniswap v3 pool: one exact-output swap per flow, whose callback settles.
abstract contract UniswapV3Venue is SwapVenue {
    /// @notice The window of the pool's time-weighted price, the vault's price when its feeds fail.
    uint32 internal constant MEAN_PRICE_WINDOW = 10 minutes;

    IUniswapV3PoolMinimal internal immutable _pool;
    bool internal immutable _collateralIsToken0;
    /// @dev The pool's fee as a WAD fraction.
    uint256 internal immutable _poolFee;

    /// @dev Set only while the vault's own swap is in flight: 1 buying collateral, 2 selling it.
    uint256 private transient _swapInFlight;

    constructor(IUniswapV3PoolMinimal pool, address collateralToken, address debtToken) {
        address token0 = pool.token0();
        address token1 = pool.token1();
        bool collateralIsToken0 = token0 == collateralToken && token1 == debtToken;
        if (!collateralIsToken0 && !(token1 == collateralToken && token0 == debtToken)) {
            revert ILeveragedVaultTypes.InvalidConfiguration("pool does not trade collateral against debt");
        }
        _pool = pool;
        _collateralIsToken0 = collateralIsToken0;
        _poolFee = uint256(pool.fee()) * 1e12;
    }

    /// @notice Uniswap v3 swap callback: settles the vault's own swap (see `SwapVenue._settleSwap`).
    /// @dev Reverts with `UnexpectedCallback` unless called by the vault's pool while the vault's own
    /// swap is in flight.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data) external {
        uint256 direction = _swapInFlight;
        if (msg.sender != address(_pool) || direction == 0) revert ILeveragedVaultTypes.UnexpectedCallback(msg.sender);
        _swapInFlight = 0;
        (uint256 owed, uint256 received) = amount0Delta > 0
            ? (uint256(amount0Delta), uint256(-amount1Delta))
            : (uint256(amount1Delta), uint256(-amount0Delta));
        _settleSwap(direction == 1, owed, received, msg.sender, data);
    }

    function _swapExactOutput(bool buyCollateral, uint256 amountOut, bytes memory data) internal override returns (uint256) {
        // Token0 in means the pool's price moves down: the limit is the far end of the range.
        bool zeroForOne = buyCollateral != _collateralIsToken0;
        uint160 priceLimit = zeroForOne ? PoolPriceMath.MIN_SQRT_PRICE_LIMIT : PoolPriceMath.MAX_SQRT_PRICE_LIMIT;
        _swapInFlight = buyCollateral ? 1 : 2;
        (int256 amount0, int256 amount1) = _pool.swap(address(this), zeroForOne, -int256(amountOut), priceLimit, data);
        (int256 paid, int256 received) = zeroForOne ? (amount0, amount1) : (amount1, amount0);
        if (uint256(-received) != amountOut) revert ILeveragedVaultTypes.IncompleteSwap(uint256(-received), amountOut);
        return uint256(paid);
    }

    function _venueFee() internal view override returns (uint256) {
        return _poolFee;
    }

    function _venueAddress() internal view override returns (address) {
        return address(_pool);
    }

    function _venuePrice() internal view override returns (uint256) {
        return PoolPriceMath.collateralPrice(uint160(_readPool(IUniswapV3PoolMinimal.slot0.selector)), _collateralIsToken0);
    }

    /// @dev The virtual collateral reserve of the pool's in-range liquidity `L` at `price`: `L / sqrt(p)`
    /// in raw units, `p = price / 1e36`, whichever token the collateral is. At the oracle price, so a push
    /// of the pool does not move it. Exact while a trade stays within the current range of ticks
    /// (everywhere for full-range liquidity); a trade that crosses into thinner ranges costs more.
    function _venueDepth(uint256 price) internal view override returns (uint256) {
        return LeverageMath.mulDivDown(uint128(_readPool(IUniswapV3PoolMinimal.liquidity.selector)), 1e18, Math.sqrt(price));
    }

    /// @dev The first word the pool's view `selector` returns: `slot0`'s sqrtPriceX96 or `liquidity`.
    /// Every flow reads both; reading one word in scratch memory spares decoding all seven of `slot0`.
    function _readPool(bytes4 selector) private view returns (uint256 word) {
        address pool = address(_pool);
        assembly ("memory-safe") {
            mstore(0, selector)
            // Apart: Yul evaluates arguments right to left, so `returndatasize()` in the same
            // expression would be read before the call.
            let ok := staticcall(gas(), pool, 0, 4, 0, 32)
            if or(iszero(ok), lt(returndatasize(), 32)) { revert(0, 0) }
            word := mload(0)
        }
    }

    /// @dev The pool's mean price over `MEAN_PRICE_WINDOW` (see `UniswapV3MeanPrice.read`).
    function _venueMeanPrice() internal view override returns (uint256) {
        return UniswapV3MeanPrice.read(address(_pool), MEAN_PRICE_WINDOW, _collateralIsToken0);
    }
}
