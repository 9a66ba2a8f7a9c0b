import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { pageTitle } from "@/lib/client/room-param";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Discock", template: pageTitle("%s") },
  description: "Общение в реальном времени с людьми из разных городов",
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

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#313338",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
