// `npm test`: typecheck → lint → unit and integration tests (real PostgreSQL, real SMTP) →
// browser end-to-end tests (real Chromium, axe-core). Stops at the first failing stage.
// The browser suite is never skipped: without a Chromium we install Debian's package, or fail
// with instructions.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const stages = [
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", "--max-warnings", "0", "."]],
  ["format check (prettier; `npm run format` fixes)", "npx", ["prettier", "--check", "--log-level", "warn", "."]],
  ["unit and integration tests", "npx", ["vitest", "run", "--project", "unit"]],
  ["browser end-to-end tests", "npx", ["vitest", "run", "--project", "e2e"]],
];

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
  return candidates.find((p) => p && existsSync(p));
}

function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  console.log("\n▶ No Chromium found (CHROMIUM_PATH, /usr/bin/chromium, google-chrome). Installing Debian's chromium package…");
  const isRoot = process.getuid?.() === 0;
  const apt = ["apt-get", "update", "-qq"];
  const install = ["apt-get", "install", "-y", "-qq", "chromium"];
  const run = (cmd) =>
    spawnSync(isRoot ? cmd[0] : "sudo", isRoot ? cmd.slice(1) : cmd, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (run(apt).status === 0 && run(install).status === 0 && findChromium()) return findChromium();
  console.log("▶ apt-get could not install chromium; trying Playwright's installer (needs network access to its CDN)…");
  spawnSync("npx", ["playwright-core", "install", "chromium"], { stdio: "inherit" });
  const again = findChromium();
  if (again) return again;
  console.error("✖ No Chromium available. Install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH, then run `npm test` again.");
  process.exit(1);
}

const only = process.argv[2];
const started = Date.now();
for (const [name, cmd, args] of stages) {
  if (only && !name.startsWith(only)) continue;
  if (name.startsWith("browser")) process.env.CHROMIUM_PATH = ensureChromium();
  console.log(`\n▶ ${name}`);
  const t = Date.now();
  const result = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${Math.round((Date.now() - t) / 1000)} s)`);
}
console.log(`\n✔ all stages passed in ${Math.round((Date.now() - started) / 1000)} s`);
