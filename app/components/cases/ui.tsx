// Pieces of the case pages: status badges, the category and region choosers, the history list,
// and the citizen's view of a case (with rating and reopening forms).
import type { ReactNode } from "react";
import { FormMessage, AppForm, fieldErrors, HintAndErrors, SubmitButton, type ActionResult } from "~/components/forms";
import { SelectField, TextAreaField } from "~/components/fields";
import { useI18n } from "~/components/i18n";
import { isOpenStatus, LIMITS, type CaseStatus } from "~/modules/cases/public";
import { unitName, type Unit } from "~/modules/cases/public";

type Named = { nameFa: string; nameEn: string };
export type UnitView = Unit | null;

export function useNames() {
  const { locale, name } = useI18n();
  return {
    name: (n: Named | null | undefined) => name(n) ?? "",
    unit: (u: UnitView) => unitName(u, locale),
  };
}

/** The status in words inside a bordered badge (never colour alone). */
export function StatusBadge({ status, overdue = false }: { status: CaseStatus; overdue?: boolean }) {
  const { t } = useI18n();
  const open = isOpenStatus(status);
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span
        className={`rounded border px-2 py-0.5 text-sm ${open ? "border-amber-700 bg-amber-50 text-amber-950" : "border-emerald-800 bg-emerald-50 text-emerald-950"}`}
      >
        {t(`cases.status.${status}`)}
      </span>
      {overdue ? (
        <span className="rounded border border-red-800 bg-red-50 px-2 py-0.5 text-sm text-red-900">{t("cases.view.overdue")}</span>
      ) : null}
    </span>
  );
}

export type CategoryOption = Named & { id: number; parentId: number | null; children?: CategoryOption[] };

/** Leaf categories grouped under their parents (optgroups), as the form needs one leaf. */
export function CategorySelect({
  id,
  categories,
  defaultValue,
  errors,
  required = true,
  onChange,
}: {
  id: string;
  categories: CategoryOption[];
  defaultValue?: string | number;
  errors?: string[];
  required?: boolean;
  onChange?: (value: string) => void;
}) {
  const { t } = useI18n();
  const { name } = useNames();
  return (
    <SelectField
      id={id}
      name="categoryId"
      label={t("cases.form.category")}
      defaultValue={defaultValue ?? ""}
      required={required}
      errors={errors}
      onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}
    >
      <option value="">{t("cases.form.chooseCategory")}</option>
      {categories.map((top) =>
        top.children?.length ? (
          <optgroup key={top.id} label={name(top)}>
            {top.children.map((c) => (
              <option key={c.id} value={c.id}>
                {name(c)}
              </option>
            ))}
          </optgroup>
        ) : (
          <option key={top.id} value={top.id}>
            {name(top)}
          </option>
        ),
      )}
    </SelectField>
  );
}

export function RegionSelect({
  id,
  regions,
  name = "regionId",
  label,
  defaultValue,
  errors,
  anyLabel,
}: {
  id: string;
  regions: (Named & { id: number })[];
  name?: string;
  label: string;
  defaultValue?: string | number | null;
  errors?: string[];
  anyLabel?: string;
}) {
  const { t, number } = useI18n();
  const names = useNames();
  return (
    <SelectField id={id} name={name} label={label} defaultValue={defaultValue ?? ""} errors={errors}>
      <option value="">{anyLabel ?? t("cases.form.chooseRegion")}</option>
      {regions.map((r) => (
        <option key={r.id} value={r.id}>
          {number(r.id)} — {names.name(r)}
        </option>
      ))}
    </SelectField>
  );
}

type HistoryView = {
  id: string;
  kind: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus | null;
  unit: UnitView;
  note: string | null;
  public: boolean;
  createdAt: string | Date;
  actorName?: string | null;
};

export function CaseHistory({ history, staff = false }: { history: HistoryView[]; staff?: boolean }) {
  const { t, has, date } = useI18n();
  const { unit } = useNames();
  const kind = (k: string) => {
    const key = `cases.event.${k}`;
    return has(key) ? t(key) : k;
  };
  return (
    <ol className="grid gap-3 border-s-2 border-emerald-800 ps-4">
      {history.map((e) => (
        <li key={e.id}>
          <p className="font-bold">
            {kind(e.kind)}
            {e.toStatus && e.toStatus !== e.fromStatus ? <> — {t(`cases.status.${e.toStatus}`)}</> : null}
          </p>
          <p className="text-sm text-gray-700">
            <time dateTime={new Date(e.createdAt).toISOString()}>{date(e.createdAt, true)}</time>
            {unit(e.unit) ? <> · {unit(e.unit)}</> : null}
            {staff && e.actorName ? <> · {e.actorName}</> : null}
            {staff && !e.public ? <> · {t("cases.event.note")}</> : null}
          </p>
          {e.note && e.kind !== "registered" ? <p className="whitespace-pre-wrap">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">{children}</dl>;
}
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-bold">{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export type CitizenCaseView = {
  /** The tracking code: the reporter's only (null in a follower's view). */
  code: string | null;
  reference: string;
  relation: "reported" | "following";
  status: CaseStatus;
  description: string | null;
  address: string | null;
  createdAt: string | Date;
  dueAt: string | Date;
  overdueAt: string | Date | null;
  answer: string | null;
  answeredAt: string | Date | null;
  answeredBy: UnitView;
  unit: UnitView;
  category: Named;
  rating: number | null;
  mergedIntoReference: string | null;
  referredOnTo: string | null;
  canRate: boolean;
  canReopen: boolean;
  photos: string[];
  history: HistoryView[];
};

/**
 * A case as a citizen sees it: whole for the reporter; for a follower the public view (no message,
 * address or photos — the module leaves them out). `access` goes back with the rating/reopen forms (tracking code +
 * contact for visitors without an account; nothing extra when signed in).
 */
export function CitizenCase({
  c,
  access,
  result,
}: {
  c: CitizenCaseView;
  access: Record<string, string>;
  result?: (ActionResult & { intent?: string }) | null;
}) {
  const { t, date, number } = useI18n();
  const { name, unit } = useNames();
  const hidden = Object.entries(access).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);
  const rateResult = result?.intent === "rate" ? result : undefined;
  const reopenResult = result?.intent === "reopen" ? result : undefined;
  return (
    <article className="grid gap-6" aria-labelledby="case-title">
      <header className="grid gap-2">
        <h1 id="case-title" className="text-3xl font-bold">
          {t("cases.view.title", { code: c.code ?? c.reference })}
        </h1>
        <StatusBadge status={c.status} overdue={!!c.overdueAt} />
        {c.relation === "following" ? <p data-testid="following-note">{t("cases.view.following")}</p> : null}
      </header>
      {c.mergedIntoReference ? (
        <p role="note" className="card">
          {t("cases.view.mergedInto", { code: c.mergedIntoReference })}
        </p>
      ) : null}
      <section className="card" aria-labelledby="answer-title">
        <h2 id="answer-title" className="mb-2 text-xl font-bold">
          {t("cases.view.answer")}
        </h2>
        {c.answer ? (
          <>
            <p className="whitespace-pre-wrap">{c.answer}</p>
            {c.answeredAt ? (
              <p className="mt-2 text-sm text-gray-700">
                {t("cases.view.answeredBy", { unit: unit(c.answeredBy) || "—", date: date(c.answeredAt) })}
              </p>
            ) : null}
          </>
        ) : (
          <p>{c.referredOnTo ? t("cases.view.referredOnTo", { body: c.referredOnTo }) : t("cases.view.noAnswer")}</p>
        )}
      </section>
      {c.canRate ? (
        <section className="card" aria-labelledby="rate-title">
          <h2 id="rate-title" className="mb-2 text-xl font-bold">
            {t("cases.rate.title")}
          </h2>
          <FormMessage result={rateResult} />
          <AppForm>
            {hidden}
            <input type="hidden" name="intent" value="rate" />
            <fieldset className="mb-4" aria-describedby={fieldErrors(rateResult, "rating") ? "rating-error" : undefined}>
              <legend className="mb-1 font-bold">{t("cases.rate.rating")}</legend>
              {([5, 4, 3, 2, 1] as const).map((n) => (
                <label key={n} className="me-4 inline-flex items-center gap-1">
                  <input type="radio" name="rating" value={n} required /> {t(`cases.rate.${n}`)}
                </label>
              ))}
              <HintAndErrors id="rating" name="rating" errors={fieldErrors(rateResult, "rating")} />
            </fieldset>
            <TextAreaField
              id="rate-comment"
              name="comment"
              label={t("cases.rate.comment")}
              maxLength={LIMITS.comment}
              rows={3}
              errors={fieldErrors(rateResult, "comment")}
            />
            <SubmitButton>{t("cases.rate.submit")}</SubmitButton>
          </AppForm>
        </section>
      ) : rateResult?.ok ? (
        <FormMessage result={rateResult} />
      ) : null}
      {c.canReopen ? (
        <section className="card" aria-labelledby="reopen-title">
          <h2 id="reopen-title" className="mb-2 text-xl font-bold">
            {t("cases.reopen.title")}
          </h2>
          <p className="mb-3">{t("cases.reopen.intro", { days: LIMITS.reopenDays })}</p>
          <FormMessage result={reopenResult} />
          <AppForm>
            {hidden}
            <input type="hidden" name="intent" value="reopen" />
            <TextAreaField
              id="reopen-reason"
              name="reason"
              label={t("cases.reopen.reason")}
              required
              maxLength={LIMITS.reason}
              rows={3}
              errors={fieldErrors(reopenResult, "reason")}
            />
            <SubmitButton className="btn-secondary">{t("cases.reopen.submit")}</SubmitButton>
          </AppForm>
        </section>
      ) : reopenResult?.ok ? (
        <FormMessage result={reopenResult} />
      ) : null}
      <section className="card">
        <Facts>
          <Fact label={t("cases.view.reference")}>
            <span dir="ltr" className="font-mono" data-testid="case-reference">
              {c.reference}
            </span>
          </Fact>
          <Fact label={t("cases.view.category")}>{name(c.category)}</Fact>
          <Fact label={t("cases.view.unit")}>{unit(c.unit) || "—"}</Fact>
          <Fact label={t("cases.view.registeredAt")}>{date(c.createdAt, true)}</Fact>
          <Fact label={t("cases.view.dueAt")}>{date(c.dueAt, true)}</Fact>
          {c.address ? <Fact label={t("cases.view.address")}>{c.address}</Fact> : null}
          {c.rating ? <Fact label={t("cases.view.rating")}>{t("cases.view.ratingValue", { rating: number(c.rating) })}</Fact> : null}
        </Facts>
        {c.description !== null ? (
          <>
            <h2 className="mt-4 mb-1 font-bold">{t("cases.view.description")}</h2>
            <p className="whitespace-pre-wrap">{c.description}</p>
          </>
        ) : null}
        {c.photos.length ? (
          <ul className="mt-3 flex flex-wrap gap-2" aria-label={t("cases.view.photos")}>
            {c.photos.map((id, i) => (
              <li key={id}>
                <img
                  src={`/media/${id}`}
                  alt={t("cases.view.photo", { n: number(i + 1) })}
                  className="h-32 rounded border border-gray-300 object-cover"
                  loading="lazy"
                />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title" className="mb-3 text-xl font-bold">
          {t("cases.view.history")}
        </h2>
        <CaseHistory history={c.history} />
      </section>
    </article>
  );
}
