// Form pieces with accessible, translated, per-field errors. Forms post to Remix actions and work
// without JavaScript; `noValidate` keeps the browser's own (untranslated) bubbles out of the way.
import { Form, useNavigation, type FormProps } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useI18n } from "./i18n";

export type ActionResult = { ok: false; formError?: string; fieldErrors?: Record<string, string[]> } | { ok: true; message?: string; [k: string]: unknown };

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

export function Field({
  name,
  label,
  hint,
  errors,
  ...input
}: { name: string; label: string; hint?: string; errors?: string[] } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `f-${name}`;
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <input id={id} name={name} className="input" aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, hint, errors)} {...input} />
      <HintAndErrors id={id} name={name} hint={hint} errors={errors} />
    </div>
  );
}

export function FormMessage({ result }: { result?: ActionResult | null }) {
  const { tm } = useI18n();
  if (!result) return null;
  if (!result.ok && result.formError) {
    return (
      <div role="alert" className="mb-4 rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
        {tm(result.formError)}
      </div>
    );
  }
  if (result.ok && result.message) {
    return (
      <div role="status" className="mb-4 rounded-md border border-emerald-700 bg-emerald-50 p-3 text-emerald-900">
        {tm(result.message)}
      </div>
    );
  }
  return null;
}

export function SubmitButton({ children, className = "btn", name, value }: { children: ReactNode; className?: string; name?: string; value?: string }) {
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
