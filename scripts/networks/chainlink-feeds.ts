/**
 * Chainlink feeds per preset network. Chainlink publishes no package of its addresses, so each entry
 * names the page it comes from (docs.chain.link, "Price Feed Contract Addresses", the network's
 * section; "L2 Sequencer Uptime Feeds"), with the heartbeat listed there. Check a feed on its page
 * before deploying on a new network; the preflight reads each one live (description, decimals,
 * last update) and refuses a feed that has stopped.
 */
import type { NetworkName } from "./network-list.js";

export type FeedPair = "ETH/USD" | "USDC/USD";

export interface ChainlinkFeed {
  address: string;
  /** Seconds between two rounds while the price stays inside the deviation threshold. */
  heartbeat: number;
  /** Where the address and heartbeat are published. */
  source: string;
}

export interface NetworkFeeds {
  feeds: Record<FeedPair, ChainlinkFeed>;
  /** The L2 sequencer-uptime feed (none on Ethereum, none published for the testnets). */
  sequencer?: { address: string; source: string };
}

const page = (network: string) => `https://docs.chain.link/data-feeds/price-feeds/addresses?network=${network}`;
const SEQUENCER_PAGE = "https://docs.chain.link/data-feeds/l2-sequencer-feeds";

export const CHAINLINK_FEEDS: Record<NetworkName, NetworkFeeds> = {
  ethereum: {
    feeds: {
      "ETH/USD": { address: "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419", heartbeat: 3_600, source: page("ethereum&page=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6", heartbeat: 86_400, source: page("ethereum&page=1&search=USDC%2FUSD") },
    },
  },
  base: {
    feeds: {
      "ETH/USD": { address: "0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70", heartbeat: 1_200, source: page("base&page=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0x7e860098F58bBFC8648a4311b374B1D669a2bc6B", heartbeat: 86_400, source: page("base&page=1&search=USDC%2FUSD") },
    },
    sequencer: { address: "0xBCF85224fc0756B9Fa45aA7892530B47e10b6433", source: `${SEQUENCER_PAGE} (Base mainnet)` },
  },
  arbitrum: {
    feeds: {
      "ETH/USD": { address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", heartbeat: 86_400, source: page("arbitrum&page=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3", heartbeat: 86_400, source: page("arbitrum&page=1&search=USDC%2FUSD") },
    },
    sequencer: { address: "0xFdB631F5EE196F0ed6FAa767959853A9F217697D", source: `${SEQUENCER_PAGE} (Arbitrum mainnet)` },
  },
  sepolia: {
    feeds: {
      "ETH/USD": { address: "0x694AA1769357215DE4FAC081bf1f309aDC325306", heartbeat: 3_600, source: page("ethereum&page=1&testnetPage=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0xA2F78ab2355fe2f984D808B5CeE7FD0A93D5270E", heartbeat: 86_400, source: page("ethereum&page=1&testnetPage=1&search=USDC%2FUSD") },
    },
  },
  "base-sepolia": {
    feeds: {
      "ETH/USD": { address: "0x4aDC67696bA383F43DD60A9e78F2C97Fbbfc7cb1", heartbeat: 1_200, source: page("base&page=1&testnetPage=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165", heartbeat: 86_400, source: page("base&page=1&testnetPage=1&search=USDC%2FUSD") },
    },
  },
  "arbitrum-sepolia": {
    feeds: {
      "ETH/USD": { address: "0xd30e2101a97dcbAeBCBC04F14C3f624E67A35165", heartbeat: 86_400, source: page("arbitrum&page=1&testnetPage=1&search=ETH%2FUSD") },
      "USDC/USD": { address: "0x0153002d20B96532C639313c2d54c3dA09109309", heartbeat: 86_400, source: page("arbitrum&page=1&testnetPage=1&search=USDC%2FUSD") },
    },
  },
};
