// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILeveragedVault, ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";

/// @title VaultPositionLens
/// @notice Never deployed: the SDK (`getPosition`) runs its creation bytecode deployless in one `eth_call`, so reads that
/// depend on each other (the user's balance, then the value of exactly that balance) come from the
/// vault itself, in one block, in one round trip.
contract VaultPositionLens {
    struct Position {
        uint256 shares;
        uint256 totalSupply;
        uint256 assets;
        uint256 redeemAssets;
        uint256 maxWithdraw;
        ILeveragedVaultTypes.PositionState state;
        ILeveragedVaultTypes.RebalanceStatus status;
        uint256 liquidationLeverage;
        uint256 blockNumber;
        uint256 timestamp;
    }

    function position(ILeveragedVault vault, address user) external view returns (Position memory p) {
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
