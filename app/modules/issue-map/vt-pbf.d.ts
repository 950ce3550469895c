// vt-pbf ships no types: the one function the tiles use (geojson-vt / supercluster tiles → MVT bytes).
declare module "vt-pbf" {
  type Feature = { type: number; geometry: unknown; tags: object; id?: number | string };
  export function fromGeojsonVt(
    layers: Record<string, { features: Feature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
