import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The page talks to the chain through `/rpc`, which this server forwards to `APP_RPC_URL` (default
 * the local `hardhat node`), so the browser needs no CORS and the URL stays configurable; likewise
 * `/indexer` to `APP_INDEXER_URL` when it is set (the indexer `npm run app` starts). Which chains,
 * registries and indexers the page uses comes from `VITE_LEVERAGED_VAULT_CHAINS` (app/src/config/chains.ts).
 */
const rpcUrl = process.env.APP_RPC_URL ?? "http://127.0.0.1:8545";
const indexerUrl = process.env.APP_INDEXER_URL;
const proxy = {
  "/rpc": { target: rpcUrl, changeOrigin: true, rewrite: () => "/" },
  ...(indexerUrl ? { "/indexer": { target: indexerUrl, changeOrigin: true, rewrite: (path: string) => path.replace(/^\/indexer/, "") || "/" } } : {}),
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  clearScreen: false,
});
