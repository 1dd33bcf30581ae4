import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";

import { App } from "./App.js";
import { configuredChains, type AppChain } from "./config/chains.js";
import "./styles.css";
import { createWagmiConfig, fetchNodeAccounts, TEST_ACCOUNT_INDEX } from "./wagmiConfig.js";

const origin = window.location.origin;
const root = createRoot(document.getElementById("root")!);

let chains: AppChain[] | undefined;
try {
  chains = configuredChains();
} catch (error) {
  root.render(<p className="error page" data-testid="config-error">The page's chain config is wrong: {(error as Error).message}</p>);
}

if (chains) {
  // the test-account connector exists when the first chain is the local node behind the page's own server
  const local = chains[0]!.rpcUrl.startsWith("/") ? chains[0]!.rpcUrl : undefined;
  const nodeAccounts = local ? await fetchNodeAccounts(`${origin}${local}`).catch(() => [] as `0x${string}`[]) : [];
  const config = createWagmiConfig(origin, chains, nodeAccounts[TEST_ACCOUNT_INDEX]);
  const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });
  root.render(
    <StrictMode>
      <WagmiProvider config={config}>
        <QueryClientProvider client={queryClient}>
          <App chains={chains} />
        </QueryClientProvider>
      </WagmiProvider>
    </StrictMode>,
  );
}
