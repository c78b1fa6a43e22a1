// Export downloads (a resource route: the response is the file itself, streamed as it is read). Needs the
// export permission and a recent two-factor check; writes an audit entry before the first byte.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localizePath } from "~/i18n";
import { audit } from "~/staff/auth.server";
import { fileStamp, readExportForm } from "~/staff/export-form.server";
import { streamSignatureExport } from "~/staff/export-pool.server";
import { countExportRows, countsByCountryCsv, deliveryList } from "~/staff/exports.server";
import { staffNoStore } from "~/staff/http.server";
import { choosePetition } from "~/staff/petition-choice.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

function file(body: ReadableStream<Uint8Array> | string, filename: string, type: string) {
  return new Response(body, {
    headers: { ...staffNoStore, "Content-Type": type, "Content-Disposition": `attachment; filename="${filename}"`, "X-Content-Type-Options": "nosniff" },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = requireLocale(params, request);
  const { user } = await requireStaff(request, "exports.run", { recentTwoFactor: true });
  const form = await request.formData();
  const { petitions } = choosePetition(request);
  const petition = petitions.find((p) => p.slug === form.get("petition")) ?? petitions[0];
  if (!petition) throw new Response("Not found", { status: 404, headers: staffNoStore });
  const intent = String(form.get("intent"));
  const ipHash = staffIpHash(context.clientIp);
  const database = db();

  if (intent === "delivery-list" || intent === "delivery-counts") {
    const contentLocale = form.get("contentLocale") === "fa" ? "fa" : "en";
    const bom = form.get("bom") === "on";
    const rows = countExportRows(database, { petitionId: petition.id, statuses: ["confirmed"] });
    audit(database, { userId: user.id, action: `exports.${intent}`, target: `petition:${petition.slug}`, details: { rows, locale: contentLocale, bom }, ipHash });
    return intent === "delivery-list"
      ? file(deliveryList(database, petition.id, { bom, locale: contentLocale }), `delivery-${petition.slug}-${fileStamp()}.csv`, "text/csv; charset=utf-8")
      : file(countsByCountryCsv(database, petition.id, { bom, locale: contentLocale }), `counts-${petition.slug}-${fileStamp()}.csv`, "text/csv; charset=utf-8");
  }

  const { filters, columns, errors, format, bom } = readExportForm(form, petition.id);
  // The form checks these before offering the download; a hand-made request that fails them goes back to it.
  if (Object.keys(errors).length) return redirect(localizePath(locale, "/staff/exports"), { status: 303, headers: staffNoStore });
  const rows = countExportRows(database, filters);
  audit(database, {
    userId: user.id,
    action: "exports.signatures",
    target: `petition:${petition.slug}`,
    details: {
      rows,
      format,
      bom,
      columns,
      statuses: filters.statuses,
      countries: filters.countries ?? [],
      from: filters.from?.toISOString() ?? null,
      to: filters.to?.toISOString() ?? null,
      wantsUpdates: filters.wantsUpdates ?? null,
      showPublicly: filters.showPublicly ?? null,
    },
    ipHash,
  });
  return file(
    streamSignatureExport(database, filters, { format, columns, bom, locale }),
    `signatures-${petition.slug}-${fileStamp()}.${format}`,
    format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  );
}

export function loader() {
  throw new Response("Not found", { status: 404, headers: staffNoStore });
}
