/**
 * `npm run safe:propose`: a vault parameter change for a vault whose timelock a Safe runs (deployed
 * with `npm run deploy -- --safe <address>`). Prints the two Safe transactions, `schedule` now and
 * `execute` after the timelock's delay, as Safe transaction data; with a Safe Transaction Service URL
 * (`--service-url` or `SAFE_SERVICE_URL`) it proposes the `schedule` transaction through
 * `@safe-global/protocol-kit` and `api-kit`, signed by `SAFE_PROPOSER_KEY` (an owner of the Safe, or a
 * delegate). Keys are never read from files.
 *
 *   npm run safe:propose -- --network base --vault 0x… --parameters next-parameters.json
 *
 * The parameters file is `{ "risk": {…}, "oracle": {…} }`, each as in a vault request
 * (scripts/vault/vault-request.ts). Exit codes: 0 printed (or proposed), 2 bad input.
 */
import { readFile } from "node:fs/promises";

import { Command, CommanderError } from "commander";
import { isAddress } from "ethers";
import { artifacts, network } from "hardhat";
import { z } from "zod";

import { vaultRequestSchema } from "../vault/vault-request.js";
import { attachVault } from "../vault/deploy-vault.js";
import { parameterChangeTransactions } from "./safe-transactions.js";

function fail(message: string): never {
  console.error(`safe:propose: ${message}`);
  process.exit(2);
}

const program = new Command("safe:propose")
  .requiredOption("--network <name>", "the Hardhat network the vault is on")
  .requiredOption("--vault <address>", "the vault")
  .requiredOption("--parameters <file>", 'the new parameters: { "risk": {...}, "oracle": {...} }')
  .option("--delay <seconds>", "the schedule's delay (default: the timelock's minimum)")
  .option("--service-url <url>", "a Safe Transaction Service URL: propose instead of only printing", process.env.SAFE_SERVICE_URL)
  .exitOverride();
try {
  program.parse(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  throw error;
}
const options = program.opts<{ network: string; vault: string; parameters: string; delay?: string; serviceUrl?: string }>();
if (!isAddress(options.vault)) fail(`--vault must be a 0x-prefixed 20-byte address (got "${options.vault}")`);

const parametersSchema = z.strictObject({ risk: vaultRequestSchema.shape.risk, oracle: vaultRequestSchema.shape.oracle });
let parameters: z.output<typeof parametersSchema>;
try {
  const parsed = parametersSchema.safeParse(JSON.parse(await readFile(options.parameters, "utf8")));
  if (!parsed.success) fail(`${options.parameters}: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  parameters = parsed.data;
} catch (error) {
  fail(`cannot read ${options.parameters}: ${(error as Error).message}`);
}

const connection = await network.getOrCreate({ network: options.network });
const { ethers } = connection;
const vault = await attachVault(ethers, options.vault);
const timelockAddress = await vault.owner();
const timelock = await ethers.getContractAt("TimelockController", timelockAddress);
const minimumDelay = Number(await timelock.getMinDelay());
const delay = options.delay === undefined ? minimumDelay : Number(options.delay);
if (!Number.isInteger(delay) || delay < minimumDelay) fail(`--delay must be an integer of at least the timelock's minimum delay ${minimumDelay} s (got "${options.delay}")`);

const vaultAbi = vault.interface.fragments.map((fragment) => fragment.format("json")).map((json) => JSON.parse(json));
const timelockAbi = (await artifacts.readArtifact("TimelockController")).abi;
const transactions = parameterChangeTransactions({ timelock: timelockAddress, vault: options.vault, risk: parameters.risk, oracle: parameters.oracle, delay }, vaultAbi, timelockAbi);
console.log(JSON.stringify({ safeTransactions: { schedule: transactions.schedule, execute: transactions.execute }, timelockCall: transactions.call, executeAfterSeconds: delay }, null, 2));

if (options.serviceUrl) {
  const safeAddress = process.env.SAFE_ADDRESS;
  const proposerKey = process.env.SAFE_PROPOSER_KEY;
  if (!safeAddress || !isAddress(safeAddress)) fail("SAFE_ADDRESS must name the Safe (a 0x-prefixed 20-byte address) to propose through the service");
  if (!proposerKey) fail("SAFE_PROPOSER_KEY must hold the key of a Safe owner or delegate to propose through the service");
  const [protocolKit, apiKit] = await Promise.all([import("@safe-global/protocol-kit"), import("@safe-global/api-kit")]);
  // Both packages ship ESM whose types TypeScript reads as CommonJS: at run time `default` is the class.
  const Safe = protocolKit.default as unknown as typeof protocolKit.default.default;
  const SafeApiKit = apiKit.default as unknown as typeof apiKit.default.default;
  const safe = await Safe.init({ provider: connection.provider as never, signer: proposerKey, safeAddress });
  const transaction = await safe.createTransaction({ transactions: [transactions.schedule] });
  const safeTxHash = await safe.getTransactionHash(transaction);
  const signature = await safe.signHash(safeTxHash);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const api = new SafeApiKit({ chainId, txServiceUrl: options.serviceUrl });
  await api.proposeTransaction({ safeAddress, safeTransactionData: transaction.data, safeTxHash, senderAddress: signature.signer, senderSignature: signature.data });
  console.log(`Proposed the schedule transaction ${safeTxHash} to ${options.serviceUrl}; after ${delay} s propose the execute transaction above.`);
}
