// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {UniswapV3Venue} from "../venues/UniswapV3Venue.sol";

/// @title UniswapV3VenueLens
/// @notice Never deployed: the preflight (scripts/preflight/read-preflight-facts.ts) runs its creation
/// bytecode deployless in one `eth_call`, before any vault exists, to ask the vault's own venue code
/// how deep a pool is and how large a trade the vault's sandwich-proof rule would allow on it. The
/// constructor is the venue's, so a pool that does not trade the pair reverts as a vault would.
/// @dev The lens never calls `_venueMeanPrice`, so the compiler leaves `UniswapV3MeanPrice` out and the
/// bytecode needs no linking (the preflight refuses to run it if that ever changes).
contract UniswapV3VenueLens is UniswapV3Venue {
    uint256 private constant WAD = 1e18;

    /// @param poolPrice The pool's marginal price of one raw collateral unit in raw debt units, 1e36 scale.
    /// @param depth The collateral side of the virtual reserves the vault models the pool with, at `price`.
    /// @param feeWad The pool's fee as a WAD fraction.
    /// @param sandwichProofTrade The largest rebalance trade (collateral units) the vault's rule allows
    /// on this pool before `maxTradeSize`: `depth * fee`, as `LeveragedVault._rebalanceStatus` bounds it.
    struct VenueReading {
        uint256 poolPrice;
        uint256 depth;
        uint256 feeWad;
        uint256 sandwichProofTrade;
        uint128 liquidity;
    }

    constructor(IUniswapV3PoolMinimal pool, address collateralToken, address debtToken)
        UniswapV3Venue(pool, collateralToken, debtToken)
    {}

    /// @notice The pool as the vault's venue sees it at the oracle price `price` (1e36 scale).
    function read(uint256 price) external view returns (VenueReading memory reading) {
        reading.poolPrice = _venuePrice();
        reading.depth = _venueDepth(price);
        reading.feeWad = _venueFee();
        reading.sandwichProofTrade = Math.mulDiv(reading.depth, reading.feeWad, WAD);
        reading.liquidity = _pool.liquidity();
    }

    function _settleSwap(bool, uint256, uint256, address, bytes memory) internal pure override {
        revert();
    }
}
