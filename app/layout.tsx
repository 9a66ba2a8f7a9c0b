import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { pageTitle } from "@/lib/client/room-param";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Discock", template: pageTitle("%s") },
  description: "Общение в реальном времени с людьми из разных городов",
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
