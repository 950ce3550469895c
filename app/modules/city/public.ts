// Client-safe pieces of the city (no server code): point-in-polygon over the region shapes.
export * from "./geo";
