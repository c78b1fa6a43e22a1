// Letters (staff): every campaign with a summary of its letter rules and templates, and a link to edit them.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, translate, useI18n, type MessageKey } from "~/i18n";
import { listLetterCampaigns } from "~/staff/letters-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff } from "~/staff/session.server";
import { StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "letters.manage");
  const locale = requireLocale(params, request);
  return staffJson({ campaigns: listLetterCampaigns(db(), locale) });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffLetters.letters.title")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function StaffLetters() {
  const { campaigns } = useLoaderData<typeof loader>();
  const { t, tk, n, href } = useI18n();
  return (
    <StaffPage title={t("staffLetters.letters.title")}>
      <p className="section-note">{t("staffLetters.letters.intro")}</p>
      {campaigns.length === 0 ? (
        <p>{t("staffLetters.letters.none")}</p>
      ) : (
        <table className="staff-table">
          <caption className="visually-hidden">{t("staffLetters.letters.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staffLetters.letters.campaign")}</th>
              <th scope="col">{t("staffLetters.letters.state")}</th>
              <th scope="col">{t("staffLetters.letters.recipients")}</th>
              <th scope="col">{t("staffLetters.letters.limits")}</th>
              <th scope="col">{t("staffLetters.letters.templates")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("staffLetters.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.title}
                  <br />
                  <code dir="ltr">{c.slug}</code> · {tk(`staffLetters.campaignStatus.${c.status}` as MessageKey)}
                </th>
                <td>
                  {c.settings === null
                    ? t("staffLetters.letters.noRules")
                    : c.settings.enabled
                      ? t("staffLetters.letters.on")
                      : t("staffLetters.letters.off")}
                  {c.settings ? (
                    <>
                      <br />
                      {c.settings.editable ? t("staffLetters.letters.editable") : t("staffLetters.letters.fixed")}
                    </>
                  ) : null}
                </td>
                <td>
                  {c.settings ? (
                    <>
                      {tk(`staffLetters.mode.${c.settings.recipientMode}` as MessageKey)}
                      {c.settings.recipientMode === "group" ? (
                        <>
                          {": "}
                          {c.settings.groupName ?? t("staffLetters.letters.noGroup")}
                        </>
                      ) : null}
                      {c.settings.extraRecipientIds.length ? (
                        <>
                          <br />
                          {t("staffLetters.letters.extras", { count: n(c.settings.extraRecipientIds.length) })}
                        </>
                      ) : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  {c.settings ? (
                    <ul>
                      <li>{t("staffLetters.letters.maxStates", { count: n(c.settings.maxStates) })}</li>
                      <li>{t("staffLetters.letters.maxLetters", { count: n(c.settings.maxLettersPerSupporter) })}</li>
                      <li>{t("staffLetters.letters.maxLength", { count: n(c.settings.maxLength) })}</li>
                    </ul>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{c.templates.length ? c.templates.map((l) => tk(`staffLetters.language.${l}` as MessageKey)).join(t("list.separator")) : t("staffLetters.letters.noTemplates")}</td>
                <td>
                  <Link to={href(`/staff/letters/${c.slug}`)}>
                    {t("staffLetters.letters.edit")}
                    <span className="visually-hidden"> {c.title}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffPage>
  );
}
