import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { Layout as PageLayout } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { messagesOf } from "~/components/i18n";
import {
  clientCatalog,
  dir,
  isLocale,
  translateMessageWith,
  translateWith,
  DEFAULT_LOCALE,
  type Locale,
  type Messages,
} from "~/platform/i18n";
import { basemapFor } from "~/platform/basemap.server";
import { config } from "~/platform/config.server";
import { contextOf } from "~/platform/http.server";
import { canMap } from "~/components/can.server";
import styles from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translateWith(data?.i18nMessages ?? {}, data?.locale ?? DEFAULT_LOCALE, "app.name") },
];

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const viewer =
    ctx.viewer.kind === "user"
      ? { displayName: ctx.viewer.user.displayName, emailVerified: ctx.viewer.user.emailVerified, can: canMap(ctx.viewer) }
      : null;
  // Only the page's language and only the public keys: staff and inspector pages add their own
  // through their layout routes (routes/staff.tsx, inspector.tsx, admin.tsx).
  return {
    locale: ctx.locale,
    i18nMessages: clientCatalog(ctx.locale, "public"),
    viewer,
    devOutbox: !config().isProduction && !config().smtpUrl,
    // The maps' basemap (app/components/map/basemap.ts): public choices only (a public Mapbox token at most).
    basemap: basemapFor(),
  };
}

/**
 * The page's language: the root loader's; when it did not run (an action refused the request
 * before it: a body too large or unreadable), the one the refusal carries (http.server.ts).
 */
function usePageLocale(): Locale {
  const data = useRouteLoaderData<typeof loader>("root");
  const error = useRouteError();
  if (data?.locale) return data.locale;
  return isRouteErrorResponse(error) && isLocale(error.data?.locale) ? error.data.locale : DEFAULT_LOCALE;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = usePageLocale();
  const nonce = useNonce();
  return (
    <html lang={locale} dir={dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-gray-50 text-gray-900">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageLayout viewer={data.viewer} devOutbox={data.devOutbox}>
      <Outlet />
    </PageLayout>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const matches = useMatches();
  const locale = usePageLocale();
  // Without the root's data (its loader failed) there is no catalog: a few words of our own.
  const messages: Messages = data ? messagesOf(matches) : fallbackMessages[locale];
  const translate = (key: keyof typeof fallbackMessages.en) => translateWith(messages, locale, key);
  let message = translate("error.unexpected");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) message = translate("error.notFound");
    else if (typeof error.data?.message === "string") message = translateMessageWith(messages, locale, error.data.message);
    else if (error.status === 403) message = translate("error.forbidden");
  }
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="mb-4 text-2xl font-bold">{translate("error.title")}</h1>
      <p>{message}</p>
      <p className="mt-4">
        <a className="link" href="/">
          {translate("nav.home")}
        </a>
      </p>
    </main>
  );
}

// The catalog's own words (platform/i18n/fa.ts, en.ts) for the one page that has no catalog —
// including the refusals that come before any loader runs (body too large or unreadable).
const fallbackMessages = {
  fa: {
    "error.title": "خطایی رخ داد",
    "error.unexpected": "خطای پیش‌بینی‌نشده‌ای رخ داد. لطفاً دوباره تلاش کنید.",
    "error.notFound": "این صفحه وجود ندارد.",
    "error.forbidden": "اجازه انجام این کار را ندارید.",
    "nav.home": "خانه",
    "error.bodyTooLarge": "درخواست بیش از اندازه بزرگ است (حداکثر {max} مگابایت). عکس‌های کمتر یا کوچک‌تری بفرستید.",
    "error.badEncoding": "درخواست خوانده نشد: متن آن UTF-8 معتبر نیست.",
    "error.badRequest": "درخواست خوانده نشد.",
  },
  en: {
    "error.title": "Something went wrong",
    "error.unexpected": "An unexpected error occurred. Please try again.",
    "error.notFound": "This page does not exist.",
    "error.forbidden": "You are not allowed to do this.",
    "nav.home": "Home",
    "error.bodyTooLarge": "The request is too large (at most {max} MB). Send fewer or smaller photos.",
    "error.badEncoding": "The request could not be read: its text is not valid UTF-8.",
    "error.badRequest": "The request could not be read.",
  },
} satisfies Record<"fa" | "en", Messages>;
