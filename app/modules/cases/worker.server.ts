// Cases' background work, run by the worker processes (RUN_WORKERS): telling followers of each step
// (email and SMS, one job per message so one bad address does not hold up the others), noting when
// an answer has reached the citizen, and the SLA watch that flags and escalates overdue cases.
import { config } from "~/platform/config.server";
import { pool, prisma } from "~/platform/db/client.server";
import { boss, QUEUES } from "~/platform/jobs.server";
import { log } from "~/platform/log.server";
import { formatDate, translate, type Locale } from "~/platform/i18n";
import { onDelivered, sendEmail, sendSms } from "~/modules/notifications";
import { staffCovering } from "~/modules/identity";
import { markFeedbackDelivered, unitFrom } from "./index";
import { unitName, unitOf } from "./units";
import { WORKFLOW } from "./workflow";
import { OPEN_STATUSES } from "./schemas";

export type CaseNotifyJob = { caseId: string; eventId: string; origin?: string };

const origin = (given?: string) => given ?? config().publicUrl ?? `http://localhost:${config().port}`;

async function unitLabel(stored: string | null, locale: Locale) {
  return unitName(await unitFrom(stored), locale) || null;
}

/**
 * Fans one case step out to every follower: an email to each address, an SMS to each phone. The
 * reporter is written to with the tracking code and the step's text; other followers with the
 * public reference, and the text only when it is the city's (an answer, a reason) — never the
 * reporter's own words (a reopening's reason).
 */
export async function notifyFollowers(job: CaseNotifyJob) {
  const event = await prisma.caseEvent.findUnique({ where: { id: BigInt(job.eventId) } });
  const c = await prisma.case.findUnique({
    where: { id: job.caseId },
    select: {
      code: true,
      reference: true,
      status: true,
      contactId: true,
      // Only followers who said yes (the reporter always has); see followCase.
      followers: {
        where: { confirmedAt: { not: null } },
        select: { contactId: true, contact: { select: { email: true, phone: true, locale: true } } },
      },
    },
  });
  if (!event || !c) return;
  const status = event.toStatus ?? c.status;
  // The answer's delivery is what lets the case be closed: ask the senders for a receipt — of the
  // reporter's messages (a follower's inbox is not the reporter's).
  const receiptFor = (reporter: boolean) => (event.kind === "answer" && reporter ? { kind: "case.feedback", id: job.caseId } : undefined);
  const text = event.kind === "registered" ? null : event.note;
  const cityText = event.public && event.kind in WORKFLOW ? text : null;
  await prisma.$transaction(async (tx) => {
    for (const { contactId, contact } of c.followers) {
      const reporter = contactId === c.contactId;
      const code = reporter ? c.code : c.reference;
      const url = `${origin(job.origin)}/cases/track?code=${encodeURIComponent(code)}`;
      const receipt = receiptFor(reporter);
      if (contact.email) {
        const props = {
          code,
          status,
          unit: await unitLabel(event.unit, contact.locale),
          text: reporter ? text : cityText,
          url,
          following: !reporter,
        };
        await sendEmail(tx, { template: "case-update", to: contact.email, locale: contact.locale, receipt, props });
      }
      if (contact.phone) {
        await sendSms(tx, {
          template: "case-update",
          to: contact.phone,
          locale: contact.locale,
          receipt,
          params: { code, status: translate(contact.locale, `cases.status.${status}`) },
        });
      }
    }
  });
}

/**
 * The SLA watch: open cases past their due date are flagged overdue, the neglect is recorded
 * against their unit (region and department), and the region's managers are told. Each case is
 * flagged once; batches skip rows another worker holds.
 */
export async function flagOverdueCases(limit = 500) {
  const { rows } = await pool().query<{
    id: string;
    code: string;
    region_id: number | null;
    department_id: number | null;
    due_at: Date;
    name_fa: string;
    name_en: string;
  }>(
    `WITH due AS (
       SELECT id FROM cases
        WHERE status = ANY($2::"CaseStatus"[]) AND due_at < now() AND overdue_at IS NULL
        ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED),
     flagged AS (
       UPDATE cases c SET overdue_at = now() FROM due WHERE c.id = due.id
       RETURNING c.id, c.code, c.region_id, c.department_id, c.due_at, c.category_id),
     neglect AS (
       INSERT INTO case_neglects (case_id, kind, region_id, department_id)
       SELECT id, 'overdue', region_id, department_id FROM flagged ON CONFLICT DO NOTHING),
     history AS (  -- unit in units.ts's "region:department" form
       INSERT INTO case_events (case_id, kind, unit, public)
       SELECT id, 'escalated', coalesce(region_id::text, '') || ':' || coalesce(department_id::text, ''), true FROM flagged)
     SELECT f.id, f.code, f.region_id, f.department_id, f.due_at, k.name_fa, k.name_en
       FROM flagged f JOIN case_categories k ON k.id = f.category_id`,
    [limit, [...OPEN_STATUSES]],
  );
  if (rows.length === 0) return 0;
  const managersByRegion = new Map<number | null, Awaited<ReturnType<typeof staffCovering>>>();
  await prisma.$transaction(async (tx) => {
    for (const r of rows) {
      if (!managersByRegion.has(r.region_id)) managersByRegion.set(r.region_id, await staffCovering("manager", r.region_id));
      for (const m of managersByRegion.get(r.region_id)!) {
        if (!m.email) continue;
        const unit = (await unitLabel(unitOf(r.region_id, r.department_id), m.locale)) ?? "—";
        await sendEmail(tx, {
          template: "case-escalated",
          to: m.email,
          locale: m.locale,
          props: {
            code: r.code,
            category: m.locale === "fa" ? r.name_fa : r.name_en,
            unit,
            dueAt: formatDate(m.locale, r.due_at, true),
            url: `${origin()}/staff/cases/${r.code}`,
          },
        });
      }
    }
  });
  log.info({ count: rows.length }, "overdue cases flagged and escalated");
  return rows.length;
}

export async function startCaseWorkers() {
  onDelivered("case.feedback", (caseId) => markFeedbackDelivered(caseId, "message"));
  const b = await boss();
  await b.work<CaseNotifyJob>(QUEUES.caseNotify.name, { batchSize: 5, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await notifyFollowers(job.data);
  });
  await b.work(QUEUES.caseSla.name, { pollingIntervalSeconds: 5 }, async () => {
    while ((await flagOverdueCases()) === 500); // drain a backlog in batches
  });
  // Every minute, on whichever process holds the schedule (pg-boss keeps one per queue).
  await b.schedule(QUEUES.caseSla.name, "* * * * *");
}
