/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The chains the page serves, as JSON (see src/config/chains.ts). */
  readonly VITE_LEVERAGED_VAULT_CHAINS?: string;
}
