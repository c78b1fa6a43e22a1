// The staff dashboard: signatures over time, confirmation rate, signatures and letters by country (maps with
// exact figures, for staff only), letters by recipient, and the outbox's health. Everything is drawn on the
// server; nothing is loaded from another host.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { asc } from "drizzle-orm";
import { formatDayShort, formatIsoDate, useI18n, type Locale } from "~/i18n";
import { BarList, ColumnChart, Meter, suggestedColors } from "~/staff/charts";
import { confirmationRate, lettersByRecipient, lettersByState, outboxHealth, signaturesByCountry, signaturesOverTime } from "~/staff/dashboard.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff } from "~/staff/session.server";
import { StaffPage } from "~/staff/ui/StaffForm";
import { countryNames } from "~/utils/countries.server";
import { db, openScan, schema, type Db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  await requireStaff(request, "dashboards.view");
  // The signature figures come from counters (a row per day or country); the letters by recipient are counted
  // from the campaign's letters: on a connection of their own, so that those rows do not push what signing
  // reads out of the server's page cache (openScan).
  const scan = openScan(db());
  try {
    return figures(scan.db, request, locale);
  } finally {
    scan.close();
  }
}

function figures(database: Db, request: Request, locale: Locale) {
  const petitions = database
    .select({ id: schema.petitions.id, slug: schema.petitions.slug, campaignId: schema.petitions.campaignId })
    .from(schema.petitions)
    .orderBy(asc(schema.petitions.id))
    .all();
  const wanted = new URL(request.url).searchParams.get("petition");
  const petition = petitions.find((p) => p.slug === wanted) ?? petitions[0];
  if (!petition) return staffJson({ petitions: [], petition: null, data: null });
  const names = countryNames(database, locale);
  const named = (rows: { code: string; count: number }[]) => rows.map((r) => ({ ...r, name: names.get(r.code) ?? r.code }));
  return staffJson({
    petitions: petitions.map((p) => p.slug),
    petition: petition.slug,
    data: {
      overTime: signaturesOverTime(database, petition.id),
      rate: confirmationRate(database, petition.id),
      byCountry: named(signaturesByCountry(database, petition.id)),
      lettersByState: named(lettersByState(database, petition.campaignId).map((r) => ({ code: r.code, count: r.sent }))),
      lettersByRecipient: lettersByRecipient(database, petition.campaignId, locale),
      outbox: outboxHealth(database),
    },
  });
}

export const headers = () => staffNoStore;

export default function Dashboard() {
  const { petitions, petition, data } = useLoaderData<typeof loader>();
  const { t, n, dir, locale, href } = useI18n();
  if (!data || !petition) return <StaffPage title={t("staffOps.dashboard.title")}>{null}</StaffPage>;
  const percent = (v: number) => new Intl.NumberFormat(locale === "fa" ? "fa-IR" : "en-GB", { style: "percent", maximumFractionDigits: 1 }).format(v);
  return (
    <StaffPage
      title={t("staffOps.dashboard.title")}
      actions={
        petitions.length > 1 ? (
          <Form method="get" className="inline-form">
            <label htmlFor="petition">{t("staffOps.dashboard.petition")}</label>
            <select id="petition" name="petition" defaultValue={petition}>
              {petitions.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <button type="submit" className="button button--secondary button--small">
              {t("staffOps.audit.show")}
            </button>
          </Form>
        ) : null
      }
    >
      <div className="dashboard-grid">
        <section className="dashboard-card dashboard-card--wide" aria-labelledby="d-time">
          <h2 id="d-time">{t("staffOps.dashboard.overTime")}</h2>
          <ColumnChart
            title={t("staffOps.dashboard.overTime")}
            description={t("staffOps.dashboard.overTimeDesc")}
            categories={data.overTime.map((d) => d.day)}
            series={[
              { label: t("staffOps.dashboard.submitted"), color: suggestedColors.grey, values: data.overTime.map((d) => d.submitted) },
              { label: t("staffOps.dashboard.confirmed"), color: suggestedColors.crimson, values: data.overTime.map((d) => d.confirmed) },
            ]}
            formatValue={n}
            formatCategory={(day) => formatIsoDate(locale, day).replace(/\s*\(.*\)$/, "")}
            formatAxisCategory={(day) => formatDayShort(locale, day)}
            categoryLabel={t("staffOps.dashboard.day")}
            dir={dir}
          />
        </section>
        <section className="dashboard-card" aria-labelledby="d-rate">
          <h2 id="d-rate">{t("staffOps.dashboard.confirmationRate")}</h2>
          <Meter
            label={t("staffOps.dashboard.confirmationRate")}
            value={data.rate.rate ?? 0}
            valueText={
              data.rate.rate === null
                ? t("staffOps.dashboard.rateNone")
                : t("staffOps.dashboard.rateText", { rate: percent(data.rate.rate), confirmed: n(data.rate.confirmed), submitted: n(data.rate.submitted) })
            }
            dir={dir}
            color={suggestedColors.crimson}
          />
        </section>
        <section className="dashboard-card" aria-labelledby="d-outbox">
          <h2 id="d-outbox">{t("staffOps.dashboard.outbox")}</h2>
          <dl className="figures">
            <dt>{t("staffOps.dashboard.queued")}</dt>
            <dd>{n(data.outbox.queued)}</dd>
            <dt>{t("staffOps.dashboard.failed")}</dt>
            <dd>{n(data.outbox.failed)}</dd>
            <dt>{t("staffOps.dashboard.sentDay")}</dt>
            <dd>{n(data.outbox.sentLastDay)}</dd>
            <dt>{t("staffOps.dashboard.oldest")}</dt>
            <dd>{data.outbox.oldestQueuedSeconds === null ? t("staffOps.dashboard.none") : t("staffOps.dashboard.seconds", { n: n(data.outbox.oldestQueuedSeconds) })}</dd>
          </dl>
        </section>
        <section className="dashboard-card dashboard-card--wide" aria-labelledby="d-country">
          <h2 id="d-country">{t("staffOps.dashboard.byCountry")}</h2>
          <img className="dashboard-map" src={href(`/staff/map.svg?kind=signatures&petition=${petition}`)} alt={t("staffOps.dashboard.mapAlt")} width={960} height={489} />
          <BarList
            title={t("staffOps.dashboard.byCountry")}
            items={data.byCountry.slice(0, 15).map((c) => ({ label: c.name, value: c.count }))}
            formatValue={n}
            color={suggestedColors.crimson}
            dir={dir}
            labelHeader={t("staffOps.dashboard.country")}
            valueHeader={t("staffOps.dashboard.count")}
            empty={t("staffOps.dashboard.noSignatures")}
          />
        </section>
        <section className="dashboard-card dashboard-card--wide" aria-labelledby="d-letters">
          <h2 id="d-letters">{t("staffOps.dashboard.lettersByCountry")}</h2>
          <img className="dashboard-map" src={href(`/staff/map.svg?kind=letters&petition=${petition}`)} alt={t("staffOps.dashboard.mapAlt")} width={960} height={489} />
          <BarList
            title={t("staffOps.dashboard.lettersByRecipient")}
            items={data.lettersByRecipient.map((r) => ({ label: r.name, value: r.sent, secondary: r.queued + r.awaiting }))}
            formatValue={n}
            color={suggestedColors.blue}
            dir={dir}
            labelHeader={t("staffOps.dashboard.recipient")}
            valueHeader={t("staffOps.dashboard.sent")}
            secondaryHeader={t("staffOps.dashboard.waiting")}
            empty={t("staffOps.dashboard.noLetters")}
          />
        </section>
      </div>
    </StaffPage>
  );
}
