// The modules' background workers, started by the process entry (server.ts) in the process that
// runs workers. Like register.server.ts, a composition root: server.ts knows this file, not the
// modules' internals.
import { startEmailWorker, startSmsWorker } from "./notifications/worker.server";
import { startCaseWorkers } from "./cases/worker.server";
import { startIdentityWorkers } from "./identity";

export async function startModuleWorkers() {
  await startEmailWorker();
  await startSmsWorker();
  await startIdentityWorkers();
  await startCaseWorkers();
}
