// The demo city: Tehran's 22 real regions (with their polygons), the departments that answer
// cases, a realistic tree of municipal case categories, and — in development — one demo account
// per role. Idempotent: every row is upserted by its natural key, so it can run on every start.
import fs from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../app/platform/db/client.server";
import { hashPassword } from "../app/modules/identity/crypto.server";

type RegionFeature = {
  properties: { region: number; name_fa: string; name_en: string };
  geometry: { type: "Polygon"; coordinates: number[][][] };
};

// OSM relation ids of the regions, 1..22 (see prisma/seed-data/README.md).
const OSM_RELATIONS = [
  6728830, 6728896, 6728897, 6728863, 6729507, 6729037, 6729036, 6729035, 6729508, 6729501, 6729111, 6729112, 6729034, 6729033, 6729032,
  6729110, 6729502, 6729503, 6729109, 6729031, 6729505, 6729506,
];

export const DEPARTMENTS = [
  { slug: "civil-works", nameFa: "معاونت فنی و عمرانی", nameEn: "Civil works" },
  { slug: "urban-services", nameFa: "معاونت خدمات شهری و محیط زیست", nameEn: "Urban services and environment" },
  { slug: "traffic", nameFa: "معاونت حمل‌ونقل و ترافیک", nameEn: "Transport and traffic" },
  { slug: "urban-planning", nameFa: "معاونت شهرسازی و معماری", nameEn: "Urban planning and architecture" },
  { slug: "social", nameFa: "معاونت اجتماعی و فرهنگی", nameEn: "Social and cultural affairs" },
  { slug: "crisis", nameFa: "سازمان پیشگیری و مدیریت بحران", nameEn: "Crisis management" },
] as const;

type CategorySeed = {
  slug: string;
  fa: string;
  en: string;
  dept: (typeof DEPARTMENTS)[number]["slug"];
  sla?: number;
  children?: CategorySeed[];
};

export const CATEGORIES: CategorySeed[] = [
  {
    slug: "streets",
    fa: "معابر و خیابان‌ها",
    en: "Streets and roads",
    dept: "civil-works",
    children: [
      { slug: "streets.pothole", fa: "چاله و دست‌انداز", en: "Pothole", dept: "civil-works", sla: 72 },
      { slug: "streets.sidewalk", fa: "خرابی پیاده‌رو", en: "Damaged sidewalk", dept: "civil-works", sla: 120 },
      { slug: "streets.manhole", fa: "دریچه باز یا شکسته", en: "Open or broken manhole", dept: "civil-works", sla: 24 },
      { slug: "streets.flooding", fa: "آب‌گرفتگی معابر", en: "Street flooding", dept: "crisis", sla: 12 },
    ],
  },
  {
    slug: "lighting",
    fa: "روشنایی معابر",
    en: "Street lighting",
    dept: "civil-works",
    children: [
      { slug: "lighting.out", fa: "خاموشی چراغ معابر", en: "Street light out", dept: "civil-works", sla: 48 },
      { slug: "lighting.park", fa: "روشنایی پارک", en: "Park lighting", dept: "civil-works", sla: 72 },
    ],
  },
  {
    slug: "waste",
    fa: "پسماند و نظافت شهری",
    en: "Waste and cleanliness",
    dept: "urban-services",
    children: [
      { slug: "waste.collection", fa: "جمع‌آوری نشدن زباله", en: "Uncollected waste", dept: "urban-services", sla: 24 },
      { slug: "waste.debris", fa: "تخلیه نخاله ساختمانی", en: "Construction debris dumping", dept: "urban-services", sla: 48 },
      { slug: "waste.bins", fa: "مخزن زباله", en: "Waste bins", dept: "urban-services", sla: 72 },
    ],
  },
  {
    slug: "green",
    fa: "فضای سبز",
    en: "Green space",
    dept: "urban-services",
    children: [
      { slug: "green.trees", fa: "هرس یا آفت درختان", en: "Tree pruning or pests", dept: "urban-services", sla: 168 },
      { slug: "green.cutting", fa: "قطع غیرمجاز درخت", en: "Illegal tree felling", dept: "urban-services", sla: 24 },
      { slug: "green.parks", fa: "نگهداری پارک", en: "Park maintenance", dept: "urban-services", sla: 120 },
    ],
  },
  {
    slug: "traffic",
    fa: "ترافیک و حمل‌ونقل",
    en: "Traffic and transport",
    dept: "traffic",
    children: [
      { slug: "traffic.signals", fa: "خرابی چراغ راهنمایی", en: "Traffic signal fault", dept: "traffic", sla: 24 },
      { slug: "traffic.signs", fa: "تابلو و خط‌کشی", en: "Signs and road markings", dept: "traffic", sla: 120 },
      { slug: "traffic.parking", fa: "پارک غیرمجاز", en: "Illegal parking", dept: "traffic", sla: 48 },
    ],
  },
  {
    slug: "building",
    fa: "تخلفات ساختمانی",
    en: "Building violations",
    dept: "urban-planning",
    children: [
      { slug: "building.unpermitted", fa: "ساخت‌وساز بدون پروانه", en: "Construction without permit", dept: "urban-planning", sla: 168 },
      { slug: "building.site-safety", fa: "ایمنی کارگاه ساختمانی", en: "Construction site safety", dept: "urban-planning", sla: 48 },
    ],
  },
  {
    slug: "social",
    fa: "امور اجتماعی",
    en: "Social affairs",
    dept: "social",
    children: [
      { slug: "social.homeless", fa: "افراد بی‌سرپناه", en: "People sleeping rough", dept: "social", sla: 24 },
      { slug: "social.animals", fa: "حیوانات رهاشده", en: "Stray animals", dept: "urban-services", sla: 72 },
    ],
  },
];

export const DEMO_PASSWORD = "demo-password-137";
export const DEMO_ACCOUNTS = [
  { email: "citizen@demo.137.ir", displayName: "شهروند نمونه", roles: [] },
  { email: "operator@demo.137.ir", displayName: "اپراتور نمونه", roles: [{ role: "operator" }] },
  { email: "officer@demo.137.ir", displayName: "کارشناس منطقه ۳", roles: [{ role: "officer", regionId: 3 }] },
  { email: "manager@demo.137.ir", displayName: "مدیر منطقه ۳", roles: [{ role: "manager", regionId: 3 }] },
  { email: "inspector@demo.137.ir", displayName: "بازرس نمونه", roles: [{ role: "inspector" }] },
  { email: "admin@demo.137.ir", displayName: "مدیر سامانه", roles: [{ role: "admin" }] },
] as const;

function bbox(coordinates: number[][][]) {
  let minLng = Infinity,
    minLat = Infinity,
    maxLng = -Infinity,
    maxLat = -Infinity;
  for (const [lng, lat] of coordinates[0]) {
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** Generated cases for the public map in a fresh development database (scripts/generate-cases.ts). */
export const DEMO_MAP_CASES = 3000;

export async function seed(prisma: PrismaClient, options: { demoAccounts: boolean; mapCases?: number; log?: (msg: string) => void }) {
  const file = path.resolve(process.env.APP_ROOT ?? process.cwd(), "prisma/seed-data/tehran-districts.geojson");
  const geo = JSON.parse(await fs.readFile(file, "utf8")) as { features: RegionFeature[] };
  for (const f of geo.features) {
    const id = f.properties.region;
    const data = {
      nameFa: f.properties.name_fa,
      nameEn: f.properties.name_en,
      boundary: f.geometry,
      ...bbox(f.geometry.coordinates),
      osmRelationId: BigInt(OSM_RELATIONS[id - 1]),
    };
    await prisma.region.upsert({ where: { id }, create: { id, ...data }, update: data });
  }

  const departmentIds = new Map<string, number>();
  for (const d of DEPARTMENTS) {
    const row = await prisma.department.upsert({ where: { slug: d.slug }, create: d, update: { nameFa: d.nameFa, nameEn: d.nameEn } });
    departmentIds.set(d.slug, row.id);
  }

  async function upsertCategory(c: CategorySeed, parentId: number | null, position: number) {
    const data = { nameFa: c.fa, nameEn: c.en, parentId, departmentId: departmentIds.get(c.dept) ?? null, slaHours: c.sla ?? 72, position };
    const row = await prisma.caseCategory.upsert({ where: { slug: c.slug }, create: { slug: c.slug, ...data }, update: data });
    for (const [i, child] of (c.children ?? []).entries()) await upsertCategory(child, row.id, i);
  }
  for (const [i, c] of CATEGORIES.entries()) await upsertCategory(c, null, i);

  await seedBudgeting(prisma);

  if (options.demoAccounts) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const account of DEMO_ACCOUNTS) {
      const existing = await prisma.user.findUnique({ where: { email: account.email } });
      if (existing) continue;
      const user = await prisma.user.create({
        data: { email: account.email, displayName: account.displayName, passwordHash, emailVerifiedAt: new Date(), locale: "fa" },
      });
      if (account.email.startsWith("citizen@")) {
        // The demo citizen can vote at once: a club member of region 3 with a verified phone and a
        // verified residency (the region-3 budget is for residents only).
        await prisma.user.update({ where: { id: user.id }, data: { phone: "09120000137", phoneVerifiedAt: new Date() } });
        await prisma.clubMember.create({
          data: { userId: user.id, homeRegionId: 3, termsVersion: "demo", termsAcceptedAt: new Date(), residentVerifiedAt: new Date() },
        });
      }
      for (const grant of account.roles) {
        await prisma.roleAssignment.create({
          data: { userId: user.id, role: grant.role, regionId: "regionId" in grant ? grant.regionId : null },
        });
      }
    }
    options.log?.(`demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.email).join(", ")}`);
    const fresh = await seedDemoCases(prisma);
    // The public map's demo: a few thousand cases over the 22 regions and the last year, with every
    // outcome (only on the first seed, and only where asked: the development server, `npm run db:seed`).
    if (fresh && options.mapCases) {
      const { pool } = await import("../app/platform/db/client.server");
      const { generateCases } = await import("../scripts/generate-cases");
      const client = await pool().connect();
      try {
        await generateCases(client, { count: options.mapCases, days: 365, log: options.log });
      } finally {
        client.release(true); // the generator changed session settings: not back into the pool
      }
      options.log?.(`${options.mapCases} generated cases for the public map`);
    }
  }
}

// A few cases in region 3 for the demo accounts: the demo citizen's own (one answered, ready to be
// rated) and one they follow, others in the officer's inbox at each step, one overdue. For volume, see
// `npm run cases:generate` (README).
const DEMO_CASES = [
  {
    slug: "streets.pothole",
    status: "answered",
    lat: 35.7575,
    lng: 51.4105,
    address: "میدان ونک، ضلع شمالی",
    text: "چاله عمیق در خط سمت راست خیابان، خطر برای موتورسوارها.",
    answer: "چاله امروز صبح توسط اکیپ عمرانی منطقه ۳ ترمیم و آسفالت شد.",
    mine: true,
  },
  {
    slug: "lighting.out",
    status: "referred",
    lat: 35.7641,
    lng: 51.4372,
    address: "داوودیه، کوچه پنجم",
    text: "سه چراغ پشت سر هم در کوچه پنجم خاموش است و شب‌ها کوچه تاریک است.",
    mine: true,
  },
  {
    slug: "waste.collection",
    status: "registered",
    lat: 35.7702,
    lng: 51.4151,
    address: "جردن، نبش کوچه ناهید",
    text: "زباله‌ها از دیروز جمع‌آوری نشده و کنار مخزن ریخته است.",
    followed: true,
  },
  {
    slug: "green.trees",
    status: "in_progress",
    lat: 35.7788,
    lng: 51.4175,
    address: "بلوار کاوه، جلوی پارک ملت",
    text: "شاخه‌های خشک درخت چنار روی پیاده‌رو آویزان است.",
  },
  {
    slug: "traffic.signals",
    status: "registered",
    lat: 35.7585,
    lng: 51.4098,
    address: "تقاطع ونک",
    text: "چراغ راهنمایی تقاطع از صبح چشمک‌زن زرد است.",
    overdue: true,
  },
  {
    slug: "streets.sidewalk",
    status: "closed",
    lat: 35.7612,
    lng: 51.4231,
    address: "خیابان ملاصدرا",
    text: "کف‌پوش پیاده‌رو جلوی ایستگاه اتوبوس شکسته است.",
    answer: "کف‌پوش در برنامه ترمیم هفته جاری قرار گرفت و ترمیم شد.",
  },
] as const;

async function seedDemoCases(prisma: PrismaClient): Promise<boolean> {
  if ((await prisma.case.count()) > 0) return false;
  const { newPublicReference, newTrackingCode } = await import("../app/modules/cases/codes");
  const { unitOf } = await import("../app/modules/cases/units");
  const citizen = await prisma.user.findUniqueOrThrow({ where: { email: "citizen@demo.137.ir" } });
  const mine = await prisma.caseContact.create({
    data: { userId: citizen.id, name: citizen.displayName, email: citizen.email, phone: citizen.phone, locale: "fa" },
  });
  const other = await prisma.caseContact.create({ data: { name: "شهروند", phone: "09121370000", locale: "fa" } });
  const hour = 3_600_000;
  for (const [i, d] of DEMO_CASES.entries()) {
    const category = await prisma.caseCategory.findUniqueOrThrow({ where: { slug: d.slug } });
    const createdAt = new Date(Date.now() - (i + 1) * 20 * hour);
    const contactId = "mine" in d && d.mine ? mine.id : other.id;
    const answered = "answer" in d;
    const c = await prisma.case.create({
      data: {
        code: newTrackingCode(),
        reference: newPublicReference(),
        channel: i % 2 ? "phone" : "web",
        status: d.status,
        categoryId: category.id,
        regionId: 3,
        departmentId: category.departmentId,
        description: d.text,
        address: d.address,
        lat: d.lat,
        lng: d.lng,
        contactId,
        createdAt,
        dueAt: "overdue" in d ? new Date(Date.now() - hour) : new Date(createdAt.getTime() + category.slaHours * hour),
        answer: answered ? d.answer : null,
        answeredAt: answered ? new Date(createdAt.getTime() + 6 * hour) : null,
        feedbackDeliveredAt: d.status === "closed" ? new Date(createdAt.getTime() + 7 * hour) : null,
        closedAt: d.status === "closed" ? new Date(createdAt.getTime() + 8 * hour) : null,
        resolution: d.status === "closed" ? "fixed" : null,
        // The demo citizen also follows one case reported by someone else (the public view).
        followers: { create: "followed" in d ? [{ contactId }, { contactId: mine.id }] : [{ contactId }] },
      },
    });
    const unit = unitOf(3, category.departmentId);
    const steps: { kind: string; to: string; at: number; note?: string }[] = [{ kind: "registered", to: "registered", at: 0 }];
    if (d.status !== "registered") steps.push({ kind: "refer", to: "referred", at: 1 });
    if (d.status === "in_progress") steps.push({ kind: "start", to: "in_progress", at: 2 });
    if (answered) steps.push({ kind: "answer", to: "answered", at: 6, note: d.answer });
    if (d.status === "closed") steps.push({ kind: "close", to: "closed", at: 8 });
    let from: string | null = null;
    for (const step of steps) {
      await prisma.caseEvent.create({
        data: {
          caseId: c.id,
          kind: step.kind,
          fromStatus: from as never,
          toStatus: step.to as never,
          unit,
          note: step.note ?? null,
          createdAt: new Date(createdAt.getTime() + step.at * hour),
        },
      });
      from = step.to;
    }
  }
  return true;
}

// A participatory-budgeting cycle in its voting phase, so the demo has something to vote on.
// Dates are relative to the seeding day; projects are accepted proposals without an author.
const DEMO_PROJECTS: Record<string, { lat: number; lng: number; title: string; description: string; cost: number }[]> = {
  city: [
    {
      lat: 35.6893,
      lng: 51.414,
      title: "پیاده‌راه‌سازی خیابان سی‌تیر",
      description: "تکمیل پیاده‌راه فرهنگی سی‌تیر با نیمکت، روشنایی و سایه‌بان.",
      cost: 180e9,
    },
    {
      lat: 35.7006,
      lng: 51.391,
      title: "دوچرخه‌های اشتراکی در ۱۰ ایستگاه مترو",
      description: "ایستگاه‌های دوچرخه اشتراکی کنار ۱۰ ایستگاه پرتردد مترو.",
      cost: 120e9,
    },
    {
      lat: 35.6,
      lng: 51.39,
      title: "کاشت ۵۰ هزار نهال در کمربند سبز جنوبی",
      description: "درختکاری با مشارکت اعضای باشگاه در کمربند سبز جنوب تهران.",
      cost: 150e9,
    },
    {
      lat: 35.715,
      lng: 51.405,
      title: "دسترسی‌پذیری ۲۰ ایستگاه اتوبوس برای توان‌یابان",
      description: "سکو، رمپ و راهنمای لمسی در ۲۰ ایستگاه اتوبوس.",
      cost: 90e9,
    },
    {
      lat: 35.668,
      lng: 51.35,
      title: "سامانه هشدار آب‌گرفتگی معابر",
      description: "حسگرهای آب‌گرفتگی در ۴۰ زیرگذر و اطلاع‌رسانی به شهروندان.",
      cost: 70e9,
    },
  ],
  region3: [
    { lat: 35.779, lng: 51.417, title: "بازسازی زمین بازی پارک ملت", description: "تعویض وسایل بازی فرسوده و کف‌پوش ایمن.", cost: 30e9 },
    { lat: 35.764, lng: 51.437, title: "روشنایی کوچه‌های محله داوودیه", description: "چراغ‌های کم‌مصرف در ۳۵ کوچه کم‌نور.", cost: 18e9 },
    {
      lat: 35.7575,
      lng: 51.41,
      title: "ایستگاه تفکیک پسماند در ونک",
      description: "ایستگاه تحویل پسماند خشک با پاداش امتیازی باشگاه.",
      cost: 22e9,
    },
    {
      lat: 35.772,
      lng: 51.415,
      title: "سایه‌بان و آبخوری در مسیر پیاده‌روی جردن",
      description: "سایه‌بان، نیمکت و آبخوری در مسیر پیاده‌روی.",
      cost: 25e9,
    },
    {
      lat: 35.76,
      lng: 51.425,
      title: "کلاس‌های آموزش شهروندی در سرای محله",
      description: "دوره‌های آموزش کمک‌های اولیه و آمادگی در برابر زلزله.",
      cost: 8e9,
    },
  ],
};

async function seedBudgeting(prisma: PrismaClient) {
  if (await prisma.budgetCycle.findUnique({ where: { slug: "tehran-1405" } })) return;
  const day = 86_400_000;
  const now = Date.now();
  const cycle = await prisma.budgetCycle.create({
    data: {
      slug: "tehran-1405",
      titleFa: "بودجه‌ریزی مشارکتی تهران ۱۴۰۵",
      titleEn: "Tehran participatory budget 2026",
      descriptionFa: "اعضای باشگاه شهروندان مشارکت‌جو درباره بخشی از بودجه عمرانی شهر و منطقه خود تصمیم می‌گیرند.",
      descriptionEn: "Members of the participant club decide on part of the city's and their region's capital budget.",
      proposalsOpenAt: new Date(now - 40 * day),
      reviewAt: new Date(now - 25 * day),
      votingOpenAt: new Date(now - 5 * day),
      votingCloseAt: new Date(now + 25 * day),
      implementationAt: new Date(now + 90 * day),
      officialRule: "mes_add1",
    },
  });
  const city = await prisma.budget.create({
    data: {
      cycleId: cycle.id,
      nameFa: "بودجه کل شهر",
      nameEn: "City-wide budget",
      amountRials: 400_000_000_000n,
      ballotType: "knapsack",
      minVerification: "phone",
      residentsOnly: false,
    },
  });
  const region3 = await prisma.budget.create({
    data: {
      cycleId: cycle.id,
      regionId: 3,
      nameFa: "بودجه منطقه ۳",
      nameEn: "Region 3 budget",
      amountRials: 70_000_000_000n,
      ballotType: "approval",
      maxChoices: 3,
      minVerification: "email",
      residentsOnly: true,
    },
  });
  for (const [budget, list] of [
    [city, DEMO_PROJECTS.city],
    [region3, DEMO_PROJECTS.region3],
  ] as const) {
    await prisma.proposal.createMany({
      data: list.map((p, i) => ({
        budgetId: budget.id,
        code: String(i + 1),
        title: p.title,
        description: p.description,
        regionId: budget.regionId,
        estimatedCostRials: BigInt(p.cost),
        officialCostRials: BigInt(p.cost),
        latitude: p.lat,
        longitude: p.lng,
        status: "accepted" as const,
        reviewedAt: new Date(now - 10 * day),
      })),
    });
  }
}
