/**
 * The demo's keeper when it runs on Chainlink Automation (`npm start -- --keeper automation`): the real
 * registry 2.3 on the demo's chain, the vault registered as a conditional upkeep, and the TypeScript
 * node network performing it through the registry and the upkeep's forwarder.
 */
import { formatEther, type Signer } from "ethers";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import type { ILeveragedVault } from "../../types/ethers-contracts/index.js";
import { AutomationNodeNetwork } from "../automation/node-network.js";
import { registerVaultUpkeep } from "../automation/register-vault.js";
import { deployAutomation } from "../stack/deploy-automation.js";
import type { LocalStack } from "../stack/deploy-local-stack.js";
import type { VaultDeployment } from "../vault/deploy-vault.js";

/**
 * Rounds one settle may run: a rebalance capped by the vault's trade size can need a few in a row.
 * A round whose perform failed ends the settle (the network retries at the next one, as a real
 * network retries at a later block).
 */
const MAX_ROUNDS_PER_SETTLE = 8;

export interface AutomationDriverStats {
  rounds: number;
  transmits: number;
  failedPerforms: number;
  /** LINK (18 decimals) billed to the upkeep. */
  billed: bigint;
}

export interface AutomationDriver {
  /** Runs rounds until the vault's upkeep is no longer due. */
  settle(): Promise<void>;
  stats: AutomationDriverStats;
  /** One line for the demo's progress output. */
  describe(): Promise<string>;
}

export async function startAutomationDriver(
  ethers: HardhatEthers,
  stack: LocalStack,
  deployment: Pick<VaultDeployment, "vault" | "libraries">,
  vaultOwner: Signer,
): Promise<AutomationDriver> {
  const { vault } = deployment;
  const automation = await deployAutomation(ethers, { owner: vaultOwner, nativeUsdFeed: await stack.feeds.ethUsd.getAddress() });
  const upkeep = await registerVaultUpkeep(ethers, automation, deployment, vaultOwner);
  const network = new AutomationNodeNetwork(automation);
  const stats: AutomationDriverStats = { rounds: 0, transmits: 0, failedPerforms: 0, billed: 0n };

  return {
    stats,
    async settle() {
      for (let round = 0; round < MAX_ROUNDS_PER_SETTLE; round++) {
        const result = await network.runRound([upkeep.upkeepId]);
        stats.rounds += 1;
        if (!result.transmitted) return;
        stats.transmits += 1;
        for (const performed of result.transmitted.performed) {
          stats.billed += performed.totalPayment;
          if (!performed.success) stats.failedPerforms += 1;
        }
        if (result.transmitted.performed.some((performed) => !performed.success)) return;
      }
    },
    async describe() {
      const balance = await automation.registry.getBalance(upkeep.upkeepId);
      const id = upkeep.upkeepId.toString();
      return (
        `Chainlink Automation: upkeep ${id.slice(0, 6)}…${id.slice(-4)} via forwarder ${upkeep.forwarder}: ` +
        `${stats.rounds} checks, ${stats.transmits} transmits, ${stats.failedPerforms} failed performs, ` +
        `${Number(formatEther(stats.billed)).toFixed(4)} LINK billed, ${Number(formatEther(balance)).toFixed(4)} LINK left`
      );
    },
  };
}
