import { useState, type FormEvent } from "react";

type Errors = Record<string, string>;

const NONE: ReadonlySet<string> = new Set();

/**
 * The server's errors for a submitted form, each hidden as soon as its field is edited into a value
 * `problems` accepts. `problems` sees the whole form, so a check spanning two fields (matching passwords)
 * clears only when both agree; a check only the server can make (a taken name) clears on the first edit.
 */
export function useFieldErrors(server: Errors | undefined, problems: (values: Record<string, string>) => Errors) {
  const [fixed, setFixed] = useState<{ of: Errors | undefined; names: ReadonlySet<string> }>({ of: server, names: NONE });
  // A new submission answers with a new object: what was fixed before says nothing about it.
  const names = fixed.of === server ? fixed.names : NONE;
  const errors = Object.fromEntries(Object.entries(server ?? {}).filter(([name]) => !names.has(name)));

  function onInput(event: FormEvent<HTMLFormElement>) {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !server?.[field.name]) return;
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(event.currentTarget)) if (typeof value === "string") values[name] = value;
    const ok = !problems(values)[field.name];
    const next = new Set(names);
    if (ok) next.add(field.name);
    else next.delete(field.name);
    setFixed({ of: server, names: next });
  }

  return { errors, onInput };
}
