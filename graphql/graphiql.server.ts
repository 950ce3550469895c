// GraphiQL in an accessible, CSP-friendly frame: a page of our own (lang/dir, a <main> with an <h1>,
// a short intro, a link to the API page, GraphiQL inside a labelled region), no inline script (the
// options travel as JSON data; the code, its CSS and Monaco's workers are same-origin files under
// /graphiql/, served by app/routes/graphiql.$asset.ts), no CDN, and CSS overrides that give
// GraphiQL's text enough contrast.
import { css, editorWorkerService, graphqlWorker, js, jsonWorker } from "@graphql-yoga/render-graphiql/graphiql";
import type { GraphiQLOptions } from "graphql-yoga";
import { dir, isLocale, localeFromAcceptLanguage, translate, DEFAULT_LOCALE, type Locale } from "../app/platform/i18n";
import { LOCALE_COOKIE, readCookie } from "../app/platform/request.server";

/** The reader's language for the GraphiQL frame: the `lang` cookie, else Accept-Language. */
export function graphiqlLocale(request: Request): Locale {
  const cookie = readCookie(request, LOCALE_COOKIE);
  return isLocale(cookie) ? cookie : (localeFromAcceptLanguage(request.headers.get("accept-language")) ?? DEFAULT_LOCALE);
}

export const EXAMPLE_QUERY = `# Case categories and the city's regions, in the reader's language
query {
  caseCategories { id name children { id name } }
  regions { id name }
}
`;

export type FramedGraphiQLOptions = GraphiQLOptions & { locale?: Locale };

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
// JSON inside <script type="application/json">: "<" escaped so no "</script>" can end it early.
const jsonData = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

export function renderFramedGraphiQL(opts: FramedGraphiQLOptions): string {
  const locale = opts.locale ?? DEFAULT_LOCALE;
  const t = (key: Parameters<typeof translate>[1]) => escapeHtml(translate(locale, key));
  const { locale: _locale, ...graphiqlOptions } = opts;
  return `<!doctype html>
<html lang="${locale}" dir="${dir(locale)}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${t("graphiql.title")} — ${t("app.name")}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/graphiql/graphiql.css" />
    <link rel="stylesheet" href="/graphiql/frame.css" />
  </head>
  <body>
    <a class="frame-skip" href="#graphiql">${t("graphiql.skip")}</a>
    <header class="frame-header">
      <a class="frame-home" href="/">${t("app.name")}</a>
    </header>
    <main class="frame-main">
      <div class="frame-intro">
        <h1>${t("graphiql.title")}</h1>
        <p>${t("graphiql.intro")} <a href="/api">${t("graphiql.apiLink")}</a></p>
      </div>
      <section id="graphiql" class="frame-graphiql" aria-label="${t("graphiql.region")}" dir="ltr" lang="en" tabindex="-1">
        <noscript>${t("graphiql.noscript")}</noscript>
        <div id="root"></div>
      </section>
    </main>
    <script type="application/json" id="graphiql-options">${jsonData(graphiqlOptions)}</script>
    <script src="/graphiql/graphiql.js"></script>
  </body>
</html>`;
}

// Darker text and accents than GraphiQL's defaults (its secondary and tertiary text is drawn at
// 60% / 40% opacity, below WCAG AA contrast), and the frame around it.
const FRAME_CSS = `
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; background: #fff; color: #111827; }
.frame-skip { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.frame-skip:focus { width: auto; height: auto; clip: auto; inset-inline-start: 0.5rem; top: 0.5rem; background: #fff; color: #065f46; padding: 0.5rem; z-index: 10; }
.frame-header { padding: 0.5rem 1rem; border-bottom: 1px solid #d1d5db; }
.frame-home, .frame-intro a { color: #065f46; font-weight: 700; }
.frame-main { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.frame-intro { padding: 0.5rem 1rem; }
.frame-intro h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
.frame-intro p { margin: 0; }
/* contain: Monaco parks hidden helpers far off to one side; in a right-to-left page they would widen it. */
.frame-graphiql { flex: 1; min-height: 32rem; display: flex; overflow: hidden; contain: paint; }
.frame-graphiql:focus { outline: none; }
#root { flex: 1; display: flex; }
#root > * { flex: 1; }
.graphiql-container, .CodeMirror-info, .CodeMirror-lint-tooltip, reach-portal, .graphiql-dialog, .graphiql-dialog-overlay, [data-radix-popper-content-wrapper] {
  --color-primary: 163, 94%, 20% !important;
  --color-secondary: 243, 75%, 40% !important;
  --color-tertiary: 188, 100%, 22% !important;
  --color-info: 208, 100%, 30% !important;
  --color-success: 158, 64%, 22% !important;
  --color-warning: 30, 100%, 25% !important;
  --color-error: 13, 93%, 35% !important;
  --color-neutral: 219, 40%, 12% !important;
  --color-base: 0, 0%, 100% !important;
  --alpha-secondary: 0.85 !important;
  --alpha-tertiary: 0.78 !important;
  --alpha-background-heavy: 0.15 !important;
  --alpha-background-medium: 0.1 !important;
  --alpha-background-light: 0.06 !important;
}
`;

// The options come from the page's JSON (no inline script); Monaco's workers from same-origin URLs.
const BOOT_BEFORE = `(function () {
  var workers = { editorWorkerService: "/graphiql/editor.worker.js", json: "/graphiql/json.worker.js", graphql: "/graphiql/graphql.worker.js" };
  self["MonacoEnvironment"] = { globalAPI: false, getWorkerUrl: function (_moduleId, label) { return workers[label]; } };
})();
`;
// GraphiQL draws each tab as <li role="tab"> around a <button> (an interactive control inside
// another: axe's nested-interactive). The button becomes the tab, the <li> a plain container.
const BOOT_AFTER = `
;(function () {
  var options = JSON.parse(document.getElementById("graphiql-options").textContent);
  var root = document.getElementById("root");
  function set(el, name, value) { if (value === null) { if (el.hasAttribute(name)) el.removeAttribute(name); } else if (el.getAttribute(name) !== value) el.setAttribute(name, value); }
  function mendTabs() {
    root.querySelectorAll("li.graphiql-tab").forEach(function (li) {
      var button = li.querySelector(".graphiql-tab-button");
      if (!button) return;
      set(button, "role", "tab");
      set(button, "aria-selected", li.classList.contains("graphiql-tab-active") ? "true" : "false");
      set(li, "role", "presentation");
      set(li, "aria-selected", null);
    });
  }
  new MutationObserver(mendTabs).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["role", "aria-selected", "class"] });
  YogaGraphiQL.renderYogaGraphiQL(root, options);
})();
`;

const ASSETS: Record<string, { type: string; body: () => string }> = {
  "graphiql.js": { type: "text/javascript; charset=utf-8", body: () => BOOT_BEFORE + js + BOOT_AFTER },
  "graphiql.css": { type: "text/css; charset=utf-8", body: () => css },
  "frame.css": { type: "text/css; charset=utf-8", body: () => FRAME_CSS },
  "editor.worker.js": { type: "text/javascript; charset=utf-8", body: () => editorWorkerService },
  "json.worker.js": { type: "text/javascript; charset=utf-8", body: () => jsonWorker },
  "graphql.worker.js": { type: "text/javascript; charset=utf-8", body: () => graphqlWorker },
};

/** A GraphiQL file (`graphiql.js`, `graphiql.css`, `frame.css`, Monaco's workers), or null. */
export function graphiqlAsset(name: string): { type: string; body: string } | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  return asset ? { type: asset.type, body: asset.body() } : null;
}
