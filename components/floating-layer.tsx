"use client";

import { useEffect, useLayoutEffect, useRef, type HTMLAttributes, type ReactNode } from "react";
import { createPortal } from "react-dom";

/** Where a layer opens: beside an element, or at a point (a right-click). */
export type Anchor = HTMLElement | { x: number; y: number };

type Placement = "below" | "above" | "beside";

const MARGIN = 8;
const PHONE = "(max-width: 47.99rem)";

interface FloatingLayerProps extends Omit<HTMLAttributes<HTMLDivElement>, "children"> {
  anchor: Anchor;
  /**
   * Menus and pickers open below an element, its right edges aligned; a tooltip sits above it, centred; a card
   * about a person opens beside the name, on its right if it fits there, else on its left.
   */
  placement?: Placement;
  /** A press outside, an Escape nothing inside took, or a resize: the owner closes the layer and places focus. */
  onDismiss?: () => void;
  /** On phones the layer is a sheet along the bottom edge, within reach of a thumb. */
  sheetOnPhones?: boolean;
  children: ReactNode;
}

function anchorRect(anchor: Anchor): DOMRect {
  return anchor instanceof HTMLElement ? anchor.getBoundingClientRect() : new DOMRect(anchor.x, anchor.y, 0, 0);
}

/**
 * On the preferred side of the anchor when it fits there, else on the other; right-aligned with an element (a
 * tooltip centred on it), rightwards from a point; always inside the window.
 */
function place(layer: HTMLElement, anchor: Anchor, placement: Placement, sheet: boolean) {
  const { style } = layer;
  if (sheet) {
    Object.assign(style, { left: "0px", right: "0px", bottom: "0px", top: "auto" });
    return;
  }
  const box = anchorRect(anchor);
  const { width, height } = layer.getBoundingClientRect();
  if (placement === "beside") {
    const right = box.right + MARGIN;
    const left = right + width + MARGIN <= window.innerWidth ? right : box.left - MARGIN - width;
    const top = Math.min(box.top, window.innerHeight - height - MARGIN);
    Object.assign(style, { left: `${Math.max(MARGIN, left)}px`, top: `${Math.max(MARGIN, top)}px` });
    return;
  }
  const below = box.bottom + 4;
  const above = box.top - 4 - height;
  const fitsBelow = below + height + MARGIN <= window.innerHeight;
  const top = placement === "above" ? (above >= MARGIN || !fitsBelow ? above : below) : fitsBelow ? below : above;
  const start = !(anchor instanceof HTMLElement) ? box.left : placement === "above" ? box.left + (box.width - width) / 2 : box.right - width;
  const left = Math.min(start, window.innerWidth - width - MARGIN);
  Object.assign(style, { left: `${Math.max(MARGIN, left)}px`, top: `${Math.max(MARGIN, top)}px` });
}

/**
 * A layer over the page (a menu, the emoji picker, a tooltip), rendered at the end of <body>: inside the message
 * log it would be clipped by its scrolling, and announced by its live region as a new message.
 */
export function FloatingLayer({ anchor, placement = "below", onDismiss, sheetOnPhones = false, className = "", children, ...rest }: FloatingLayerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const dismissRef = useRef(onDismiss);

  useEffect(() => {
    dismissRef.current = onDismiss;
  });

  useLayoutEffect(() => {
    const layer = ref.current;
    if (!layer) return;
    const placeLayer = () => place(layer, anchor, placement, sheetOnPhones && window.matchMedia(PHONE).matches);
    placeLayer();
    // A layer whose content arrives later (a profile card loading) grows after it was placed, maybe past the edge.
    const resized = new ResizeObserver(placeLayer);
    resized.observe(layer);
    return () => resized.disconnect();
  }, [anchor, placement, sheetOnPhones]);

  useEffect(() => {
    if (!dismissRef.current) return;
    const dismiss = () => dismissRef.current?.();
    const onPointerDown = (event: PointerEvent) => {
      if (!(event.target instanceof Node && ref.current?.contains(event.target))) dismiss();
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("resize", dismiss);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("resize", dismiss);
    };
  }, []);

  return createPortal(
    <div
      ref={ref}
      {...rest}
      onKeyDown={(event) => {
        rest.onKeyDown?.(event);
        if (event.key === "Escape" && !event.defaultPrevented && onDismiss) {
          event.preventDefault();
          onDismiss();
        }
      }}
      className={`fixed z-40 ${className}`}
    >
      {children}
    </div>,
    document.body,
  );
}
