import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { WagmiProvider } from "wagmi";

import { App } from "./App.js";
import "./styles.css";
import { createWagmiConfig, fetchNodeAccounts, TEST_ACCOUNT_INDEX } from "./wagmiConfig.js";

const origin = window.location.origin;
const nodeAccounts = await fetchNodeAccounts(`${origin}/rpc`).catch(() => [] as `0x${string}`[]);
const config = createWagmiConfig(origin, nodeAccounts[TEST_ACCOUNT_INDEX]);
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </WagmiProvider>
  </StrictMode>,
);
