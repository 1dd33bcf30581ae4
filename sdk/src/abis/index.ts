export { leveragedVaultAbi } from "./leveragedVaultAbi.js";
export { erc20PermitAbi } from "./erc20PermitAbi.js";
export { vaultRegistryAbi } from "./vaultRegistryAbi.js";
export { morphoBlueVaultFactoryAbi } from "./morphoBlueVaultFactoryAbi.js";
export { aaveV3VaultFactoryAbi } from "./aaveV3VaultFactoryAbi.js";
