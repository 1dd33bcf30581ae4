// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CreationCodeStore
/// @notice Keeps a contract's creation code as the runtime code of data contracts, so a factory can
/// deploy a contract whose creation code is larger than the factory may be.
/// @dev A vault's creation code (its runtime plus its constructor) is about 28 KB: more than the
/// 24,576-byte limit on the factory's own code. `CreationCodeWriter` writes it once into a few data
/// contracts of at most `MAX_CHUNK` bytes (well under the limit); the factory is constructed with
/// their addresses and reads the code back, with EXTCODECOPY, for each deployment. Each data contract's code starts with a STOP byte, so calling it
/// does nothing; it has no function, no owner and cannot change.
library CreationCodeStore {
    /// @notice The most bytes one data contract keeps (its code is one byte longer).
    uint256 internal constant MAX_CHUNK = 20_000;

    /// @notice Deploying a data contract failed.
    error CodeStoreWriteFailed(uint256 chunk);
    /// @notice `chunk` holds no code written by `write`.
    error NotACodeChunk(address chunk);

    /// @notice Writes `code` into data contracts and returns their addresses, in order.
    function write(bytes memory code) internal returns (address[] memory chunks) {
        uint256 count = (code.length + MAX_CHUNK - 1) / MAX_CHUNK;
        chunks = new address[](count);
        for (uint256 i; i < count; ++i) {
            uint256 start = i * MAX_CHUNK;
            uint256 length = code.length - start < MAX_CHUNK ? code.length - start : MAX_CHUNK;
            bytes memory data = new bytes(length);
            assembly ("memory-safe") {
                mcopy(add(data, 0x20), add(add(code, 0x20), start), length)
            }
            // Init code that returns what follows it as the runtime code: PUSH2 size, DUP1, PUSH1 12,
            // PUSH1 0, CODECOPY, PUSH1 0, RETURN (12 bytes), then a STOP byte and the data.
            bytes memory initCode = abi.encodePacked(hex"61", uint16(length + 1), hex"80600c6000396000f3", hex"00", data);
            address chunk;
            assembly ("memory-safe") {
                chunk := create(0, add(initCode, 0x20), mload(initCode))
            }
            if (chunk == address(0)) revert CodeStoreWriteFailed(i);
            chunks[i] = chunk;
        }
    }

    /// @notice keccak256 of the code `write` kept in `chunks`; reverts `NotACodeChunk` for an address
    /// whose code does not start with the STOP byte.
    function hash(address[] memory chunks) internal view returns (bytes32) {
        for (uint256 i; i < chunks.length; ++i) {
            bytes memory head = new bytes(1);
            address chunk = chunks[i];
            assembly ("memory-safe") {
                extcodecopy(chunk, add(head, 0x20), 0, 1)
            }
            if (chunk.code.length < 2 || head[0] != 0x00) revert NotACodeChunk(chunk);
        }
        return keccak256(_concat(chunks, ""));
    }

    /// @notice The code `write` kept in `chunks`, followed by `suffix` (a constructor's arguments).
    function read(address[] storage chunks, bytes memory suffix) internal view returns (bytes memory) {
        return _concat(chunks, suffix);
    }

    function _concat(address[] memory pointers, bytes memory suffix) private view returns (bytes memory code) {
        uint256 count = pointers.length;
        uint256 total = suffix.length;
        for (uint256 i; i < count; ++i) {
            total += pointers[i].code.length - 1;
        }
        code = new bytes(total);
        uint256 offset;
        for (uint256 i; i < count; ++i) {
            address pointer = pointers[i];
            uint256 size = pointer.code.length - 1;
            assembly ("memory-safe") {
                extcodecopy(pointer, add(add(code, 0x20), offset), 1, size)
            }
            offset += size;
        }
        assembly ("memory-safe") {
            mcopy(add(add(code, 0x20), offset), add(suffix, 0x20), mload(suffix))
        }
    }
}
