// The address search's request to Mapbox's geocoder and how its answer becomes places (the
// component itself runs in the browser: tests/e2e/map.e2e.ts checks it is there with a token).
import { describe, expect, it } from "vitest";
import { geocoderUrl, placesOf } from "../../app/components/map/MapSearch";

describe("MapSearch", () => {
  it("asks Mapbox's Geocoding API v6 for five places in Tehran's bounds, in the page's language, with the public token", () => {
    const url = geocoderUrl("pk.public", "میدان ونک", "fa");
    expect(url.origin + url.pathname).toBe("https://api.mapbox.com/search/geocode/v6/forward");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: "میدان ونک",
      access_token: "pk.public",
      language: "fa",
      limit: "5",
      country: "ir",
      bbox: "51.085,35.565,51.61,35.832",
    });
  });

  it("reads the places of an answer and leaves out features without a point or a name", () => {
    const places = placesOf({
      type: "FeatureCollection",
      features: [
        { geometry: { coordinates: [51.4097, 35.7575] }, properties: { full_address: "میدان ونک، تهران" } },
        { geometry: { coordinates: [51.4218, 35.6725] }, properties: { name: "بازار بزرگ", place_formatted: "تهران" } },
        { geometry: { coordinates: [51.4] }, properties: { full_address: "no point" } },
        { geometry: { coordinates: [51.4, 35.7] }, properties: {} },
        null,
      ],
    });
    expect(places).toEqual([
      { label: "میدان ونک، تهران", lat: 35.7575, lng: 51.4097 },
      { label: "بازار بزرگ، تهران", lat: 35.6725, lng: 51.4218 },
    ]);
    expect(placesOf({ message: "Not Authorized - Invalid Token" })).toEqual([]);
    expect(placesOf(null)).toEqual([]);
  });
});
