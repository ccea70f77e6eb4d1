// The composer: a reply (or, outside WhatsApp's 24-hour window, a
// template), or an internal note; "/" opens the canned responses.
import { FileText, MessageSquare, Paperclip, Send, StickyNote, X } from "lucide-react";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { StoredFile } from "@/api/client";
import { FilePick } from "@/components/common/FilePick";
import { discardFile, mediaKind, useCanned, useSend, useTemplates, useUpload, type Conversation, type Message, type ReplyInput } from "@/features/inbox";

type ReplyTemplate = NonNullable<ReplyInput["template"]>;
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { ReplyingTo } from "./ReplyingTo";
import { SmsCounter } from "@/components/common/SmsCounter";

type Mode = "reply" | "note";

/** templateVariables numbers the lines of the variables box: "1", "2", … */
export function templateVariables(text: string, names?: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((v, i) => (out[names?.[i] ?? String(i + 1)] = v));
  return out;
}

/** fillTemplate is a template's text with the values given so far; the others stay {{placeholders}}. */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (m, k: string) => vars[k] ?? m);
}

/** Composer writes in conversation c; replyTo is the message the agent chose to answer, quoted above the text. */
export function Composer({ c, replyTo = null, onCancelReply = () => {} }: { c: Conversation; replyTo?: Message | null; onCancelReply?: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>("reply");
  useEffect(() => {
    if (replyTo) setMode("reply"); // answering a message is a reply, not a note
  }, [replyTo]);
  const needsTemplate = mode === "reply" && c.channel === "whatsapp" && !c.window_open;
  const notice = mode === "reply" ? consentNotice(c) : "";
  const optedOut = notice === "opted_out";
  const marketingOut = notice === "marketing";
  return (
    <div className="border-t border-border bg-card px-3 pb-3 pt-2 sm:px-4" data-testid="composer">
      <div className="mb-2 flex items-center gap-1" role="tablist">
        <Tab active={mode === "reply"} onClick={() => setMode("reply")} icon={needsTemplate ? FileText : MessageSquare}>
          {needsTemplate ? t("inboxPage.composer.template") : t("inboxPage.composer.reply")}
        </Tab>
        <Tab active={mode === "note"} onClick={() => setMode("note")} icon={StickyNote}>
          {t("inboxPage.composer.noteTab")}
        </Tab>
        {c.channel === "whatsapp" && mode === "reply" && (
          <span className={cn("ml-auto truncate text-xs", c.window_open ? "text-muted-foreground" : "text-amber-700")} data-testid="window">
            {c.window_open
              ? t("inboxPage.composer.windowOpen", { time: formatDateTime(c.window_closes_at) })
              : t("inboxPage.composer.windowClosed")}
          </span>
        )}
      </div>
      {marketingOut && <MarketingOptedOut c={c} />}
      {optedOut ? (
        <OptedOut c={c} />
      ) : needsTemplate ? (
        <TemplateForm id={c.id} marketingOut={marketingOut} />
      ) : (
        <TextForm
          id={c.id}
          note={mode === "note"}
          attach={mode === "reply" ? attachmentsOf(c.channel) : null}
          maxLength={mode === "reply" && c.channel === "sms" ? 1600 : 4096}
          sms={mode === "reply" && c.channel === "sms"}
          replyTo={mode === "reply" ? replyTo : null}
          onCancelReply={onCancelReply}
        />
      )}
    </div>
  );
}

/** consentWord is what a consent's source says: the keyword texted ("keyword:PARAR" → "PARAR"), or the source itself. */
export function consentWord(source: string | undefined): string {
  return source?.startsWith("keyword:") ? source.slice("keyword:".length) : (source ?? "");
}

/**
 * consentNotice is what the composer tells of the contact's consent: "opted_out" when they opted out of the
 * channel (replies would be refused), "marketing" when they only stopped its marketing messages (replies and
 * utility templates still go; a marketing template would be refused), else "".
 */
export function consentNotice(c: Pick<Conversation, "consent">): "opted_out" | "marketing" | "" {
  if (c.consent?.reachable === false) return "opted_out";
  if (c.consent?.marketing?.reachable === false) return "marketing";
  return "";
}

/** MarketingOptedOut tells, above an open reply form, that the contact stopped the channel's marketing messages. */
function MarketingOptedOut({ c }: { c: Conversation }) {
  const { t } = useTranslation();
  const m = c.consent?.marketing;
  return (
    <p role="status" className="mb-2 rounded-md border border-amber-200 bg-amber-50/60 px-3 py-1.5 text-xs text-amber-900" data-testid="marketing-opted-out">
      {t("inboxPage.composer.marketingOptedOut", { word: consentWord(m?.source), time: formatDateTime(m?.at) })}
    </p>
  );
}

/** OptedOut takes the reply form's place when the contact opted out of the channel: replies would be refused. */
function OptedOut({ c }: { c: Conversation }) {
  const { t } = useTranslation();
  const consent = c.consent;
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="opted-out">
      {t("inboxPage.composer.optedOut", {
        channel: c.channel === "whatsapp" ? "WhatsApp" : c.channel === "sms" ? "SMS" : c.channel,
        word: consentWord(consent?.source),
        time: formatDateTime(consent?.at),
      })}
    </p>
  );
}

function Tab({ active, onClick, icon: Icon, children }: { active: boolean; onClick: () => void; icon: typeof Send; children: string }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      onClick={onClick}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-xs font-medium transition-colors",
        active ? "bg-accent text-primary" : "text-muted-foreground hover:bg-muted",
      )}
    >
      <Icon className="size-3.5" aria-hidden />
      {children}
    </button>
  );
}

/** Attached is a file chosen for the next reply: uploading, then stored. */
type Attached = { name: string; stored?: StoredFile };

/** Attachments is what a channel's replies may carry: the picker's accept, and the largest file. */
export type Attachments = { accept?: string; maxBytes?: number };

/**
 * attachmentsOf is what a reply on the channel may attach, or null: any file on WhatsApp; on SMS a photo of up to
 * 5 MB, sent as an MMS (the images every carrier shows; Twilio carries 5 MB).
 */
export function attachmentsOf(channel: string): Attachments | null {
  if (channel === "whatsapp") return {};
  if (channel === "sms") return { accept: "image/jpeg,image/png,image/gif", maxBytes: 5 * 1024 * 1024 };
  return null;
}

/** sms: the reply goes by SMS, so the form counts its parts. */
type TextFormProps = { id: string; note: boolean; attach: Attachments | null; maxLength: number; sms?: boolean; replyTo: Message | null; onCancelReply: () => void };

function TextForm({ id, note, attach: attachments, maxLength, sms = false, replyTo, onCancelReply }: TextFormProps) {
  const canAttach = attachments !== null;
  const { t } = useTranslation();
  const send = useSend(id);
  const upload = useUpload();
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (replyTo) box.current?.focus(); // the agent chose a message to answer: type the answer
  }, [replyTo]);
  const [text, setText] = useState("");
  const [file, setFile] = useState<Attached | null>(null);
  const withFile = canAttach && file !== null;
  const slash = !note && !withFile && text.startsWith("/") && !text.includes("\n");
  const canned = useCanned(text.slice(1), slash);
  const ready = withFile ? Boolean(file.stored) : Boolean(text.trim());
  const attach = (f: File | undefined) => {
    if (!f) return;
    if (attachments?.maxBytes && f.size > attachments.maxBytes) {
      toast.error(t("inboxPage.composer.fileTooLarge", { name: f.name, max: `${attachments.maxBytes / (1024 * 1024)} MB` }));
      return;
    }
    discardFile(file?.stored?.id); // the file it replaces
    setFile({ name: f.name });
    upload.mutate(f, {
      onSuccess: (stored) => setFile((cur) => (cur?.name === f.name ? { name: f.name, stored } : cur)),
      onError: () => setFile(null),
    });
  };
  const submit = () => {
    const v = text.trim();
    if (!ready || send.isPending) return;
    const body =
      withFile && file.stored
        ? {
            media: {
              type: mediaKind(file.stored.content_type),
              blob_id: file.stored.id,
              filename: file.name,
              mime_type: file.stored.content_type,
              caption: v || undefined,
            },
          }
        : { text: v };
    send.mutate(note ? { note: true, text: v } : { note: false, body: replyTo ? { ...body, reply_to: replyTo.id } : body }, {
      onSuccess: () => {
        setText("");
        setFile(null);
        if (!note) onCancelReply();
        if (note) toast.success(t("inboxPage.composer.noteSaved"));
      },
    });
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && replyTo) {
      onCancelReply();
    }
  };
  return (
    <div className="relative">
      {slash && (
        <div className="absolute bottom-full left-0 z-10 mb-2 max-h-56 w-full overflow-y-auto rounded-md border border-border bg-popover p-1 shadow-lg" role="listbox" aria-label={t("inboxPage.composer.canned")}>
          {(canned.data ?? []).length === 0 ? (
            <p className="px-2 py-1.5 text-sm text-muted-foreground">{t("inboxPage.composer.cannedNone")}</p>
          ) : (
            canned.data!.map((r) => (
              <button
                key={r.id}
                type="button"
                role="option"
                aria-selected={false}
                className="block w-full rounded-sm px-2 py-1.5 text-left text-sm hover:bg-accent"
                onClick={() => setText(r.body)}
              >
                <span className="font-mono text-xs text-primary">/{r.shortcut}</span> <span className="font-medium">{r.title}</span>
                <span className="block truncate text-xs text-muted-foreground">{r.body}</span>
              </button>
            ))
          )}
        </div>
      )}
      {replyTo && <ReplyingTo m={replyTo} onCancel={onCancelReply} />}
      {withFile && (
        <div className="mb-2 flex items-center gap-2 rounded-md border border-border bg-muted/40 px-2 py-1 text-sm" data-testid="attachment">
          <Paperclip className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className="truncate">{file.stored ? file.name : t("inboxPage.composer.uploading", { name: file.name })}</span>
          <button
            type="button"
            className="ml-auto rounded-sm p-0.5 text-muted-foreground hover:bg-muted"
            aria-label={t("inboxPage.composer.removeFile", { name: file.name })}
            onClick={() => {
              discardFile(file.stored?.id);
              setFile(null);
            }}
          >
            <X className="size-4" aria-hidden />
          </button>
        </div>
      )}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {canAttach && (
          <>
            <input
              ref={picker}
              type="file"
              className="hidden"
              data-testid="file-input"
              accept={attachments?.accept}
              onChange={(e) => {
                attach(e.target.files?.[0]);
                e.target.value = "";
              }}
            />
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={t("inboxPage.composer.attach")}
              title={t("inboxPage.composer.attach")}
              disabled={upload.isPending}
              onClick={() => picker.current?.click()}
            >
              <Paperclip />
            </Button>
          </>
        )}
        <textarea
          ref={box}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          rows={2}
          maxLength={maxLength}
          placeholder={
            note
              ? t("inboxPage.composer.notePlaceholder")
              : withFile
                ? t("inboxPage.composer.captionPlaceholder")
                : t("inboxPage.composer.placeholder")
          }
          aria-label={note ? t("inboxPage.composer.notePlaceholder") : t("inboxPage.composer.reply")}
          className={cn(
            "max-h-40 min-h-10 flex-1 resize-y rounded-md border border-input bg-card px-3 py-2 text-sm shadow-xs placeholder:text-muted-foreground/70 focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20",
            note && "border-amber-200 bg-amber-50/50",
          )}
        />
        <Button type="submit" loading={send.isPending} disabled={!ready} aria-label={note ? t("inboxPage.composer.addNote") : t("inboxPage.composer.send")}>
          {note ? <StickyNote /> : <Send />}
          <span className="hidden sm:inline">{note ? t("inboxPage.composer.addNote") : t("inboxPage.composer.send")}</span>
        </Button>
      </form>
      {sms && text !== "" && <SmsCounter text={text} />}
    </div>
  );
}

function TemplateForm({ id, marketingOut }: { id: string; marketingOut: boolean }) {
  const { t } = useTranslation();
  const send = useSend(id);
  const [name, setName] = useState("");
  const [language, setLanguage] = useState("pt_BR");
  const [vars, setVars] = useState("");
  const [header, setHeader] = useState<{ id: string; name: string; contentType: string } | null>(null);
  const [headerValues, setHeaderValues] = useState<Record<string, string>>({});
  const [buttons, setButtons] = useState<Record<string, string>>({});
  const templates = useTemplates(id, true);
  const listId = `tpl-list-${id}`;
  // A template whose header is an image, a video or a document needs its file.
  const picked = templates.data?.find((x) => x.name === name.trim() && x.language === language.trim());
  const headerKind = picked?.header ?? "";
  // Lines fill the body's placeholders in order: by name for a NAMED template.
  const bodyParams = (picked?.parameters ?? []).filter((p) => p.component === "body");
  const names = bodyParams.length ? bodyParams.map((p) => p.name) : undefined;
  const headerParams = (picked?.parameters ?? []).filter((p) => p.component === "header");
  const buttonParams = (picked?.parameters ?? []).filter((p) => p.component === "button");
  const missing = [...headerParams.map((p) => headerValues[p.name]), ...buttonParams.map((p) => buttons[String(p.index ?? 0)])].some((v) => !v?.trim());
  // The contact stopped marketing messages: a marketing template would be refused.
  const refused = marketingOut && picked?.category === "MARKETING";
  return (
    <form
      className="grid gap-2 sm:grid-cols-[1fr_8rem_1fr_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim()) return;
        send.mutate(
          { note: false, body: { template: templateBody(name, language, vars, headerKind, header, names, { header: headerValues, buttons }) } },
          { onSuccess: () => (setName(""), setVars(""), setHeader(null), setHeaderValues({}), setButtons({}), toast.success(t("inboxPage.composer.sent"))) },
        );
      }}
    >
      <div className="grid gap-1">
        <Label htmlFor="tpl-name" className="text-xs">
          {t("inboxPage.composer.templateName")}
        </Label>
        <Input
          id="tpl-name"
          list={listId}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            const t = templates.data?.find((x) => x.name === e.target.value);
            if (t) setLanguage(t.language);
          }}
          placeholder="pedido_confirmado"
          autoComplete="off"
          required
        />
        <datalist id={listId}>
          {(templates.data ?? []).map((t) => (
            <option key={`${t.name}-${t.language}`} value={t.name}>
              {`${t.name} (${t.language}${t.category ? `, ${t.category}` : ""})`}
            </option>
          ))}
        </datalist>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="tpl-lang" className="text-xs">
          {t("inboxPage.composer.templateLanguage")}
        </Label>
        <Input id="tpl-lang" value={language} onChange={(e) => setLanguage(e.target.value)} />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="tpl-vars" className="text-xs">
          {t("inboxPage.composer.templateVars")}
        </Label>
        <textarea
          id="tpl-vars"
          value={vars}
          onChange={(e) => setVars(e.target.value)}
          placeholder={bodyParams.map((p) => p.example || p.name).join("\n")}
          rows={Math.max(1, Math.min(bodyParams.length, 4))}
          className="min-h-9 rounded-md border border-input bg-card px-3 py-1.5 text-sm shadow-xs focus-visible:border-ring focus-visible:outline-none"
        />
      </div>
      <Button
        type="submit"
        loading={send.isPending}
        disabled={!name.trim() || (headerKind !== "" && !header) || missing || refused}
        title={refused ? t("inboxPage.composer.marketingTemplateRefused") : undefined}
      >
        <Send /> {t("inboxPage.composer.sendTemplate")}
      </Button>
      {picked?.body && (
        <p data-testid="tpl-preview" className="sm:col-span-4 whitespace-pre-wrap rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">
          {[picked.header_text && fillTemplate(picked.header_text, headerValues), fillTemplate(picked.body, templateVariables(vars, names))]
            .filter(Boolean)
            .join("\n\n")}
        </p>
      )}
      {headerParams.map((p) => (
        <div key={`h-${p.name}`} className="grid gap-1 sm:col-span-2">
          <Label htmlFor={`tpl-h-${p.name}`} className="text-xs">
            {t("inboxPage.composer.templateHeaderValue", { name: p.name, text: picked?.header_text ?? "" })}
          </Label>
          <Input
            id={`tpl-h-${p.name}`}
            value={headerValues[p.name] ?? ""}
            onChange={(e) => setHeaderValues({ ...headerValues, [p.name]: e.target.value })}
            placeholder={p.example}
          />
        </div>
      ))}
      {buttonParams.map((p) => {
        const key = String(p.index ?? 0);
        const button = picked?.buttons?.[p.index ?? 0];
        return (
          <div key={`b-${key}`} className="grid gap-1 sm:col-span-2">
            <Label htmlFor={`tpl-b-${key}`} className="text-xs">
              {t("inboxPage.composer.templateButton", { text: button?.text ?? key, url: button?.url?.replace(/\{\{\s*\w+\s*\}\}$/, "…") ?? "" })}
            </Label>
            <Input id={`tpl-b-${key}`} value={buttons[key] ?? ""} onChange={(e) => setButtons({ ...buttons, [key]: e.target.value })} placeholder={p.example} />
          </div>
        );
      })}
      {headerKind && (
        <div className="sm:col-span-4">
          <FilePick
            label={t("inboxPage.composer.templateHeader", { kind: t(`inboxPage.composer.headerKind.${headerKind as "image" | "video" | "document"}`) })}
            accept={headerKind === "document" ? "application/pdf" : `${headerKind}/*`}
            name={header?.name ?? ""}
            blobId={header?.id}
            onPicked={(stored, file) => setHeader({ id: stored.id, name: file.name, contentType: stored.content_type })}
            onClear={() => setHeader(null)}
          />
        </div>
      )}
    </form>
  );
}

/** templateBody is a template reply: its variables, and its header's file when it takes one. */
export function templateBody(
  name: string,
  language: string,
  vars: string,
  headerKind: string,
  header: { id: string; name: string; contentType: string } | null,
  names?: string[],
  values: { header?: Record<string, string>; buttons?: Record<string, string> } = {},
): ReplyTemplate {
  const body: ReplyTemplate = { name: name.trim(), language: language.trim() || "pt_BR", variables: templateVariables(vars, names) };
  const components: NonNullable<ReplyTemplate["components"]> = [];
  if (headerKind && header) {
    const media = { type: headerKind, blob_id: header.id, mime_type: header.contentType, ...(headerKind === "document" ? { filename: header.name } : {}) };
    components.push({ type: "header", parameters: [{ type: headerKind, media }] });
  }
  const headerText = Object.entries(values.header ?? {}).filter(([, v]) => v.trim());
  if (headerText.length) {
    // {{1}} goes by position; a NAMED header's placeholder by its name.
    const named = headerText.some(([k]) => !/^\d+$/.test(k));
    components.push({ type: "header", parameters: headerText.map(([k, v]) => ({ type: "text", text: v.trim(), ...(named ? { name: k } : {}) })) });
  }
  for (const [k, v] of Object.entries(values.buttons ?? {}).sort(([a], [b]) => Number(a) - Number(b))) {
    if (v.trim()) components.push({ type: "button", sub_type: "url", index: Number(k), parameters: [{ type: "text", text: v.trim() }] });
  }
  if (components.length) body.components = components;
  return body;
}
