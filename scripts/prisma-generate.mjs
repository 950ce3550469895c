// Generates the Prisma client (and the Pothos types) without downloading Prisma's schema engine:
// its CDN is unreachable on our machines, and `prisma generate` does not need the engine. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file makes the CLI skip the download.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
