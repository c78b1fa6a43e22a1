import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localizePath } from "~/i18n";
import { audit, logout, readSession } from "~/staff/auth.server";
import { clearSessionCookie, sessionIdFrom, staffIpHash } from "~/staff/session.server";
import { staffNoStore } from "~/staff/http.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const sessionId = await sessionIdFrom(request);
  const found = readSession(db(), sessionId, new Date(), { allowPending: true });
  logout(db(), sessionId);
  if (found) audit(db(), { userId: found.user.id, action: "staff.logout", ipHash: staffIpHash(context.clientIp) });
  return redirect(localizePath(locale, "/staff/login"), { headers: { ...staffNoStore, "Set-Cookie": await clearSessionCookie() } });
}

export function loader() {
  throw new Response("Not found", { status: 404 });
}
