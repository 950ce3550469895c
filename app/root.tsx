import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Layout as PageLayout } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { dir, isLocale, translate, translateMessage, DEFAULT_LOCALE, type Locale } from "~/platform/i18n";
import { config } from "~/platform/config.server";
import { contextOf } from "~/platform/http.server";
import { canMap } from "~/components/can.server";
import styles from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translate(data?.locale ?? DEFAULT_LOCALE, "app.name") }];

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const viewer = ctx.viewer.kind === "user" ? { displayName: ctx.viewer.user.displayName, emailVerified: ctx.viewer.user.emailVerified, can: canMap(ctx.viewer) } : null;
  return { locale: ctx.locale, viewer, devOutbox: !config().isProduction && !config().smtpUrl };
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
  const locale = usePageLocale();
  let message = translate(locale, "error.unexpected");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) message = translate(locale, "error.notFound");
    else if (typeof error.data?.message === "string") message = translateMessage(locale, error.data.message);
    else if (error.status === 403) message = translate(locale, "error.forbidden");
  }
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="mb-4 text-2xl font-bold">{translate(locale, "error.title")}</h1>
      <p>{message}</p>
      <p className="mt-4">
        <a className="link" href="/">
          {translate(locale, "nav.home")}
        </a>
      </p>
    </main>
  );
}
