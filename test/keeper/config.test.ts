import { expect } from "chai";
import { createCipheriv, randomBytes, scryptSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256 } from "viem";

import { ConfigError, resolveConfig } from "../../keeper/src/config/resolveConfig.js";
import { redactConfig, redactUrl } from "../../keeper/src/config/redactConfig.js";
import { configJsonSchema } from "../../keeper/src/config/schema.js";
import { createLogger } from "../../keeper/src/log/logger.js";
import { decryptKeystore } from "../../keeper/src/signer/keystore.js";
import { loadSigner } from "../../keeper/src/signer/loadSigner.js";

const VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER_VAULT = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const minimal = { rpc: { write: "http://127.0.0.1:8545" }, chainId: 31337, vaults: [{ address: VAULT }] };
const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** The issues of the ConfigError `resolveConfig` throws (fails the test if it does not throw). */
function issuesOf(parameters: Parameters<typeof resolveConfig>[0]): string[] {
  try {
    resolveConfig(parameters);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  expect.fail("resolveConfig accepted an invalid config");
}

describe("keeper config", function () {
  it("a minimal file resolves with defaults, reads falling back to the write RPC", function () {
    const config = resolveConfig({ file: minimal });
    expect(config.rpc).to.deep.equal({ write: "http://127.0.0.1:8545", read: ["http://127.0.0.1:8545"], maxConcurrentRequests: 8 });
    expect(config.vaults).to.deep.equal([{ address: VAULT, name: VAULT }]);
    expect(config.signer).to.deep.equal({ privateKeyEnv: "KEEPER_PRIVATE_KEY" });
    expect(config.dryRun).to.equal(false);
  });

  it("names the vault and the field of a bad address: vaults[1].address", function () {
    const issues = issuesOf({ file: { ...minimal, vaults: [{ address: VAULT }, { address: "0x1234" }] } });
    expect(issues).to.deep.equal(["vaults[1].address must be a 0x-prefixed 20-byte address"]);
  });

  it("the error message prefixes every issue with `config:`", function () {
    try {
      resolveConfig({ file: { ...minimal, chainId: "x" } });
      expect.fail("accepted");
    } catch (error) {
      expect((error as Error).message).to.equal("config: chainId must be a positive integer");
    }
  });

  it("reports every problem at once, each naming its field", function () {
    const issues = issuesOf({
      file: {
        rpc: { write: "not a url", read: ["http://ok", 5] },
        vaults: [],
        fees: { maxFeePerGasGwei: 0, maxPriorityFeePerGasGwei: 1, emergencyFeeMultiplier: 0.5 },
        replacement: { afterBlocks: 2, afterSeconds: 5, bumpPercent: 5, maxReplacements: -1 },
        metrics: { port: 70000 },
        logLevel: "loud",
        lowBalanceWei: "lots",
        stalePriceSeconds: 0,
        colour: "blue",
      },
    });
    expect(issues).to.include.members([
      "rpc.write must be an http(s) or ws(s) URL",
      "rpc.read[1] must be an http(s) or ws(s) URL",
      "chainId is required",
      "vaults must list a vault, or registry must be set (the keeper needs something to watch)",
      "fees.maxFeePerGasGwei must be a positive number",
      "fees.emergencyFeeMultiplier must be a number >= 1",
      "replacement must set afterBlocks or afterSeconds, not both",
      "replacement.bumpPercent must be a number from 10 to 1000",
      "replacement.maxReplacements must be an integer >= 0",
      "metrics.port must be an integer from 0 to 65535",
      "logLevel must be one of debug, info, warn, error",
      "lowBalanceWei must be a non-negative integer (a decimal string for large values)",
      "stalePriceSeconds must be a positive number",
      "colour is not a known field",
    ]);
  });

  it("a wrong type names the field and what it must be", function () {
    expect(issuesOf({ file: { ...minimal, chainId: -1, pollIntervalMs: 2.5, dryRun: "yes" } })).to.deep.equal([
      "chainId must be a positive integer",
      "pollIntervalMs must be a positive integer",
      "dryRun must be true or false",
    ]);
  });

  it("a priority-fee cap above the max-fee cap is refused", function () {
    expect(issuesOf({ file: { ...minimal, fees: { maxFeePerGasGwei: 1, maxPriorityFeePerGasGwei: 2, emergencyFeeMultiplier: 2 } } })).to.deep.equal([
      "fees.maxPriorityFeePerGasGwei must not exceed fees.maxFeePerGasGwei",
    ]);
  });

  it("the signer takes either an environment variable or a keystore, not both", function () {
    expect(issuesOf({ file: { ...minimal, signer: { privateKeyEnv: "K", keystorePath: "k.json", passwordFile: "p" } } })).to.deep.equal([
      "signer must have either privateKeyEnv or keystorePath + passwordFile, not both",
    ]);
    expect(issuesOf({ file: { ...minimal, signer: { keystorePath: "k.json" } } })).to.deep.equal(["signer.passwordFile must be a file path"]);
  });

  it("precedence is flags > environment > file", function () {
    const file = { ...minimal, logLevel: "warn", chainId: 1 };
    const env = { KEEPER_LOG_LEVEL: "error", KEEPER_RPC_URL: "http://env:8545", KEEPER_CHAIN_ID: "5" };
    const fromEnv = resolveConfig({ file, env });
    expect([fromEnv.logLevel, fromEnv.rpc.write, fromEnv.chainId]).to.deep.equal(["error", "http://env:8545", 5]);
    const fromFlags = resolveConfig({ file, env, flags: { logLevel: "debug", rpc: "http://flag:8545", chainId: "31337", vaults: [OTHER_VAULT], dryRun: true } });
    expect([fromFlags.logLevel, fromFlags.rpc.write, fromFlags.chainId, fromFlags.vaults[0].address, fromFlags.dryRun]).to.deep.equal([
      "debug",
      "http://flag:8545",
      31337,
      OTHER_VAULT,
      true,
    ]);
  });

  it("environment values are validated under the field they set", function () {
    expect(issuesOf({ file: minimal, env: { KEEPER_VAULTS: `${VAULT},0xnope` } })).to.deep.equal(["vaults[1].address must be a 0x-prefixed 20-byte address"]);
  });

  it("relative paths in the file resolve against the file's directory", function () {
    const config = resolveConfig({ file: { ...minimal, lockFile: "run/keeper.lock" }, fileDirectory: "/etc/keeper" });
    expect(config.lockFile).to.equal("/etc/keeper/run/keeper.lock");
  });

  it("the printed config hides credentials in RPC URLs", function () {
    expect(redactUrl("https://user:hunter2@rpc.example/v2/abcdefghijklmnopqrstuvwxyz?key=s3cret")).to.equal(
      "https://user:redacted@rpc.example/v2/redacted?key=redacted",
    );
    const printed = JSON.stringify(redactConfig(resolveConfig({ file: { ...minimal, rpc: { write: "https://rpc.example/v2/abcdefghijklmnopqrstuvwxyz" } } })));
    expect(printed).to.not.include("abcdefghijklmnopqrstuvwxyz");
  });
});

describe("keeper config: vaults from a registry", function () {
  const REGISTRY = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
  const onlyRegistry = { rpc: { write: "http://127.0.0.1:8545" }, chainId: 31337 };

  it("takes a registry instead of vaults[]: its address alone watches every listed vault that is not retired", function () {
    const config = resolveConfig({ file: { ...onlyRegistry, registry: REGISTRY } });
    expect(config.vaults).to.deep.equal([]);
    expect(config.registry).to.deep.equal({ address: REGISTRY, includeRetired: false });
  });

  it("takes the registry's filters by kind, pair, allow and deny list, next to vaults[]", function () {
    const filters = { address: REGISTRY, kinds: ["aave-v3/uniswap-v3"], pairs: [{ collateral: VAULT, debt: OTHER_VAULT }], allow: [OTHER_VAULT], deny: [VAULT], includeRetired: true };
    const config = resolveConfig({ file: { ...minimal, registry: filters } });
    expect(config.registry).to.deep.equal(filters);
    expect(config.vaults).to.have.length(1);
  });

  it("KEEPER_REGISTRY and --registry set the address (the flag wins), keeping the file's filters", function () {
    const file = { ...onlyRegistry, registry: { address: REGISTRY, kinds: ["morpho-blue/uniswap-v3"] } };
    expect(resolveConfig({ file, env: { KEEPER_REGISTRY: VAULT } }).registry).to.deep.equal({ address: VAULT, kinds: ["morpho-blue/uniswap-v3"], includeRetired: false });
    expect(resolveConfig({ file: onlyRegistry, env: { KEEPER_REGISTRY: VAULT }, flags: { registry: OTHER_VAULT } }).registry?.address).to.equal(OTHER_VAULT);
  });

  it("refuses a config with nothing to watch, naming both fields", function () {
    expect(issuesOf({ file: onlyRegistry })).to.deep.equal(["vaults must list a vault, or registry must be set (the keeper needs something to watch)"]);
    expect(issuesOf({ file: { ...onlyRegistry, vaults: [] } })).to.deep.equal(["vaults must list a vault, or registry must be set (the keeper needs something to watch)"]);
  });

  it("names the registry field that is wrong: a bad address, an unknown kind, a pair without its debt token, an unknown filter", function () {
    expect(issuesOf({ file: { ...onlyRegistry, registry: "0x1234" } })).to.deep.equal(["registry must be a 0x-prefixed 20-byte address"]);
    expect(issuesOf({ file: { ...onlyRegistry, registry: { address: REGISTRY, kinds: ["compound/curve"] } } })).to.deep.equal([
      "registry.kinds[0] must be one of morpho-blue/uniswap-v3, aave-v3/uniswap-v3",
    ]);
    expect(issuesOf({ file: { ...onlyRegistry, registry: { address: REGISTRY, pairs: [{ collateral: VAULT }] } } })).to.deep.equal(["registry.pairs[0].debt is required"]);
    expect(issuesOf({ file: { ...onlyRegistry, registry: { address: REGISTRY, owner: VAULT } } })).to.deep.equal(["registry.owner is not a known field"]);
    expect(issuesOf({ file: { ...onlyRegistry, registry: 7 } })).to.deep.equal(["registry must be an address or an object {address, kinds?, pairs?, allow?, deny?, includeRetired?}"]);
  });
});

describe("keeper signer", function () {
  const directory = mkdtempSync(path.join(tmpdir(), "keeper-signer-"));
  const silent = createLogger({ write: () => {} });

  /** A v3 keystore built the way geth does (scrypt, aes-128-ctr, keccak MAC), with small scrypt costs. */
  function encrypt(privateKey: string, password: string) {
    const salt = randomBytes(32);
    const iv = randomBytes(16);
    const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
    const cipher = createCipheriv("aes-128-ctr", key.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), "hex")), cipher.final()]);
    return {
      version: 3,
      crypto: {
        cipher: "aes-128-ctr",
        ciphertext: ciphertext.toString("hex"),
        cipherparams: { iv: iv.toString("hex") },
        kdf: "scrypt",
        kdfparams: { dklen: 32, salt: salt.toString("hex"), n: 1024, r: 8, p: 1 },
        mac: keccak256(Buffer.concat([key.subarray(16, 32), ciphertext])).slice(2),
      },
    };
  }

  it("decrypts a v3 scrypt keystore with the right password", function () {
    expect(decryptKeystore(encrypt(KEY, "correct horse"), "correct horse")).to.equal(KEY);
  });

  it("refuses a wrong password by the MAC check", function () {
    expect(() => decryptKeystore(encrypt(KEY, "correct horse"), "wrong")).to.throw(/wrong password/);
  });

  it("loads the signer from a keystore and password file, and never logs the key or password", function () {
    const keystorePath = path.join(directory, "keystore.json");
    const passwordFile = path.join(directory, "password");
    writeFileSync(keystorePath, JSON.stringify(encrypt(KEY, "correct horse")));
    writeFileSync(passwordFile, "correct horse\n");
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const account = loadSigner({ keystorePath, passwordFile }, {}, logger);
    expect(account.address).to.equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    logger.info("oops", { note: `leaked ${KEY} and correct horse`, privateKey: KEY });
    expect(lines.join("\n")).to.not.include(KEY.slice(2)).and.to.not.include("correct horse");
  });

  it("names the environment variable that is missing", function () {
    expect(() => loadSigner({ privateKeyEnv: "MY_KEEPER_KEY" }, {}, silent)).to.throw(ConfigError, "signer.privateKeyEnv: environment variable MY_KEEPER_KEY is not set");
  });
});

describe("keeper config JSON Schema", function () {
  it("keeper/config.schema.json is the one generated from the zod schema (regenerate: npm run generate:schema -w @leveraged-vault/keeper)", function () {
    const committed = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "..", "keeper", "config.schema.json"), "utf8"));
    expect(committed).to.deep.equal(configJsonSchema());
  });

  it("tells editors the fields, their defaults and that unknown fields are errors", function () {
    const schema = configJsonSchema() as { properties: Record<string, { default?: unknown }>; required: string[]; additionalProperties: boolean };
    expect(schema.required).to.include.members(["rpc", "chainId"]);
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.properties.logLevel.default).to.equal("info");
  });
});
