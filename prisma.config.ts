// Prisma CLI configuration. The app applies migrations itself (app/platform/migrate.server.ts):
// the Prisma schema engine cannot be downloaded on our machines, so `prisma migrate` is only for
// machines that can reach Prisma's CDN (e.g. `prisma migrate status` against production).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
