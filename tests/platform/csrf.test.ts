import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "../../app/platform/csrf.server";

describe("CSRF origin check", () => {
  const base = { host: "participate.example", publicUrl: undefined };
  it("refuses writes from another origin or a cross-site fetch", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "null" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
  });
  it("allows same-origin writes, reads, and non-browser clients", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://participate.example" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite({ ...base, method: "POST" })).toBe(false);
  });
  it("honours PUBLIC_URL behind a proxy that rewrites Host", () => {
    expect(
      isCrossSiteWrite({ method: "POST", origin: "https://city.example", host: "10.0.0.5:3000", publicUrl: "https://city.example" }),
    ).toBe(false);
  });
});
