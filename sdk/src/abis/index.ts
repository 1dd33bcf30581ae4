export { leveragedVaultAbi } from "./leveragedVaultAbi.js";
export { erc20PermitAbi } from "./erc20PermitAbi.js";
