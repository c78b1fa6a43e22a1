// Comment moderation: nothing a signer wrote is public until staff approve it here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { choosePetition } from "~/staff/petition-choice.server";
import { moderateComment, pendingComments } from "~/staff/signatures-admin.server";
import { staffJson, staffNoStore } from "~/staff/http.server";
import { requireStaff, staffIpHash } from "~/staff/session.server";
import { StaffPage } from "~/staff/ui/StaffForm";
import { useI18n } from "~/i18n";
import { countryNames } from "~/utils/countries.server";
import { db } from "~/utils/db.server";
import { requireLocale } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = requireLocale(params, request);
  await requireStaff(request, "comments.moderate");
  const { petition } = choosePetition(request);
  if (!petition) throw new Response("Not found", { status: 404, headers: staffNoStore });
  const names = countryNames(db(), locale);
  return staffJson({ comments: pendingComments(db(), petition.id).map((c) => ({ ...c, countryName: names.get(c.country) ?? c.country })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireStaff(request, "comments.moderate");
  const form = await request.formData();
  const id = Number(form.get("id"));
  const decision = form.get("decision") === "approved" ? "approved" : "rejected";
  if (!Number.isSafeInteger(id)) throw new Response("Bad request", { status: 400, headers: staffNoStore });
  moderateComment(db(), id, decision, { userId: user.id, ipHash: staffIpHash(context.clientIp) });
  return staffJson({ ok: true });
}

export const headers = () => staffNoStore;

export default function Comments() {
  const { comments } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <StaffPage title={t("staffOps.comments.title")}>
      <p className="section-note">{t("staffOps.comments.intro")}</p>
      <h2>{t("staffOps.comments.pending")}</h2>
      {comments.length === 0 ? <p>{t("staffOps.comments.none")}</p> : null}
      <ul className="comment-list">
        {comments.map((c) => (
          <li key={c.id}>
            <blockquote dir="auto">{c.comment}</blockquote>
            <p className="section-note">
              {c.publicName ? <bdi>{c.publicName}</bdi> : null} {t("staffOps.comments.from", { country: c.countryName })}
            </p>
            <Form method="post" className="inline-form">
              <input type="hidden" name="id" value={c.id} />
              <button type="submit" name="decision" value="approved" className="button button--secondary button--small">
                {t("staffOps.comments.approve")}
              </button>
              <button type="submit" name="decision" value="rejected" className="button button--secondary button--small">
                {t("staffOps.comments.reject")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </StaffPage>
  );
}
