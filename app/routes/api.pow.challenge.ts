// GET /api/pow/challenge: a fresh proof-of-work challenge for the ALTCHA widget (app/components/ProofOfWork.tsx).
// Never cached: every visitor, and every attempt, needs its own challenge (a used one is refused as replayed).
import { json } from "@remix-run/node";
import { createPowChallenge } from "~/utils/pow.server";

export async function loader() {
  return json(await createPowChallenge(), { headers: { "Cache-Control": "no-store" } });
}
