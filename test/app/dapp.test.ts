import { mkdir, mkdtemp } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { createPublicClient, erc20Abi, http, parseUnits, type Address } from "viem";
import { hardhat } from "viem/chains";

import { createIndexerClient, erc20PermitAbi, getVaultsPerformance, getVaults, leveragedVaultAbi } from "../../sdk/src/index.js";
import { formatReturn } from "../../app/src/format/returns.js";
import { startApp, type RunningApp } from "../../scripts/app/start-app.js";
import { freePort } from "../helpers/hardhat-node.js";

const projectRoot = path.join(import.meta.dirname, "..", "..");
const screenshots = path.join(projectRoot, "output", "app");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The page's test-account connector uses the node's account #3. */
const TEST_ACCOUNT = "0x90F79bf6EB2c4f870365E785982E1f101E93b906" as Address;
/**
 * A second configured chain the wallet is not on: Base Sepolia's id, its RPC a closed local port
 * (nothing listens there, so reading its registry fails fast and the page says so).
 */
const OTHER_CHAIN_ID = 84532;
/** Flags for a headless Chromium that runs as root and never reaches for the network. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe("the dApp in a real browser (Chromium via playwright-core)", function () {
  this.timeout(300_000);
  let app: RunningApp;
  let browser: Browser;
  let page: Page;
  let vault: Address;
  let chain: ReturnType<typeof createPublicClient>;
  const shares = () => chain.readContract({ address: vault, abi: leveragedVaultAbi, functionName: "balanceOf", args: [TEST_ACCOUNT] });

  before(async function () {
    if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    await mkdir(screenshots, { recursive: true });
    app = await startApp({
      port: await freePort(),
      rpcPort: await freePort(),
      deploymentsDir: await mkdtemp(path.join(tmpdir(), "leveraged-vault-app-")),
      extraChains: [{ chainId: OTHER_CHAIN_ID, name: "Base Sepolia", rpcUrl: `http://127.0.0.1:${await freePort()}`, registry: "0x0000000000000000000000000000000000000001" }],
    });
    chain = createPublicClient({ chain: hardhat, transport: http(app.rpcUrl, { retryCount: 0 }) });
    // launch() gives each run a fresh temporary profile (Playwright refuses an explicit --user-data-dir here)
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.setDefaultTimeout(60_000);
  });

  after(async function () {
    await browser?.close();
    await app?.stop();
  });

  it("lists the registry's two vaults (long and inverse) and switches between them", async function () {
    await page.goto(app.url);
    await page.locator('[data-testid="vault-list"][data-count="2"]').waitFor();
    await page.getByTestId("vault-card-ETH2X").waitFor();
    await page.getByTestId("vault-card-iETH2X").click();
    await showsText(page.getByTestId("vault-title-symbol"), /^iETH2X$/);
    await showsText(page.getByTestId("nav-per-share"), "USDC");
    await page.getByTestId("vault-card-ETH2X").click();
    await showsText(page.getByTestId("vault-title-symbol"), /^ETH2X$/);
  });

  it("lists each vault's 7- and 30-day returns and leverage from the indexer, as the SDK reads them there", async function () {
    await showsText(page.getByTestId("data-source"), "History, returns and positions from the indexer at /indexer.");
    const { readDeployment } = await import("../../scripts/deploy/records.js");
    const deployment = await readDeployment(path.join(app.deploymentsDir, "localhost"));
    const { vaults } = await getVaults(chain, { registry: deployment.infrastructure.VaultRegistry as Address });
    for (const symbol of ["ETH2X", "iETH2X"]) {
      await page.locator(`[data-testid="vault-figures-${symbol}"][data-ready="yes"]`).waitFor();
      // the seeded month gives every vault a 7-day and a 30-day return
      await showsText(page.getByTestId(`vault-return7d-${symbol}`), /^[+-]\d+\.\d\d%$/);
      await showsText(page.getByTestId(`vault-return30d-${symbol}`), /^[+-]\d+\.\d\d%$/);
      await showsText(page.getByTestId(`vault-leverage-${symbol}`), /^\d\.\d\dx$/);
    }
    // the indexer writes new metrics with every event it takes in (the keeper rebalances as the app
    // starts), so its figures can move on after the page read them: compare a page read against the
    // indexer's figures just before and just after it, and reload the page while they disagree
    const indexer = createIndexerClient({ url: app.indexerUrl! });
    const symbols = await Promise.all(vaults.map(({ vault }) => chain.readContract({ address: vault, abi: leveragedVaultAbi, functionName: "symbol" })));
    const long = vaults[symbols.indexOf("ETH2X")]!.vault;
    const indexerShows = (figures: readonly { vault: Address; return30d: number | null }[], shown: string | null) =>
      figures.some((row) => row.vault === long && formatReturn(row.return30d) === shown);
    let shown: string | null = null;
    let agreed = false;
    for (let attempt = 0; attempt < 5 && !agreed; attempt++) {
      if (attempt > 0) {
        await page.reload();
        await page.locator('[data-testid="vault-figures-ETH2X"][data-ready="yes"]').waitFor();
      }
      const before = await getVaultsPerformance(chain, { vaults, indexer });
      shown = await page.getByTestId("vault-return30d-ETH2X").textContent();
      const after = await getVaultsPerformance(chain, { vaults, indexer });
      agreed = indexerShows(before, shown) || indexerShows(after, shown);
    }
    expect(agreed, `the page's 30-day return ${shown} is the indexer's`).to.equal(true);
    await page.getByTestId("vault-card-ETH2X").click();
  });

  it("loads the page with the deployed vault, its NAV, leverage band and history", async function () {
    await page.getByTestId("vault-card-ETH2X").waitFor();
    await showsText(page.getByTestId("nav-per-share"), "WETH");
    await page.getByTestId("leverage").filter({ hasText: /^\d\.\d\dx$/ }).waitFor();
    vault = await vaultAddressFromPage(page);
    // the seed moved ETH out of the band and the keeper rebalanced: the chart has that rebalance
    await page.locator('[data-testid="history-chart"]:not([data-rebalances="0"]):not([data-rebalances="-1"])').waitFor();
    // a month of snapshots from the indexer: every seeded day at least
    await page.locator('[data-testid="history-chart"][data-source="indexer"]').waitFor();
    expect(Number(await page.getByTestId("history-chart").getAttribute("data-points"))).to.be.greaterThan(31);
    await page.screenshot({ path: path.join(screenshots, "1-loaded.png"), fullPage: true });
  });

  it("connects the local test account", async function () {
    await page.getByTestId("connect-test-account").click();
    await showsText(page.getByTestId("account-address"), "0x90F7");
    await showsText(page.getByTestId("position-shares"), /^0\.00 ETH2X$/);
    await showsText(page.getByTestId("wallet-balance"), "1,000");
  });

  it("deposits 5 WETH with a live preview, and sees the shares and position update", async function () {
    await page.getByTestId("action-tab-deposit").click();
    await page.getByTestId("amount-input").fill("5");
    await page.getByTestId("preview").getByText(/^\d[\d,]*\.\d+$/).first().waitFor();
    await page.getByTestId("submit-action").click();
    await page.locator('[data-testid="action-status"][data-state="confirmed"]').waitFor();
    const held = await shares();
    expect(held > 0n).to.equal(true);
    await page.getByTestId("position-shares").filter({ hasNotText: /^0\.00 / }).waitFor();
    await showsText(page.getByTestId("position-value"), /^0\.00 WETH$/, false);
    await page.screenshot({ path: path.join(screenshots, "2-deposited.png"), fullPage: true });
  });

  it("shows the deposit's cost basis and profit from the indexer, and the same book read over the RPC", async function () {
    const book = page.locator('[data-testid="position-book"][data-source="indexer"]');
    await showsText(book.getByTestId("position-cost-basis"), /^5\.00 WETH$/);
    await showsText(book.getByTestId("position-flows"), /^5\.00 WETH \/ 0\.00 WETH$/);
    await showsText(book.getByTestId("position-realised-pnl"), /^\+0\.00 WETH$/);
    await showsText(book.getByTestId("position-unrealised-pnl"), /^[+−]\d+\.\d+ WETH$/);
    await page.getByTestId("history-chart").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, "2b-history-and-pnl-from-indexer.png"), fullPage: true });
    const fromIndexer = await Promise.all(["position-cost-basis", "position-flows", "position-realised-pnl"].map((id) => book.getByTestId(id).textContent()));

    await page.getByTestId("toggle-source").click();
    await showsText(page.getByTestId("data-source"), "History, returns and positions from the chain's RPC (eth_getLogs in chunks of 2,000 blocks).");
    const overRpc = page.locator('[data-testid="position-book"][data-source="rpc"][data-ready="yes"]');
    await overRpc.waitFor();
    expect(await Promise.all(["position-cost-basis", "position-flows", "position-realised-pnl"].map((id) => overRpc.getByTestId(id).textContent()))).to.deep.equal(fromIndexer);
    await page.locator('[data-testid="history-chart"][data-source="rpc"]:not([data-points="0"])').waitFor();
    await page.getByTestId("toggle-source").click();
    await page.locator('[data-testid="position-book"][data-source="indexer"]').waitFor();
  });

  it("redeems every share", async function () {
    await page.getByTestId("action-tab-redeem").click();
    await page.getByRole("button", { name: "Max" }).click();
    await page.getByTestId("submit-action").click();
    await page.locator('[data-testid="action-status"][data-state="confirmed"]').waitFor();
    expect(await shares()).to.equal(0n);
    await page.getByTestId("position-shares").filter({ hasText: /^0\.00 ETH2X$/ }).waitFor();
    await page.screenshot({ path: path.join(screenshots, "3-redeemed.png"), fullPage: true });
  });

  it("words the vault's refusal of a deposit above maxDeposit", async function () {
    const maxDeposit = await chain.readContract({ address: vault, abi: leveragedVaultAbi, functionName: "maxDeposit", args: [TEST_ACCOUNT] });
    const tooMuch = maxDeposit + parseUnits("1", 18);
    await page.getByTestId("action-tab-deposit").click();
    await page.getByTestId("amount-input").fill(String(tooMuch / 10n ** 18n));
    await page.getByTestId("submit-action").click();
    const status = page.locator('[data-testid="action-status"][data-state="error"]');
    await status.waitFor();
    await showsText(status, /The vault takes at most [\d,.]+ WETH right now; a deposit of [\d,.]+ WETH is above that\./);
    expect(await shares()).to.equal(0n);
    await page.screenshot({ path: path.join(screenshots, "4-above-max-deposit.png"), fullPage: true });
  });

  it("deposits with an EIP-2612 permit signature instead of an approve transaction", async function () {
    const asset = await chain.readContract({ address: vault, abi: leveragedVaultAbi, functionName: "asset" });
    const permitNonce = () => chain.readContract({ address: asset, abi: erc20PermitAbi, functionName: "nonces", args: [TEST_ACCOUNT] });
    const nonceBefore = await permitNonce();
    await page.getByTestId("action-tab-deposit").click();
    await page.getByTestId("approval-mode").selectOption("permit");
    await page.getByTestId("amount-input").fill("1");
    await page.getByTestId("submit-action").click();
    await page.locator('[data-testid="action-status"][data-state="confirmed"]').waitFor();
    expect((await shares()) > 0n).to.equal(true);
    expect(await permitNonce()).to.equal(nonceBefore + 1n);
    // the permit allowed exactly the deposit, which used it up
    expect(await chain.readContract({ address: asset, abi: erc20Abi, functionName: "allowance", args: [TEST_ACCOUNT, vault] })).to.equal(0n);
  });

  it("on a configured chain the wallet is not on, says so and switches the wallet there and back", async function () {
    await page.getByTestId("chain-select").selectOption(String(OTHER_CHAIN_ID));
    const notice = page.getByTestId("wrong-chain");
    await showsText(notice, "Your wallet is on Local chain (31337); these vaults are on Base Sepolia (84532)");
    await showsText(page.getByTestId("registry-error"), "Could not list the vaults on Base Sepolia");
    await page.screenshot({ path: path.join(screenshots, "5-wrong-chain.png"), fullPage: true });
    await page.getByTestId("switch-chain").click();
    await notice.waitFor({ state: "detached" });

    // the wallet is on Base Sepolia now; back to the local chain's vaults, the page offers the way back
    await page.getByTestId("chain-select").selectOption("31337");
    await showsText(notice, "Your wallet is on Base Sepolia (84532); these vaults are on Local chain (31337)");
    await page.getByTestId("action-tab-deposit").click();
    await page.getByTestId("amount-input").fill("1");
    expect(await page.getByTestId("submit-action").isDisabled(), "a deposit from the wrong chain is offered").to.equal(true);
    await page.getByTestId("switch-chain").click();
    await notice.waitFor({ state: "detached" });
    await page.locator('[data-testid="submit-action"]:not([disabled])').waitFor();
    await page.locator('[data-testid="vault-list"][data-count="2"]').waitFor();
  });
});

/** The vault address the page shows in its title. */
async function vaultAddressFromPage(page: Page): Promise<Address> {
  const title = await page.locator(".vault-title .muted").first().textContent();
  const match = title?.match(/0x[0-9a-fA-F]{40}/);
  if (!match) throw new Error(`no vault address in the page title: ${title}`);
  return match[0] as Address;
}

/**
 * Waits until `locator` shows `text` (or, with `present` false, shows something without it): the
 * page updates as blocks arrive, so a check reads what it shows once it settles, within the page's
 * default timeout. playwright-core has no `expect`; this is its `filter` + `waitFor`.
 */
async function showsText(locator: Locator, text: string | RegExp, present = true): Promise<void> {
  await locator.filter(present ? { hasText: text } : { hasNotText: text }).first().waitFor();
}
