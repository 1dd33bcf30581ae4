/**
 * A deployment to a preset network (`npm run deploy -- --network base-sepolia --pair WETH/USDC
 * --market morpho`): every address from the preset (and `--preset-override`), then
 *
 * 1. the preflight; a refusal stops here, before anything is sent, unless `--force`;
 * 2. for Morpho Blue: the project's oracle and the market, when the market does not exist;
 * 3. the registry and the factories (Ignition; re-running resumes);
 * 4. the vault, through its factory, owned by a new timelock (the deployer, or `--safe`, proposes
 *    and executes);
 * 5. the verification plan (`verification.json`: what hardhat-verify is given), submitted with `--verify`;
 * 6. the records and the keeper config in `deployments/<network>/`.
 */
import path from "node:path";

import type { Signer } from "ethers";

import type { ResolvedPreset } from "../networks/resolve-preset.js";
import { formatPreflightTable } from "../preflight/format-preflight-table.js";
import { preflightClient } from "../preflight/read-preflight-facts.js";
import { runPreflight } from "../preflight/run-preflight.js";
import type { FactoryProtocols } from "../vault/deploy-vault.js";
import { createVault } from "../vault/vault-request.js";
import { deployInfrastructure, type Connection } from "./infrastructure.js";
import { ensureMorphoMarket, readDeploymentMorphoOracle } from "./preset-deployment.js";
import { describeCreatedVault, writeDeployment, writeKeeperConfig, type DeploymentRecord } from "./records.js";
import { requireExplorerApiKey, submitVerification, verificationPlan, verificationRuntime, writeVerificationPlan } from "./verification.js";

export interface PresetDeployOptions extends ResolvedPreset {
  connection: Connection;
  deployer: Signer;
  /** `deployments/<network>`. */
  folder: string;
  deploymentsDir?: string;
  /** Ignition's deployment id (default `<network>-leveraged-vault`: a second run resumes the first). */
  ignitionDeploymentId?: string;
  keeper?: string;
  guardian?: string;
  /** A Safe that proposes and executes on the vault's timelock (instead of the deployer). */
  safe?: string;
  force: boolean;
  verify: boolean;
  log?: (line: string) => void;
}

/** Why a preset deployment stopped: the preflight refused (nothing was sent). */
export class PreflightRefusedError extends Error {
  override name = "PreflightRefusedError";
}

export async function deployPreset(options: PresetDeployOptions): Promise<DeploymentRecord> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { connection, preset, deployer } = options;
  const { ethers } = connection;
  const deployerAddress = await deployer.getAddress();
  const morphoOracle = options.market === "morpho" ? await readDeploymentMorphoOracle(preset.name, options.pair, options.deploymentsDir) : undefined;
  const owners = options.safe ? [options.safe] : [deployerAddress];
  // A deploy that cannot verify stops before anything is sent, not after the contracts are live.
  const verifier = options.verify ? await verificationRuntime(preset.name) : undefined;
  if (verifier) await requireExplorerApiKey(verifier);
  const preflight = await runPreflight(preflightClient(connection.provider), {
    preset,
    pair: options.pair,
    market: options.market,
    vaultPreset: options.vaultPreset,
    deployer: deployerAddress,
    keeper: options.keeper ?? deployerAddress,
    guardian: options.guardian ?? deployerAddress,
    proposers: owners,
    executors: owners,
    ...(morphoOracle ? { morphoOracle } : {}),
    salt: ethers.id(`npm run deploy: ${preset.name} ${options.pair} ${options.market}`),
  });
  log(formatPreflightTable(preflight.lines, `Preflight: ${options.pair} on ${options.market === "aave" ? "Aave v3" : "Morpho Blue"}, ${preset.name}, vault preset ${options.vaultPreset}`));
  if (preflight.outcome === "refuse") {
    if (!options.force) throw new PreflightRefusedError("the preflight refused this deployment; nothing was sent (--force deploys anyway)");
    log("deploy: --force: deploying although the preflight refused");
  }

  if (!preset.morpho) throw new Error(`the factories need a Morpho Blue instance, and the ${preset.name} preset has none (${preset.sources.morpho}); give one in --preset-override`);
  const morphoMarket = options.market === "morpho" ? await ensureMorphoMarket(ethers, deployer, preflight, log) : undefined;
  const protocols: FactoryProtocols = {
    uniswapV3Factory: preset.uniswapV3Factory,
    morpho: preset.morpho.morpho,
    ...(preset.aave ? { aavePool: preset.aave.pool } : {}),
  };
  const ignitionDeploymentId = options.ignitionDeploymentId ?? `${preset.name}-leveraged-vault`;
  log(`Deploying the registry and the factories (Ignition deployment ${ignitionDeploymentId})`);
  const infrastructure = await deployInfrastructure(connection, protocols, ignitionDeploymentId);
  const chainId = Number((await ethers.provider.getNetwork()).chainId);
  const record: DeploymentRecord = { chainId, network: preset.name, ignitionDeploymentId, protocols, infrastructure, vaults: [], ...(morphoMarket ? { morphoMarkets: [morphoMarket] } : {}) };

  const request = preflight.request.vault;
  const created = await createVault(ethers, infrastructure, request, deployer);
  const vault = await describeCreatedVault(ethers, created);
  record.vaults.push(vault);
  log(`Vault ${vault.symbol} (${vault.kind}) created at ${vault.vault}, owned by the timelock ${vault.owner} (delay ${vault.timelockDelay} s; proposer and executor ${owners.join(", ")})`);
  const deploymentFile = await writeDeployment(options.folder, record);

  const plan = await verificationPlan({
    ethers,
    ignitionDeploymentDir: path.join(import.meta.dirname, "..", "..", "ignition", "deployments", ignitionDeploymentId),
    record,
    requests: [request],
    ...(morphoMarket ? { morphoMarket } : {}),
  });
  const verificationFile = await writeVerificationPlan(options.folder, plan);
  log(`Verification dry run: ${plan.entries.length} contracts, ${plan.entries.filter((entry) => Object.keys(entry.libraries).length > 0).length} with linked libraries: ${path.relative(process.cwd(), verificationFile)}`);
  for (const check of plan.checks) log(`  ${check}`);
  const keeperFile = await writeKeeperConfig(options.folder, record);
  if (verifier) {
    try {
      await submitVerification(plan, verifier, log);
    } catch (error) {
      // the deployment is complete and recorded; only the explorer step is left to repeat
      log(`deploy: ${(error as Error).message}. The deployment is recorded; resubmit with: npm run verify -- --network ${preset.name}${options.deploymentsDir ? ` --deployments ${options.deploymentsDir}` : ""}`);
      throw error;
    }
  }

  log(`Addresses: ${path.relative(process.cwd(), deploymentFile)}`);
  log(`Keeper config (finds the vaults from the registry): ${path.relative(process.cwd(), keeperFile)} (set KEEPER_RPC_URL for the keeper's RPC)`);
  log(`Run the keeper: KEEPER_RPC_URL=<rpc> KEEPER_PRIVATE_KEY=<the keeper's key> npm run keeper -- once --config ${path.relative(process.cwd(), keeperFile)}`);
  if (options.safe) {
    log(`The Safe ${options.safe} proposes and executes on the timelock: npm run safe:propose -- --network ${preset.name} --vault ${vault.vault} --parameters <file> prints a parameter change as Safe transactions`);
  }
  return record;
}
