// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {LeverageMath} from "../libraries/LeverageMath.sol";

import {ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {IMorphoBlueMinimal, MorphoMarketParams} from "../interfaces/external/IMorphoBlueMinimal.sol";
import {LendingMarket} from "./LendingMarket.sol";
import {MorphoBlueInterest} from "./MorphoBlueInterest.sol";

/// @title MorphoBlueMarket
/// @notice The `LendingMarket` hooks for one Morpho Blue market: the market's collateral token is the
/// vault's asset and its loan token is the vault's debt.
/// @dev Debt is `borrowShares` converted up with Morpho's virtual shares, exactly what repaying by
/// shares costs. A flow accrues the market's interest first (Morpho would accrue it inside the flow's
/// borrow or repay anyway), so it reads the debt as stored; views project the interest instead
/// (`MorphoBlueInterest`, a linked library). Morpho Blue has no caps and
/// its LLTV is fixed per market, so the borrow LTV and the liquidation LTV are both the LLTV.
abstract contract MorphoBlueMarket is LendingMarket {
    using SafeERC20 for IERC20;

    /// @dev Morpho Blue's virtual shares and assets (SharesMathLib).
    uint256 private constant VIRTUAL_SHARES = 1e6;
    uint256 private constant VIRTUAL_ASSETS = 1;
    /// @dev Morpho Blue's storage layout, as its `MorphoStorageLib` gives it (the contract is immutable;
    /// that library is GPL, so the two constants are declared here): the slots of the `position` and
    /// `market` mappings. `test/vault/rebalance.test.ts` checks the position read against Morpho's own.
    uint256 private constant POSITION_MAPPING_SLOT = 2;
    uint256 private constant MARKET_MAPPING_SLOT = 3;

    /// @notice The Morpho Blue instance.
    IMorphoBlueMinimal public immutable morpho;
    /// @notice The id of the vault's market, `keccak256(abi.encode(marketParams()))`.
    bytes32 public immutable marketId;
    address private immutable _marketLoanToken;
    address private immutable _marketCollateralToken;
    address private immutable _marketOracle;
    address private immutable _irm;
    uint256 private immutable _lltv;
    /// @dev The Morpho storage slots the position is read from in one `extSloads` call: the vault's
    /// borrow shares and collateral, the market's total borrow assets and shares, its last update.
    bytes32 private immutable _borrowSharesAndCollateralSlot;
    bytes32 private immutable _totalBorrowSlot;
    bytes32 private immutable _lastUpdateSlot;

    constructor(IMorphoBlueMinimal morpho_, MorphoMarketParams memory market) {
        if (market.lltv == 0 || market.lltv >= 1e18) revert ILeveragedVaultTypes.InvalidConfiguration("market lltv");
        morpho = morpho_;
        bytes32 id = keccak256(abi.encode(market));
        marketId = id;
        _marketLoanToken = market.loanToken;
        _marketCollateralToken = market.collateralToken;
        _marketOracle = market.oracle;
        _irm = market.irm;
        _lltv = market.lltv;
        uint256 marketSlot = uint256(keccak256(abi.encode(id, MARKET_MAPPING_SLOT)));
        _borrowSharesAndCollateralSlot =
            bytes32(uint256(keccak256(abi.encode(address(this), keccak256(abi.encode(id, POSITION_MAPPING_SLOT))))) + 1);
        _totalBorrowSlot = bytes32(marketSlot + 1);
        _lastUpdateSlot = bytes32(marketSlot + 2);
        (,,,, uint128 lastUpdate,) = morpho_.market(id);
        if (lastUpdate == 0) revert ILeveragedVaultTypes.InvalidConfiguration("market not created on Morpho");
        IERC20(market.collateralToken).forceApprove(address(morpho_), type(uint256).max);
        IERC20(market.loanToken).forceApprove(address(morpho_), type(uint256).max);
    }

    /// @notice The Morpho Blue market the vault's position lives on.
    function marketParams() public view returns (MorphoMarketParams memory) {
        return MorphoMarketParams(_marketLoanToken, _marketCollateralToken, _marketOracle, _irm, _lltv);
    }

    /* LENDING MARKET HOOKS */

    /// @dev Debt is the borrow shares converted up, as Morpho charges a repayment by shares.
    function _position() internal view override returns (uint256 collateral, uint256 debt) {
        (uint256 sharesAndCollateral, uint256 totalBorrow, uint256 lastUpdateAndFee) = _readMorphoWords();
        // Each word packs two uint128 fields, the first in the low half.
        uint256 borrowShares = uint128(sharesAndCollateral);
        collateral = sharesAndCollateral >> 128;
        if (borrowShares == 0) return (collateral, 0);
        uint256 totalBorrowAssets = uint128(totalBorrow);
        // Flows accrue first (`_accrueInterest`), so only views pay for the projection.
        if (uint128(lastUpdateAndFee) != block.timestamp) {
            totalBorrowAssets += MorphoBlueInterest.projected(address(morpho), marketParams());
        }
        debt = LeverageMath.mulDivUp(borrowShares, totalBorrowAssets + VIRTUAL_ASSETS, (totalBorrow >> 128) + VIRTUAL_SHARES);
    }

    /// @dev Three of Morpho's storage words in one `extSloads` call, all of which the flow's borrow or
    /// repay reads next (so they are warm then): the vault's borrow shares and collateral, the market's
    /// borrows, its last update and fee. `extSloads` never reverts; the call is encoded by hand to keep
    /// the vault small.
    function _readMorphoWords() private view returns (uint256 sharesAndCollateral, uint256 totalBorrow, uint256 lastUpdateAndFee) {
        (address target, bytes4 selector) = (address(morpho), IMorphoBlueMinimal.extSloads.selector);
        (bytes32 slot0, bytes32 slot1, bytes32 slot2) = (_borrowSharesAndCollateralSlot, _totalBorrowSlot, _lastUpdateSlot);
        assembly ("memory-safe") {
            // extSloads(bytes32[]): the array's offset, its length, the three slots; it returns the
            // same shape, three words after the offset and the length.
            let data := mload(0x40)
            mstore(data, selector)
            mstore(add(data, 4), 0x20)
            mstore(add(data, 36), 3)
            mstore(add(data, 68), slot0)
            mstore(add(data, 100), slot1)
            mstore(add(data, 132), slot2)
            if iszero(staticcall(gas(), target, data, 164, data, 160)) { revert(0, 0) }
            sharesAndCollateral := mload(add(data, 64))
            totalBorrow := mload(add(data, 96))
            lastUpdateAndFee := mload(add(data, 128))
        }
    }

    function _supplyCollateral(uint256 amount) internal override {
        uint256 data = _morphoCalldata(IMorphoBlueMinimal.supplyCollateral.selector);
        // supplyCollateral(market, assets, onBehalf, data): `data` empty (its offset, then length 0).
        assembly ("memory-safe") {
            mstore(add(data, 164), amount)
            mstore(add(data, 196), address())
            mstore(add(data, 228), 256)
            mstore(add(data, 260), 0)
        }
        _callMorpho(data, 4);
    }

    function _withdrawCollateral(uint256 amount, address receiver) internal override {
        uint256 data = _morphoCalldata(IMorphoBlueMinimal.withdrawCollateral.selector);
        assembly ("memory-safe") {
            mstore(add(data, 164), amount)
            mstore(add(data, 196), address())
            mstore(add(data, 228), receiver)
        }
        _callMorpho(data, 3);
    }

    function _accrueInterest() internal override {
        _callMorpho(_morphoCalldata(IMorphoBlueMinimal.accrueInterest.selector), 0);
    }

    function _borrow(uint256 amount, address receiver) internal override {
        uint256 data = _morphoCalldata(IMorphoBlueMinimal.borrow.selector);
        // borrow(market, assets, shares, onBehalf, receiver)
        assembly ("memory-safe") {
            mstore(add(data, 164), amount)
            mstore(add(data, 196), 0)
            mstore(add(data, 228), address())
            mstore(add(data, 260), receiver)
        }
        _callMorpho(data, 4);
    }

    /// @dev Repaying the whole debt goes by shares: repaying it by assets can round to one share
    /// more than the position owes and revert.
    function _repay(uint256 amount, bool repayAll) internal override {
        uint256 shares;
        if (repayAll) (, shares,) = morpho.position(marketId, address(this));
        uint256 assets = repayAll ? 0 : amount;
        uint256 data = _morphoCalldata(IMorphoBlueMinimal.repay.selector);
        // repay(market, assets, shares, onBehalf, data): `data` empty (its offset, then length 0).
        assembly ("memory-safe") {
            mstore(add(data, 164), assets)
            mstore(add(data, 196), shares)
            mstore(add(data, 228), address())
            mstore(add(data, 260), 288)
            mstore(add(data, 292), 0)
        }
        _callMorpho(data, 5);
    }

    /// @dev Allocates the calldata of Morpho's `selector` (room for the params and up to five words
    /// after them) and starts it: the selector and this market's params, as the ABI encodes
    /// `(MarketParams, ...)`; the caller writes its static arguments after them, from byte 164. A flow
    /// makes up to four Morpho calls; encoding them here spares each the ABI encoder and the decoding
    /// of what it returns.
    function _morphoCalldata(bytes4 selector) private view returns (uint256 data) {
        // From the immutables, with no `MarketParams` struct in between: 1.2k gas less per flow, for
        // about 0.9 kB of code (the optimizer inlines this into each call site).
        (address loanToken, address collateralToken, address oracle, address irm, uint256 lltv) =
            (_marketLoanToken, _marketCollateralToken, _marketOracle, _irm, _lltv);
        assembly ("memory-safe") {
            data := mload(0x40)
            mstore(0x40, add(data, 324))
            mstore(data, selector)
            mstore(add(data, 4), loanToken)
            mstore(add(data, 36), collateralToken)
            mstore(add(data, 68), oracle)
            mstore(add(data, 100), irm)
            mstore(add(data, 132), lltv)
        }
    }

    /// @dev Sends the calldata `_morphoCalldata` started, with `extraWords` arguments after the params;
    /// the return data is not read, and a revert is Morpho's own, bubbled.
    function _callMorpho(uint256 data, uint256 extraWords) private {
        address target = address(morpho);
        assembly ("memory-safe") {
            if iszero(call(gas(), target, 0, data, add(164, mul(extraWords, 32)), 0, 0)) {
                returndatacopy(data, 0, returndatasize())
                revert(data, returndatasize())
            }
        }
    }

    function _borrowCapacity() internal view override returns (uint256) {
        (uint128 totalSupplyAssets,, uint128 totalBorrowAssets,,,) = morpho.market(marketId);
        return totalSupplyAssets > totalBorrowAssets ? totalSupplyAssets - totalBorrowAssets : 0;
    }

    function _supplyCapacity() internal pure override returns (uint256) {
        return type(uint256).max;
    }

    function _ltvs() internal view override returns (uint256, uint256) {
        return (_lltv, _lltv);
    }
}
