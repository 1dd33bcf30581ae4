// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CreationCodeStore} from "./CreationCodeStore.sol";

/// @title CreationCodeWriter
/// @notice Writes a creation code into `CreationCodeStore` data contracts, in one call, for a factory
/// to be constructed with. A stateless utility: anyone may use it; what it writes cannot change.
/// @dev A factory cannot take a vault's creation code as a constructor argument: the factory's own
/// creation code plus the vault's would exceed the 49,152-byte limit on init code (EIP-3860). A call's
/// data has no such limit, so the code is written here first and the factory takes the addresses.
contract CreationCodeWriter {
    /// @notice `code` (keccak256 `codeHash`) was written into `chunks`, in order.
    event CreationCodeWritten(bytes32 indexed codeHash, address[] chunks);

    /// @notice Writes `code` into data contracts and returns their addresses, in order.
    function write(bytes calldata code) external returns (address[] memory chunks) {
        chunks = CreationCodeStore.write(code);
        emit CreationCodeWritten(keccak256(code), chunks);
    }
}
