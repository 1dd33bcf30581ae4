// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ILeveragedVault, ILeveragedVaultTypes} from "../interfaces/ILeveragedVault.sol";
import {IUniswapV3PoolMinimal} from "../interfaces/external/IUniswapV3PoolMinimal.sol";
import {IVaultAutomationAdapterDeployer} from "../interfaces/ILeveragedVaultFactory.sol";

/// @title VaultAutomationAdapter
/// @notice Chainlink Automation's `checkUpkeep`/`performUpkeep` for one vault. Register this adapter
/// as a conditional upkeep, make it a keeper of the vault, and set the upkeep's forwarder here. A vault
/// factory deploys it (`createVault` with an adapter, which makes it a keeper at once, or
/// `createAutomationAdapter` for a vault that has none).
/// @dev The adapter holds no rebalance rule of its own: `checkUpkeep` asks the vault's
/// `canRebalance(this)`, and `performUpkeep` calls `rebalance()`, which re-validates everything. Only
/// the forwarder may perform, so a griefer cannot spend the upkeep's balance or front-run the network
/// with it.
/// One report can carry several upkeeps, and the registry bills each perform, reverted or not. When two
/// vaults trade the same pool, the first one's trade moves the price the second one's check simulated
/// at. So `checkUpkeep` hands the venue pool's price to `performUpkeep`, which returns early (emitting
/// `UpkeepDeferred`, without reverting and without calling the vault) when the pool has moved since by
/// more than the vault's slippage allowance: the next check simulates at the new price.
/// Emergency rewards the vault pays the adapter stay here until the owner withdraws them.
contract VaultAutomationAdapter is Ownable2Step {
    using SafeERC20 for IERC20;

    /// @notice The vault this adapter keeps in band.
    ILeveragedVault public immutable vault;
    /// @notice The upkeep's forwarder, the only caller of `performUpkeep` (0: none yet).
    address public forwarder;

    /// @notice `performUpkeep` did not call the vault: its pool moved from `checkedSqrtPriceX96`, the
    /// price `checkUpkeep` simulated at, to `sqrtPriceX96`, more than the vault's `maxSlippageBps`.
    event UpkeepDeferred(uint160 checkedSqrtPriceX96, uint160 sqrtPriceX96, uint256 maxSlippageBps);
    /// @notice The forwarder allowed to call `performUpkeep` changed.
    event ForwarderSet(address forwarder);
    /// @notice `performUpkeep` came from `caller`, not the upkeep's `forwarder`.
    error NotForwarder(address caller, address forwarder);

    /// @dev Takes its vault and owner from its deployer (`IVaultAutomationAdapterDeployer`, a vault
    /// factory), the way Uniswap v3 pools take their parameters: the creation code has no arguments, so
    /// the adapter's CREATE2 address does not depend on the vault's, and a factory can make the adapter a
    /// keeper in the vault's own constructor.
    constructor() Ownable(_deployerParameters().owner) {
        vault = ILeveragedVault(_deployerParameters().vault);
    }

    function _deployerParameters() private view returns (IVaultAutomationAdapterDeployer.AdapterParameters memory) {
        return IVaultAutomationAdapterDeployer(msg.sender).automationAdapterParameters();
    }

    /// @notice Chainlink Automation: whether the vault lets this adapter rebalance now.
    /// @return upkeepNeeded `vault.canRebalance(address(this))`.
    /// @return performData The venue pool's `sqrtPriceX96` now, ABI-encoded as one word: the price the
    /// nodes' simulation of `performUpkeep` runs at.
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        return (vault.canRebalance(address(this)), abi.encode(_poolSqrtPrice()));
    }

    /// @notice Chainlink Automation: runs `vault.rebalance()`, for the upkeep's forwarder only, unless
    /// the pool moved since the check by more than the vault's slippage allowance (`UpkeepDeferred`).
    /// @param performData `checkUpkeep`'s: the pool's `sqrtPriceX96` when the check ran.
    /// @dev Reverts with `NotForwarder` for anyone else, and with the vault's own errors when the
    /// rebalance is no longer due or its checks fail.
    function performUpkeep(bytes calldata performData) external {
        address allowed = forwarder;
        if (msg.sender != allowed || allowed == address(0)) revert NotForwarder(msg.sender, allowed);
        uint160 checked = abi.decode(performData, (uint160));
        uint160 current = _poolSqrtPrice();
        uint256 maxSlippageBps = vault.riskParameters().maxSlippageBps;
        if (_movedBeyond(checked, current, maxSlippageBps)) {
            emit UpkeepDeferred(checked, current, maxSlippageBps);
            return;
        }
        vault.rebalance();
    }

    /// @dev The vault's venue pool's current `sqrtPriceX96` (the vault's venue is a Uniswap v3 pool).
    function _poolSqrtPrice() private view returns (uint160 sqrtPriceX96) {
        (sqrtPriceX96,,,,,,) = IUniswapV3PoolMinimal(vault.swapVenue()).slot0();
    }

    /// @dev Whether the price moved from `checked` to `current` (square roots, Q64.96) by more than
    /// `bps` either way. A price ratio of (1 ± bps/1e4) is a square-root ratio of about (1 ± bps/2e4);
    /// the square roots are compared against half the allowance, which errs on the side of deferring.
    function _movedBeyond(uint160 checked, uint160 current, uint256 bps) private pure returns (bool) {
        uint256 gap = checked > current ? checked - current : current - checked;
        // sqrtPriceX96 < 2^160 and bps ≤ 2^16, so neither product overflows.
        return gap * 20_000 > uint256(checked) * bps;
    }

    /// @notice Sets the upkeep's forwarder (owner): read it from the registry after registering.
    function setForwarder(address forwarder_) external onlyOwner {
        forwarder = forwarder_;
        emit ForwarderSet(forwarder_);
    }

    /// @notice Sends `amount` of `token` held here (emergency rewards) to `to` (owner).
    function withdrawToken(IERC20 token, address to, uint256 amount) external onlyOwner {
        token.safeTransfer(to, amount);
    }
}
