// The template part of the campaign form: the sending connection's synced templates to pick from,
// the parameters the picked one takes, and its text as the variables fill it.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useChannelConnections, useConnectionTemplates, type MessageTemplate } from "@/features/connections";
import { fillTemplate } from "@/pages/inbox/Composer";
import { filled, parseVariables, type Draft } from "./draft";

type Props = {
  d: Draft;
  set: <K extends keyof Draft>(k: K, v: Draft[K]) => void;
  fields: Record<string, string>;
};

export function TemplateFields({ d, set, fields }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const connectionId = useSendingConnection(d.connection);
  const templates = useConnectionTemplates(connectionId ?? "", !!connectionId);
  const picked = templates.data?.items?.find((x) => x.name === d.templateName.trim() && x.language === d.templateLanguage.trim());
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("campaignsPage.form.templateName")} error={fields["spec.message.template.name"] ?? fields["spec.message.template"]}>
          <Input
            list={listId}
            value={d.templateName}
            onChange={(e) => {
              set("templateName", e.target.value);
              const found = templates.data?.items?.find((x) => x.name === e.target.value);
              if (found) set("templateLanguage", found.language);
            }}
            placeholder="pedido_confirmado"
            autoComplete="off"
            className="font-mono"
          />
        </Field>
        <datalist id={listId}>
          {(templates.data?.items ?? []).map((x) => (
            <option key={`${x.name}-${x.language}`} value={x.name}>
              {`${x.name} (${x.language}, ${x.status})`}
            </option>
          ))}
        </datalist>
        <Field label={t("campaignsPage.form.templateLanguage")} error={fields["spec.message.template.language"]}>
          <Input value={d.templateLanguage} onChange={(e) => set("templateLanguage", e.target.value)} className="font-mono" />
        </Field>
      </div>
      <Field
        label={t("campaignsPage.form.templateVariables")}
        hint={picked ? parametersHint(picked, t("campaignsPage.form.templateTakes"), t("campaignsPage.form.templateTakesNone")) : t("campaignsPage.form.templateVariablesHint", { name: "{{ contact.name }}" })}
        error={fields["spec.message.template.variables"]}
      >
        <Textarea value={d.templateVariables} onChange={(e) => set("templateVariables", e.target.value)} rows={3} className="font-mono text-[13px]" />
      </Field>
      {picked && <HeaderAndButtonFields tpl={picked} d={d} set={set} fields={fields} />}
      {picked?.body && (
        <div className="grid gap-1">
          <span className="text-xs text-muted-foreground">
            {t("campaignsPage.form.templatePreview")}
            {picked.status !== "APPROVED" && ` · ${t("campaignsPage.form.templateNotApproved", { status: picked.status })}`}
          </span>
          <p data-testid="template-preview" className="whitespace-pre-wrap rounded-md border bg-muted/40 p-3 text-sm">
            {previewText(picked, parseVariables(d.templateVariables), filled(d.templateHeaderValues))}
          </p>
        </div>
      )}
    </>
  );
}

/** HeaderAndButtonFields ask for what a template's text header and dynamic URL buttons take, one field each. */
function HeaderAndButtonFields({ tpl, d, set, fields }: Props & { tpl: MessageTemplate }) {
  const { t } = useTranslation();
  const params = tpl.parameters ?? [];
  const header = params.filter((p) => p.component === "header");
  const buttons = params.filter((p) => p.component === "button");
  if (header.length === 0 && buttons.length === 0) return null;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {header.map((p) => (
        <Field
          key={`h-${p.name}`}
          label={t("campaignsPage.form.templateHeaderValue", { name: p.name })}
          hint={tpl.header_text ? `${tpl.header_text}${p.example ? ` · ${t("campaignsPage.form.example", { value: p.example })}` : ""}` : undefined}
          error={fields[`spec.message.template.header_variables.${p.name}`] ?? fields["spec.message.template.header_variables"]}
        >
          <Input
            value={d.templateHeaderValues[p.name] ?? ""}
            onChange={(e) => set("templateHeaderValues", { ...d.templateHeaderValues, [p.name]: e.target.value })}
            placeholder={p.example}
            className="font-mono"
          />
        </Field>
      ))}
      {buttons.map((p) => {
        const key = String(p.index ?? 0);
        const button = tpl.buttons?.[p.index ?? 0];
        return (
          <Field
            key={`b-${key}`}
            label={t("campaignsPage.form.templateButton", { text: button?.text ?? key })}
            hint={`${button?.url?.replace(/\{\{\s*\w+\s*\}\}$/, "…") ?? ""}${p.example ? ` · ${t("campaignsPage.form.example", { value: p.example })}` : ""}`}
            error={fields[`spec.message.template.buttons.${key}`] ?? fields["spec.message.template.buttons"]}
          >
            <Input
              value={d.templateButtons[key] ?? ""}
              onChange={(e) => set("templateButtons", { ...d.templateButtons, [key]: e.target.value })}
              placeholder={p.example}
              className="font-mono"
            />
          </Field>
        );
      })}
    </div>
  );
}

/** previewText is a template's header and body as the values given so far fill them. */
export function previewText(tpl: MessageTemplate, body: Record<string, string>, header: Record<string, string>): string {
  const head = tpl.header_text ? fillTemplate(tpl.header_text, header) : "";
  return [head, fillTemplate(tpl.body ?? "", body)].filter(Boolean).join("\n\n");
}

/** parametersHint lists what a template's body takes, with their examples: "1=Ana, 2=#1042" (the header and buttons have fields of their own). */
export function parametersHint(tpl: MessageTemplate, takes: string, none: string): string {
  const params = (tpl.parameters ?? []).filter((p) => p.component === "body");
  if (params.length === 0) return none;
  return `${takes} ${params.map((p) => `${p.name}=${p.example || "…"}`).join(", ")}`;
}

/** useSendingConnection is the ID of the WhatsApp connection a campaign sends on: the one given (by ID, or by name as older campaigns kept it), else the first. */
function useSendingConnection(ref: string): string | undefined {
  const whatsapp = useChannelConnections("whatsapp");
  return (ref ? whatsapp.find((c) => c.id === ref || c.name === ref) : whatsapp[0])?.id;
}
