import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorDetail, fieldErrors } from "@/features/queryClient";
import { groupEventTypes, patternsFor, toggled, useCreateWebhook, useWebhookEventTypes } from "@/features/webhooks";
import { WebhookSecret } from "./WebhookSecret";

/**
 * CreateWebhookDialog asks for the URL, a description and the events, then
 * shows the signing secret once. The secret lives only in this dialog's
 * mutation: closing it resets the mutation, so nothing can show it again.
 */
export function CreateWebhookDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const create = useCreateWebhook();
  const types = useWebhookEventTypes();
  const [url, setURL] = useState("");
  const [description, setDescription] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const fields = fieldErrors(create.error);
  const secret = create.data?.secret;
  const offered = (types.data ?? []).map((e) => e.type);
  const groups = groupEventTypes(types.data ?? []);
  const summary = create.error && Object.keys(fields).length === 0 ? errorDetail(create.error) : undefined;

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      setURL("");
      setDescription("");
      setSelected(new Set());
      create.reset();
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ url: url.trim(), description: description.trim(), event_types: patternsFor(selected, offered) });
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-w-2xl" onInteractOutside={(e) => secret && e.preventDefault()}>
        {secret ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("webhooks.secretTitle")}</DialogTitle>
              <DialogDescription className="break-all">{create.data?.url}</DialogDescription>
            </DialogHeader>
            <WebhookSecret secret={secret} />
            <DialogFooter>
              <Button onClick={() => close(false)}>{t("webhooks.done")}</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <DialogHeader>
              <DialogTitle>{t("webhooks.createTitle")}</DialogTitle>
              <DialogDescription>{t("webhooks.createDescription")}</DialogDescription>
            </DialogHeader>
            <Field label={t("webhooks.url")} error={fields.url} hint={t("webhooks.urlHint")}>
              <Input
                type="url"
                inputMode="url"
                value={url}
                onChange={(e) => setURL(e.target.value)}
                placeholder={t("webhooks.urlPlaceholder")}
                autoFocus
              />
            </Field>
            <Field label={t("webhooks.descriptionLabel")} error={fields.description}>
              <Input value={description} onChange={(e) => setDescription(e.target.value)} placeholder={t("webhooks.descriptionPlaceholder")} />
            </Field>
            <fieldset className="grid gap-2" aria-describedby="webhook-events-note">
              <legend className="mb-1 text-sm font-medium">{t("webhooks.events")}</legend>
              <label className="flex items-center gap-2 text-sm font-medium">
                <input
                  type="checkbox"
                  className="size-4 accent-[var(--color-primary)]"
                  checked={offered.length > 0 && offered.every((x) => selected.has(x))}
                  onChange={() => setSelected(toggled(selected, offered))}
                />
                {t("webhooks.allEvents")}
              </label>
              <div className="grid max-h-72 gap-3 overflow-y-auto rounded-md border border-border p-3 sm:grid-cols-2">
                {groups.map((g) => (
                  <div key={g.group} className="grid content-start gap-1.5">
                    <label className="flex items-center gap-2 text-sm font-medium">
                      <input
                        type="checkbox"
                        className="size-4 accent-[var(--color-primary)]"
                        checked={g.types.every((x) => selected.has(x))}
                        onChange={() => setSelected(toggled(selected, g.types))}
                      />
                      {t(`webhooks.groups.${g.group}` as "webhooks.groups.messages", { defaultValue: g.group })}
                    </label>
                    {g.types.map((type) => (
                      <label key={type} className="ml-6 flex items-center gap-2 text-[13px]">
                        <input
                          type="checkbox"
                          className="size-4 accent-[var(--color-primary)]"
                          checked={selected.has(type)}
                          onChange={() => setSelected(toggled(selected, [type]))}
                        />
                        <code className="font-mono">{type}</code>
                      </label>
                    ))}
                  </div>
                ))}
              </div>
              <p id="webhook-events-note" className={fields.event_types ? "text-xs text-destructive" : "text-xs text-muted-foreground"} data-field-error={fields.event_types ? "" : undefined}>
                {fields.event_types ?? t("webhooks.eventsHint")}
              </p>
            </fieldset>
            {summary && <p className="text-sm text-destructive">{summary}</p>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t("common.create")}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
