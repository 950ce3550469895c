// The city's structure: regions (with their OSM boundaries) and the departments that answer
// cases. Read by every other module; written only by the seed and (later) admin pages.
import { prisma } from "~/platform/db/client.server";

export const REGION_ATTRIBUTION = "© OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright)";

export function listRegions() {
  return prisma.region.findMany({ orderBy: { id: "asc" }, select: { id: true, nameFa: true, nameEn: true } });
}

export function listDepartments() {
  return prisma.department.findMany({ orderBy: { id: "asc" }, select: { id: true, slug: true, nameFa: true, nameEn: true } });
}
