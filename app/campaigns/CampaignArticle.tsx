import type { MetaFunction, SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { localeInfo, useI18n, type Locale } from "~/i18n";
import { pageMeta } from "~/utils/meta";
import type { CampaignPage } from "./campaign.server";

type Page = SerializeFrom<CampaignPage>;
type Section = Page["sections"][number];

export const campaignMeta: MetaFunction<() => Promise<{ page: CampaignPage }>> = ({ data, location, matches }) => {
  if (!data) return [];
  const { page } = data as unknown as { page: Page };
  return pageMeta({
    matches,
    location,
    title: page.title,
    description: page.summary,
    image: page.shareImage ?? "/images/share/default.png",
    imageAlt: page.title,
    type: "article",
  });
};

/** Content shown in English because the reader's language is missing: marked as English and announced. */
function InLocale({ locale, fallback, children }: { locale: Locale; fallback: boolean; children: ReactNode }) {
  const { t } = useI18n();
  if (!fallback) return <>{children}</>;
  return (
    <div className="fallback">
      <p className="fallback__notice">{t("campaign.fallbackNotice")}</p>
      <div lang={locale} dir={localeInfo[locale].dir}>
        {children}
      </div>
    </div>
  );
}

export function CampaignArticle({ page }: { page: Page }) {
  const { t } = useI18n();
  const contents = page.sections.filter((s) => s.heading);
  return (
    <article className="campaign">
      <header className="campaign-hero">
        <div className="campaign-hero__inner">
          <InLocale locale={page.locale} fallback={page.fallback}>
            <h1>{page.title}</h1>
            <p className="campaign-hero__summary">{page.summary}</p>
          </InLocale>
          <CallsToAction page={page} figures />
        </div>
      </header>
      <div className="campaign-body">
        <nav className="contents" aria-labelledby="contents-heading">
          <h2 id="contents-heading">{t("campaign.contents")}</h2>
          <ol>
            {contents.map((section) => (
              <li key={section.key}>
                <a href={`#${section.key}`}>{section.heading}</a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="campaign-sections">
          {page.sections.map((section) => (
            <CampaignSection key={section.key} section={section} page={page} />
          ))}
        </div>
      </div>
    </article>
  );
}

function CampaignSection({ section, page }: { section: Section; page: Page }) {
  return (
    <section id={section.key} className={`campaign-section campaign-section--${section.kind}`} aria-labelledby={`${section.key}-heading`}>
      <InLocale locale={section.locale} fallback={section.fallback}>
        <h2 id={`${section.key}-heading`}>{section.heading}</h2>
        {section.html ? <div className="prose" dangerouslySetInnerHTML={{ __html: section.html }} /> : null}
      </InLocale>
      {section.kind === "quotations" ? <Quotations quotations={page.quotations} /> : null}
      {section.kind === "timeline" ? <Timeline events={page.timeline} /> : null}
      {section.kind === "sources" ? <Sources sources={page.sources} /> : null}
      {section.kind === "call_to_action" ? <CallsToAction page={page} /> : null}
    </section>
  );
}

function CallsToAction({ page, figures = false }: { page: Page; figures?: boolean }) {
  const { t, n, href } = useI18n();
  const petition = page.petitions.find((p) => p.status === "open");
  const { signatures, lettersDelivered, statesReached } = page.figures;
  return (
    <>
    {figures && (signatures !== null || lettersDelivered > 0) ? (
      <p className="campaign-figures">
        {signatures !== null ? t("petition.count", { count: n(signatures), n: signatures }) : null}
        {signatures !== null && lettersDelivered > 0 ? " · " : null}
        {lettersDelivered > 0 ? t("campaign.lettersDelivered", { letters: n(lettersDelivered), states: n(statesReached), n: lettersDelivered }) : null}
      </p>
    ) : null}
    <div className="calls-to-action">
      {petition ? (
        <Link className="button button--primary" to={href(`/petitions/${petition.slug}`)}>
          {t("campaign.sign")}
        </Link>
      ) : null}
      <Link className="button button--secondary" to={href(`/campaigns/${page.slug}/letters`)}>
        {t("campaign.write")}
      </Link>
    </div>
    </>
  );
}

function Quotations({ quotations }: { quotations: Page["quotations"] }) {
  const { t } = useI18n();
  return (
    <div className="quotations">
      {quotations.map((q) => (
        <figure key={q.key} className="quotation" lang={q.locale} dir={localeInfo[q.locale].dir}>
          <h3 className="quotation__topic">{q.topic}</h3>
          <blockquote>
            <p>{quote(q.locale, q.text)}</p>
          </blockquote>
          <figcaption>
            <span className="quotation__attribution">{q.attribution}</span>
            {q.isTranslation ? <span className="quotation__note">{t("campaign.quote.translationNote")}</span> : null}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

/** Wraps a quotation in the quotation marks of its language. */
function quote(locale: Locale, text: string) {
  return locale === "fa" ? `«${text}»` : `“${text}”`;
}

function Timeline({ events }: { events: Page["timeline"] }) {
  const { t, date } = useI18n();
  return (
    <ol className="timeline">
      {events.map((event, i) => (
        <li key={`${event.date}-${i}`} className="timeline__event">
          <time dateTime={event.date} className="timeline__date">
            {event.approximate ? `${t("campaign.timeline.approximate")} ` : ""}
            {date(event.date)}
          </time>
          <div lang={event.locale} dir={localeInfo[event.locale].dir}>
            <h3 className="timeline__title">{event.title}</h3>
            <p>{event.description}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Sources({ sources }: { sources: Page["sources"] }) {
  const { t, date } = useI18n();
  return (
    <ol className="sources">
      {sources.map((source) => (
        <li key={source.key} lang={source.locale} dir={localeInfo[source.locale].dir}>
          <cite>{source.url ? <a href={source.url} rel="noreferrer noopener">{source.title}</a> : source.title}</cite>
          {source.publisher ? <>. {source.publisher}</> : null}
          {source.publishedOn ? <> {t("campaign.sources.published", { date: date(source.publishedOn) })}</> : null}
          {source.note ? <span className="sources__note"> {source.note}</span> : null}
        </li>
      ))}
    </ol>
  );
}

