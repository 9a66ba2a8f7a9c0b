import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

const NEAR_BOTTOM_PX = 48;
const NEAR_TOP_PX = 240;

interface ScrollInput {
  roomId: number;
  /** Keys of the first and last rows; a new first key means older rows were put above. */
  firstKey: string | undefined;
  lastKey: string | undefined;
  lastIsMine: boolean;
  canLoadOlder: boolean;
  onLoadOlder: () => void;
}

interface Snapshot {
  roomId: number | null;
  firstKey: string | undefined;
  lastKey: string | undefined;
  scrollHeight: number;
}

/**
 * Discord's scrolling: follow new rows while the reader is at the bottom, keep the rows in view still
 * when older ones are put above (the browser's scroll anchoring is off, so this is the only adjustment),
 * and otherwise leave the reader where they are and tell them there is something new.
 */
export function useChatScroll({ roomId, firstKey, lastKey, lastIsMine, canLoadOlder, onLoadOlder }: ScrollInput) {
  const listRef = useRef<HTMLDivElement>(null);
  const atBottomRef = useRef(true);
  const snapshot = useRef<Snapshot>({ roomId: null, firstKey: undefined, lastKey: undefined, scrollHeight: 0 });
  const [atBottom, setAtBottom] = useState(true);
  const [seenKey, setSeenKey] = useState(lastKey);
  const loadOlderRef = useRef({ canLoadOlder, onLoadOlder });

  useEffect(() => {
    loadOlderRef.current = { canLoadOlder, onLoadOlder };
  });

  const toBottom = useCallback((behavior: ScrollBehavior = "instant") => {
    const el = listRef.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior });
  }, []);

  /** Where our own scrolling left scrollTop: its scroll event is not the reader moving away. */
  const ownScrollTop = useRef<number | null>(null);

  const stickToBottom = useCallback((el: HTMLElement) => {
    el.scrollTop = el.scrollHeight;
    ownScrollTop.current = el.scrollTop;
    atBottomRef.current = true;
  }, []);

  // After every commit, not only when the keys change: the height remembered for the next commit must
  // be the one right before that commit's rows are put in.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const before = snapshot.current;
    if (before.roomId !== roomId) {
      stickToBottom(el);
    } else if (firstKey !== before.firstKey && lastKey === before.lastKey && before.firstKey !== undefined) {
      el.scrollTop += el.scrollHeight - before.scrollHeight;
    } else if (lastKey !== before.lastKey && (atBottomRef.current || lastIsMine)) {
      stickToBottom(el);
    } else if (atBottomRef.current && el.scrollHeight !== before.scrollHeight) {
      stickToBottom(el);
    }
    snapshot.current = { roomId, firstKey, lastKey, scrollHeight: el.scrollHeight };
    // A short room does not scroll, so no scroll event would ever ask for the page before it.
    if (el.scrollHeight <= el.clientHeight && loadOlderRef.current.canLoadOlder) loadOlderRef.current.onLoadOlder();
  });

  // The composer grows, the keyboard opens, fonts load: keep the last row in sight if it was.
  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (atBottomRef.current) stickToBottom(el);
    });
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  }, [stickToBottom]);

  const onScroll = useCallback(() => {
    const el = listRef.current;
    if (!el) return;
    const own = ownScrollTop.current !== null && Math.abs(el.scrollTop - ownScrollTop.current) <= 1;
    ownScrollTop.current = null;
    // Rows may have grown between our scroll and its event; it was still ours, and we were at the bottom.
    const bottom = own || el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM_PX;
    atBottomRef.current = bottom;
    setAtBottom(bottom);
    if (bottom) setSeenKey(snapshot.current.lastKey);
    if (el.scrollTop <= NEAR_TOP_PX && loadOlderRef.current.canLoadOlder) loadOlderRef.current.onLoadOlder();
  }, []);

  const hasUnseen = !atBottom && lastKey !== seenKey;
  return { listRef, onScroll, atBottom, hasUnseen, toBottom };
}
