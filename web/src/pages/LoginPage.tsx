import { CircleAlert, CircleCheck } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "@/api/client";
import { LanguageMenu } from "@/components/shell/LanguageMenu";
import { Logo } from "@/components/common/Logo";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { errorDetail, errorTitle, fieldErrors } from "@/features/queryClient";
import { useLogin } from "@/features/session";

export default function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const err = login.error;
  const fields = fieldErrors(err);

  function submit(e: FormEvent) {
    e.preventDefault();
    login.mutate({ email: email.trim(), password });
  }

  let message: string | undefined;
  if (err) {
    if (isApiError(err) && err.code === "unauthenticated") message = t("login.invalid");
    else if (isApiError(err) && err.code === "rate_limited") message = t("login.rateLimited");
    else message = [errorTitle(err), errorDetail(err)].filter(Boolean).join(": ");
  }

  return (
    <div className="grid min-h-dvh lg:grid-cols-[1.1fr_1fr]">
      <section className="relative hidden overflow-hidden bg-sidebar p-12 text-white lg:flex lg:flex-col">
        <div className="pointer-events-none absolute -left-24 -top-24 size-96 rounded-full bg-emerald-500/20 blur-3xl" />
        <div className="pointer-events-none absolute -bottom-32 right-0 size-[28rem] rounded-full bg-teal-600/20 blur-3xl" />
        <div className="relative flex items-center gap-3">
          <Logo className="size-9" />
          <span className="text-lg font-semibold tracking-tight">{t("app.name")}</span>
        </div>
        <div className="relative mt-auto grid max-w-lg gap-6">
          <h2 className="text-3xl font-semibold leading-tight tracking-tight">{t("login.heroTitle")}</h2>
          <p className="text-base text-slate-300">{t("login.heroBody")}</p>
          <ul className="grid gap-3 text-sm text-slate-200">
            {(["inbox", "flows", "selfHosted"] as const).map((k) => (
              <li key={k} className="flex items-center gap-3">
                <CircleCheck className="size-5 shrink-0 text-emerald-400" aria-hidden />
                {t(`login.heroPoints.${k}`)}
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section className="relative flex flex-col px-6 py-8 sm:px-12">
        <div className="flex items-center justify-between">
          <div className="flex items-center gap-2.5 lg:invisible">
            <Logo className="size-8" />
            <span className="font-semibold tracking-tight">{t("app.name")}</span>
          </div>
          <LanguageMenu />
        </div>
        <div className="mx-auto flex w-full max-w-sm flex-1 flex-col justify-center py-12">
          <div className="mb-8 grid gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{t("login.title")}</h1>
            <p className="text-sm text-muted-foreground">{t("login.subtitle")}</p>
          </div>
          <form onSubmit={submit} className="grid gap-5" noValidate>
            {message && (
              <div role="alert" className="flex items-start gap-2.5 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-800">
                <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
                <span>{message}</span>
              </div>
            )}
            <Field label={t("login.email")} error={fields.email}>
              <Input
                type="email"
                name="email"
                autoComplete="username"
                inputMode="email"
                placeholder={t("login.emailPlaceholder")}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                autoFocus
              />
            </Field>
            <Field label={t("login.password")} error={fields.password}>
              <Input
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            </Field>
            <Button type="submit" size="lg" className="w-full" loading={login.isPending}>
              {login.isPending ? t("login.submitting") : t("login.submit")}
            </Button>
          </form>
        </div>
      </section>
    </div>
  );
}
