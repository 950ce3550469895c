// Point-in-polygon over the regions' OSM polygons. Written here rather than taken from a GIS
// library: 22 single-ring polygons need only a bounding-box filter and a ray-casting test
// (microseconds per lookup), and the embedded PostgreSQL has no PostGIS.
export type Ring = number[][]; // [lng, lat] pairs, closed
export type RegionShape = { id: number; ring: Ring; minLng: number; minLat: number; maxLng: number; maxLat: number };

/** Even-odd ray casting: is (lng, lat) inside the ring? Points on an edge may go either way. */
export function insideRing(ring: Ring, lng: number, lat: number) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function regionContaining(shapes: RegionShape[], lng: number, lat: number): number | null {
  for (const s of shapes) {
    if (lng < s.minLng || lng > s.maxLng || lat < s.minLat || lat > s.maxLat) continue;
    if (insideRing(s.ring, lng, lat)) return s.id;
  }
  return null;
}
