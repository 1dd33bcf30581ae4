// Writes keeper/config.schema.json from the zod schema (run after `npm run build`):
//   npm run generate:schema -w @leveraged-vault/keeper
import { writeFileSync } from "node:fs";
import path from "node:path";

import { configJsonSchema } from "../dist/config/schema.js";

const target = path.join(import.meta.dirname, "..", "config.schema.json");
writeFileSync(target, JSON.stringify(configJsonSchema(), null, 2) + "\n");
console.log(`wrote ${target}`);
