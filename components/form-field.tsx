import type { InputHTMLAttributes } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  error?: string;
};

/** A labelled input whose error is announced with the label, as Discord shows it. `id` defaults to the name; a page with two fields of one name sets it. */
export function FormField({ id, name, label, error, required, ...input }: FieldProps) {
  const fieldId = id ?? name;
  const errorId = `${fieldId}-error`;
  return (
    <div className="mb-4">
      <label htmlFor={fieldId} className="mb-2 block text-xs font-bold tracking-wide text-muted uppercase">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-0.5 text-danger">
            *
          </span>
        ) : null}
      </label>
      <input
        id={fieldId}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="h-10 w-full rounded-[3px] bg-deep px-2.5 text-base text-ink-strong outline-none placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-link aria-invalid:ring-1 aria-invalid:ring-danger"
        {...input}
      />
      {error ? (
        <p id={errorId} className="mt-1.5 text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
