// GraphiQL's frame (accessible, CSP-friendly) and the /api page's facts.
import "../support/db";
import { describe, expect, it } from "vitest";
import { loader as assetLoader } from "../../app/routes/graphiql.$asset";
import { loader as apiLoader } from "../../app/routes/api";
import { EXAMPLE_QUERY } from "../../graphql/graphiql.server";
import { ARMOR, handleGraphQL } from "../../graphql/yoga.server";

const load = { ip: "192.0.2.77", appendHeader: () => undefined };

describe("GraphiQL", () => {
  it("is a page of our own: lang and dir, <main>, <h1>, a labelled region, and no inline script", async () => {
    for (const [cookie, lang, dir, h1] of [
      ["lang=en", "en", "ltr", "GraphiQL: try the GraphQL API"],
      ["lang=fa", "fa", "rtl", "GraphiQL: آزمودن API گراف‌کیوال"],
    ] as const) {
      const response = await handleGraphQL(new Request("http://test.local/graphql", { headers: { accept: "text/html", cookie } }), load);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<html lang="${lang}" dir="${dir}">`);
      expect(html).toMatch(/<main[\s>]/);
      expect(html).toContain(`<h1>${h1}</h1>`);
      expect(html).toMatch(/<section id="graphiql"[^>]* aria-label="[^"]+"/);
      expect(html).toContain('href="/api"');
      const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attrs of scripts) expect(attrs, attrs).toMatch(/src="\/graphiql\/|type="application\/json"/);
      expect(html).not.toMatch(/https?:\/\/(?!test\.local)[a-z0-9.-]+\.[a-z]{2,}\/[^"]*\.(js|css)/i);
      expect(html.length).toBeLessThan(10_000); // the 9 MB of code is a separate, cacheable file
    }
  });

  it("serves its code, styles and workers from /graphiql/, nothing else", async () => {
    const get = (asset: string) =>
      assetLoader({ request: new Request(`http://test.local/graphiql/${asset}`), params: { asset }, context: load });
    const js = await get("graphiql.js");
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    const code = await js.text();
    expect(code).toContain("YogaGraphiQL.renderYogaGraphiQL");
    expect(code).toContain('document.getElementById("graphiql-options")');
    for (const asset of ["graphiql.css", "frame.css", "editor.worker.js", "json.worker.js", "graphql.worker.js"])
      expect((await get(asset)).status, asset).toBe(200);
    expect((await get("../package.json")).status).toBe(404);
    expect((await get("toString")).status).toBe(404);
  });

  it("the example query of GraphiQL and /api runs", async () => {
    const response = await handleGraphQL(
      new Request("http://test.local/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", "accept-language": "en" },
        body: JSON.stringify({ query: EXAMPLE_QUERY }),
      }),
      load,
    );
    const body = (await response.json()) as { data?: { regions: unknown[]; caseCategories: unknown[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.regions.length).toBeGreaterThan(0);
  });
});

describe("/api", () => {
  it("states the endpoint and the real limits", async () => {
    const data = await apiLoader({ request: new Request("http://test.local/api"), params: {}, context: load });
    expect(data.endpoint).toBe("http://test.local/graphql");
    expect(data.limits).toMatchObject({
      depth: ARMOR.maxDepth.n,
      cost: ARMOR.costLimit.maxCost,
      aliases: ARMOR.maxAliases.n,
      tokens: ARMOR.maxTokens.n,
    });
  });
});
