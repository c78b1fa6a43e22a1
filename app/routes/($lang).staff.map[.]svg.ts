// Maps for the staff dashboard, with exact counts (no suppression: staff only, never cached).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { translate } from "~/i18n";
import { countMapSvg } from "~/maps/count-map.server";
import { lettersByState, signaturesByCountry } from "~/staff/dashboard.server";
import { staffNoStore } from "~/staff/http.server";
import { requireStaff } from "~/staff/session.server";
import { db, schema } from "~/utils/db.server";
import { notFound, requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  await requireStaff(request, "dashboards.view");
  const url = new URL(request.url);
  const petition = db().select().from(schema.petitions).where(eq(schema.petitions.slug, url.searchParams.get("petition") ?? "")).get();
  if (!petition) throw notFound();
  const letters = url.searchParams.get("kind") === "letters";
  const counts = letters
    ? lettersByState(db(), petition.campaignId).map((r) => ({ code: r.code, count: r.sent }))
    : signaturesByCountry(db(), petition.id);
  const title = translate(locale, letters ? "staffOps.dashboard.lettersByCountry" : "staffOps.dashboard.byCountry");
  return new Response(countMapSvg(db(), locale, counts, 1, title), { headers: { "Content-Type": "image/svg+xml; charset=utf-8", ...staffNoStore } });
}
