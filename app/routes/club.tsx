// The participant club (باشگاه شهروندان مشارکت‌جو): join, see the member card, and climb the
// verification levels (email → phone → residency). Every rule lives in app/modules/club and
// app/modules/identity; this page reads the form, calls one module function and renders.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { taggedAction } from "~/components/action.server";
import { localDigits } from "~/components/budgeting/money";
import { errorsFor } from "~/components/budgeting/ui";
import { InputField, SelectField } from "~/components/fields";
import { FormMessage, AppForm, SubmitButton, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { listRegions } from "~/modules/city";
import * as club from "~/modules/club";
import * as identity from "~/modules/identity";
import { requireSignedIn } from "~/components/auth.server";
import { readForm } from "~/platform/http.server";
import { pageTitle } from "~/components/meta";

export const meta = pageTitle("club.title");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const membership = await club.membershipOf(ctx.viewer);
  const member = membership?.member ?? null;
  const [regions, categories] = member ? [[], []] : await Promise.all([listRegions(), club.listInterestCategories()]);
  return {
    member: member
      ? {
          number: club.formatMemberNumber(member.memberNumber),
          region: { id: member.homeRegion.id, nameFa: member.homeRegion.nameFa, nameEn: member.homeRegion.nameEn },
          joinedAt: member.joinedAt.toISOString(),
          residentVerified: !!member.residentVerifiedAt,
        }
      : null,
    level: membership?.level ?? "none",
    email: ctx.viewer.user.email,
    emailVerified: membership?.emailVerified ?? false,
    phone: membership?.phone ?? null,
    phoneVerified: membership?.phoneVerified ?? false,
    regions,
    categories,
  };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await requireSignedIn(args);
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const value = (name: string) => {
    const v = form.get(name);
    // An empty field is a missing one (so the error says "required", not "invalid").
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
  };
  return taggedAction({ intent }, async () => {
    switch (intent) {
      case "join":
        // Interests are a checkbox group: every checked value, not just the last one.
        await club.joinClub(ctx, {
          homeRegionId: value("homeRegionId"),
          interests: form.getAll("interests").filter((v) => typeof v === "string"),
          acceptTerms: value("acceptTerms"),
        });
        return { message: "club.join.done" };
      case "sendCode": {
        const sent = await identity.requestPhoneCode(ctx);
        return { message: sent.alreadyVerified ? "club.verify.phoneDone" : "club.verify.codeSent", codeSent: sent.sent };
      }
      case "confirmCode":
        await identity.confirmPhoneCode(ctx, { code: value("code") });
        return { message: "club.verify.phoneDone" };
      case "residency":
        await club.claimResidency(ctx, { nationalId: value("nationalId") });
        return { message: "club.verify.residentDone" };
      default:
        throw new Response("Unknown intent", { status: 400 });
    }
  });
}

type Result = ActionResult & { intent?: string; codeSent?: boolean };

function StepStatus({ done, doneText, pendingText }: { done: boolean; doneText: string; pendingText: string }) {
  return (
    <p
      role="status"
      className={`mb-3 inline-flex items-center gap-2 rounded-md border px-3 py-1 ${done ? "border-emerald-700 bg-emerald-50 text-emerald-900" : "border-gray-500 bg-gray-50 text-gray-900"}`}
    >
      <span aria-hidden="true">{done ? "✓" : "○"}</span>
      {done ? doneText : pendingText}
    </p>
  );
}

export default function Club() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const { t, tm, date, locale, name } = useI18n();
  const resultFor = (...intents: string[]) => (result && intents.includes(result.intent ?? "") ? result : undefined);
  const fieldErrors = (r: Result | undefined, field: string) => (r && !r.ok ? r.fieldErrors?.[field] : undefined);

  if (!data.member) {
    const joined = resultFor("join");
    return (
      <div className="grid gap-6">
        <h1 className="text-3xl font-bold">{t("club.title")}</h1>
        <p className="max-w-3xl text-lg">{t("club.intro")}</p>
        <section className="card max-w-2xl" aria-labelledby="join">
          <h2 id="join" className="mb-3 text-xl font-bold">
            {t("club.join.title")}
          </h2>
          <FormMessage result={joined} />
          <AppForm>
            <input type="hidden" name="intent" value="join" />
            <SelectField
              id="club-homeRegionId"
              name="homeRegionId"
              label={t("club.join.homeRegion")}
              defaultValue=""
              errors={fieldErrors(joined, "homeRegionId")}
            >
              <option value="">{t("club.join.chooseRegion")}</option>
              {data.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {name(r)}
                </option>
              ))}
            </SelectField>
            <fieldset className="mb-4" aria-describedby={fieldErrors(joined, "interests") ? "club-interests-error" : "club-interests-hint"}>
              <legend className="mb-1 font-bold">{t("club.join.interests")}</legend>
              <p id="club-interests-hint" className="mb-2 text-sm text-gray-700">
                {t("club.join.interestsHint")}
              </p>
              <ul className="grid gap-1 sm:grid-cols-2">
                {data.categories.map((c) => (
                  <li key={c.id}>
                    <label className="inline-flex items-center gap-2">
                      <input type="checkbox" name="interests" value={c.id} className="size-4" />
                      {name(c)}
                    </label>
                  </li>
                ))}
              </ul>
              {fieldErrors(joined, "interests") ? (
                <p id="club-interests-error" className="mt-1 text-sm font-bold text-red-800" data-field-error="interests">
                  {fieldErrors(joined, "interests")!.map(tm).join(" ")}
                </p>
              ) : null}
            </fieldset>
            <div className="mb-4">
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  name="acceptTerms"
                  id="club-acceptTerms"
                  className="mt-1.5 size-4 shrink-0"
                  aria-invalid={fieldErrors(joined, "acceptTerms") ? true : undefined}
                  aria-describedby={fieldErrors(joined, "acceptTerms") ? "club-acceptTerms-error" : undefined}
                />
                <span>{t("club.join.terms")}</span>
              </label>
              {fieldErrors(joined, "acceptTerms") ? (
                <p id="club-acceptTerms-error" className="mt-1 text-sm font-bold text-red-800" data-field-error="acceptTerms">
                  {fieldErrors(joined, "acceptTerms")!.map(tm).join(" ")}
                </p>
              ) : null}
            </div>
            <SubmitButton>{t("club.join.submit")}</SubmitButton>
          </AppForm>
        </section>
      </div>
    );
  }

  const member = data.member;
  const phoneResult = resultFor("sendCode", "confirmCode");
  const residencyResult = resultFor("residency");
  return (
    <div className="grid gap-6">
      <h1 className="text-3xl font-bold">{t("club.title")}</h1>
      <FormMessage result={resultFor("join")} />

      <section className="card" aria-labelledby="member">
        <h2 id="member" className="mb-3 text-xl font-bold">
          {t("club.member.title")}
        </h2>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-bold">{t("club.member.number")}</dt>
          <dd>
            <bdi dir="ltr" className="font-mono text-lg" data-testid="member-number">
              {localDigits(locale, member.number)}
            </bdi>
          </dd>
          <dt className="font-bold">{t("club.member.region")}</dt>
          <dd>{name(member.region)}</dd>
          <dt className="font-bold">{t("club.member.since")}</dt>
          <dd>{date(member.joinedAt)}</dd>
          <dt className="font-bold">{t("club.member.level")}</dt>
          <dd data-testid="member-level">{t(`club.level.${data.level}`)}</dd>
        </dl>
        <p className="mt-4">
          <Link className="link" to="/budgeting">
            {t("club.member.toBudgeting")}
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="verify">
        <h2 id="verify" className="mb-1 text-xl font-bold">
          {t("club.verify.title")}
        </h2>
        <p className="mb-4 text-gray-700">{t("club.verify.intro")}</p>

        <h3 className="mb-2 text-lg font-bold">{t("club.verify.email")}</h3>
        <p className="mb-1" dir="ltr">
          <bdi>{data.email}</bdi>
        </p>
        <StepStatus done={data.emailVerified} doneText={t("club.verify.emailDone")} pendingText={t("club.verify.pending")} />
        {!data.emailVerified ? (
          <p className="mb-4">
            <Link className="link" to="/verify-email">
              {t("auth.verify.resend")}
            </Link>
          </p>
        ) : null}

        <h3 className="mt-4 mb-2 text-lg font-bold">{t("club.verify.phone")}</h3>
        {data.phone ? (
          <p className="mb-1">
            <bdi dir="ltr">{localDigits(locale, data.phone)}</bdi>
          </p>
        ) : null}
        <StepStatus done={data.phoneVerified} doneText={t("club.verify.phoneDone")} pendingText={t("club.verify.pending")} />
        {!data.phoneVerified && !data.phone ? (
          <p className="mb-4">
            {t("club.verify.phoneMissing")}{" "}
            <Link className="link" to="/account">
              {t("club.verify.toAccount")}
            </Link>
          </p>
        ) : null}
        {!data.phoneVerified && data.phone ? (
          <div className="mb-4 grid gap-3">
            <FormMessage result={phoneResult} errors={fieldErrors(phoneResult, "phone")} />
            <AppForm>
              <input type="hidden" name="intent" value="sendCode" />
              <SubmitButton className="btn-secondary">{t("club.verify.sendCode")}</SubmitButton>
            </AppForm>
            <AppForm className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="confirmCode" />
              <InputField
                className="w-48"
                id="club-code"
                name="code"
                label={t("club.verify.code")}
                inputMode="numeric"
                autoComplete="one-time-code"
                dir="ltr"
                errors={errorsFor(resultFor("confirmCode"), "code")}
              />
              <SubmitButton>{t("club.verify.confirm")}</SubmitButton>
            </AppForm>
          </div>
        ) : null}

        <h3 className="mt-4 mb-2 text-lg font-bold">{t("club.verify.resident")}</h3>
        <StepStatus done={member.residentVerified} doneText={t("club.verify.residentDone")} pendingText={t("club.verify.pending")} />
        {!member.residentVerified ? (
          <>
            <p className="mb-3 max-w-3xl">{t("club.verify.residentIntro")}</p>
            <FormMessage result={residencyResult} />
            <AppForm className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="intent" value="residency" />
              <InputField
                className="w-64"
                id="club-nationalId"
                name="nationalId"
                label={t("club.verify.nationalId")}
                inputMode="numeric"
                dir="ltr"
                autoComplete="off"
                errors={fieldErrors(residencyResult, "nationalId")}
              />
              <SubmitButton>{t("club.verify.claim")}</SubmitButton>
            </AppForm>
          </>
        ) : null}
      </section>
    </div>
  );
}
