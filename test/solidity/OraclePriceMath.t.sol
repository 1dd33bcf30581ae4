// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";

import {OraclePriceMath} from "../../contracts/libraries/OraclePriceMath.sol";
import {ChainlinkMorphoOracle} from "../../contracts/oracles/ChainlinkMorphoOracle.sol";
import {SettablePriceFeed} from "../../contracts/testing/SettablePriceFeed.sol";
import {IAggregatorV3} from "../../contracts/interfaces/external/IAggregatorV3.sol";

contract OraclePriceMathTest is Test {
    function test_wethInUsdc_matchesMorphoScale() public {
        SettablePriceFeed ethUsd = new SettablePriceFeed(8, "ETH / USD", 3000e8);
        ChainlinkMorphoOracle oracle = new ChainlinkMorphoOracle(ethUsd, IAggregatorV3(address(0)), 18, 6);
        // 3000 USDC per ETH with 18/6 decimals is 3e27 (environment.md).
        assertEq(oracle.price(), 3e27);
    }

    function test_inverseOracle_isTheReciprocal() public {
        SettablePriceFeed ethUsd = new SettablePriceFeed(8, "ETH / USD", 2500e8);
        SettablePriceFeed usdcUsd = new SettablePriceFeed(8, "USDC / USD", 1e8);
        ChainlinkMorphoOracle oracle = new ChainlinkMorphoOracle(usdcUsd, ethUsd, 6, 18);
        assertEq(oracle.price(), uint256(1e18) * 1e36 / 2500e6);
    }

    function test_nonPositiveAnswer_reverts() public {
        SettablePriceFeed ethUsd = new SettablePriceFeed(8, "ETH / USD", 3000e8);
        ChainlinkMorphoOracle oracle = new ChainlinkMorphoOracle(ethUsd, IAggregatorV3(address(0)), 18, 6);
        ethUsd.setAnswer(0);
        vm.expectRevert(abi.encodeWithSelector(ChainlinkMorphoOracle.NonPositiveAnswer.selector, address(ethUsd), int256(0)));
        oracle.price();
    }

    /// forge-config: default.fuzz.runs = 512
    function testFuzz_priceRoundTrip_collateralValueInDebtIsConsistent(uint64 ethUsdAnswer, uint96 wethAmount) public pure {
        vm.assume(ethUsdAnswer > 0);
        uint256 scale = OraclePriceMath.scaleFactor(18, 6, 8, 0);
        uint256 price = OraclePriceMath.toPrice(ethUsdAnswer, 1, scale);
        // Valuing WETH through the 1e36 price equals valuing it directly from the 8-decimal answer.
        uint256 viaPrice = uint256(wethAmount) * price / 1e36;
        uint256 direct = uint256(wethAmount) * ethUsdAnswer / 1e20;
        assertEq(viaPrice, direct);
    }
}
