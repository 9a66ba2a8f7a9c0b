import type { Config } from "tailwindcss";

/**
 * The design tokens: Discord's dark palette and its type. Every colour utility (`bg-canvas`, `text-muted`…) and
 * every `--theme(--color-*)` in app/globals.css comes from here. Radii and spacing are Tailwind's defaults;
 * overrides belong here too.
 */
const config: Config = {
  theme: {
    extend: {
      colors: {
        canvas: "#313338",
        panel: "#2b2d31",
        deep: "#1e1f22",
        line: "#3f4147",
        ink: { DEFAULT: "#dbdee1", strong: "#f2f3f5" },
        muted: "#949ba4",
        blurple: { DEFAULT: "#5865f2", hover: "#4752c4" },
        link: "#00a8fc",
        danger: { DEFAULT: "#fa777c", strong: "#da373c", "strong-hover": "#a12828" },
        online: "#23a55a",
        warning: "#f0b232",
      },
      fontFamily: {
        sans: ['"gg sans"', '"Noto Sans"', '"Helvetica Neue"', "Helvetica", "Arial", "sans-serif"],
      },
    },
  },
};

export default config;
