"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

export function SubmitButton({ children }: { children: ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className="mt-2 h-11 w-full rounded-[3px] bg-blurple font-medium text-white transition-colors hover:bg-blurple-hover disabled:cursor-wait disabled:opacity-70"
    >
      {children}
    </button>
  );
}
