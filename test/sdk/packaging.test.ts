import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const sdkFolder = path.join(import.meta.dirname, "..", "..", "sdk");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** What both consumers print: proof that the entry loads, ABIs, actions, errors, analytics and the backtester (also as a subpath) included. */
const probe = `
const checks = {
  abi: sdk.leveragedVaultAbi.some((entry) => entry.type === "function" && entry.name === "depositWithSlippage"),
  actions: typeof sdk.getVaultState === "function" && typeof sdk.getPosition === "function" && typeof sdk.buildDeposit === "function",
  errors: new sdk.LeverageInBandError({ leverage: 1n, minLeverage: 2n, maxLeverage: 3n }) instanceof sdk.LeveragedVaultError,
  analytics: Math.abs(sdk.leverageAfterPriceMove(2, 1.1) - 2.2 / 1.2) < 1e-12,
  extend: typeof viem.createPublicClient({ transport: viem.http("http://127.0.0.1:1") }).extend(sdk.leveragedVaultActions).getVaultState === "function",
  backtest: typeof sdk.runBacktest === "function" && backtest.runBacktest === sdk.runBacktest && typeof backtest.optimisePolicy === "function",
};
console.log(JSON.stringify(checks));
`;

describe("sdk packaging", function () {
  this.timeout(120_000);
  let workFolder: string;

  before(async function () {
    workFolder = await mkdtemp(path.join(tmpdir(), "leveraged-vault-sdk-"));
  });

  after(async function () {
    if (workFolder) await rm(workFolder, { recursive: true, force: true });
  });

  it("npm pack builds a tarball that installs next to viem and loads from both ESM import and CommonJS require", async function () {
    // `prepack` runs the ESM + CJS build.
    await run(npm, ["pack", "--pack-destination", workFolder], { cwd: sdkFolder });
    const tarball = (await readdir(workFolder)).find((file) => file.endsWith(".tgz"));
    expect(tarball, "npm pack produced no tarball").to.be.a("string");

    const consumer = path.join(workFolder, "consumer");
    await run("mkdir", ["-p", consumer]);
    await writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "0.0.0", private: true }));
    const install = ["install", "--no-audit", "--no-fund", "--no-package-lock", path.join(workFolder, tarball!), "viem@2.57.1"];
    try {
      await run(npm, [...install, "--offline"], { cwd: consumer });
    } catch {
      await run(npm, install, { cwd: consumer }); // the cache lacked something: the registry is reachable
    }

    await writeFile(path.join(consumer, "esm.mjs"), `import * as sdk from "@leveraged-vault/sdk";\nimport * as backtest from "@leveraged-vault/sdk/backtest";\nimport * as viem from "viem";\n${probe}`);
    await writeFile(path.join(consumer, "cjs.cjs"), `const sdk = require("@leveraged-vault/sdk");\nconst backtest = require("@leveraged-vault/sdk/backtest");\nconst viem = require("viem");\n${probe}`);
    const expected = { abi: true, actions: true, errors: true, analytics: true, extend: true, backtest: true };
    for (const script of ["esm.mjs", "cjs.cjs"]) {
      const { stdout } = await run(process.execPath, [script], { cwd: consumer });
      expect(JSON.parse(stdout.trim()), script).to.deep.equal(expected);
    }
  });

  it("TypeScript consumers get the declarations from both the import and the require condition", async function () {
    // Uses the consumer installed by the test above.
    const consumer = path.join(workFolder, "consumer");
    const use = `
      const client = createPublicClient({ transport: http() });
      export async function read(vault: \`0x\${string}\`): Promise<bigint> {
        const state = await getVaultState(client, { vault });
        const leverage: bigint = state.positionState.leverage;
        return state.totalAssets + leverage;
      }
      export const decodedName: string | undefined = decodeVaultError(new Error("x"))?.errorName;
      export const extended = client.extend(leveragedVaultActions);
      export const readThroughExtend = (vault: \`0x\${string}\`) => extended.getPosition({ vault, user: vault });
    `;
    await writeFile(path.join(consumer, "esm.mts"), `import { createPublicClient, http } from "viem";\nimport { decodeVaultError, getVaultState, leveragedVaultActions } from "@leveraged-vault/sdk";\n${use}`);
    await writeFile(
      path.join(consumer, "cjs.cts"),
      `import viem = require("viem");\nimport sdk = require("@leveraged-vault/sdk");\nconst { createPublicClient, http } = viem;\nconst { decodeVaultError, getVaultState, leveragedVaultActions } = sdk;\n${use}`,
    );
    const tsc = path.join(sdkFolder, "..", "node_modules", "typescript", "bin", "tsc");
    const compilerOptions = { noEmit: true, strict: true, skipLibCheck: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], types: [] };
    await writeFile(path.join(consumer, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["esm.mts", "cjs.cts"] }));
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: consumer }).catch((error: { stdout?: string }) => {
      throw new Error(`consumer type-check failed:\n${error.stdout ?? String(error)}`);
    });
  });

  it("the tarball ships ESM and CommonJS builds with type declarations", async function () {
    // `--ignore-scripts`: lists what the build of the first test produced, without rebuilding.
    const { stdout } = await run(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: sdkFolder });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
    for (const file of ["dist/esm/index.js", "dist/esm/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/package.json", "README.md"]) {
      expect(files, file).to.include(file);
    }
  });
});
