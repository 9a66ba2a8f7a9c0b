import type { Parent, PhrasingContent } from "mdast";
import type { CompileContext, Extension as FromMarkdownExtension, Token as CompileToken } from "mdast-util-from-markdown";
import type { Code, Effects, Event, Extension, Resolver, State, Token, TokenizeContext } from "micromark-util-types";

/** `||hidden||`: Discord's spoiler, shown covered until the reader reveals it. */
export interface Spoiler extends Parent {
  type: "spoiler";
  children: PhrasingContent[];
}

declare module "mdast" {
  interface PhrasingContentMap {
    spoiler: Spoiler;
  }
  interface RootContentMap {
    spoiler: Spoiler;
  }
}

declare module "micromark-util-types" {
  interface TokenTypeMap {
    spoiler: "spoiler";
    spoilerSequence: "spoilerSequence";
    spoilerSequenceTemporary: "spoilerSequenceTemporary";
    spoilerText: "spoilerText";
  }
}

const BAR = 124;

/**
 * Two bars open or close a spoiler, three or more are text. Unlike emphasis, a spoiler may start or end next to a
 * space (`|| the end ||`), as on Discord; the nearest earlier opener closes, so spoilers never nest.
 * Shaped like micromark-extension-gfm-strikethrough, whose `~~` works the same way.
 */
export function spoilerSyntax(): Extension {
  const construct = { name: "spoiler", tokenize: tokenizeSpoiler, resolveAll: resolveAllSpoiler };
  return {
    text: { [BAR]: construct },
    insideSpan: { null: [construct] },
    attentionMarkers: { null: [BAR] },
  };
}

function tokenizeSpoiler(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const previous = this.previous;
  const escaped = this.events.at(-1)?.[1].type === "characterEscape";
  let size = 0;

  const more: State = (code: Code) => {
    if (code === BAR) {
      if (size === 2) return nok(code);
      effects.consume(code);
      size++;
      return more;
    }
    if (size < 2) return nok(code);
    effects.exit("spoilerSequenceTemporary");
    return ok(code);
  };

  return (code: Code) => {
    // The third bar of a run: the run as a whole is text, not a sequence followed by one more bar.
    if (previous === BAR && !escaped) return nok(code);
    effects.enter("spoilerSequenceTemporary");
    return more(code);
  };
}

/** Pairs each sequence with the nearest unpaired one before it; what stays unpaired is text. */
const resolveAllSpoiler: Resolver = (events, context) => {
  for (let index = 0; index < events.length; index++) {
    const closer = events[index];
    if (!closer || closer[0] !== "enter" || closer[1].type !== "spoilerSequenceTemporary") continue;
    let open = index - 1;
    while (open >= 0 && !(events[open]?.[0] === "exit" && events[open]?.[1].type === "spoilerSequenceTemporary")) open--;
    const opener = events[open];
    if (!opener) continue;
    opener[1].type = "spoilerSequence";
    closer[1].type = "spoilerSequence";
    const spoiler: Token = { type: "spoiler", start: { ...opener[1].start }, end: { ...closer[1].end } };
    const text: Token = { type: "spoilerText", start: { ...opener[1].end }, end: { ...closer[1].start } };
    const insideSpan = context.parser.constructs.insideSpan.null ?? [];
    let between = events.slice(open + 1, index);
    for (const construct of insideSpan) {
      if (construct.resolveAll && construct.resolveAll !== resolveAllSpoiler) between = construct.resolveAll(between, context);
    }
    const replacement: Event[] = [
      ["enter", spoiler, context],
      ["enter", opener[1], context],
      ["exit", opener[1], context],
      ["enter", text, context],
      ...between,
      ["exit", text, context],
      ["enter", closer[1], context],
      ["exit", closer[1], context],
      ["exit", spoiler, context],
    ];
    // The opener's enter event sits just before its exit; the closer's exit just after its enter.
    events.splice(open - 1, index - open + 3, ...replacement);
    index = open - 1 + replacement.length - 1;
  }
  for (const event of events) if (event[1].type === "spoilerSequenceTemporary") event[1].type = "data";
  return events;
};

export function spoilerFromMarkdown(): FromMarkdownExtension {
  return {
    canContainEols: ["spoiler"],
    enter: {
      spoiler(this: CompileContext, token: CompileToken) {
        this.enter({ type: "spoiler", children: [], data: { hName: "span", hProperties: { dataSpoiler: true } } }, token);
      },
    },
    exit: {
      spoiler(this: CompileContext, token: CompileToken) {
        this.exit(token);
      },
    },
  };
}
