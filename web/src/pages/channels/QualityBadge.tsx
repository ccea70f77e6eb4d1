import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";

// Meta's quality ratings (a template's, a number's), each with how alarming it looks.
const qualityVariant = { GREEN: "success", YELLOW: "warning", RED: "destructive", UNKNOWN: "outline" } as const;

/** QualityBadge shows a quality rating from Meta (GREEN, YELLOW, RED; anything else is not rated yet). */
export function QualityBadge({ quality, testId }: { quality: string | undefined; testId: string }) {
  const { t } = useTranslation();
  const q = quality !== undefined && Object.hasOwn(qualityVariant, quality) ? (quality as keyof typeof qualityVariant) : "UNKNOWN";
  return (
    <Badge variant={qualityVariant[q]} data-testid={testId} data-quality={q}>
      {t(`channelsPage.templates.quality.${q}`)}
    </Badge>
  );
}
