// Marks dist/cjs as CommonJS: the package itself is "type": "module".
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const folder = path.join(import.meta.dirname, "..", "dist", "cjs");
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n");
