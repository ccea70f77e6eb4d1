import { ArrowLeft, ChevronDown, MessageCircle, Plug, Smartphone } from "lucide-react";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { useCheckConnection, useCreateConnection, useUpdateConnection, type Connection } from "@/features/connections";
import { channelOf, type PluginView } from "@/features/plugins";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";
import { configOf, fieldsOf, humanize, initialValues, type FormField, type Values } from "./schemaForm";

/** PluginIcon is the plugin's channel at a glance. */
export function PluginIcon({ plugin, className }: { plugin: PluginView | undefined; className?: string }) {
  const ch = channelOf(plugin);
  const Icon = ch === "whatsapp" ? MessageCircle : ch === "sms" ? Smartphone : Plug;
  return <Icon className={className} aria-hidden />;
}

type Props = {
  open: boolean;
  plugins: PluginView[];
  /** The connection being edited; undefined to connect a new one. */
  editing?: Connection;
  onClose: () => void;
};

/** ConnectionDialog picks a plugin, then fills the form generated from its config schema. */
export function ConnectionDialog({ open, plugins, editing, onClose }: Props) {
  const { t } = useTranslation();
  const [pluginId, setPluginId] = useState<string | undefined>(undefined);
  const chosen = editing?.plugin_id ?? pluginId;
  const plugin = plugins.find((p) => p.manifest.id === chosen);

  function close() {
    setPluginId(undefined);
    onClose();
  }

  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent className="max-w-xl">
        {!plugin ? (
          <>
            <DialogHeader>
              <DialogTitle>{t("channelsPage.pickTitle")}</DialogTitle>
              <DialogDescription>{t("channelsPage.pickDescription")}</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              {plugins.map((p) => (
                <button
                  key={p.manifest.id}
                  type="button"
                  onClick={() => setPluginId(p.manifest.id)}
                  className="flex items-start gap-3 rounded-lg border border-border p-4 text-left transition-colors hover:border-primary hover:bg-primary/5"
                >
                  <PluginIcon plugin={p} className="mt-0.5 size-5 text-primary" />
                  <span className="grid gap-0.5">
                    <span className="font-medium">{p.manifest.title}</span>
                    <span className="text-sm text-muted-foreground">{p.manifest.description}</span>
                  </span>
                </button>
              ))}
            </div>
          </>
        ) : (
          <ConfigForm key={plugin.manifest.id + (editing?.id ?? "")} plugin={plugin} editing={editing} onBack={editing ? undefined : () => setPluginId(undefined)} onDone={close} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function ConfigForm({ plugin, editing, onBack, onDone }: { plugin: PluginView; editing?: Connection; onBack?: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fields = useMemo(() => fieldsOf(plugin.config_schema), [plugin]);
  const [name, setName] = useState(editing?.name ?? "");
  const [values, setValues] = useState<Values>(() => initialValues(fields, editing?.config));
  const [local, setLocal] = useState<Record<string, string>>({});
  const [advanced, setAdvanced] = useState(false);
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const check = useCheckConnection();
  const save = editing ? update : create;
  const server = fieldErrors(save.error);
  const secretsSet = editing?.secrets_set ?? [];
  const main = fields.filter((f) => f.required || f.default === undefined);
  const extra = fields.filter((f) => !main.includes(f));

  // Open the advanced part when the server finds a problem there.
  useEffect(() => {
    if (extra.some((f) => server[`config.${f.name}`])) setAdvanced(true);
  }, [server, extra]);

  function fieldError(f: FormField): string | undefined {
    const l = local[f.name];
    if (l) return t(`channelsPage.problems.${l as "required"}`);
    return server[`config.${f.name}`];
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const { config, errors } = configOf(fields, values, secretsSet);
    setLocal(errors);
    if (Object.keys(errors).length > 0) {
      if (extra.some((f) => errors[f.name])) setAdvanced(true);
      return;
    }
    const onError = (err: unknown) => toast.error(errorTitle(err), errorDetail(err));
    const onSuccess = (c: Connection) => {
      toast.success(t(editing ? "channelsPage.saved" : "channelsPage.created", { name: c.name }));
      setValues(initialValues(fields)); // drop typed secrets at once
      if (c.id) check.mutate(c.id); // its health, right away
      onDone();
    };
    if (editing?.id) update.mutate({ id: editing.id, body: { name: name.trim(), config } }, { onSuccess, onError });
    else create.mutate({ plugin_id: plugin.manifest.id, name: name.trim(), config }, { onSuccess, onError });
  }

  return (
    <form onSubmit={submit} className="grid gap-5" noValidate autoComplete="off" data-testid="connection-form">
      <DialogHeader>
        <DialogTitle className="flex items-center gap-2">
          <PluginIcon plugin={plugin} className="size-5 text-primary" />
          {editing ? t("channelsPage.editTitle", { name: editing.name }) : t("channelsPage.formTitle", { plugin: plugin.manifest.title })}
        </DialogTitle>
        <DialogDescription>{editing ? t("channelsPage.editDescription") : t("channelsPage.formDescription")}</DialogDescription>
      </DialogHeader>
      <Field label={t("channelsPage.name")} error={server.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t("channelsPage.namePlaceholder")} autoFocus />
      </Field>
      {main.map((f) => (
        <ConfigField key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues((x) => ({ ...x, [f.name]: v }))} error={fieldError(f)} stored={secretsSet.includes(f.name)} />
      ))}
      {extra.length > 0 && (
        <div className="grid gap-4 rounded-lg border border-border">
          <button type="button" className="flex items-center justify-between px-4 py-3 text-sm font-medium" onClick={() => setAdvanced((a) => !a)} aria-expanded={advanced}>
            {t("channelsPage.advanced")}
            <ChevronDown className={advanced ? "size-4 rotate-180 transition-transform" : "size-4 transition-transform"} aria-hidden />
          </button>
          {advanced && (
            <div className="grid gap-4 px-4 pb-4">
              {extra.map((f) => (
                <ConfigField key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues((x) => ({ ...x, [f.name]: v }))} error={fieldError(f)} stored={secretsSet.includes(f.name)} />
              ))}
            </div>
          )}
        </div>
      )}
      <DialogFooter>
        {onBack && (
          <Button type="button" variant="ghost" onClick={onBack} className="sm:mr-auto">
            <ArrowLeft aria-hidden />
            {t("channelsPage.back")}
          </Button>
        )}
        <Button type="button" variant="outline" onClick={onDone}>
          {t("common.cancel")}
        </Button>
        <Button type="submit" loading={save.isPending}>
          {editing ? t("common.save") : t("channelsPage.connect")}
        </Button>
      </DialogFooter>
    </form>
  );
}

function ConfigField({
  field: f,
  value,
  onChange,
  error,
  stored,
}: {
  field: FormField;
  value: string | boolean | undefined;
  onChange: (v: string | boolean) => void;
  error?: string;
  stored: boolean;
}) {
  const { t } = useTranslation();
  const label = humanize(f.name) + (f.required ? " *" : "");
  const hint = [f.description, f.default !== undefined && f.kind !== "boolean" ? t("channelsPage.default", { value: String(f.default) }) : ""]
    .filter(Boolean)
    .join(" ");
  if (f.kind === "boolean") {
    return (
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 size-4" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        <span className="grid gap-0.5">
          <span className="font-medium">{humanize(f.name)}</span>
          {f.description && <span className="text-xs text-muted-foreground">{f.description}</span>}
        </span>
      </label>
    );
  }
  if (f.kind === "enum") {
    return (
      <Field label={label} error={error} hint={hint}>
        <Select value={typeof value === "string" ? value : ""} onValueChange={onChange}>
          <SelectTrigger>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {f.options?.map((o) => (
              <SelectItem key={o} value={o}>
                {o}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </Field>
    );
  }
  const secret = f.kind === "secret";
  return (
    <Field label={label} error={error} hint={secret && stored ? t("channelsPage.secretSet") : hint}>
      <Input
        type={secret ? "password" : f.kind === "url" ? "url" : "text"}
        inputMode={f.kind === "integer" ? "numeric" : f.kind === "number" ? "decimal" : undefined}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
        placeholder={secret ? (stored ? "••••••••" : "") : f.example ? t("channelsPage.example", { value: f.example }) : f.default !== undefined ? String(f.default) : ""}
        autoComplete={secret ? "new-password" : "off"}
        spellCheck={false}
        className={f.kind === "text" || f.kind === "secret" ? "font-mono text-[13px]" : undefined}
        data-1p-ignore={secret || undefined}
        data-lpignore={secret ? "true" : undefined}
      />
    </Field>
  );
}
