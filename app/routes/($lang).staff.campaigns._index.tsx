// The campaigns staff can edit: their addresses, status, titles in each language, and their petitions.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { localeFromPath, localeInfo, locales, translate, useI18n } from "~/i18n";
import { listCampaignsForEditing } from "~/staff/content.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { permissionsOf } from "~/staff/permissions";
import { requireStaff } from "~/staff/session.server";
import { StaffPage } from "~/staff/ui/StaffForm";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request, "content.edit");
  requireLocale(params, request);
  return staffJson({ campaigns: listCampaignsForEditing(db()), canManagePetitions: permissionsOf(user.roles).has("petitions.manage") });
}

export const headers = () => staffNoStore;

export const meta: MetaFunction = ({ location }) => {
  const locale = localeFromPath(location.pathname);
  return [
    { title: `${translate(locale, "staffContent.campaigns.title")} · ${translate(locale, "staff.title")} · ${translate(locale, "site.name")}` },
    { name: "robots", content: "noindex" },
  ];
};

export default function Campaigns() {
  const { campaigns, canManagePetitions } = useLoaderData<typeof loader>();
  const { t, href } = useI18n();
  const languageName = (l: (typeof locales)[number]) => t(`staffContent.language.${l}`);
  return (
    <StaffPage title={t("staffContent.campaigns.title")}>
      <p>{t("staffContent.campaigns.intro")}</p>
      {campaigns.length === 0 ? (
        <p>{t("staffContent.campaigns.empty")}</p>
      ) : (
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{t("staffContent.campaigns.slug")}</th>
              <th scope="col">{t("staffContent.campaigns.status")}</th>
              <th scope="col">{t("staffContent.campaigns.featured")}</th>
              {locales.map((l) => (
                <th scope="col" key={l}>
                  {t("staffContent.campaigns.titleIn", { language: languageName(l) })}
                </th>
              ))}
              <th scope="col">{t("staffContent.campaigns.edit")}</th>
              <th scope="col">{t("staffContent.campaigns.petitions")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.slug}>
                <th scope="row" dir="ltr">
                  {c.slug}
                </th>
                <td>{t(`staffContent.campaignStatus.${c.status}`)}</td>
                <td>{c.featured ? t("staffContent.yes") : t("staffContent.no")}</td>
                {locales.map((l) =>
                  c.titles[l] ? (
                    <td key={l} lang={l} dir={localeInfo[l].dir}>
                      {c.titles[l]}
                    </td>
                  ) : (
                    <td key={l}>{t("staffContent.notTranslated")}</td>
                  ),
                )}
                <td>
                  <ul>
                    {locales.map((l) => (
                      <li key={l}>
                        <Link to={`${href(`/staff/campaigns/${c.slug}`)}?content=${l}`}>
                          {t("staffContent.campaigns.editIn", { language: languageName(l) })}
                          <span className="visually-hidden"> ({c.slug})</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {c.petitions.length === 0 ? (
                    t("staffContent.campaigns.noPetitions")
                  ) : (
                    <ul>
                      {c.petitions.map((p) => {
                        const label = t("staffContent.petitionWithStatus", { slug: p.slug, status: t(`staffContent.petitionStatus.${p.status}`) });
                        return <li key={p.slug}>{canManagePetitions ? <Link to={href(`/staff/petitions/${p.slug}`)}>{label}</Link> : label}</li>;
                      })}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffPage>
  );
}
