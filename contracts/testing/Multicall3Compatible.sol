// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/**
 * @title Multicall3Compatible
 * @notice A read aggregator with the ABI of Multicall3's `aggregate3` and its block getters, for the
 * local chain only. Public chains have the real Multicall3 at 0xcA11bde05977b3631167028862bE2a173976CA11;
 * the local stack puts this contract's runtime code at that address (`hardhat_setCode`), so viem's
 * `multicall` and the keeper batch reads through it exactly as they would on a public chain.
 * @dev Written from Multicall3's documented interface (struct layouts and function signatures), so
 * clients encode and decode against it unchanged. Only the view-style entry points are provided.
 */
contract Multicall3Compatible {
    /// @notice One call of a batch: target, whether its failure is tolerated, and its calldata.
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    /// @notice The outcome of one call: whether it succeeded, and what it returned (or its revert data).
    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice A call whose `allowFailure` was false reverted.
    error CallFailed(uint256 index);

    /**
     * @notice Makes every call in order and returns their outcomes.
     * @dev Reverts with {CallFailed} when a call not allowed to fail reverts.
     */
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory results) {
        results = new Result[](calls.length);
        for (uint256 index = 0; index < calls.length; index++) {
            Call3 calldata call = calls[index];
            (bool success, bytes memory returnData) = call.target.call(call.callData);
            if (!success && !call.allowFailure) revert CallFailed(index);
            results[index] = Result(success, returnData);
        }
    }

    /// @notice The number of the block the call runs in.
    function getBlockNumber() external view returns (uint256) {
        return block.number;
    }

    /// @notice The timestamp of the block the call runs in.
    function getCurrentBlockTimestamp() external view returns (uint256) {
        return block.timestamp;
    }

    /// @notice The base fee of the block the call runs in.
    function getBasefee() external view returns (uint256) {
        return block.basefee;
    }

    /// @notice The chain id.
    function getChainId() external view returns (uint256) {
        return block.chainid;
    }

    /// @notice The native balance of `account`.
    function getEthBalance(address account) external view returns (uint256) {
        return account.balance;
    }
}
