// The reactions a message carries now, under its bubble: the customer's
// and the team's, as WhatsApp shows them.
import { useTranslation } from "react-i18next";
import { cn } from "@/lib/utils";
import type { Reactions } from "./reactions";

export function ReactionChips({ reactions, out }: { reactions?: Reactions; out: boolean }) {
  const { t } = useTranslation();
  const chips = (["theirs", "ours"] as const).filter((side) => reactions?.[side]);
  if (chips.length === 0) return null;
  return (
    <div data-testid="reactions" className={cn("-mt-2 flex gap-1 px-2", out ? "justify-end" : "justify-start")}>
      {chips.map((side) => {
        const label = t(`inboxPage.messageActions.${side}`, { emoji: reactions![side] });
        return (
          <span key={side} data-side={side} role="img" aria-label={label} title={label} className="rounded-full border border-border bg-card px-1.5 text-sm leading-6 shadow-xs">
            {reactions![side]}
          </span>
        );
      })}
    </div>
  );
}
