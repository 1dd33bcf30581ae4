import { createRequire } from "node:module";

/** A compiled contract as shipped in the Uniswap npm packages (Hardhat 2 artifact format). */
export interface PackagedArtifact {
  contractName: string;
  abi: any[];
  bytecode: string;
}

const require = createRequire(import.meta.url);

const load = (path: string): PackagedArtifact => require(path) as PackagedArtifact;

/** The real Uniswap v3 bytecode, from `@uniswap/v3-core@1.0.1` and `@uniswap/v3-periphery@1.4.4`. */
export const uniswapArtifacts = {
  factory: load("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json"),
  pool: load("@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json"),
  swapRouter: load("@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json"),
  quoterV2: load("@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json"),
  positionManager: load(
    "@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json",
  ),
};
