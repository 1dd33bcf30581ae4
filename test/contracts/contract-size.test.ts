import { expect } from "chai";
import { artifacts } from "hardhat";

/** EIP-170: the largest runtime code a contract may deploy. */
const CONTRACT_SIZE_LIMIT = 24_576;
/** Every deployable contract the project ships keeps at least this much room under the limit. */
const REQUIRED_HEADROOM = 3_072;

interface ContractSize {
  name: string;
  bytes: number;
  shipped: boolean;
}

/**
 * Runtime code size of every contract compiled from this repository's `contracts/` that deploys
 * code (interfaces and abstract contracts have none). Test-only contracts (`contracts/testing/`) must
 * fit under the limit; shipped ones must keep `REQUIRED_HEADROOM` below it.
 */
async function projectContractSizes(): Promise<ContractSize[]> {
  const sizes: ContractSize[] = [];
  for (const fullyQualifiedName of await artifacts.getAllFullyQualifiedNames()) {
    if (!fullyQualifiedName.startsWith("contracts/")) continue;
    const artifact = await artifacts.readArtifact(fullyQualifiedName);
    const bytes = (artifact.deployedBytecode.length - 2) / 2;
    if (bytes === 0) continue;
    sizes.push({ name: fullyQualifiedName, bytes, shipped: !fullyQualifiedName.startsWith("contracts/testing/") });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

describe("contract sizes", function () {
  let sizes: ContractSize[];

  before(async function () {
    sizes = await projectContractSizes();
    console.log(`      runtime code size (limit ${CONTRACT_SIZE_LIMIT} bytes, shipped contracts keep ${REQUIRED_HEADROOM} of headroom):`);
    for (const { name, bytes, shipped } of sizes) {
      const headroom = CONTRACT_SIZE_LIMIT - bytes;
      console.log(`        ${String(bytes).padStart(6)} bytes  headroom ${String(headroom).padStart(6)}  ${shipped ? "" : "(test-only) "}${name}`);
    }
  });

  it("finds the concrete vaults among the compiled contracts", function () {
    expect(sizes.map((s) => s.name)).to.include("contracts/markets/MorphoBlueLeveragedVault.sol:MorphoBlueLeveragedVault");
  });

  it(`every shipped contract keeps at least ${REQUIRED_HEADROOM} bytes under the ${CONTRACT_SIZE_LIMIT}-byte limit`, function () {
    const overBudget = sizes.filter((s) => s.shipped && s.bytes > CONTRACT_SIZE_LIMIT - REQUIRED_HEADROOM);
    expect(overBudget.map((s) => `${s.name}: ${s.bytes} bytes`)).to.deep.equal([]);
  });

  it("every test-only contract fits under the limit", function () {
    const over = sizes.filter((s) => !s.shipped && s.bytes > CONTRACT_SIZE_LIMIT);
    expect(over.map((s) => `${s.name}: ${s.bytes} bytes`)).to.deep.equal([]);
  });
});
