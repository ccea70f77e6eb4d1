import { ArrowLeft, Users } from "lucide-react";
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isApiError, request } from "@/api/client";
import { Link, navigate } from "@/app/router";
import { FilePick } from "@/components/common/FilePick";
import { PageHeader } from "@/components/common/PageHeader";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { useCreateCampaign, usePreview, type Campaign } from "@/features/campaigns";
import { useChannelConnections } from "@/features/connections";
import { useFlows } from "@/features/flows";
import { mediaKind } from "@/features/inbox";
import { errorDetail, errorTitle, fieldErrors, toastError } from "@/features/queryClient";
import { cn } from "@/lib/utils";
import { emptyDraft, inputOf, previewInputOf, WEEKDAYS, type Draft, type HeaderMedia } from "./draft";
import { draftOfCampaign, editInput, specOf } from "./editDraft";
import { TemplateFields } from "./TemplateFields";
import { SmsCounter } from "@/components/common/SmsCounter";

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "America/Sao_Paulo";

/** useDebounced holds a value until it has not changed for ms. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * CampaignForm builds a campaign: audience with a live count, content, schedule and allowed hours.
 * Given a campaign that has not started, it edits it (what the form does not show is kept).
 */
export function CampaignForm({ campaign }: { campaign?: Campaign }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(() => (campaign ? draftOfCampaign(campaign, localZone()) : emptyDraft(localZone())));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const create = useCreateCampaign(campaign?.id);
  const [starting, setStarting] = useState(false);
  const fields = fieldErrors(create.error);

  const previewInput = useDebounced(useMemo(() => previewInputOf(d, 5), [d]), 350);
  const preview = usePreview(previewInput);

  // mutateAsync, not mutate's callbacks: a saved edit refetches the campaign, whose new revision
  // remounts this form, and mutate's callbacks die with the component that called it.
  async function submit(e: FormEvent, start: boolean) {
    e.preventDefault();
    let c: Campaign;
    try {
      c = await create.mutateAsync(campaign ? editInput(specOf(campaign), d) : inputOf(d));
    } catch (err) {
      toast.error(errorTitle(err), isApiError(err) && Object.keys(err.fields).length ? t("campaignsPage.form.invalid") : errorDetail(err));
      return;
    }
    if (!start) {
      toast.success(t("campaignsPage.form.saved", { name: c.name }));
      navigate(`/campaigns/${c.id}`);
      return;
    }
    setStarting(true);
    try {
      await request("post", "/api/v1/campaigns/{id}/start", { params: { id: c.id } });
      toast.success(t("campaignsPage.form.started", { name: c.name }));
    } catch (err) {
      toastError(err);
    } finally {
      setStarting(false);
      navigate(`/campaigns/${c.id}`);
    }
  }

  return (
    <form className="grid gap-6" onSubmit={(e) => void submit(e, true)} noValidate>
      <Link to={campaign ? `/campaigns/${campaign.id}` : "/campaigns"} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        {t("campaignsPage.back")}
      </Link>
      <PageHeader title={campaign ? t("campaignsPage.form.editTitle", { name: campaign.name }) : t("campaignsPage.form.title")} description={t("campaignsPage.description")} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="grid gap-6">
          <Section title={t("campaignsPage.form.basics")}>
            <Field label={t("campaignsPage.name")} error={fields.name}>
              <Input value={d.name} onChange={(e) => set("name", e.target.value)} placeholder={t("campaignsPage.form.namePlaceholder")} />
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label={t("campaignsPage.channel")} error={fields.channel}>
                <Select
                  value={d.channel}
                  onValueChange={(v) =>
                    setD((x) => ({ ...x, channel: v as Draft["channel"], connection: "", kind: kindsOf(v).includes(x.kind) ? x.kind : "text" }))
                  }
                >
                  <SelectTrigger>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="whatsapp">{t("campaignsPage.channels.whatsapp")}</SelectItem>
                    <SelectItem value="sms">{t("campaignsPage.channels.sms")}</SelectItem>
                  </SelectContent>
                </Select>
              </Field>
              <ConnectionSelect channel={d.channel} value={d.connection} onChange={(v) => set("connection", v)} error={fields["spec.connection"]} />
            </div>
          </Section>

          <Section title={t("campaignsPage.form.audience")} hint={t("campaignsPage.form.audienceHint")}>
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label={t("campaignsPage.form.tags")} error={fields["spec.audience.tags"]}>
                <Input value={d.tags} onChange={(e) => set("tags", e.target.value)} placeholder="vip, sp" />
              </Field>
              <Field label={t("campaignsPage.form.anyTags")} error={fields["spec.audience.any_tags"]}>
                <Input value={d.anyTags} onChange={(e) => set("anyTags", e.target.value)} />
              </Field>
              <Field label={t("campaignsPage.form.excludeTags")} error={fields["spec.audience.exclude_tags"]}>
                <Input value={d.excludeTags} onChange={(e) => set("excludeTags", e.target.value)} />
              </Field>
            </div>
            <Field
              label={t("campaignsPage.form.expression")}
              error={fields["spec.audience.expression"] ?? (isApiError(preview.error) ? (fieldErrors(preview.error)["audience.expression"] ?? preview.error.message) : undefined)}
              hint={t("campaignsPage.form.expressionHint")}
            >
              <Input value={d.expression} onChange={(e) => set("expression", e.target.value)} className="font-mono text-[13px]" spellCheck={false} />
            </Field>
          </Section>

          <Section title={t("campaignsPage.form.content")}>
            <Choice
              label={t("campaignsPage.form.content")}
              value={d.kind}
              options={kindsOf(d.channel).map((k) => ({ value: k, label: t(`campaignsPage.form.kind.${k}`) }))}
              onChange={(v) => set("kind", v as Draft["kind"])}
            />
            {d.kind === "text" && (
              <Field label={t("campaignsPage.form.text")} error={fields["spec.message.text"] ?? fields["spec.message"]} hint={t(d.channel === "sms" ? "campaignsPage.form.textHintSms" : "campaignsPage.form.textHint", { name: "{{ contact.first_name }}" })}>
                <Textarea
                  value={d.text}
                  onChange={(e) => set("text", e.target.value)}
                  rows={4}
                  placeholder={t("campaignsPage.form.textPlaceholder", { name: "{{ contact.first_name }}" })}
                />
              </Field>
            )}
            {d.kind === "text" && d.channel === "sms" && d.text !== "" && <SmsCounter text={d.text} variables />}
            {d.kind === "template" && (
              <>
                <TemplateFields d={d} set={set} fields={fields} />
                <MediaFile
                  label={t("campaignsPage.form.templateHeader")}
                  hint={t("campaignsPage.form.templateHeaderHint")}
                  accept="image/*,video/*,application/pdf"
                  value={d.templateHeader}
                  onChange={(v) => set("templateHeader", v)}
                  error={fields["spec.message.template.header.blob_id"] ?? fields["spec.message.template.header"]}
                />
              </>
            )}
            {d.kind === "media" && (
              <>
                <MediaFile
                  label={t("campaignsPage.form.mediaFile")}
                  hint={t("campaignsPage.form.mediaFileHint")}
                  accept="image/*,video/*,audio/*,application/pdf"
                  value={d.media}
                  onChange={(v) => set("media", v)}
                  error={fields["spec.message.media.blob_id"] ?? fields["spec.message.media"] ?? fields["spec.message"]}
                />
                <Field label={t("campaignsPage.form.caption")} error={fields["spec.message.media.caption"]} hint={t("campaignsPage.form.captionHint", { name: "{{ contact.first_name }}" })}>
                  <Textarea value={d.text} onChange={(e) => set("text", e.target.value)} rows={3} />
                </Field>
              </>
            )}
            {d.kind === "flow" && <FlowSelect value={d.flowId} onChange={(v) => set("flowId", v)} error={fields["spec.flow.id"] ?? fields["spec.flow"]} />}
          </Section>

          <Section title={t("campaignsPage.form.schedule")}>
            <Choice
              label={t("campaignsPage.form.schedule")}
              value={d.when}
              options={(["now", "at"] as const).map((k) => ({ value: k, label: t(`campaignsPage.form.when.${k}`) }))}
              onChange={(v) => set("when", v as Draft["when"])}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              {d.when === "at" && (
                <Field label={t("campaignsPage.form.at")} error={fields["spec.schedule.at"]}>
                  <Input type="datetime-local" value={d.at} onChange={(e) => set("at", e.target.value)} />
                </Field>
              )}
              <Field label={t("campaignsPage.form.timezone")} error={fields["spec.schedule.timezone"]}>
                <Input value={d.timezone} onChange={(e) => set("timezone", e.target.value)} className="font-mono" />
              </Field>
            </div>
            <label className="flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" checked={d.quiet} onChange={(e) => set("quiet", e.target.checked)} className="size-4 accent-[var(--color-primary)]" />
              {t("campaignsPage.form.quietHours")}
            </label>
            {d.quiet && (
              <div className="grid gap-4 rounded-lg border border-border p-4">
                <p className="text-xs text-muted-foreground">{t("campaignsPage.form.quietHoursHint")}</p>
                <div className="grid grid-cols-2 gap-4 sm:max-w-xs">
                  <Field label={t("campaignsPage.form.from")} error={fields["spec.schedule.allowed_hours.from"] ?? fields["spec.schedule.allowed_hours"]}>
                    <Input type="time" value={d.from} onChange={(e) => set("from", e.target.value)} />
                  </Field>
                  <Field label={t("campaignsPage.form.to")} error={fields["spec.schedule.allowed_hours.to"]}>
                    <Input type="time" value={d.to} onChange={(e) => set("to", e.target.value)} />
                  </Field>
                </div>
                <fieldset className="grid gap-2">
                  <legend className="mb-2 text-sm font-medium">{t("campaignsPage.form.days")}</legend>
                  <div className="flex flex-wrap gap-2">
                    {WEEKDAYS.map((w) => (
                      <label
                        key={w}
                        className={cn(
                          "cursor-pointer rounded-md border px-3 py-1.5 text-sm",
                          d.days.includes(w) ? "border-primary bg-primary/10 text-primary" : "border-border",
                        )}
                      >
                        <input
                          type="checkbox"
                          className="sr-only"
                          checked={d.days.includes(w)}
                          onChange={(e) => set("days", e.target.checked ? [...d.days, w] : d.days.filter((x) => x !== w))}
                        />
                        {t(`campaignsPage.form.weekdays.${w}`)}
                      </label>
                    ))}
                  </div>
                </fieldset>
              </div>
            )}
          </Section>
        </div>

        <Card className="lg:sticky lg:top-4" data-testid="audience-preview">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <Users className="size-4 text-primary" aria-hidden />
              {t("campaignsPage.form.audience")}
            </CardTitle>
          </CardHeader>
          <CardContent className="grid gap-3">
            {preview.data ? (
              <>
                <p className={cn("text-2xl font-semibold tracking-tight", preview.isFetching && "opacity-60")} data-testid="audience-count" aria-live="polite">
                  {t("campaignsPage.form.count", { count: preview.data.count })}
                </p>
                <p className="text-xs text-muted-foreground">
                  {t("campaignsPage.form.excluded", { optedOut: preview.data.excluded.opted_out ?? 0, noAddress: preview.data.excluded.no_address ?? 0 })}
                </p>
                {preview.data.sample.length > 0 && (
                  <div className="grid gap-1">
                    <p className="text-xs font-medium text-muted-foreground">{t("campaignsPage.form.sample")}</p>
                    <ul className="grid gap-1 text-sm">
                      {preview.data.sample.map((c) => (
                        <li key={c.id} className="flex min-w-0 justify-between gap-2">
                          <span className="min-w-0 truncate">{c.name || "—"}</span>
                          <span className="shrink-0 text-xs tabular-nums text-muted-foreground">{c.address}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </>
            ) : preview.isError ? (
              <p className="text-sm text-destructive">{errorDetail(preview.error)}</p>
            ) : (
              <p className="text-sm text-muted-foreground">{t("campaignsPage.form.counting")}</p>
            )}
            <div className="mt-2 grid gap-2">
              <Button type="submit" loading={create.isPending || starting}>
                {t("campaignsPage.form.saveStart")}
              </Button>
              <Button type="button" variant="outline" disabled={create.isPending} onClick={(e) => void submit(e, false)}>
                {campaign ? t("campaignsPage.form.saveChanges") : t("campaignsPage.form.saveDraft")}
              </Button>
            </div>
          </CardContent>
        </Card>
      </div>
    </form>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {hint && <p className="text-sm text-muted-foreground">{hint}</p>}
      </CardHeader>
      <CardContent className="grid gap-4">{children}</CardContent>
    </Card>
  );
}

/** Choice is a row of radio buttons styled as a segmented control. */
function Choice({ label, value, options, onChange }: { label: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <div role="radiogroup" aria-label={label} className="flex flex-wrap gap-2">
      {options.map((o) => (
        <label
          key={o.value}
          className={cn(
            "cursor-pointer rounded-md border px-3 py-1.5 text-sm font-medium transition-colors",
            value === o.value ? "border-primary bg-primary/10 text-primary" : "border-border hover:bg-muted",
          )}
        >
          <input type="radio" className="sr-only" name={label} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}

function ConnectionSelect({ channel, value, onChange, error }: { channel: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const options = useChannelConnections(channel);
  // The server keeps a campaign's connection by ID; one saved by name before shows as that connection.
  const selected = options.find((c) => c.id === value || c.name === value)?.id ?? value;
  return (
    <Field label={t("campaignsPage.form.connection")} error={error}>
      <Select value={selected || "_first"} onValueChange={(v) => onChange(v === "_first" ? "" : v)}>
        <SelectTrigger>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="_first">{t("campaignsPage.form.connectionDefault")}</SelectItem>
          {options.map((c) => (
            <SelectItem key={c.id} value={c.id ?? ""}>
              {c.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

function FlowSelect({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const flows = useFlows();
  const published = (flows.data ?? []).filter((f) => f.published_version > 0);
  return (
    <Field label={t("campaignsPage.form.flow")} error={error} hint={flows.data && published.length === 0 ? t("campaignsPage.form.noFlows") : undefined}>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger>
          <SelectValue placeholder={t("campaignsPage.form.flowPlaceholder")} />
        </SelectTrigger>
        <SelectContent>
          {published.map((f) => (
            <SelectItem key={f.id} value={f.id} description={f.name}>
              {f.title || f.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </Field>
  );
}

/** kindsOf is what a campaign on the channel can send: SMS sends text (or enrols into a flow). */
function kindsOf(channel: string): Draft["kind"][] {
  return channel === "sms" ? ["text", "flow"] : ["text", "template", "media", "flow"];
}

/** MediaFile picks a message's file (a template's header, or a media message): uploaded to the workspace, sent by blob_id. */
function MediaFile({ label, hint, accept, value, onChange, error }: {
  label: string;
  hint: string;
  accept: string;
  value: HeaderMedia | null;
  onChange: (v: HeaderMedia | null) => void;
  error?: string;
}) {
  return (
    <FilePick
      label={label}
      hint={hint}
      error={error}
      accept={accept}
      name={value ? (value.filename || value.link || value.blob_id || value.id || "") : ""}
      blobId={value?.blob_id}
      onPicked={(stored, file) => onChange({ type: mediaKind(stored.content_type), blob_id: stored.id, filename: file.name })}
      onClear={() => onChange(null)}
    />
  );
}
