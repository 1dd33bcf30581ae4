// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev The few vault views the lens reads (a subset of `ILeveragedVault`).
interface ILeveragedVaultViews {
    struct PositionState {
        uint256 collateral;
        uint256 debt;
        uint256 price;
        bool priceHealthy;
        uint256 equity;
        uint256 leverage;
    }

    struct RebalanceStatus {
        uint8 action;
        uint256 leverage;
        uint256 targetLeverage;
        uint256 minLeverage;
        uint256 maxLeverage;
        uint256 emergencyLeverage;
        uint256 nextLeverage;
        bool leverUp;
        uint256 collateralToTrade;
        uint256 readyAt;
        uint256 permissionlessAt;
    }

    function balanceOf(address account) external view returns (uint256);
    function totalSupply() external view returns (uint256);
    function convertToAssets(uint256 shares) external view returns (uint256);
    function previewRedeem(uint256 shares) external view returns (uint256);
    function maxWithdraw(address owner) external view returns (uint256);
    function positionState() external view returns (PositionState memory);
    function rebalanceStatus() external view returns (RebalanceStatus memory);
    function liquidationLeverage() external view returns (uint256);
}

/// @title VaultPositionLens
/// @notice Never deployed: the SDK runs it as deployless bytecode in one `eth_call`, so reads that
/// depend on each other (the user's balance, then the value of exactly that balance) come from the
/// vault itself, in one block, in one round trip.
contract VaultPositionLens {
    struct Position {
        uint256 shares;
        uint256 totalSupply;
        uint256 assets;
        uint256 redeemAssets;
        uint256 maxWithdraw;
        ILeveragedVaultViews.PositionState state;
        ILeveragedVaultViews.RebalanceStatus status;
        uint256 liquidationLeverage;
        uint256 blockNumber;
        uint256 timestamp;
    }

    function position(ILeveragedVaultViews vault, address user) external view returns (Position memory p) {
        p.shares = vault.balanceOf(user);
        p.totalSupply = vault.totalSupply();
        p.assets = vault.convertToAssets(p.shares);
        p.redeemAssets = vault.previewRedeem(p.shares);
        p.maxWithdraw = vault.maxWithdraw(user);
        p.state = vault.positionState();
        p.status = vault.rebalanceStatus();
        p.liquidationLeverage = vault.liquidationLeverage();
        p.blockNumber = block.number;
        p.timestamp = block.timestamp;
    }
}
