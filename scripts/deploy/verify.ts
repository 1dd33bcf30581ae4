/**
 * `npm run verify -- --network NETWORK [--deployments DIR]`: submits the verification plan a deploy
 * wrote (`deployments/<network>/verification.json`) to the network's explorer through
 * hardhat-verify. `npm run deploy -- --verify` does the same at the end of a deploy; this resubmits
 * after an explorer failure. Contracts already verified are skipped.
 */
import { parseArgs } from "node:util";

import { NETWORK_NAMES } from "../networks/network-list.js";
import { deploymentFolder } from "./records.js";
import { readVerificationPlan, requireExplorerApiKey, submitVerification, VerificationConfigError, verificationRuntime } from "./verification.js";

const USAGE = "usage: npm run verify -- --network NETWORK [--deployments DIR]";

function fail(message: string): never {
  console.error(`verify: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { network: { type: "string" }, deployments: { type: "string" } }, strict: true }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.network) fail("--network is required");
if (!(NETWORK_NAMES as string[]).includes(values.network)) fail(`--network must be one of ${NETWORK_NAMES.join(", ")} (got "${values.network}")`);

try {
  const plan = await readVerificationPlan(deploymentFolder(values.network, values.deployments));
  const hre = await verificationRuntime(values.network);
  await requireExplorerApiKey(hre);
  await submitVerification(plan, hre, (line) => console.log(line));
  console.log(`verify: ${plan.entries.length} contracts verified on ${values.network}`);
} catch (error) {
  if (error instanceof VerificationConfigError) fail(error.message);
  console.error(`verify: ${(error as Error).message}`);
  process.exit(1);
}
