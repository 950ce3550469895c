// npm run db:migrate | db:seed | db:status — against DATABASE_URL, or the embedded database.
import { config } from "../app/platform/config.server";
import { openDatabase } from "../app/platform/database.server";
import { migrate, migrationStatus } from "../app/platform/migrate.server";
import { DEMO_MAP_CASES, seed } from "../prisma/seed";

const command = process.argv[2];
const db = await openDatabase(config());
try {
  if (command === "migrate") {
    const result = await migrate(db.url, { log: (m) => console.log(m) });
    console.log(result.applied.length ? `applied ${result.applied.length} migration(s)` : "database is up to date");
  } else if (command === "seed") {
    await migrate(db.url);
    const { prisma } = await import("../app/platform/db/client.server");
    await seed(prisma, {
      demoAccounts: !config().isProduction,
      mapCases: config().isProduction ? 0 : DEMO_MAP_CASES,
      log: (m) => console.log(m),
    });
    console.log("seeded");
  } else if (command === "status") {
    const { pool } = await import("../app/platform/db/client.server");
    console.log(JSON.stringify(await migrationStatus(pool()), null, 2));
  } else {
    console.error("usage: tsx scripts/db.ts migrate|seed|status");
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
