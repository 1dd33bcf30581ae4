/**
 * One preflight: builds the vault request a preset deployment would send, reads the network and
 * judges it. `npm run preflight` prints the result; `npm run deploy` runs it first and stops on a
 * refusal. Sends nothing.
 */
import { getContractAddress, type Address, type PublicClient } from "viem";

import { presetVaultRequest } from "../networks/preset-vault-request.js";
import { pairTokens, type NetworkPreset, type Pair } from "../networks/presets.js";
import type { PresetName } from "../vault/vault-parameters.js";
import type { VaultMarket } from "../vault/vault-request.js";
import { evaluatePreflight, preflightOutcome } from "./evaluate-preflight.js";
import type { PreflightFacts, PreflightLine, PreflightRequest, PreflightStatus } from "./preflight-facts.js";
import { findPool, readPreflightFacts } from "./read-preflight-facts.js";

export interface PreflightPlan {
  preset: NetworkPreset;
  pair: Pair;
  market: VaultMarket;
  vaultPreset: PresetName;
  /** The account that deploys: the Morpho oracle's address follows from its next nonce. */
  deployer: string;
  keeper?: string;
  guardian?: string;
  /** The timelock's proposers (default: the deployer) and executors (default: the proposers). */
  proposers?: string[];
  executors?: string[];
  /** The project's oracle of an earlier deployment's Morpho market for this pair (then nothing is created). */
  morphoOracle?: string;
  salt?: string;
}

export interface PreflightResult {
  lines: PreflightLine[];
  outcome: PreflightStatus;
  facts: PreflightFacts;
  request: PreflightRequest;
  /** For a Morpho vault: its market's oracle, deployed already or to be deployed at this address. */
  morphoOracle?: { address: string; deployed: boolean };
}

export async function runPreflight(client: PublicClient, plan: PreflightPlan): Promise<PreflightResult> {
  const { preset } = plan;
  const tokens = pairTokens(plan.pair);
  const pool = await findPool(client, preset, preset.tokens[tokens.collateral], preset.tokens[tokens.debt]).catch(() => "0x0000000000000000000000000000000000000000");
  let morphoOracle: PreflightResult["morphoOracle"];
  if (plan.market === "morpho") {
    morphoOracle = plan.morphoOracle
      ? { address: plan.morphoOracle, deployed: true }
      : {
          // The deploy's first transaction deploys the oracle, so it lands at the deployer's next CREATE address.
          address: getContractAddress({ from: plan.deployer as Address, nonce: BigInt(await client.getTransactionCount({ address: plan.deployer as Address })) }),
          deployed: false,
        };
  }
  const vault = presetVaultRequest(preset, {
    pair: plan.pair,
    market: plan.market,
    vaultPreset: plan.vaultPreset,
    pool,
    ...(morphoOracle ? { morphoOracle: morphoOracle.address } : {}),
    proposers: plan.proposers ?? [plan.deployer],
    ...(plan.executors ? { executors: plan.executors } : {}),
    guardian: plan.guardian ?? plan.deployer,
    keeper: plan.keeper ?? plan.deployer,
    ...(plan.salt ? { salt: plan.salt } : {}),
  });
  const request: PreflightRequest = { pair: plan.pair, market: plan.market, vaultPreset: plan.vaultPreset, vault };
  const facts = await readPreflightFacts(client, preset, request, morphoOracle ? { morphoOracle } : {});
  const lines = evaluatePreflight(facts, preset, request);
  return { lines, outcome: preflightOutcome(lines), facts, request, ...(morphoOracle ? { morphoOracle } : {}) };
}
