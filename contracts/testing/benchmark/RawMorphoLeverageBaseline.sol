// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IMorphoBlueMinimal, MorphoMarketParams} from "../../interfaces/external/IMorphoBlueMinimal.sol";
import {IUniswapV3PoolMinimal} from "../../interfaces/external/IUniswapV3PoolMinimal.sol";
import {RawLeverageBaseline} from "./RawLeverageBaseline.sol";

/// @title RawMorphoLeverageBaseline
/// @notice TEST-ONLY: `RawLeverageBaseline` on Morpho Blue, for the Morpho rows of scripts/bench/gas.ts.
/// Morpho sends what it lends or withdraws straight to the pool. Never deploy it anywhere real.
contract RawMorphoLeverageBaseline is RawLeverageBaseline {
    IMorphoBlueMinimal public immutable morpho;
    address private immutable _oracle;
    address private immutable _irm;
    uint256 private immutable _lltv;

    constructor(IMorphoBlueMinimal morpho_, IUniswapV3PoolMinimal pool_, MorphoMarketParams memory params)
        RawLeverageBaseline(address(morpho_), pool_, IERC20(params.collateralToken), IERC20(params.loanToken))
    {
        morpho = morpho_;
        _oracle = params.oracle;
        _irm = params.irm;
        _lltv = params.lltv;
    }

    function _supplyAndBorrow(uint256 supplied, uint256 borrowed, address receiver) internal override {
        MorphoMarketParams memory params = _params();
        morpho.supplyCollateral(params, supplied, address(this), "");
        morpho.borrow(params, borrowed, 0, address(this), receiver);
    }

    function _repayAndWithdraw(uint256 repaid, uint256 withdrawn, address receiver) internal override {
        MorphoMarketParams memory params = _params();
        morpho.repay(params, repaid, 0, address(this), "");
        morpho.withdrawCollateral(params, withdrawn, address(this), receiver);
    }

    function _withdrawCollateral(uint256 withdrawn, address receiver) internal override {
        morpho.withdrawCollateral(_params(), withdrawn, address(this), receiver);
    }

    function _params() private view returns (MorphoMarketParams memory) {
        return MorphoMarketParams(address(debt), address(collateral), _oracle, _irm, _lltv);
    }
}
