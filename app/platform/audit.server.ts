// The audit trail: one append-only table for every module's "who did what". Written inside the
// action's own transaction so an action and its record stand or fall together.
import type { Prisma, Tx } from "./db/client.server";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  data?: Prisma.InputJsonValue;
};

export async function audit(tx: Tx, entry: AuditEntry) {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId == null ? null : String(entry.subjectId),
      data: entry.data ?? {},
    },
  });
}
