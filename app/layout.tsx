import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { pageTitle } from "@/lib/client/room-param";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: "Discock", template: pageTitle("%s") },
    description: t("app_description"),
    applicationName: "Discock",
    manifest: "/manifest.webmanifest",
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "32x32" },
        { url: "/favicon.svg", type: "image/svg+xml" },
      ],
      apple: "/apple-touch-icon.png",
    },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#313338",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The server renders error sentences itself (lib/errors.ts), so the page need not carry them.
  const { common, auth, chat, members, settings } = await getMessages();
  return (
    <html lang={await getLocale()}>
      <body className="min-h-dvh">
        {/* Hands the request's language and the interface's sentences to every client component. */}
        <NextIntlClientProvider messages={{ common, auth, chat, members, settings }}>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
