// A citizen reports a problem. Works without JavaScript: the location is a pin (map, or two
// coordinate inputs) or a region + address; open cases of the same category within ~50 m are
// shown by the server before a new case is made. With JavaScript they appear as soon as the
// category and the pin are set. The form carries an idempotency key, so a double submit or a
// retry after a dropped connection never makes a second case.
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { CategorySelect, RegionSelect } from "~/components/cases/ui";
import { InputField, TextAreaField } from "~/components/fields";
import { AppForm, FormMessage, HintAndErrors, SubmitButton, describedBy, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { LocationPicker } from "~/components/map/LocationPicker";
import { pageTitle } from "~/components/meta";
import { StatusBadge } from "~/components/cases/ui";
import { listRegions } from "~/modules/city";
import * as cases from "~/modules/cases";
import { LIMITS } from "~/modules/cases/public";
import { isSignedIn } from "~/modules/identity";
import { contextOf, formAction, formWithUploads } from "~/platform/http.server";
import { MEDIA_LIMITS } from "~/platform/media.server";

export const meta = pageTitle("cases.new");

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const [categories, regions] = await Promise.all([cases.categoryTree(), listRegions()]);
  const user = isSignedIn(ctx.viewer) ? ctx.viewer.user : null;
  // "Report something here" (the public map's card) opens the form at a point: ?latitude=&longitude=.
  const url = new URL(args.request.url);
  const coordinate = (name: string, limit: number) => {
    const v = Number(url.searchParams.get(name) ?? NaN);
    return Number.isFinite(v) && Math.abs(v) <= limit ? v : undefined;
  };
  const prefillLat = coordinate("latitude", 90);
  const prefillLng = coordinate("longitude", 180);
  const prefill = prefillLat !== undefined && prefillLng !== undefined ? { lat: prefillLat, lng: prefillLng } : null;
  return {
    prefill,
    categories,
    regions,
    idempotencyKey: randomUUID(),
    account: user ? { email: user.email, phone: user.phone } : null,
    maxPhotos: MEDIA_LIMITS.maxFiles,
  };
}

type NearbyView = { reference: string; status: cases.CaseStatus; createdAt: string | Date; distanceMetres: number; followers: number };

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  return formAction(async () => {
    const { values, uploads } = await formWithUploads(args.request, "photos");
    const { intent = "submit", ...fields } = values;
    if (intent.startsWith("follow:")) {
      const followed = await cases.followCase(ctx, { ...fields, code: intent.slice("follow:".length) });
      // Another address than the account's own verified one must confirm first (a link was sent).
      return { followed: followed.reference, confirmationSent: followed.confirmationSent };
    }
    const result = await cases.submitCase(ctx, fields, { channel: "web", uploads });
    if (result.kind === "created") return redirect(`/cases/registered?code=${result.code}&ref=${result.reference}`);
    // Nothing stored yet: show the nearby cases, keep what was typed (files must be chosen again).
    return { nearby: result.cases, values: fields, hadPhotos: uploads.some((u) => u.bytes.length > 0) };
  });
}

export default function NewCase() {
  const { categories, regions, idempotencyKey, account, maxPhotos, prefill } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | (ActionResult & {
        nearby?: NearbyView[];
        values?: Record<string, string>;
        hadPhotos?: boolean;
        followed?: string;
        confirmationSent?: boolean;
      })
    | undefined;
  const { t } = useI18n();
  const values = (result && "values" in result ? result.values : undefined) ?? {};
  const fetcher = useFetcher<{ cases: NearbyView[] }>();
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [categoryId, setCategoryId] = useState(values.categoryId ?? "");

  useEffect(() => {
    if (!point || !categoryId) return;
    const timer = setTimeout(
      () => fetcher.load(`/cases/nearby?categoryId=${categoryId}&latitude=${point.lat}&longitude=${point.lng}`),
      250,
    );
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fetcher identity changes every render
  }, [point, categoryId]);
  const onPointChange = useCallback((p: { lat: number; lng: number } | null) => setPoint(p), []);

  if (result?.ok && result.followed) {
    return (
      <div className="grid max-w-2xl gap-4">
        <h1 className="text-3xl font-bold">{t("cases.new")}</h1>
        <p role="status" className="card">
          {t(result.confirmationSent ? "cases.followConfirmSent" : "cases.followed", { code: result.followed })}
        </p>
      </div>
    );
  }

  const serverNearby = result?.ok ? result.nearby : undefined;
  const nearby = serverNearby ?? (point && categoryId ? fetcher.data?.cases : undefined);
  const lat = values.latitude ? Number(values.latitude) : prefill?.lat;
  const lng = values.longitude ? Number(values.longitude) : prefill?.lng;

  return (
    <div className="grid max-w-3xl gap-6">
      <h1 className="text-3xl font-bold">{t("cases.new")}</h1>
      <p>{t("cases.intro")}</p>
      <div className="card">
        {result && !result.ok ? <FormMessage result={result} /> : null}
        <AppForm id="case-form" encType="multipart/form-data">
          <input type="hidden" name="idempotencyKey" value={values.idempotencyKey ?? idempotencyKey} />
          <CategorySelect
            id="c-category"
            categories={categories}
            defaultValue={values.categoryId}
            errors={fieldErrors(result, "categoryId")}
            onChange={setCategoryId}
          />
          <TextAreaField
            id="c-description"
            name="description"
            label={t("cases.form.description")}
            hint={t("cases.form.descriptionHint")}
            rows={5}
            required
            maxLength={LIMITS.description}
            defaultValue={values.description}
            errors={fieldErrors(result, "description")}
          />
          <div className="mb-4 grid gap-2">
            <p className="text-sm text-gray-700">{t("cases.form.locationHint")}</p>
            <LocationPicker
              latName="latitude"
              lngName="longitude"
              defaultLat={lat}
              defaultLng={lng}
              legend={t("cases.form.location")}
              errors={fieldErrors(result, "location")}
              latErrors={fieldErrors(result, "latitude")}
              lngErrors={fieldErrors(result, "longitude")}
              onPointChange={onPointChange}
            />
            <RegionSelect
              id="c-region"
              regions={regions}
              label={t("cases.form.region")}
              defaultValue={values.regionId}
              errors={fieldErrors(result, "regionId")}
            />
            <InputField
              id="c-address"
              name="address"
              label={t("cases.form.address")}
              maxLength={LIMITS.address}
              defaultValue={values.address}
              errors={fieldErrors(result, "address")}
            />
          </div>

          {nearby ? <NearbyCases cases={nearby} fromServer={!!serverNearby} hadPhotos={!!result?.ok && !!result.hadPhotos} /> : null}

          <InputField
            id="c-photos"
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            label={t("cases.form.photos")}
            hint={t("cases.form.photosHint")}
            data-max={maxPhotos}
            errors={fieldErrors(result, "photos")}
          />
          <fieldset className="mb-4" aria-describedby={describedBy("contact", "hint", fieldErrors(result, "contact"))}>
            <legend className="mb-1 text-lg font-bold">{t("cases.form.contact")}</legend>
            <div className="mb-2">
              <HintAndErrors
                id="contact"
                name="contact"
                hint={account ? t("cases.form.contactSignedIn") : t("cases.form.contactHint")}
                errors={fieldErrors(result, "contact")}
              />
            </div>
            <InputField
              id="c-name"
              name="contactName"
              label={t("cases.form.name")}
              autoComplete="name"
              maxLength={80}
              defaultValue={values.contactName}
              errors={fieldErrors(result, "contactName")}
            />
            <InputField
              id="c-email"
              name="contactEmail"
              type="email"
              dir="ltr"
              label={t("cases.form.email")}
              autoComplete="email"
              placeholder={account?.email ?? undefined}
              defaultValue={values.contactEmail}
              errors={fieldErrors(result, "contactEmail")}
            />
            <InputField
              id="c-phone"
              name="contactPhone"
              type="tel"
              dir="ltr"
              label={t("cases.form.phone")}
              autoComplete="tel"
              placeholder={account?.phone ?? "09xxxxxxxxx"}
              defaultValue={values.contactPhone}
              errors={fieldErrors(result, "contactPhone")}
            />
          </fieldset>
          {serverNearby?.length ? (
            <SubmitButton name="confirmNew" value="1">
              {t("cases.form.submitAnyway")}
            </SubmitButton>
          ) : (
            <SubmitButton>{t("cases.form.submit")}</SubmitButton>
          )}
        </AppForm>
      </div>
    </div>
  );
}

function NearbyCases({ cases: list, fromServer, hadPhotos }: { cases: NearbyView[]; fromServer: boolean; hadPhotos: boolean }) {
  const { t, date, number } = useI18n();
  if (list.length === 0) return fromServer ? null : <p className="mb-4 text-sm text-gray-700">{t("cases.nearby.none")}</p>;
  return (
    <section
      role={fromServer ? "alert" : "status"}
      aria-labelledby="nearby-title"
      className="mb-4 rounded-md border border-amber-700 bg-amber-50 p-3"
    >
      <h2 id="nearby-title" className="mb-1 text-lg font-bold">
        {t("cases.nearby.title")}
      </h2>
      <p className="mb-2">{t("cases.nearby.intro")}</p>
      {fromServer && hadPhotos ? <p className="mb-2 font-bold">{t("cases.form.reattach")}</p> : null}
      <ul className="grid gap-2">
        {list.map((c) => (
          <li key={c.reference} className="flex flex-wrap items-center justify-between gap-2 rounded border border-gray-300 bg-white p-2">
            <span>
              <StatusBadge status={c.status} />{" "}
              {t("cases.nearby.item", {
                code: c.reference,
                status: t(`cases.status.${c.status}`),
                distance: number(c.distanceMetres),
                date: date(c.createdAt),
                followers: number(c.followers),
              })}
            </span>
            <button type="submit" name="intent" value={`follow:${c.reference}`} className="btn-secondary" formNoValidate>
              {t("cases.nearby.follow", { code: c.reference })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
