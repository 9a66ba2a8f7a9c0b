import { useTranslations } from "next-intl";
import { useCallback } from "react";

/** A person's city as shown beside their name; an empty one is a city they chose not to give. */
export function useCityName(): (city: string) => string {
  const t = useTranslations("common");
  return useCallback((city) => city || t("city_unspecified"), [t]);
}
