// Form pieces with accessible, translated, per-field errors (the fields themselves: fields.tsx;
// errors read with `fieldErrors`, shown by HintAndErrors; results shown by FormMessage). Forms post to Remix actions and work
// without JavaScript; `noValidate` keeps the browser's own (untranslated) bubbles out of the way.
import { Form, useNavigation, type FormProps } from "@remix-run/react";
import type { ReactNode } from "react";
import { useI18n } from "./i18n";

export type ActionResult =
  { ok: false; formError?: string; fieldErrors?: Record<string, string[]> } | { ok: true; message?: string; [k: string]: unknown };

export function AppForm({ children, ...props }: FormProps & { children: ReactNode }) {
  return (
    <Form method="post" noValidate {...props}>
      {children}
    </Form>
  );
}

export function describedBy(id: string, hint?: string, errors?: string[]) {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A field's hint and translated errors, linked to the input by `${id}-hint` / `${id}-error`. */
export function HintAndErrors({ id, name, hint, errors }: { id: string; name?: string; hint?: string; errors?: string[] }) {
  const { tm } = useI18n();
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-gray-700">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-bold text-red-800" data-field-error={name}>
          {errors.map(tm).join(" ")}
        </p>
      ) : null}
    </>
  );
}

/**
 * The one result component of every form: a form's own error (and any listed field errors it
 * should sum up) as role=alert, or its confirmation as role=status; nothing otherwise.
 */
export function FormMessage({ result, errors = [], id }: { result?: ActionResult | null; errors?: string[] | null; id?: string }) {
  const { tm } = useI18n();
  const failures = [...new Set([...(result && !result.ok && result.formError ? [result.formError] : []), ...(errors ?? [])])];
  if (failures.length) {
    return (
      <div id={id} role="alert" className="mb-4 rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
        {failures.length === 1 ? (
          <p>{tm(failures[0])}</p>
        ) : (
          <ul className="list-disc ps-5">
            {failures.map((m) => (
              <li key={m}>{tm(m)}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (result?.ok && result.message) {
    return (
      <div id={id} role="status" className="mb-4 rounded-md border border-emerald-700 bg-emerald-50 p-3 text-emerald-900">
        {tm(result.message)}
      </div>
    );
  }
  return null;
}

export function SubmitButton({
  children,
  className = "btn",
  name,
  value,
}: {
  children: ReactNode;
  className?: string;
  name?: string;
  value?: string;
}) {
  const navigation = useNavigation();
  return (
    <button type="submit" className={className} name={name} value={value} disabled={navigation.state === "submitting"}>
      {children}
    </button>
  );
}

export function fieldErrors(result: ActionResult | undefined | null, name: string) {
  return result && !result.ok ? result.fieldErrors?.[name] : undefined;
}
