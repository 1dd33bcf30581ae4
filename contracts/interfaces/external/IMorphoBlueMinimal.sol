// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Morpho Blue's market parameters; `keccak256(abi.encode(params))` is the market id.
struct MorphoMarketParams {
    address loanToken;
    address collateralToken;
    address oracle;
    address irm;
    uint256 lltv;
}

/// @notice The state Morpho Blue keeps per market.
struct MorphoMarketState {
    uint128 totalSupplyAssets;
    uint128 totalSupplyShares;
    uint128 totalBorrowAssets;
    uint128 totalBorrowShares;
    uint128 lastUpdate;
    uint128 fee;
}

/// @notice The Morpho Blue functions the vault calls, declared locally (the project ships MIT code only).
interface IMorphoBlueMinimal {
    function supplyCollateral(MorphoMarketParams memory marketParams, uint256 assets, address onBehalf, bytes memory data) external;

    function withdrawCollateral(MorphoMarketParams memory marketParams, uint256 assets, address onBehalf, address receiver) external;

    function borrow(MorphoMarketParams memory marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver)
        external
        returns (uint256 assetsBorrowed, uint256 sharesBorrowed);

    function repay(MorphoMarketParams memory marketParams, uint256 assets, uint256 shares, address onBehalf, bytes memory data)
        external
        returns (uint256 assetsRepaid, uint256 sharesRepaid);

    function accrueInterest(MorphoMarketParams memory marketParams) external;

    /// @notice The words at `slots` of Morpho's own storage.
    function extSloads(bytes32[] memory slots) external view returns (bytes32[] memory);

    function position(bytes32 id, address user)
        external
        view
        returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral);

    function market(bytes32 id)
        external
        view
        returns (
            uint128 totalSupplyAssets,
            uint128 totalSupplyShares,
            uint128 totalBorrowAssets,
            uint128 totalBorrowShares,
            uint128 lastUpdate,
            uint128 fee
        );
}

/// @notice Morpho Blue's interest-rate model interface (rate per second, WAD).
interface IMorphoIrmMinimal {
    function borrowRateView(MorphoMarketParams memory marketParams, MorphoMarketState memory market) external view returns (uint256);
}
