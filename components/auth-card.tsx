import type { ReactNode } from "react";

export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-[radial-gradient(ellipse_at_top,#404eed_0%,#23272a_60%)] p-4">
      <section
        aria-labelledby="auth-title"
        className="w-full max-w-[480px] rounded-md bg-canvas p-6 shadow-2xl shadow-black/40 sm:p-8"
      >
        {/* White on blurple: blurple text on the card's grey is too faint to read (axe color-contrast). */}
        <p className="mb-6 text-center">
          <span className="rounded-[3px] bg-blurple py-1 pr-1.5 pl-2 text-sm font-extrabold tracking-[0.3em] text-white uppercase">Discock</span>
        </p>
        <h1 id="auth-title" className="text-center text-2xl font-semibold text-ink-strong">
          {title}
        </h1>
        <p className="mt-2 mb-5 text-center text-muted">{subtitle}</p>
        {children}
        {footer ? <div className="mt-6 flex justify-end border-t border-line pt-4">{footer}</div> : null}
      </section>
    </main>
  );
}
