// /map/cases/<reference> — a case's public card: reference, category, status with the dates of its
// history, region, the city's public answer, the follower count. "I have this too" follows the
// case (cases.followCase: signed in, or with an email or phone); "Report something here" opens the
// report form at the case's (public) point. Public fields only (cases.publicCase).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { InputField } from "~/components/fields";
import { AppForm, FormMessage, SubmitButton, fieldErrors, type ActionResult } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/components/meta";
import * as cases from "~/modules/cases";
import { isSignedIn } from "~/modules/identity";
import { contextOf, formAction, formValues } from "~/platform/http.server";
import { encodeMessage } from "~/platform/i18n";

export const meta = pageTitle("cases.map.title");

async function cardOf(reference: string | undefined) {
  const card = await cases.publicCase(reference ?? "");
  if (!card) throw data({ message: encodeMessage("error.notFoundRecord") }, { status: 404 });
  return card;
}

export async function loader(args: LoaderFunctionArgs) {
  const ctx = await contextOf(args);
  const card = await cardOf(args.params.reference);
  return { card, signedIn: isSignedIn(ctx.viewer) };
}

export async function action(args: ActionFunctionArgs) {
  const ctx = await contextOf(args);
  return formAction(async () => {
    const card = await cardOf(args.params.reference);
    const values = await formValues(args.request);
    const followed = await cases.followCase(ctx, {
      contactEmail: values.contactEmail,
      contactPhone: values.contactPhone,
      code: card.reference,
    });
    // An address other than the account's own verified email is asked first (a link was sent).
    return {
      message: encodeMessage(followed.confirmationSent ? "cases.followConfirmSent" : "cases.followed", { code: followed.reference }),
    };
  });
}

export default function PublicCaseCard() {
  const { card, signedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, date, name, number } = useI18n();
  const dates = [
    ["cases.map.registered", card.registeredAt],
    ["cases.map.referred", card.referredAt],
    ["cases.map.answered", card.answeredAt],
    ["cases.map.closed", card.closedAt],
  ] as const;
  const open = card.status === "open";
  const reportHere = `/cases/new?${new URLSearchParams({ latitude: String(card.lat), longitude: String(card.lng) })}`;

  return (
    <article className="grid max-w-3xl gap-6">
      <p>
        <Link className="link" to="/map">
          {t("cases.map.back")}
        </Link>
      </p>
      <h1 className="text-3xl font-bold">{t("cases.map.cardTitle", { reference: card.reference })}</h1>
      <dl className="card grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-bold">{t("cases.map.category")}</dt>
        <dd>{name(card.category)}</dd>
        <dt className="font-bold">{t("cases.map.status")}</dt>
        <dd data-public-status={card.status}>{t(`cases.map.bucket.${card.status}`)}</dd>
        {card.region ? (
          <>
            <dt className="font-bold">{t("cases.map.region")}</dt>
            <dd>{name(card.region)}</dd>
          </>
        ) : null}
        {dates.map(([key, at]) =>
          at ? (
            <div key={key} className="contents">
              <dt className="font-bold">{t(key)}</dt>
              <dd>{date(at)}</dd>
            </div>
          ) : null,
        )}
        <dt className="font-bold">{t("cases.map.followersLabel")}</dt>
        <dd data-followers={card.followers}>{t("cases.map.followers", { count: card.followers })}</dd>
      </dl>
      {card.approximate ? <p className="text-sm text-gray-700">{t("cases.map.approximate")}</p> : null}
      <section aria-labelledby="card-answer">
        <h2 id="card-answer" className="mb-2 text-xl font-bold">
          {t("cases.map.answer")}
        </h2>
        {card.answer ? (
          <p className="whitespace-pre-line" dir="auto">
            {card.answer}
          </p>
        ) : (
          <p className="text-gray-700">{t("cases.map.noAnswer")}</p>
        )}
      </section>
      {card.photos?.length ? (
        <ul className="flex flex-wrap gap-2" aria-label={t("cases.view.photos")}>
          {card.photos.map((id, i) => (
            <li key={id}>
              <img
                src={`/media/${id}`}
                alt={t("cases.view.photo", { n: number(i + 1) })}
                className="h-40 rounded border border-gray-300 object-cover"
                loading="lazy"
              />
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="card-metoo" className="card">
        <h2 id="card-metoo" className="mb-2 text-xl font-bold">
          {t("cases.map.metoo")}
        </h2>
        <FormMessage result={result} />
        {open ? (
          <AppForm>
            <p className="mb-3">{t("cases.map.metooHint")}</p>
            {signedIn ? null : (
              <div className="grid gap-x-4 sm:grid-cols-2">
                <InputField
                  id="m-email"
                  name="contactEmail"
                  type="email"
                  autoComplete="email"
                  label={t("cases.map.email")}
                  errors={fieldErrors(result, "contactEmail")}
                />
                <InputField
                  id="m-phone"
                  name="contactPhone"
                  type="tel"
                  autoComplete="tel"
                  dir="ltr"
                  label={t("cases.map.phone")}
                  errors={fieldErrors(result, "contactPhone") ?? fieldErrors(result, "contact")}
                />
              </div>
            )}
            <SubmitButton>{t("cases.map.metoo")}</SubmitButton>
          </AppForm>
        ) : (
          <p>{t("cases.map.metooClosed")}</p>
        )}
      </section>
      <p>
        <Link className="btn-secondary" to={reportHere}>
          {t("cases.map.reportHere")}
        </Link>
      </p>
    </article>
  );
}
