// The unit a case step belongs to (a region and a department). The history stores it as
// "region:department" ids so names can be shown in the reader's language later. Pure: used by the
// module, the worker, the seed and the pages alike.
export type Unit = {
  regionId: number | null;
  departmentId: number | null;
  region: { fa: string; en: string } | null;
  department: { fa: string; en: string } | null;
};

export const unitOf = (regionId: number | null, departmentId: number | null) => `${regionId ?? ""}:${departmentId ?? ""}`;

export function parseUnit(stored: string | null): { regionId: number | null; departmentId: number | null } | null {
  if (!stored) return null;
  const [r, d] = stored.split(":");
  return { regionId: r ? Number(r) : null, departmentId: d ? Number(d) : null };
}

/** "Region 3 — Civil works", in the reader's language ("" when unknown). */
export function unitName(unit: Unit | null, locale: "fa" | "en") {
  return unit ? [unit.region?.[locale], unit.department?.[locale]].filter(Boolean).join(" — ") : "";
}
