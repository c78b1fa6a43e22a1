// Which petition a staff page is about (from ?petition=<slug>, else the first one).
import { asc } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export function choosePetition(request: Request) {
  const petitions = db().select().from(schema.petitions).orderBy(asc(schema.petitions.id)).all();
  const wanted = new URL(request.url).searchParams.get("petition");
  return { petitions, petition: petitions.find((p) => p.slug === wanted) ?? petitions[0] ?? null };
}
