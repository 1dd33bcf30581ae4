/**
 * `performUpkeep` gas through Chainlink Automation's registry against a direct call, on one state.
 *
 * From an EVM snapshot: the upkeep's forwarder address calls the vault's automation adapter's `performUpkeep` directly
 * (impersonated), the snapshot is restored, and the node network performs the same upkeep through
 * `transmit` (registry -> forwarder -> vault). Both figures are receipts' `gasUsed` (intrinsic gas and
 * calldata included); the registry also reports the gas of its call into the vault, which is what the
 * upkeep's gas limit must cover.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import type { AutomationNodeNetwork } from "../automation/node-network.js";
import type { VaultUpkeep } from "../automation/register-vault.js";

export interface UpkeepGasMeasurement {
  /** `performUpkeep` sent by the forwarder's address straight to the vault. */
  directGas: bigint;
  /** The whole `transmit` transaction that performed the upkeep. */
  registryGas: bigint;
  /** Gas of the forwarder's call into the vault inside that transmit (the registry's `UpkeepPerformed.gasUsed`). */
  performGas: bigint;
  gasLimit: number;
  /** LINK (18 decimals) billed to the upkeep for the transmit. */
  payment: bigint;
}

export interface UpkeepGasContext {
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
  vault: ILeveragedVault;
  upkeep: VaultUpkeep;
  network: AutomationNodeNetwork;
}

/**
 * Measures one perform of `upkeep` from the current state, which must have the upkeep due, and
 * leaves the chain as it found it.
 */
export async function measureUpkeepGas(context: UpkeepGasContext): Promise<UpkeepGasMeasurement> {
  const { ethers, networkHelpers, vault, upkeep, network } = context;
  const start = await networkHelpers.takeSnapshot();
  const [needed, performData] = await upkeep.adapter.checkUpkeep("0x");
  if (!needed) throw new Error(`upkeep ${upkeep.upkeepId} is not due: nothing to measure`);

  await networkHelpers.impersonateAccount(upkeep.forwarder);
  await networkHelpers.setBalance(upkeep.forwarder, ethers.parseEther("1"));
  const asForwarder = await ethers.getSigner(upkeep.forwarder);
  const direct = await (await upkeep.adapter.connect(asForwarder).performUpkeep(performData)).wait();
  await networkHelpers.stopImpersonatingAccount(upkeep.forwarder);
  await start.restore();

  const round = await network.runRound([upkeep.upkeepId]);
  const performed = round.transmitted?.performed.find((entry) => entry.upkeepId === upkeep.upkeepId);
  if (!round.transmitted || !performed?.success) throw new Error(`the registry did not perform upkeep ${upkeep.upkeepId}`);
  await start.restore();
  return {
    directGas: direct!.gasUsed,
    registryGas: round.transmitted.receipt.gasUsed,
    performGas: performed.gasUsed,
    gasLimit: upkeep.gasLimit,
    payment: performed.totalPayment,
  };
}

/** The bench row's cells for one measured flow. */
export function formatUpkeepGasRow(flow: string, measurement: UpkeepGasMeasurement): string[] {
  const ratio = Number(measurement.registryGas) / Number(measurement.directGas);
  const headroom = measurement.gasLimit / Number(measurement.performGas);
  return [
    flow,
    measurement.directGas.toString(),
    measurement.registryGas.toString(),
    `${ratio.toFixed(3)}x`,
    `${measurement.performGas} / ${measurement.gasLimit} (${headroom.toFixed(1)}x room)`,
    `${(Number(measurement.payment) / 1e18).toFixed(4)} LINK`,
  ];
}

export const UPKEEP_GAS_HEADER = [
  "flow",
  "direct performUpkeep gas",
  "through registry (transmit) gas",
  "ratio",
  "vault call inside / upkeep gas limit",
  "billed",
];
