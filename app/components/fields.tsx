// Labelled form fields with explicit ids (pages with one form per row must not repeat ids), a hint
// and the field's translated errors wired to aria-describedby.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { describedBy, HintAndErrors } from "~/components/forms";

type FieldProps = { id: string; label: string; hint?: string; errors?: string[] };

export function InputField({ id, label, hint, errors, className = "mb-4", ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <input
        id={id}
        className="input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
      <HintAndErrors id={id} name={input.name} hint={hint} errors={errors} />
    </div>
  );
}

export function TextAreaField({ id, label, hint, errors, ...input }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <textarea
        id={id}
        className="input"
        rows={4}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
      <HintAndErrors id={id} name={input.name} hint={hint} errors={errors} />
    </div>
  );
}

export function SelectField({
  id,
  label,
  hint,
  errors,
  children,
  ...input
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1 block font-bold">
        {label}
      </label>
      <select
        id={id}
        className="input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      >
        {children}
      </select>
      <HintAndErrors id={id} name={input.name} hint={hint} errors={errors} />
    </div>
  );
}
