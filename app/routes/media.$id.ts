// Serves a photo: public ones to anyone (cached for a year — files are immutable), others only
// to whom the owning module allows (a proposal's author and staff, before it is accepted; a case's
// reporter (their account) and the staff who may see the case — never its other followers; a corruption report's photos to inspectors only,
// each view logged).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canViewProposalPhoto } from "~/modules/budgeting";
import { canViewCasePhoto } from "~/modules/cases";
import { canViewReportPhoto } from "~/modules/integrity";
import { contextOf } from "~/platform/http.server";
import { mediaBytes } from "~/platform/media.server";

export async function loader(args: LoaderFunctionArgs) {
  const id = String(args.params.id);
  let file = await mediaBytes(id, false);
  if (!file) {
    const ctx = await contextOf(args);
    if (
      (await canViewProposalPhoto(ctx.viewer, id)) ||
      (await canViewCasePhoto(ctx.viewer, id)) ||
      (await canViewReportPhoto(ctx.viewer, id))
    )
      file = await mediaBytes(id, true);
  }
  if (!file) throw new Response("Not found", { status: 404 });
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Cache-Control": file.public ? "public, max-age=31536000, immutable" : "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
