import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import path from "node:path";
import { configVariable, defineConfig } from "hardhat/config";

import { NETWORKS, networkVariables } from "./scripts/networks/network-list.js";

const fromRoot = (relative: string) => path.join(import.meta.dirname, relative);

/**
 * Compilers come from the npm `solc` package (the official wasm build), pinned exactly in
 * package.json: this machine cannot download compilers. Hardhat picks the compiler per file from
 * its pragma, so Morpho Blue (`pragma solidity 0.8.19`) gets the 0.8.19 entry.
 */
const projectCompiler = {
  version: "0.8.30",
  path: fromRoot("node_modules/solc/soljson.js"),
  settings: {
    viaIR: true,
    // runs 1 and no metadata hash keep the vaults small. Measured on the current vault: runs 200 saves
    // 242 gas of the Morpho lever-up but 294 of the raw baseline's (1.213x -> 1.214x), for 166 more
    // bytes (docs/vault.md, Known limits).
    optimizer: { enabled: true, runs: 1 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none" },
  },
};

/** Morpho Blue's own production settings. */
const morphoCompiler = {
  version: "0.8.19",
  path: fromRoot("node_modules/solc-0.8.19/soljson.js"),
  settings: {
    viaIR: true,
    optimizer: { enabled: true, runs: 999999 },
    evmVersion: "paris",
    metadata: { bytecodeHash: "none" },
  },
};

/**
 * Chainlink Automation's registry 2.3 (BUSL-1.1, dev-only: it runs on the local chain for the
 * end-to-end Automation tests and is never imported by the project's contracts), compiled with the
 * 0.8.19 compiler at Chainlink's own settings: optimizer runs 200, no viaIR.
 */
const automationCompiler = {
  version: "0.8.19",
  path: fromRoot("node_modules/solc-0.8.19/soljson.js"),
  settings: { optimizer: { enabled: true, runs: 200 } },
};
const automation = "@chainlink/contracts/src/v0.8/automation";
const automationFiles = [
  `${automation}/v2_3/AutomationRegistry2_3.sol`,
  `${automation}/v2_3/AutomationRegistryLogicA2_3.sol`,
  `${automation}/v2_3/AutomationRegistryLogicB2_3.sol`,
  `${automation}/v2_3/AutomationRegistryLogicC2_3.sol`,
  `${automation}/AutomationForwarder.sol`,
  `${automation}/AutomationForwarderLogic.sol`,
  `${automation}/chains/ChainModuleBase.sol`,
  // Types only: the report and trigger structs the registry decodes, as ABI for off-chain encoding.
  `${automation}/v2_3/AutomationUtils2_3.sol`,
  `${automation}/AutomationCompatibleUtils.sol`,
  // The registry's whole ABI (its own functions and those its logic contracts serve through its fallback).
  `${automation}/interfaces/v2_3/IAutomationRegistryMaster2_3.sol`,
];
const automationOverrides = Object.fromEntries(automationFiles.map((file) => [file, automationCompiler]));

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: { compilers: [projectCompiler, morphoCompiler], overrides: automationOverrides },
      production: { compilers: [projectCompiler, morphoCompiler], overrides: automationOverrides },
    },
    npmFilesToBuild: [
      "@morpho-org/morpho-blue/src/Morpho.sol",
      "@morpho-org/morpho-blue/src/mocks/IrmMock.sol",
      ...automationFiles,
      // A vault's owner: its delay is the wait of every risk-increasing parameter change.
      "@openzeppelin/contracts/governance/TimelockController.sol",
    ],
  },
  test: {
    solidity: {
      fuzz: { runs: 256, seed: "0x6c65766572616765" },
      invariant: { runs: 32, depth: 40 },
    },
  },
  // `npm run deploy -- --verify` and `npm run verify` submit sources through hardhat-verify (part of the
  // toolbox). One Etherscan API key (the v2 API) serves every preset chain; it comes from the keystore
  // (`npx hardhat keystore set ETHERSCAN_API_KEY`) or the environment.
  verify: { etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") } },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      // LOCALHOST_RPC_URL lets tests point `--network localhost` at a node on another port.
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
    // One network per preset (scripts/networks/network-list.ts): its RPC URL and deployer key are
    // configuration variables, from the keystore (`npx hardhat keystore set BASE_SEPOLIA_RPC_URL`) or
    // the environment.
    ...Object.fromEntries(
      NETWORKS.map((preset) => {
        const variables = networkVariables(preset.name);
        return [
          preset.name,
          {
            type: "http" as const,
            chainType: preset.chainType,
            chainId: preset.chainId,
            url: configVariable(variables.rpcUrl),
            accounts: [configVariable(variables.deployerKey)],
          },
        ];
      }),
    ),
  },
});
