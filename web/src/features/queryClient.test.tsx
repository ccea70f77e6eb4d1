import { useMutation } from "@tanstack/react-query";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import i18n from "@/i18n";
import { errorDetail, fieldErrors } from "./queryClient";
import { toast } from "@/components/ui/toast";
import { renderWithApp } from "@/test/render";

afterEach(async () => {
  cleanup();
  toast.clear();
  await i18n.changeLanguage("pt-BR");
});

function Failing({ error, quiet }: { error: Error; quiet?: boolean }) {
  const m = useMutation({
    mutationFn: async () => {
      throw error;
    },
    meta: quiet ? { toastErrors: false } : undefined,
  });
  return <button onClick={() => m.mutate()}>go</button>;
}

describe("mutation errors", () => {
  it("become a toast titled by code with the server's message", async () => {
    renderWithApp(<Failing error={new ApiError(409, "conflict", "ana@x.com is already a member")} />);
    fireEvent.click(screen.getByText("go"));
    expect(await screen.findByText("Conflito")).toBeTruthy();
    expect(screen.getAllByText("ana@x.com is already a member").length).toBeGreaterThan(0);
  });

  it("word a keyed refusal in the UI language, and show the message for a reason it does not know", async () => {
    const keyed = { reason: "window_closed" };
    renderWithApp(<Failing error={new ApiError(409, "conflict", "outside the 24-hour window: only a template can be sent", {}, keyed)} />);
    fireEvent.click(screen.getByText("go"));
    expect(await screen.findByText("Fora da janela de 24 horas do WhatsApp: só é possível enviar um modelo aprovado.")).toBeTruthy();
    expect(screen.queryByText("outside the 24-hour window: only a template can be sent")).toBeNull();
    cleanup();
    renderWithApp(<Failing error={new ApiError(409, "conflict", "a newer refusal", {}, { reason: "from_the_future" })} />);
    fireEvent.click(screen.getByText("go"));
    expect((await screen.findAllByText("a newer refusal")).length).toBeGreaterThan(0);
  });

  it("say 'no connection' for a network failure", async () => {
    renderWithApp(<Failing error={new ApiError(0, "network", "the server could not be reached")} />);
    fireEvent.click(screen.getByText("go"));
    expect(await screen.findByText("Sem conexão")).toBeTruthy();
  });

  it("stay quiet when the mutation handles them itself", async () => {
    renderWithApp(<Failing quiet error={new ApiError(401, "unauthenticated", "wrong email or password")} />);
    fireEvent.click(screen.getByText("go"));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByText("wrong email or password")).toBeNull();
  });
});

describe("field errors", () => {
  const invalid = (fields: Record<string, string>, fieldReasons: Record<string, { reason: string; params?: Record<string, unknown> }>) =>
    new ApiError(400, "invalid_input", "the board cannot be created", fields, { reason: "board_invalid", fieldReasons });

  it("word each keyed field in the UI language and keep the English of the others", async () => {
    const e = invalid(
      { name: "required, at most 80 characters", stages: "stage names must differ", x: "something new" },
      { name: { reason: "required_max", params: { max: 80 } }, stages: { reason: "duplicate", params: { value: "Novo" } }, x: { reason: "from_the_future" } },
    );
    expect(fieldErrors(e)).toEqual({ name: "Obrigatório, com até 80 caracteres.", stages: "«Novo» está repetido.", x: "something new" });
    await i18n.changeLanguage("en");
    expect(fieldErrors(e).name).toBe("Required, up to 80 characters.");
    expect(fieldErrors(new Error("x"))).toEqual({});
  });

  it("add the one bad field's problem to a keyed summary, for a toast that shows no form", () => {
    expect(errorDetail(invalid({ name: "required, at most 80 characters" }, { name: { reason: "required_max", params: { max: 80 } } }))).toBe(
      "Não foi possível criar o quadro. Obrigatório, com até 80 caracteres.",
    );
    const two = invalid({ name: "required", stages: "x" }, { name: { reason: "required" } });
    expect(errorDetail(two)).toBe("Não foi possível criar o quadro.");
    expect(errorDetail(new ApiError(400, "invalid_input", "bad label", { label: "1 to 40 characters" }))).toBe("bad label");
  });

  it("say how long to wait after too many attempts, and which part of the server is not running", async () => {
    const limited = (after: number) =>
      new ApiError(429, "rate_limited", "too many failed attempts; try again later", {}, { reason: "too_many_attempts", params: { retry_after: after } });
    expect(errorDetail(limited(30))).toBe("Muitas tentativas de entrar sem sucesso. Tente de novo em 30 segundos.");
    expect(errorDetail(limited(300))).toBe("Muitas tentativas de entrar sem sucesso. Tente de novo em 5 minutos.");
    expect(errorDetail(limited(0))).toBe("Muitas tentativas de entrar sem sucesso. Tente de novo mais tarde.");
    const stopped = (service: string) => new ApiError(503, "unavailable", "file storage is not running", {}, { reason: "not_running", params: { service } });
    expect(errorDetail(stopped("files"))).toBe(
      "O armazenamento de arquivos não está funcionando neste servidor. Tente de novo em instantes ou fale com quem administra o servidor.",
    );
    expect(errorDetail(stopped("something_new"))).toBe("file storage is not running");
    await i18n.changeLanguage("en");
    expect(errorDetail(limited(1))).toBe("Too many failed sign-in attempts. Try again in 1 second.");
  });

  it("name the field of a wrong-typed or unknown body value", async () => {
    const p = { field: "limit", want: "number" };
    const wrong = new ApiError(400, "invalid_input", "wrong type", { limit: "must be int" }, { reason: "body_wrong_type", params: p, fieldReasons: { limit: { reason: "wrong_type", params: p } } });
    expect(errorDetail(wrong)).toBe("O pedido tem um valor do tipo errado. O campo «limit» deve ser um número.");
    const unknown = new ApiError(400, "invalid_input", "unknown field", { passwd: "is not a known field" }, {
      reason: "body_unknown_field",
      params: { field: "passwd" },
      fieldReasons: { passwd: { reason: "unknown_field", params: { field: "passwd" } } },
    });
    expect(errorDetail(unknown)).toBe("O pedido tem um campo desconhecido. O campo «passwd» não existe neste pedido.");
    await i18n.changeLanguage("en");
    expect(errorDetail(wrong)).toBe("The request has a value of the wrong type. The field “limit” must be a number.");
  });

  it("name every bad list parameter with its problem", async () => {
    const e = new ApiError(400, "invalid_input", "invalid list parameters", { limit: "must be a number from 1 to 5000", sort: "x", q: "new" }, {
      reason: "list_params_invalid",
      fieldReasons: { limit: { reason: "number_range", params: { min: 1, max: 5000 } }, sort: { reason: "one_of", params: { values: "waiting, created_at" } } },
    });
    expect(errorDetail(e)).toBe(
      "A lista não pôde ser carregada com estes parâmetros. «limite»: Use um número de 1 a 5000. «ordem»: Use um destes valores: waiting, created_at. «busca»: new",
    );
    await i18n.changeLanguage("en");
    expect(errorDetail(e)).toMatch(/^The list could not be loaded with these parameters. “limit”: Use a number from 1 to 5000. “order”:/);
  });

  it("say why a message cannot be quoted or reacted to", async () => {
    const quote = { action: "quote" };
    const note = new ApiError(400, "invalid_input", "the message cannot be sent", { reply_to: "an internal note never reached the customer: it cannot be quoted" }, {
      reason: "message_invalid",
      fieldReasons: { reply_to: { reason: "quote_note", params: quote } },
    });
    expect(errorDetail(note)).toBe("A mensagem não pode ser enviada. Uma nota interna nunca chegou ao cliente e não pode ser citada.");
    const pending = new ApiError(409, "conflict", "the message has not reached WhatsApp (yet): it cannot be reacted to", {}, {
      reason: "message_not_sent_yet",
      params: { action: "react" },
    });
    expect(errorDetail(pending)).toBe("A mensagem ainda não chegou ao WhatsApp e não pode receber reação por enquanto.");
    const sms = new ApiError(400, "invalid_input", "the message cannot be sent", { reply_to: "SMS cannot quote a message" }, {
      reason: "message_invalid",
      fieldReasons: { reply_to: { reason: "quote_unsupported", params: { channel: "sms" } } },
    });
    expect(errorDetail(sms)).toBe("A mensagem não pode ser enviada. O SMS não permite citar mensagens: envie a resposta sem a citação.");
    expect(errorDetail(new ApiError(409, "conflict", "the English", {}, { reason: "message_not_sent_yet", params: { action: "fly" } }))).toBe("the English");
    await i18n.changeLanguage("en");
    expect(errorDetail(note)).toBe("The message cannot be sent. An internal note never reached the customer and cannot be quoted.");
  });
});
