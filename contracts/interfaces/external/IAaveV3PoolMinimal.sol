// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The state Aave v3 (the v3.0.x code line) keeps per reserve, as `Pool.getReserveData`
/// returns it. `configuration` is the reserve's bitmap (LTV, liquidation threshold, caps, flags).
/// @dev Declared locally from Aave's documented ABI (the project ships MIT code only).
struct AaveV3ReserveData {
    uint256 configuration;
    uint128 liquidityIndex;
    uint128 currentLiquidityRate;
    uint128 variableBorrowIndex;
    uint128 currentVariableBorrowRate;
    uint128 currentStableBorrowRate;
    uint40 lastUpdateTimestamp;
    uint16 id;
    address aTokenAddress;
    address stableDebtTokenAddress;
    address variableDebtTokenAddress;
    address interestRateStrategyAddress;
    uint128 accruedToTreasury;
    uint128 unbacked;
    uint128 isolationModeTotalDebt;
}

/// @notice The Aave v3 `Pool` functions a leveraged vault calls, declared locally. Reverts carry
/// Aave's numeric error codes as strings ("36": the collateral cannot cover the new borrow).
interface IAaveV3PoolMinimal {
    /// @notice Supplies `amount` of `asset` (pulled from the caller) and credits aTokens to `onBehalfOf`.
    function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode) external;

    /// @notice Withdraws `amount` of the caller's supplied `asset` to `to` (`type(uint256).max`: all of it).
    function withdraw(address asset, uint256 amount, address to) external returns (uint256 withdrawn);

    /// @notice Borrows `amount` of `asset` to the caller, the debt going to `onBehalfOf`
    /// (`interestRateMode` 2 is variable).
    function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)
        external;

    /// @notice Repays `amount` of `onBehalfOf`'s debt in `asset`, pulled from the caller
    /// (`type(uint256).max`: all of it). Returns what was repaid.
    function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf)
        external
        returns (uint256 repaid);

    /// @notice The reserve's configuration bitmap.
    function getConfiguration(address asset) external view returns (uint256 configuration);

    /// @notice The reserve's stored state and token addresses.
    function getReserveData(address asset) external view returns (AaveV3ReserveData memory);

    /// @notice The liquidity index projected to this block, in ray.
    function getReserveNormalizedIncome(address asset) external view returns (uint256);

    /// @notice The variable borrow index projected to this block, in ray.
    function getReserveNormalizedVariableDebt(address asset) external view returns (uint256);
}

/// @notice The reads the vault makes on Aave's aTokens and debt tokens (ERC-20s whose balances are
/// scaled by the reserve's indexes).
interface IAaveV3ScaledTokenMinimal {
    /// @notice The balance with interest projected to this block.
    function balanceOf(address account) external view returns (uint256);

    /// @notice The total supply with interest projected to this block.
    function totalSupply() external view returns (uint256);

    /// @notice The total supply divided by the index, as stored.
    function scaledTotalSupply() external view returns (uint256);
}
