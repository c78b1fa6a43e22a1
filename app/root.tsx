import { json, type LinksFunction, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { localeFromPath, localizePath, translate, useI18n, type Locale } from "./i18n";
import styles from "./styles/app.css";
import { env } from "./utils/env.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function loader() {
  return json({ publicUrl: env().publicUrl });
}

// Used when no route supplies its own meta (error pages).
export const meta: MetaFunction = ({ location, error }) => {
  const locale = localeFromPath(location.pathname);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "error.notFound.title" : status === 403 || status === 401 ? "staff.error.forbidden.title" : "error.generic.title";
  const title = error ? translate(locale, key) : translate(locale, "site.name");
  return [{ title: `${title} · ${translate(locale, "site.name")}` }, { name: "robots", content: error ? "noindex" : "index" }];
};

/** Route handles: a route that needs JavaScript to enhance its forms says so; all others ship none. */
export interface RouteHandle {
  hydrate?: boolean;
}

function useHydrate(): boolean {
  return useMatches().some((match) => (match.handle as RouteHandle | undefined)?.hydrate === true);
}

export function Layout({ children }: { children: ReactNode }) {
  const { locale, dir, t, href } = useI18n();
  const hydrate = useHydrate();
  const location = useLocation();
  const other: Locale = locale === "en" ? "fa" : "en";
  return (
    <html lang={locale} dir={dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("site.skipToContent")}
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link to={href("/")} className="site-name">
              {t("site.name")}
            </Link>
            <nav aria-label={t("site.languageNav")} className="language-switch">
              <a href={localizePath(other, location.pathname) + location.search} hrefLang={other} lang={other} dir={other === "fa" ? "rtl" : "ltr"}>
                {t("site.otherLanguage")}
              </a>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <p>{t("site.noThirdParties")}</p>
            <nav aria-label={t("site.footerNav")}>
              <ul>
                <li>
                  <Link to={href("/privacy")}>{t("footer.privacy")}</Link>
                </li>
                <li>
                  <Link to={href("/my-data")}>{t("footer.myData")}</Link>
                </li>
              </ul>
            </nav>
          </div>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
        {process.env.NODE_ENV === "development" ? <LiveReload /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t, href } = useI18n();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("error.notFound.title"), t("error.notFound.body")]
      : status === 403 || status === 401
        ? [t("staff.error.forbidden.title"), t("staff.error.forbidden.body")]
        : [t("error.generic.title"), t("error.generic.body")];
  return (
    <article className="page page--narrow error-page">
      <p className="eyebrow">{t("error.status", { status: String(status) })}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to={href("/")}>{t("error.backHome")}</Link>
      </p>
    </article>
  );
}
