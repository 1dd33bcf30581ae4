import { expect } from "chai";
import { network } from "hardhat";

import { deployLocalStack, feedEthPriceUsd, moveMarket, poolEthPriceUsd } from "../../scripts/stack/deploy-local-stack.js";
import { startHardhatNode, type RunningNode } from "../helpers/hardhat-node.js";

describe("local stack: over HTTP to a hardhat node", function () {
  this.timeout(120_000);
  let node: RunningNode;

  before(async function () {
    node = await startHardhatNode();
  });

  after(async function () {
    await node?.stop();
  });

  it("deploys the same stack to a `hardhat node` started by the test and moves its market", async function () {
    const { ethers } = await network.create({ network: "localhost", override: { url: node.url } });
    const stack = await deployLocalStack(ethers);

    const morphoCode = await ethers.provider.getCode(await stack.morpho.morpho.getAddress());
    expect(morphoCode.length).to.be.greaterThan(2);
    expect(await stack.morpho.morpho.isLltvEnabled(stack.morpho.wethCollateralMarket.params.lltv)).to.equal(true);

    await moveMarket(stack, 2000);
    expect(await feedEthPriceUsd(stack)).to.equal(2000);
    expect(Math.abs((await poolEthPriceUsd(stack)) / 2000 - 1)).to.be.below(0.001);
  });
});
