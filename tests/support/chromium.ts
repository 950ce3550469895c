// Finds a system Chromium for the browser tests and launches it with playwright-core (which ships
// no browser of its own). Never skips silently: without a browser the suite fails with a clear
// message, after trying `apt-get install -y chromium` when that is possible.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function executable(file: string) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function locate(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (executable(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file.`);
  }
  return CANDIDATES.find(executable);
}

let cached: string | undefined;

/** The Chromium executable to use; installs Debian's `chromium` package if needed and possible. */
export function findChromium(): string {
  if (cached) return cached;
  let found = locate();
  if (!found) {
    const isRoot = process.getuid?.() === 0;
    const hasApt = executable("/usr/bin/apt-get");
    if (isRoot && hasApt) {
      console.warn(
        `\n[e2e] No Chromium found (looked at $CHROMIUM_PATH, ${CANDIDATES.join(", ")}).\n` +
          "[e2e] Installing Debian's chromium package now: apt-get install -y chromium (this can take a few minutes)…\n",
      );
      // Waits for the dpkg lock if another apt-get is already running.
      const result = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", "install", "-y", "--no-install-recommends", "chromium"], {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      });
      console.warn(`[e2e] apt-get install chromium exited with ${result.status ?? result.signal}`);
      found = locate();
    }
    if (!found) {
      throw new Error(
        [
          "The browser end-to-end tests need Chromium, and none was found.",
          `Looked at: $CHROMIUM_PATH (unset), ${CANDIDATES.join(", ")}.`,
          isRoot && hasApt
            ? "`apt-get install -y chromium` was tried and did not provide one."
            : "Could not install one automatically (needs root and apt-get).",
          "Fix: install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`), or point CHROMIUM_PATH at a Chrome/Chromium binary.",
        ].join("\n"),
      );
    }
  }
  cached = found;
  return found;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  try {
    return await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    throw new Error(`Could not launch Chromium at ${executablePath}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
