import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The page talks to the chain through `/rpc`, which this server forwards to `APP_RPC_URL` (default
 * the local `hardhat node`), so the browser needs no CORS and the URL stays configurable. Which
 * chains and registries the page lists comes from `VITE_LEVERAGED_VAULT_CHAINS` (app/src/config/chains.ts).
 */
const rpcUrl = process.env.APP_RPC_URL ?? "http://127.0.0.1:8545";
const proxy = { "/rpc": { target: rpcUrl, changeOrigin: true, rewrite: () => "/" } };

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  clearScreen: false,
});
