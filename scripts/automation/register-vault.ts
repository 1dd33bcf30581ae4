/**
 * Registering a leveraged vault with Chainlink Automation: the one place that knows which contract is
 * the upkeep target (the vault's `VaultAutomationAdapter`) and how it authorises the registry's
 * forwarder.
 */
import { parseEther, type Signer } from "ethers";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { VaultAutomationAdapter } from "../../types/ethers-contracts/index.js";
import { registerConditionalUpkeep, type AutomationDeployment, type RegisteredUpkeep } from "../stack/deploy-automation.js";
import { createAutomationAdapter, type VaultDeployment } from "../vault/deploy-vault.js";

/**
 * Gas the registry gives each `performUpkeep` of a vault. A routine rebalance or an emergency
 * delever uses about 0.4-0.6M through the forwarder (measured by test/automation and
 * `npm run bench:gas`); the limit leaves room for a deeper pool path or Morpho interest accrual
 * without paying for it: the upkeep is billed for the gas used, not the limit (the limit only sets
 * the minimum balance the registry wants before it checks the upkeep).
 */
export const VAULT_UPKEEP_GAS_LIMIT = 1_500_000;

export interface VaultUpkeepOptions {
  /** LINK credited to the upkeep. Default 50 LINK. */
  funding?: bigint;
  gasLimit?: number;
}

/** A vault's upkeep: the registry's view of it and the adapter it performs through. */
export interface VaultUpkeep extends RegisteredUpkeep {
  /** The `VaultAutomationAdapter` registered as the upkeep's target; a keeper of the vault. */
  adapter: VaultAutomationAdapter;
}

/**
 * Deploys a `VaultAutomationAdapter` for the vault (owned by `vaultOwner`, through the vault's factory), makes it a keeper through
 * the vault's governance (owner), registers it as a conditional upkeep (empty check data: the vault
 * decides everything from its own state) and sets the upkeep's forwarder on the adapter.
 */
export async function registerVaultUpkeep(
  ethers: HardhatEthers,
  automation: AutomationDeployment,
  deployment: Pick<VaultDeployment, "vault" | "libraries">,
  vaultOwner: Signer,
  options: VaultUpkeepOptions = {},
): Promise<VaultUpkeep> {
  const { vault } = deployment;
  const adapter = await createAutomationAdapter(ethers, deployment, vaultOwner);
  await (await vault.connect(vaultOwner).setKeeper(await adapter.getAddress(), true)).wait();
  const upkeep = await registerConditionalUpkeep(automation, {
    target: await adapter.getAddress(),
    gasLimit: options.gasLimit ?? VAULT_UPKEEP_GAS_LIMIT,
    checkData: "0x",
    funding: options.funding ?? parseEther("50"),
    setForwarder: async (forwarder) => {
      await (await adapter.connect(vaultOwner).setForwarder(forwarder)).wait();
    },
  });
  return { ...upkeep, adapter };
}
