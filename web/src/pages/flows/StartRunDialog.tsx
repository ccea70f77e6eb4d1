// Starts a manual run of a flow's published version.
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parse as parseYaml } from "yaml";
import { navigate } from "@/app/router";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import { useStartRun } from "@/features/flows";

type Props = { flowId: string; flowName: string; open: boolean; onOpenChange: (o: boolean) => void; published: boolean };

export function StartRunDialog({ flowId, flowName, open, onOpenChange, published }: Props) {
  const { t } = useTranslation();
  const start = useStartRun(flowId);
  const varsId = useId();
  const [name, setName] = useState("Ana");
  const [phone, setPhone] = useState("+5511999990000");
  const [text, setText] = useState("Oi");
  const [channel, setChannel] = useState("whatsapp");
  const [vars, setVars] = useState("");
  const [varsError, setVarsError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    let parsed: Record<string, unknown> | undefined;
    if (vars.trim()) {
      try {
        const v: unknown = parseYaml(vars);
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("key: value");
        parsed = v as Record<string, unknown>;
      } catch (err) {
        setVarsError(err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
        return;
      }
    }
    setVarsError(null);
    start.mutate(
      { contact: { first_name: name || undefined, phone: phone || undefined }, message: { text, channel }, vars: parsed },
      {
        onSuccess: (run) => {
          toast.success(t("runs.started_ok"));
          onOpenChange(false);
          navigate(`/flows/${flowId}/runs?run=${run.id}`);
        },
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{t("runs.startTitle", { flow: flowName })}</DialogTitle>
            <DialogDescription>{published ? t("runs.startDescription") : t("runs.needsPublish")}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("runs.contactName")}>
              <Input value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label={t("runs.phone")}>
              <Input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field label={t("runs.message")}>
              <Input value={text} onChange={(e) => setText(e.target.value)} />
            </Field>
            <Field label={t("runs.channel")}>
              <Input value={channel} onChange={(e) => setChannel(e.target.value)} className="font-mono" />
            </Field>
          </div>
          <Field label={t("runs.vars")} error={varsError ? t("runs.varsInvalid", { message: varsError }) : undefined}>
            <textarea
              id={varsId}
              value={vars}
              onChange={(e) => setVars(e.target.value)}
              rows={3}
              placeholder="origem: site"
              spellCheck={false}
              className="w-full rounded-md border border-input bg-card px-3 py-2 font-mono text-[13px] shadow-xs focus-visible:border-ring focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring/20"
            />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={start.isPending} disabled={!published}>
              {t("runs.start")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
