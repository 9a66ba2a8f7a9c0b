import { expect, type Locator } from "@playwright/test";

/** The smallest control a fingertip hits reliably (WCAG 2.5.5), in CSS px. */
export const MIN_TAP = 44;

/**
 * Chromium lays out in 1/64 px, but a box measured while the drawer slides in passes through a
 * transform and comes back as 43.99998; comparing at layout precision keeps that from failing.
 */
const atLayoutPrecision = (pixels: number) => Math.round(pixels * 64) / 64;

/** Every visible control inside `scope` smaller than a fingertip, by its accessible text. */
export function smallTapTargets(scope: Locator) {
  return scope.evaluate((root, min) => {
    const controls = root.querySelectorAll<HTMLElement>("button, a[href], input, textarea, [role='menuitem']");
    return [...controls]
      .filter((el) => el.checkVisibility({ visibilityProperty: true }))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      // The page cannot see atLayoutPrecision: evaluate() ships this function alone.
      .filter(({ box }) => Math.round(box.width * 64) / 64 < min || Math.round(box.height * 64) / 64 < min)
      .map(({ el, box }) => `${el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName}: ${box.width}×${box.height}`);
  }, MIN_TAP);
}

export async function expectTapSize(control: Locator) {
  const box = await control.boundingBox();
  expect(box, (await control.getAttribute("aria-label")) ?? "").not.toBeNull();
  expect(atLayoutPrecision(box?.width ?? 0)).toBeGreaterThanOrEqual(MIN_TAP);
  expect(atLayoutPrecision(box?.height ?? 0)).toBeGreaterThanOrEqual(MIN_TAP);
}
