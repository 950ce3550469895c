// Plain, serialisable shapes of budgeting rows for loaders: BigInt rials become decimal strings
// (never rely on the transport to carry BigInt), dates stay dates.
type Named = { nameFa: string; nameEn: string };

export type BudgetView = {
  id: string;
  nameFa: string;
  nameEn: string;
  region: { id: number; nameFa: string; nameEn: string } | null;
  amountRials: string;
  ballotType: "approval" | "knapsack" | "cumulative";
  maxChoices: number | null;
  points: number | null;
  minVerification: "email" | "phone" | "resident";
  residentsOnly: boolean;
};

export function budgetView(b: {
  id: string;
  nameFa: string;
  nameEn: string;
  region?: ({ id: number } & Named) | null;
  amountRials: bigint;
  ballotType: BudgetView["ballotType"];
  maxChoices: number | null;
  points: number | null;
  minVerification: BudgetView["minVerification"];
  residentsOnly: boolean;
}): BudgetView {
  return {
    id: b.id,
    nameFa: b.nameFa,
    nameEn: b.nameEn,
    region: b.region ? { id: b.region.id, nameFa: b.region.nameFa, nameEn: b.region.nameEn } : null,
    amountRials: String(b.amountRials),
    ballotType: b.ballotType,
    maxChoices: b.maxChoices,
    points: b.points,
    minVerification: b.minVerification,
    residentsOnly: b.residentsOnly,
  };
}

export function projectView(p: {
  id: string;
  code: string;
  title: string;
  description: string;
  officialCostRials: bigint | null;
  estimatedCostRials: bigint;
  latitude?: number | null;
  longitude?: number | null;
}) {
  return {
    id: p.id,
    code: p.code,
    title: p.title,
    description: p.description,
    costRials: String(p.officialCostRials ?? p.estimatedCostRials),
    latitude: p.latitude ?? null,
    longitude: p.longitude ?? null,
  };
}

export function cycleView(c: {
  id: string;
  slug: string;
  titleFa: string;
  titleEn: string;
  descriptionFa: string;
  descriptionEn: string;
  proposalsOpenAt: Date;
  reviewAt: Date;
  votingOpenAt: Date;
  votingCloseAt: Date;
  implementationAt: Date;
  officialRule: string;
  isStudy: boolean;
  phase: string;
}) {
  return {
    id: c.id,
    slug: c.slug,
    titleFa: c.titleFa,
    titleEn: c.titleEn,
    descriptionFa: c.descriptionFa,
    descriptionEn: c.descriptionEn,
    dates: {
      proposalsOpenAt: c.proposalsOpenAt.toISOString(),
      reviewAt: c.reviewAt.toISOString(),
      votingOpenAt: c.votingOpenAt.toISOString(),
      votingCloseAt: c.votingCloseAt.toISOString(),
      implementationAt: c.implementationAt.toISOString(),
    },
    officialRule: c.officialRule,
    isStudy: c.isStudy,
    phase: c.phase,
  };
}

export const BOUNDARY_KEYS = ["proposalsOpenAt", "reviewAt", "votingOpenAt", "votingCloseAt", "implementationAt"] as const;
