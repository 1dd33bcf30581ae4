/** The tests start nodes with the same helper as `npm run app`. */
export { freePort, startHardhatNode, type HardhatNodeChain, type RunningNode } from "../../scripts/processes/hardhat-node.js";
