// A message's own actions, beside its bubble: answer it (the composer
// quotes it) and, on a customer's message, react with an emoji. Shown on
// hover or keyboard focus, and always on touch screens, which cannot hover.
import { Reply, SmilePlus, X } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useReact, type Message } from "@/features/inbox";
import { cn } from "@/lib/utils";
import { reactionEmojis } from "./reactions";

type Props = {
  m: Message;
  can: { reply: boolean; react: boolean };
  /** ours is the team's reaction on the message now, if any. */
  ours?: string;
  onReply: (m: Message) => void;
};

export function MessageActions({ m, can, ours, onReply }: Props) {
  const { t } = useTranslation();
  const react = useReact(m.conversation_id);
  if (!can.reply && !can.react) return null;
  const send = (emoji: string) => react.mutate({ messageId: m.id, emoji });
  return (
    <div
      data-testid="message-actions"
      className="flex shrink-0 items-center gap-0.5 self-center opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100 has-[[data-state=open]]:opacity-100 [@media(hover:none)]:opacity-100"
    >
      {can.reply && (
        <Button variant="ghost" size="icon-sm" className="text-muted-foreground" aria-label={t("inboxPage.messageActions.reply")} title={t("inboxPage.messageActions.reply")} onClick={() => onReply(m)}>
          <Reply />
        </Button>
      )}
      {can.react && (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon-sm" className="text-muted-foreground" aria-label={t("inboxPage.messageActions.react")} title={t("inboxPage.messageActions.react")} loading={react.isPending}>
              {!react.isPending && <SmilePlus />}
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent className="min-w-0" align="start" data-testid="reaction-picker">
            <div className="flex gap-0.5">
              {reactionEmojis.map((e) => (
                <DropdownMenuItem
                  key={e}
                  className={cn("justify-center px-1.5 text-xl leading-none", e === ours && "bg-accent")}
                  aria-label={t("inboxPage.messageActions.reactWith", { emoji: e })}
                  aria-current={e === ours ? "true" : undefined}
                  onSelect={() => e !== ours && send(e)}
                >
                  {e}
                </DropdownMenuItem>
              ))}
            </div>
            {ours && (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem onSelect={() => send("")}>
                  <X /> {t("inboxPage.messageActions.removeReaction")}
                </DropdownMenuItem>
              </>
            )}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
    </div>
  );
}
