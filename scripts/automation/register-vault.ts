/**
 * Registering a leveraged vault with Chainlink Automation: the one place that knows which contract is
 * the upkeep target and how that target authorises the registry's forwarder.
 */
import { parseEther, type Signer } from "ethers";

import type { MorphoBlueLeveragedVault } from "../../types/ethers-contracts/index.js";
import { registerConditionalUpkeep, type AutomationDeployment, type RegisteredUpkeep } from "../stack/deploy-automation.js";

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

/**
 * Registers `vault` as a conditional upkeep (empty check data: the vault decides everything from its
 * own state) and sets the upkeep's forwarder as the vault's automation forwarder, which only the
 * vault's owner may do.
 */
export async function registerVaultUpkeep(
  automation: AutomationDeployment,
  vault: MorphoBlueLeveragedVault,
  vaultOwner: Signer,
  options: VaultUpkeepOptions = {},
): Promise<RegisteredUpkeep> {
  return registerConditionalUpkeep(automation, {
    target: await vault.getAddress(),
    gasLimit: options.gasLimit ?? VAULT_UPKEEP_GAS_LIMIT,
    checkData: "0x",
    funding: options.funding ?? parseEther("50"),
    setForwarder: async (forwarder) => {
      await (await vault.connect(vaultOwner).setAutomationForwarder(forwarder)).wait();
    },
  });
}
