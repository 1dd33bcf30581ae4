/**
 * Chainlink Automation on the local chain: the real registry 2.3 (with its three logic contracts and
 * the forwarder logic) from `@chainlink/contracts`, billed in a LINK test token, priced by settable
 * feeds, and configured with a decentralised oracle network whose signing and transmitting keys the
 * caller holds (see `scripts/automation/` for the nodes that use them).
 *
 * Dev-only: the registry is BUSL-1.1 and runs only on local chains; no project contract imports it.
 */
import { Wallet, id, parseEther, parseUnits, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { IAutomationRegistryMaster2_3, SettablePriceFeed, TestToken } from "../../types/ethers-contracts/index.js";
import { FEED_DECIMALS, toFeedAnswer } from "./deploy-local-stack.js";

/** `AutomationRegistryBase2_3.Trigger`. */
const UpkeepTrigger = { Condition: 0, Log: 1 } as const;
/** `AutomationRegistryBase2_3.PayoutMode`: ON_CHAIN is the only mode that allows LINK billing. */
const PAYOUT_MODE_ON_CHAIN = 0;

/** One node of the oracle network: the key that signs reports and the account that sends them. */
export interface AutomationNode {
  /** Off-chain signing key: the registry recovers it from each report signature. */
  signer: Wallet;
  /** Sends `transmit`; connected to the chain and funded with ETH. */
  transmitter: Wallet;
}

export interface AutomationOptions {
  /** Account that deploys and owns the registry. Default: the first signer. */
  owner?: Signer;
  /** Nodes in the network (at least 3f+1). Default 4. */
  nodeCount?: number;
  /** Faulty nodes tolerated; a report needs exactly f+1 signatures. Default 1. */
  faultTolerance?: number;
  /** LINK price in USD for the LINK/USD feed. Default 15. */
  linkPriceUsd?: number;
  /** Fast gas price the fast-gas feed reports. Default 30 gwei. */
  fastGasWei?: bigint;
  /**
   * Native token / USD feed. Default: a new settable feed at 3000 USD. The local stack's ETH/USD feed
   * is the natural choice when the chain's native token is ETH.
   */
  nativeUsdFeed?: string;
  /** Gas the registry gives a target's `checkUpkeep`. Default 5,000,000. */
  checkGasLimit?: number;
  /** Largest gas limit an upkeep may register. Default 5,000,000. */
  maxPerformGas?: number;
  /** Premium on the gas charge, in parts per billion. Default 200,000,000 (20%). */
  gasFeePPB?: number;
}

export interface AutomationDeployment {
  ethers: HardhatEthers;
  owner: Signer;
  /** The registry at its address, with the ABI of everything it serves (its own and its logic contracts' functions). */
  registry: IAutomationRegistryMaster2_3;
  /** The LINK test token upkeeps are billed in. */
  link: TestToken;
  feeds: { linkUsd: SettablePriceFeed; fastGas: SettablePriceFeed; nativeUsd: string };
  nodes: AutomationNode[];
  faultTolerance: number;
  /**
   * `tx.origin` the registry requires for its simulation-only functions (`checkUpkeep`): nodes call
   * them with `eth_call` from this address. Zero: no one holds its key, so they can never run on-chain.
   */
  readOnlyAddress: string;
}

/** Deploys and configures the registry. About 15 transactions. */
export async function deployAutomation(ethers: HardhatEthers, options: AutomationOptions = {}): Promise<AutomationDeployment> {
  const owner = options.owner ?? (await ethers.getSigners())[0];
  const ownerAddress = await owner.getAddress();
  const nodeCount = options.nodeCount ?? 4;
  const faultTolerance = options.faultTolerance ?? 1;
  if (faultTolerance < 1) throw new Error(`faultTolerance must be at least 1 (got ${faultTolerance})`);
  if (nodeCount <= 3 * faultTolerance) {
    throw new Error(`nodeCount must exceed 3 * faultTolerance = ${3 * faultTolerance} (got ${nodeCount})`);
  }
  const readOnlyAddress = ethers.ZeroAddress;

  const deploy = async (name: string, args: unknown[] = []) => {
    const contract = await (await ethers.getContractFactory(name, owner)).deploy(...args);
    await contract.waitForDeployment();
    return contract;
  };

  const link = (await deploy("TestToken", ["ChainLink Token", "LINK", 18])) as unknown as TestToken;
  const linkUsdAnswer = toFeedAnswer(options.linkPriceUsd ?? 15);
  const nativeUsdFallbackAnswer = toFeedAnswer(3000);
  const linkUsd = (await deploy("SettablePriceFeed", [
    FEED_DECIMALS,
    "LINK / USD",
    linkUsdAnswer,
  ])) as unknown as SettablePriceFeed;
  // The fast gas feed reports wei per gas, with no decimals.
  const fastGas = (await deploy("SettablePriceFeed", [0, "Fast Gas / Wei", options.fastGasWei ?? parseUnits("30", "gwei")])) as unknown as SettablePriceFeed;
  const nativeUsd =
    options.nativeUsdFeed ?? (await (await deploy("SettablePriceFeed", [FEED_DECIMALS, "ETH / USD", nativeUsdFallbackAnswer])).getAddress());
  const linkAddress = await link.getAddress();
  const linkUsdAddress = await linkUsd.getAddress();

  // Logic C carries the immutables; B, A and the registry read them from the one below.
  const forwarderLogic = await deploy("AutomationForwarderLogic");
  const logicC = await deploy("AutomationRegistryLogicC2_3", [
    linkAddress,
    linkUsdAddress,
    nativeUsd,
    await fastGas.getAddress(),
    await forwarderLogic.getAddress(),
    readOnlyAddress,
    PAYOUT_MODE_ON_CHAIN,
    // Wrapped native token: only native-token billing uses it, and none is configured.
    ethers.ZeroAddress,
  ]);
  const logicB = await deploy("AutomationRegistryLogicB2_3", [await logicC.getAddress()]);
  const logicA = await deploy("AutomationRegistryLogicA2_3", [await logicB.getAddress()]);
  const registryContract = await deploy("AutomationRegistry2_3", [await logicA.getAddress()]);
  const registry = (await ethers.getContractAt(
    "IAutomationRegistryMaster2_3",
    await registryContract.getAddress(),
    owner,
  )) as unknown as IAutomationRegistryMaster2_3;
  const chainModule = await deploy("ChainModuleBase");

  const nodes = nodeKeys(nodeCount).map(({ signerKey, transmitterKey }) => ({
    signer: new Wallet(signerKey),
    transmitter: new Wallet(transmitterKey, ethers.provider),
  }));
  for (const node of nodes) {
    await (await owner.sendTransaction({ to: node.transmitter.address, value: parseEther("100") })).wait();
  }

  const onchainConfig = {
    checkGasLimit: options.checkGasLimit ?? 5_000_000,
    maxPerformGas: options.maxPerformGas ?? 5_000_000,
    maxCheckDataSize: 5_000,
    transcoder: ethers.ZeroAddress,
    reorgProtectionEnabled: true,
    // 0: feeds are never treated as stale (local feeds move only when a test or the demo sets them).
    stalenessSeconds: 0,
    maxPerformDataSize: 5_000,
    maxRevertDataSize: 5_000,
    upkeepPrivilegeManager: ownerAddress,
    gasCeilingMultiplier: 2,
    financeAdmin: ownerAddress,
    fallbackGasPrice: parseUnits("200", "gwei"),
    fallbackLinkPrice: linkUsdAnswer,
    fallbackNativePrice: nativeUsdFallbackAnswer,
    registrars: [],
    chainModule: await chainModule.getAddress(),
  };
  const linkBilling = {
    gasFeePPB: options.gasFeePPB ?? 200_000_000,
    flatFeeMilliCents: 0,
    priceFeed: linkUsdAddress,
    decimals: 18,
    fallbackPrice: linkUsdAnswer,
    minSpend: parseEther("0.1"),
  };
  await (
    await registry.setConfigTypeSafe(
      nodes.map((node) => node.signer.address),
      nodes.map((node) => node.transmitter.address),
      faultTolerance,
      onchainConfig,
      0,
      "0x",
      [linkAddress],
      [linkBilling],
    )
  ).wait();

  return {
    ethers,
    owner,
    registry,
    link,
    feeds: { linkUsd, fastGas, nativeUsd },
    nodes,
    faultTolerance,
    readOnlyAddress,
  };
}

export interface ConditionalUpkeepOptions {
  /** The contract the registry checks and performs: any AutomationCompatible contract (the vault, or an adapter). */
  target: string;
  /** Gas the registry gives each `performUpkeep`. */
  gasLimit: number;
  /** Passed to the target's `checkUpkeep` on every check. Default empty. */
  checkData?: string;
  /** LINK credited to the upkeep's balance (minted to the owner and added). */
  funding: bigint;
  /** May cancel the upkeep and withdraw its balance. Default: the registry owner. */
  admin?: string;
  /**
   * Authorises the upkeep's forwarder on the target, through the target's governance path (for the
   * vault, its owner calling `setAutomationForwarder`). Runs once the registry has created the forwarder.
   */
  setForwarder: (forwarder: string) => Promise<void>;
}

export interface RegisteredUpkeep {
  upkeepId: bigint;
  /** The contract the registry calls `performUpkeep` through; the target authorises it. */
  forwarder: string;
  gasLimit: number;
}

/**
 * Registers `target` as a conditional upkeep (owner registration, as a registrar would), funds it with
 * LINK, reads the forwarder the registry created for it and hands it to `setForwarder`.
 */
export async function registerConditionalUpkeep(
  automation: AutomationDeployment,
  options: ConditionalUpkeepOptions,
): Promise<RegisteredUpkeep> {
  const { registry, link, owner } = automation;
  const ownerAddress = await owner.getAddress();
  const receipt = await (
    await registry.registerUpkeep(
      options.target,
      options.gasLimit,
      options.admin ?? ownerAddress,
      UpkeepTrigger.Condition,
      await link.getAddress(),
      options.checkData ?? "0x",
      "0x",
      "0x",
    )
  ).wait();
  const registered = receipt!.logs
    .map((log) => registry.interface.parseLog(log))
    .find((parsed) => parsed?.name === "UpkeepRegistered");
  if (!registered) throw new Error(`registerUpkeep(${options.target}) emitted no UpkeepRegistered event`);
  const upkeepId = registered.args.id as bigint;

  await (await link.mint(ownerAddress, options.funding)).wait();
  await (await link.connect(owner).approve(await registry.getAddress(), options.funding)).wait();
  await (await registry.addFunds(upkeepId, options.funding)).wait();

  const forwarder = await registry.getForwarder(upkeepId);
  await options.setForwarder(forwarder);
  return { upkeepId, forwarder, gasLimit: options.gasLimit };
}

/**
 * Deterministic development keys for the nodes (never use them on a public network): each is the
 * keccak-256 of a label, so tests and the demo get the same network every run.
 */
function nodeKeys(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    signerKey: id(`leveraged-vault local automation node ${index} signer`),
    transmitterKey: id(`leveraged-vault local automation node ${index} transmitter`),
  }));
}
