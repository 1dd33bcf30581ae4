// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {LeveragedVaultLayout} from "../../contracts/vault/LeveragedVaultStorage.sol";

/// @notice Properties of the vault's packed price bounds (`LeveragedVaultLayout.packPrice`): two bounds
/// in one storage slot, never narrower than the range governance set.
contract PriceBoundPackingTest is Test {
    uint256 internal constant MAX_BOUND = LeveragedVaultLayout.MAX_PRICE_BOUND;

    function _roundTrip(uint256 value, bool roundUp) internal pure returns (uint256) {
        return LeveragedVaultLayout.unpackPrice(LeveragedVaultLayout.packPrice(value, roundUp));
    }

    function testFuzz_boundsUnder2To120_packExactly(uint256 value, bool roundUp) public pure {
        value = bound(value, 0, 2 ** 120 - 1);
        assertEq(_roundTrip(value, roundUp), value);
    }

    function testFuzz_aMinimumNeverRisesAndAMaximumNeverFalls(uint256 value) public pure {
        value = bound(value, 0, MAX_BOUND);
        assertLe(_roundTrip(value, false), value, "minimum rounded down");
        assertGe(_roundTrip(value, true), value, "maximum rounded up");
    }

    /// Rounding moves a bound by less than one unit of its 120th significant bit: 2^-119 of it.
    function testFuzz_roundingIsBelowOnePartIn2To119(uint256 value, bool roundUp) public pure {
        value = bound(value, 2 ** 120, MAX_BOUND);
        uint256 packed = _roundTrip(value, roundUp);
        uint256 error = packed > value ? packed - value : value - packed;
        assertLe(error, value >> 119);
    }

    /// Bounds whose low bits are zero (the round prices a deployment sets) pack exactly at any size.
    function testFuzz_roundBoundsPackExactly(uint256 mantissa, uint8 shift, bool roundUp) public pure {
        mantissa = bound(mantissa, 1, 2 ** 120 - 1);
        shift = uint8(bound(shift, 0, 136));
        uint256 value = mantissa << shift;
        assertEq(_roundTrip(value, roundUp), value);
    }

    function test_theLargestBoundPacksExactly() public pure {
        assertEq(_roundTrip(MAX_BOUND, true), MAX_BOUND);
        assertEq(_roundTrip(MAX_BOUND, false), MAX_BOUND);
    }

    function test_aCarryIntoBit120StaysExactAndAbove() public pure {
        // 121 significant bits, all ones: rounding up carries into a power of two.
        uint256 value = 2 ** 121 - 1;
        assertEq(_roundTrip(value, true), 2 ** 121);
        assertEq(_roundTrip(value, false), 2 ** 121 - 2);
    }
}
