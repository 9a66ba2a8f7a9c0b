"use client";

import {
  Categories,
  CategoryNav,
  Empty,
  List,
  LoadError,
  Loading,
  Root,
  Search,
  SkinTone,
  Viewport,
  type EmojiData,
  type EmojiDataLoader,
  type PickerLabels,
} from "emoji-picker-react/primitives";
import { useLocale, useTranslations } from "next-intl";
import { withNamesFrom } from "@/lib/client/emoji-data";
import type { Locale } from "@/lib/i18n/locale";

// This module is loaded only when a picker first opens (next/dynamic), and the datasets only then too: the chat's
// first load carries neither. The primitives entry, unlike the default one, does not bundle the English dataset.

const load = (locale: Locale): Promise<EmojiData> =>
  locale === "ru" ? import("emoji-picker-react/data/emojis-ru").then((m) => m.default) : import("emoji-picker-react/data/emojis-en").then((m) => m.default);

/** At module scope: the picker loads again whenever its loader is a new function. */
const LOADERS: Record<Locale, EmojiDataLoader> = {
  ru: () => Promise.all([load("ru"), load("en")]).then(([reader, other]) => withNamesFrom(reader, other)),
  en: () => Promise.all([load("en"), load("ru")]).then(([reader, other]) => withNamesFrom(reader, other)),
};

/**
 * Named from the catalogue, as sentences («Смайлики и люди»): the datasets' names are lower case, made Title Case by
 * the picker. The library's own «suggested» row keeps recents per browser; ours are per account and shown above.
 */
const CATEGORIES = [
  Categories.SMILEYS_PEOPLE,
  Categories.ANIMALS_NATURE,
  Categories.FOOD_DRINK,
  Categories.TRAVEL_PLACES,
  Categories.ACTIVITIES,
  Categories.OBJECTS,
  Categories.SYMBOLS,
  Categories.FLAGS,
] as const;

function usePickerLabels(): Partial<PickerLabels> {
  const t = useTranslations("chat.picker");
  return {
    searchPlaceholder: t("search_placeholder"),
    searchLabel: t("search_label"),
    searchClear: t("clear"),
    searchResultsNone: t("results_none"),
    searchResultsOne: t("results_one"),
    searchResultsMany: t("results_many"),
    categoryNavigation: t("categories"),
    loading: t("loading"),
    loadingError: t("load_error"),
    retryLoading: t("retry"),
    skinToneNeutral: t("tone_neutral"),
    skinToneLight: t("tone_light"),
    skinToneMediumLight: t("tone_medium_light"),
    skinToneMedium: t("tone_medium"),
    skinToneMediumDark: t("tone_medium_dark"),
    skinToneDark: t("tone_dark"),
  };
}

/** emoji-picker-react with the system's own emoji (no images from a CDN), searchable in Russian and English. */
export default function EmojiPickerPanel({ onPick }: { onPick: (emoji: string) => void }) {
  const t = useTranslations("chat.picker");
  const locale = useLocale();
  return (
    <Root
      appearance="default"
      colorScheme="dark"
      emojiStyle="native"
      emojiData={LOADERS[locale]}
      categories={CATEGORIES.map((category) => ({ category, name: t(`category.${category}`) }))}
      labels={usePickerLabels()}
      autoFocusSearch
      keepSearchFocus
      onEmojiClick={(data) => onPick(data.emoji)}
      className="emoji-picker h-[min(22rem,50dvh)] w-full"
    >
      <Search>
        <SkinTone />
      </Search>
      <CategoryNav />
      <Viewport>
        <List />
        <Empty />
        <Loading />
        <LoadError />
      </Viewport>
    </Root>
  );
}
