import "../support/db";
import { describe, expect, it } from "vitest";
import { regionAt } from "../../app/modules/city";

// Real landmarks against the 22 real OSM region polygons.
const LANDMARKS: [string, number | null, number, number][] = [
  ["Tajrish square", 1, 35.8046, 51.4336],
  ["Milad Tower", 2, 35.7448, 51.3753],
  ["Vanak square", 3, 35.7575, 51.4097],
  ["Grand Bazaar", 12, 35.6725, 51.4218],
  ["Chitgar lake", 22, 35.7455, 51.2195],
  ["Karaj (outside Tehran)", null, 35.8327, 50.9915],
  ["Imam Khomeini airport (outside Tehran)", null, 35.4161, 51.1522],
];

describe("region lookup by point", () => {
  it.each(LANDMARKS)("%s → region %s", async (_name, region, lat, lng) => {
    expect(await regionAt(lat, lng)).toBe(region);
  });

  it("answers null for nonsense coordinates", async () => {
    expect(await regionAt(Number.NaN, 51.4)).toBeNull();
    expect(await regionAt(95, 51.4)).toBeNull();
  });
});
