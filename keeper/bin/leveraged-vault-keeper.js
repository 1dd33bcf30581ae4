#!/usr/bin/env node
// The installed command. It only loads the compiled CLI (dist/ is built by `npm run build`, and by
// `npm pack` through `prepack`); this file exists before the build so npm can link it at install.
import { run } from "../dist/cli.js";

await run(process.argv.slice(2), process.env);
