// GET /api/petitions/<slug>: the confirmed total and the counts by country, as JSON, for anyone (the same
// figures as the page, with the same small-count suppression: a country below the threshold has
// "count": null and "fewerThan": <threshold>).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { confirmedCount, countsByCountry, displayedGoal, findPetition } from "~/petitions/petition.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { notFound, publicPageHeaders } from "~/utils/http.server";

export function loader({ params }: LoaderFunctionArgs) {
  const found = findPetition(db(), params.slug ?? "");
  if (!found) throw notFound();
  const config = env();
  const total = confirmedCount(db(), found.petition.id);
  const threshold = config.publicCountThreshold;
  return json(
    {
      petition: found.petition.slug,
      status: found.petition.status,
      total,
      goal: displayedGoal(total, found.petition.goal),
      threshold,
      countries: countsByCountry(db(), found.petition.id, "en", threshold).map((c) =>
        c.count === null ? { code: c.code, count: null, fewerThan: threshold } : { code: c.code, count: c.count },
      ),
      generatedAt: new Date().toISOString(),
    },
    { headers: { ...publicPageHeaders(config.pageCacheSeconds), "Access-Control-Allow-Origin": "*" } },
  );
}
