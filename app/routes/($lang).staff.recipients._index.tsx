// Recipients (staff): the missions and other recipients letters go to, filtered and paginated, with a status
// form on each row. Pausing a recipient (bouncing, blocked, opted out) fails the letters still queued for it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { localeFromPath, localizePath, translate, useI18n, type MessageKey } from "~/i18n";
import { changeRecipientStatus, listRecipients, recipientFilters, recipientFiltersQuery } from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { Notice, StaffPage } from "~/staff/ui/StaffForm";
import { countryOptions } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";
import { pageCache } from "~/utils/page-cache.server";

/** The kinds and statuses of db/schema/letters.ts (the schema module stays on the server). */
const kinds = ["mission_ny", "mission_geneva", "other"] as const;
const statuses = ["unverified", "active", "bouncing", "blocked", "opted_out"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const database = db();
  const url = new URL(request.url);
  const filters = recipientFilters(url.searchParams);
  const list = listRecipients(database, filters, locale);
  const failed = Number(url.searchParams.get("failed"));
  return staffJson({
    filters,
    list,
    countries: countryOptions(database, locale),
    pageQueries: { previous: recipientFiltersQuery(filters, list.page - 1), next: recipientFiltersQuery(filters, list.page + 1) },
    saved: url.searchParams.get("saved") === "status" ? { failedLetters: Number.isInteger(failed) && failed > 0 ? failed : 0 } : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "recipients.manage");
  const locale = requireLocale(params, request);
  const form = await request.formData();
  if (form.get("intent") !== "status") throw new Response("Bad request", { status: 400, headers: staffNoStore });
  const id = Number(form.get("id"));
  const result = changeRecipientStatus(
    db(),
    id,
    { status: String(form.get("newStatus") ?? ""), reason: String(form.get("reason") ?? "") },
    { userId: user.id, ipHash: staffIpHash(context.clientIp) },
  );
  if (result.status === "not-found") throw new Response("Not found", { status: 404, headers: staffNoStore });
  if (result.status === "invalid") {
    return staffJson({ id, error: result.error, newStatus: String(form.get("newStatus") ?? ""), reason: String(form.get("reason") ?? "") }, { status: 400 });
  }
  pageCache.purge();
  // Back to the same page of the same list (the filters are in the form's address).
  const filters = recipientFilters(new URL(request.url).searchParams);
  const query = recipientFiltersQuery(filters);
  const extra = `saved=status${result.failedLetters ? `&failed=${result.failedLetters}` : ""}`;
  return redirect(`${localizePath(locale, "/staff/recipients")}${query ? `${query}&${extra}` : `?${extra}`}#recipient-${id}`, { status: 303, headers: staffNoStore });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffLetters.recipients.title")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function StaffRecipients() {
  const { filters, list, countries, pageQueries, saved } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, tk, n, href } = useI18n();
  const base = href("/staff/recipients");
  return (
    <StaffPage
      title={t("staffLetters.recipients.title")}
      actions={
        <ul className="inline-form">
          <li className="inline-choice">
            <Link to={href("/staff/recipients/new")}>{t("staffLetters.recipients.add")}</Link>
          </li>
          <li className="inline-choice">
            <Link to={href("/staff/recipients/import")}>{t("staffLetters.recipients.import")}</Link>
          </li>
          <li className="inline-choice">
            <Link to={href("/staff/recipients/groups")}>{t("staffLetters.recipients.groups")}</Link>
          </li>
        </ul>
      }
    >
      {saved ? (
        <Notice kind="success">
          {t("staffLetters.recipients.statusSaved")}
          {saved.failedLetters ? ` ${t("staffLetters.recipients.lettersFailed", { count: n(saved.failedLetters) })}` : ""}
        </Notice>
      ) : null}
      {failure ? <Notice kind="error">{tk(failure.error)}</Notice> : null}

      <Form method="get" className="staff-form" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="visually-hidden">
          {t("staffLetters.recipients.filter")}
        </h2>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="filter-kind">{t("staffLetters.recipients.kind")}</label>
            <select id="filter-kind" name="kind" defaultValue={filters.kind ?? ""}>
              <option value="">{t("staffLetters.recipients.any")}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {tk(`staffLetters.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-country">{t("staffLetters.recipients.state")}</label>
            <select id="filter-country" name="country" defaultValue={filters.country ?? ""}>
              <option value="">{t("staffLetters.recipients.any")}</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("staffLetters.recipients.status")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("staffLetters.recipients.any")}</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {tk(`staffLetters.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-q">{t("staffLetters.recipients.search")}</label>
            <input id="filter-q" name="q" type="text" defaultValue={filters.q} />
          </div>
        </div>
        <div className="inline-form">
          <button type="submit" className="button button--secondary">
            {t("staffLetters.recipients.applyFilter")}
          </button>
          <Link to={base}>{t("staffLetters.recipients.clearFilter")}</Link>
        </div>
      </Form>

      <p role="status">{t("staffLetters.recipients.count", { count: n(list.total) })}</p>

      {list.items.length ? (
        <table className="staff-table">
          <caption className="visually-hidden">{t("staffLetters.recipients.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.recipients.name")}</th>
              <th scope="col">{t("staffLetters.recipients.kind")}</th>
              <th scope="col">{t("staffLetters.recipients.state")}</th>
              <th scope="col">{t("staffLetters.recipients.email")}</th>
              <th scope="col">{t("staffLetters.recipients.status")}</th>
              <th scope="col">{t("staffLetters.recipients.source")}</th>
              <th scope="col">{t("staffLetters.recipients.demo")}</th>
              <th scope="col">{t("staffLetters.recipients.changeStatus")}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((r) => {
              const rowError = failure && failure.id === r.id ? failure : null;
              return (
                <tr key={r.id} id={`recipient-${r.id}`}>
                  <th scope="row">
                    <Link to={href(`/staff/recipients/${r.id}`)}>{r.name}</Link>
                    {r.key ? (
                      <>
                        <br />
                        <code dir="ltr">{r.key}</code>
                      </>
                    ) : null}
                  </th>
                  <td>{tk(`staffLetters.kind.${r.kind}` as MessageKey)}</td>
                  <td>{r.countryName ?? "—"}</td>
                  <td dir="ltr">{r.email ?? "—"}</td>
                  <td>
                    {tk(`staffLetters.status.${r.status}` as MessageKey)}
                    {r.statusReason ? (
                      <>
                        <br />
                        <span className="section-note">{r.statusReason}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{tk(`staffLetters.source.${["csv", "bluebook", "staff", "demo"].includes(r.source) ? r.source : "other"}` as MessageKey)}</td>
                  <td>{r.demo ? <span className="badge">{t("staffLetters.recipients.demoYes")}</span> : t("staffLetters.no")}</td>
                  <td>
                    <Form method="post" className="inline-form" key={`${r.status}:${r.statusReason ?? ""}`}>
                      <input type="hidden" name="intent" value="status" />
                      <input type="hidden" name="id" value={r.id} />
                      <label className="visually-hidden" htmlFor={`status-${r.id}`}>
                        {t("staffLetters.recipients.newStatusFor", { name: r.name })}
                      </label>
                      <select id={`status-${r.id}`} name="newStatus" defaultValue={rowError?.newStatus ?? r.status}>
                        {statuses.map((s) => (
                          <option key={s} value={s}>
                            {tk(`staffLetters.status.${s}` as MessageKey)}
                          </option>
                        ))}
                      </select>
                      <label className="visually-hidden" htmlFor={`reason-${r.id}`}>
                        {t("staffLetters.recipients.reasonFor", { name: r.name })}
                      </label>
                      <input
                        id={`reason-${r.id}`}
                        name="reason"
                        type="text"
                        size={14}
                        placeholder={t("staffLetters.recipients.reason")}
                        defaultValue={rowError?.reason ?? ""}
                        aria-invalid={rowError ? true : undefined}
                        aria-describedby={rowError ? `reason-${r.id}-error` : undefined}
                      />
                      <button type="submit" className="button button--secondary button--small">
                        {t("staffLetters.recipients.saveStatus")}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                      {rowError ? (
                        <span className="field__error" id={`reason-${r.id}-error`}>
                          {tk(rowError.error)}
                        </span>
                      ) : null}
                    </Form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>{t("staffLetters.recipients.none")}</p>
      )}

      {list.pages > 1 ? (
        <nav aria-label={t("staffLetters.recipients.pages")} className="inline-form">
          {list.page > 1 ? (
            <Link to={`${base}${pageQueries.previous}`} rel="prev">
              {t("staffLetters.recipients.previous")}
            </Link>
          ) : null}
          <span>{t("staffLetters.recipients.page", { page: n(list.page), pages: n(list.pages) })}</span>
          {list.page < list.pages ? (
            <Link to={`${base}${pageQueries.next}`} rel="next">
              {t("staffLetters.recipients.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </StaffPage>
  );
}
