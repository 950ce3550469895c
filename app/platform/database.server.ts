// Opens the process's database: DATABASE_URL when given, otherwise the embedded PostgreSQL under
// DATA_DIR (started or adopted). Exposes the URL through process.env.DATABASE_URL for the lazily
// created db client and job queue.
import path from "node:path";
import type { Config } from "./config.server";
import { closeDb } from "./db/client.server";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres.server";
import { stopJobs } from "./jobs.server";

export type OpenDatabase = { url: string; embedded: EmbeddedDatabase | null; close: () => Promise<void> };

export async function openDatabase(cfg: Config): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let url = cfg.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(cfg.dataDir, "postgres"), port: cfg.embeddedPgPort });
    await ensureDatabase(embedded.url(), "participation");
    url = embedded.url("participation");
  }
  process.env.DATABASE_URL = url;
  return {
    url,
    embedded,
    close: async () => {
      await stopJobs();
      await closeDb();
      if (embedded?.owned) await embedded.stop();
    },
  };
}
