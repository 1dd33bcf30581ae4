import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

import { deploymentsPlugin } from "./server/deploymentsPlugin.js";

/**
 * The page talks to the chain through `/rpc`, which this server forwards to `APP_RPC_URL` (default
 * the local `hardhat node`), so the browser needs no CORS and the URL stays configurable.
 * `APP_DEPLOYMENTS_DIR` is where `npm run deploy` wrote its records (default `deployments/`).
 */
const rpcUrl = process.env.APP_RPC_URL ?? "http://127.0.0.1:8545";
const deploymentsDir = process.env.APP_DEPLOYMENTS_DIR ?? path.join(import.meta.dirname, "..", "deployments");
const proxy = { "/rpc": { target: rpcUrl, changeOrigin: true, rewrite: () => "/" } };

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), deploymentsPlugin({ deploymentsDir })],
  server: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true, proxy },
  clearScreen: false,
});
