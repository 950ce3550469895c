// One case for staff: the citizen's message, contact and photos, the full history (internal notes
// included), and a form for each step the viewer may take now. A case outside the viewer's scope
// is "not found" (module rule), so its existence is not revealed either.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { orErrorPage, taggedAction } from "~/components/action.server";
import { CaseHistory, Fact, Facts, RegionSelect, StatusBadge, useNames } from "~/components/cases/ui";
import { InputField, SelectField, TextAreaField } from "~/components/fields";
import { FormMessage, AppForm, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import { listDepartments, listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { LIMITS, type StaffAction } from "~/modules/cases/public";
import { formValues } from "~/platform/http.server";
import { requirePage } from "~/components/auth.server";
import { encodeMessage, translate } from "~/platform/i18n";

export const meta = pageTitle("cases.staffInbox");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requirePage(args, cases.isCaseStaff);
  const [c, regions, departments] = await Promise.all([
    orErrorPage(() => cases.staffView(ctx, String(args.params.code))),
    listRegions(),
    listDepartments(),
  ]);
  return { c, regions, departments };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requirePage(args, cases.isCaseStaff);
  const values = await formValues(args.request);
  if (values.action === "photoPublic") {
    return taggedAction({ intent: "photoPublic", target: values.mediaId }, async () => {
      const done = await cases.setCasePhotoPublic(ctx, values);
      return { message: encodeMessage(done.public ? "cases.photo.published" : "cases.photo.withdrawn") };
    });
  }
  return taggedAction({ intent: values.action ?? "" }, async () => {
    const moved = await cases.actOnCase(ctx, values);
    return values.action === "callback" || values.action === "note"
      ? { message: encodeMessage("cases.action.recorded") }
      : { message: encodeMessage("cases.action.done", { status: translate(ctx.locale, `cases.status.${moved.status}`) }) };
  });
}

export default function StaffCase() {
  const { c, regions, departments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (ActionResult & { intent?: string; target?: string }) | undefined;
  const { t, date, number } = useI18n();
  const { name, unit } = useNames();
  const resultFor = (a: StaffAction) => (result?.intent === a ? result : undefined);
  const errs = (a: StaffAction, field: string) => fieldErrors(resultFor(a), field);

  const forms: Record<StaffAction, ReactNode> = {
    refer: (
      <>
        <RegionSelect
          id="a-refer-region"
          regions={regions}
          label={t("cases.form.region")}
          defaultValue={c.regionId}
          errors={errs("refer", "regionId")}
        />
        <SelectField
          id="a-refer-department"
          name="departmentId"
          label={t("cases.inbox.department")}
          defaultValue={c.departmentId ?? ""}
          errors={errs("refer", "departmentId")}
        >
          <option value="">—</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {name(d)}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          id="a-refer-note"
          name="note"
          label={t("cases.action.optionalNote")}
          rows={2}
          maxLength={LIMITS.reason}
          errors={errs("refer", "note")}
        />
      </>
    ),
    start: (
      <TextAreaField
        id="a-start-note"
        name="note"
        label={t("cases.action.optionalNote")}
        rows={2}
        maxLength={LIMITS.reason}
        errors={errs("start", "note")}
      />
    ),
    answer: (
      <TextAreaField
        id="a-answer"
        name="answer"
        label={t("cases.action.answerText")}
        rows={5}
        required
        maxLength={LIMITS.answer}
        errors={errs("answer", "answer")}
      />
    ),
    close: (
      <>
        {!c.feedbackDeliveredAt ? <p className="mb-2 text-sm">{t("cases.action.closeNeedsFeedback")}</p> : null}
        <fieldset className="mb-4" aria-describedby={errs("close", "resolution")?.length ? "a-close-resolution-error" : undefined}>
          <legend className="mb-1 font-medium">{t("cases.action.resolution")}</legend>
          {(["fixed", "not_fixed"] as const).map((r) => (
            <label key={r} className="me-4 inline-flex items-center gap-2">
              <input type="radio" name="resolution" value={r} required /> {t(`cases.action.resolution.${r}`)}
            </label>
          ))}
          {errs("close", "resolution")?.length ? (
            <p id="a-close-resolution-error" className="text-sm text-red-700">
              {errs("close", "resolution")!.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <TextAreaField
          id="a-close-note"
          name="note"
          label={t("cases.action.optionalNote")}
          rows={2}
          maxLength={LIMITS.reason}
          errors={errs("close", "note")}
        />
      </>
    ),
    reject: (
      <TextAreaField
        id="a-reject-reason"
        name="reason"
        label={t("cases.action.reason")}
        rows={3}
        required
        maxLength={LIMITS.reason}
        errors={errs("reject", "reason")}
      />
    ),
    duplicate: (
      <>
        <InputField
          id="a-dup-of"
          name="duplicateOf"
          label={t("cases.action.duplicateOf")}
          dir="ltr"
          required
          errors={errs("duplicate", "duplicateOf")}
        />
        <TextAreaField
          id="a-dup-note"
          name="note"
          label={t("cases.action.optionalNote")}
          rows={2}
          maxLength={LIMITS.reason}
          errors={errs("duplicate", "note")}
        />
      </>
    ),
    not_responsible: (
      <>
        <InputField
          id="a-nr-body"
          name="referredOnTo"
          label={t("cases.action.referredOnTo")}
          required
          maxLength={200}
          errors={errs("not_responsible", "referredOnTo")}
        />
        <TextAreaField
          id="a-nr-reason"
          name="reason"
          label={t("cases.action.reason")}
          rows={3}
          required
          maxLength={LIMITS.reason}
          errors={errs("not_responsible", "reason")}
        />
      </>
    ),
    callback: (
      <TextAreaField
        id="a-callback"
        name="reason"
        label={t("cases.action.callbackNote")}
        rows={3}
        required
        maxLength={LIMITS.reason}
        errors={errs("callback", "reason")}
      />
    ),
    note: (
      <TextAreaField
        id="a-note"
        name="reason"
        label={t("cases.action.noteText")}
        rows={2}
        required
        maxLength={LIMITS.reason}
        errors={errs("note", "reason")}
      />
    ),
  };

  return (
    <div className="grid gap-6">
      <header className="grid gap-2">
        <h1 className="text-3xl font-bold">{t("cases.view.title", { code: c.code })}</h1>
        <StatusBadge status={c.status} overdue={!!c.overdueAt} />
      </header>
      {result?.ok ? <FormMessage result={result} /> : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section className="card grid gap-3" aria-labelledby="details-title">
          <h2 id="details-title" className="text-xl font-bold">
            {t("cases.view.description")}
          </h2>
          <p className="whitespace-pre-wrap">{c.description}</p>
          <Facts>
            <Fact label={t("cases.view.reference")}>
              <span dir="ltr" className="font-mono" data-testid="case-reference">
                {c.reference}
              </span>
            </Fact>
            <Fact label={t("cases.view.category")}>{name(c.category)}</Fact>
            <Fact label={t("cases.view.unit")}>{unit(c.unit) || "—"}</Fact>
            <Fact label={t("cases.view.channel")}>{t(`cases.channel.${c.channel}`)}</Fact>
            <Fact label={t("cases.view.registeredAt")}>{date(c.createdAt, true)}</Fact>
            <Fact label={t("cases.view.dueAt")}>{date(c.dueAt, true)}</Fact>
            {c.address ? <Fact label={t("cases.view.address")}>{c.address}</Fact> : null}
            {c.lat !== null && c.lng !== null ? (
              <Fact label={t("cases.form.location")}>
                <span dir="ltr">
                  {c.lat.toFixed(5)}, {c.lng.toFixed(5)}
                </span>
              </Fact>
            ) : null}
            <Fact label={t("cases.view.contact")}>
              {[c.contact.name, c.contact.email, c.contact.phone].filter(Boolean).map((v) => (
                <span key={v} className="me-3 inline-block" dir="auto">
                  {v}
                </span>
              ))}
            </Fact>
            <Fact label={t("cases.view.followers")}>{number(c.followers)}</Fact>
            {c.rating ? (
              <Fact label={t("cases.view.rating")}>
                {t("cases.view.ratingValue", { rating: number(c.rating) })}
                {c.ratingComment ? ` — ${c.ratingComment}` : ""}
              </Fact>
            ) : null}
            {c.mergedIntoCode ? <Fact label={t("cases.status.duplicate")}>{c.mergedIntoCode}</Fact> : null}
            {c.referredOnTo ? <Fact label={t("cases.action.referredOnTo")}>{c.referredOnTo}</Fact> : null}
          </Facts>
          {c.answer ? (
            <>
              <h2 className="text-xl font-bold">{t("cases.view.answer")}</h2>
              <p className="whitespace-pre-wrap">{c.answer}</p>
            </>
          ) : null}
          {c.photos.length ? (
            <ul className="flex flex-wrap gap-2" aria-label={t("cases.view.photos")}>
              {c.photos.map((id, i) => (
                <li key={id} className="grid gap-1">
                  <a href={`/media/${id}`} className="link">
                    <img
                      src={`/media/${id}`}
                      alt={t("cases.view.photo", { n: number(i + 1) })}
                      className="h-32 rounded border border-gray-300 object-cover"
                      loading="lazy"
                    />
                  </a>
                  {/* A photo is the reporter's until staff look at it and choose to show it on the public map. */}
                  <FormMessage
                    result={result && !result.ok && result.intent === "photoPublic" && result.target === id ? result : undefined}
                  />
                  <AppForm>
                    <input type="hidden" name="action" value="photoPublic" />
                    <input type="hidden" name="caseId" value={c.id} />
                    <input type="hidden" name="mediaId" value={id} />
                    <input type="hidden" name="public" value={c.publicPhotos.includes(id) ? "false" : "true"} />
                    <SubmitButton className="btn-secondary text-sm">
                      {t(c.publicPhotos.includes(id) ? "cases.photo.withdraw" : "cases.photo.publish", { n: number(i + 1) })}
                    </SubmitButton>
                  </AppForm>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section aria-labelledby="actions-title" className="grid content-start gap-4">
          <h2 id="actions-title" className="text-xl font-bold">
            {t("cases.view.status")}
          </h2>
          {c.actions.length === 0 ? <p className="card">{t("cases.action.none")}</p> : null}
          {c.actions.map((a) => (
            <details key={a} className="card" open={result?.intent === a || c.actions.length === 1 || a === "answer"}>
              <summary className="cursor-pointer font-bold">{t(`cases.action.${a}`)}</summary>
              <div className="mt-3">
                {resultFor(a)?.ok === false ? <FormMessage result={resultFor(a)} /> : null}
                <AppForm>
                  <input type="hidden" name="caseId" value={c.id} />
                  <input type="hidden" name="action" value={a} />
                  {forms[a]}
                  <SubmitButton>{t(`cases.action.${a}`)}</SubmitButton>
                </AppForm>
              </div>
            </details>
          ))}
        </section>
      </div>
      <section aria-labelledby="history-title">
        <h2 id="history-title" className="mb-3 text-xl font-bold">
          {t("cases.view.history")}
        </h2>
        <CaseHistory history={c.history} staff />
      </section>
    </div>
  );
}
