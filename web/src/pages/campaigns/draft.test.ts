import { describe, expect, it } from "vitest";
import { emptyDraft, inputOf, parseVariables, previewInputOf, splitTags, zonedToISO } from "./draft";

describe("campaign draft", () => {
  it("splits tags and drops blanks and repeats", () => {
    expect(splitTags(" vip, sp ,, vip,novo ")).toEqual(["vip", "sp", "novo"]);
    expect(splitTags("")).toEqual([]);
  });
  it("previews a template campaign with its template and connection, so marketing opt-outs are counted out", () => {
    const d = { ...emptyDraft("America/Sao_Paulo"), tags: "vip", kind: "template" as const, templateName: " boas_vindas ", connection: "con_1" };
    expect(previewInputOf(d, 5)).toEqual({
      channel: "whatsapp",
      audience: { tags: ["vip"] },
      sample: 5,
      template: { name: "boas_vindas", language: "pt_BR" },
      connection: "con_1",
    });
    expect(previewInputOf({ ...d, kind: "text" }, 5)).toEqual({ channel: "whatsapp", audience: { tags: ["vip"] }, sample: 5 });
    expect(previewInputOf({ ...d, templateName: " " }, 5).template).toBeUndefined();
    expect(previewInputOf({ ...d, channel: "sms" }, 5).template).toBeUndefined();
  });
  it("reads template variables line by line", () => {
    expect(parseVariables("1=Ana\n name = {{ contact.name }} \nbroken\n=x")).toEqual({ "1": "Ana", name: "{{ contact.name }}" });
  });
  it("builds a text campaign sent now to an audience", () => {
    const d = { ...emptyDraft("America/Sao_Paulo"), name: " Promo ", tags: "demo, vip", excludeTags: "optout", text: "Oi" };
    expect(inputOf(d)).toEqual({
      name: "Promo",
      channel: "whatsapp",
      spec: {
        audience: { tags: ["demo", "vip"], exclude_tags: ["optout"] },
        message: { text: "Oi" },
        schedule: { timezone: "America/Sao_Paulo" },
        pacing: {},
        breaker: {},
      },
    });
  });
  it("builds a template campaign with quiet hours and a schedule", () => {
    const d = {
      ...emptyDraft("America/Sao_Paulo"),
      name: "T",
      kind: "template" as const,
      templateName: "pedido_confirmado",
      templateVariables: "1={{ contact.first_name }}\n2=123",
      when: "at" as const,
      at: "2030-01-15T09:30",
      quiet: true,
      days: ["sat", "mon"],
    };
    const { spec } = inputOf(d);
    expect(spec.message).toEqual({ template: { name: "pedido_confirmado", language: "pt_BR", variables: { "1": "{{ contact.first_name }}", "2": "123" } } });
    expect(spec.schedule.at).toBe("2030-01-15T12:30:00.000Z"); // São Paulo is UTC-3
    expect(spec.schedule.allowed_hours).toEqual({ from: "09:00", to: "20:00", days: ["mon", "sat"] });
  });
  it("gives a text header's values and the URL buttons' endings, dropping blanks", () => {
    const d = {
      ...emptyDraft("UTC"),
      kind: "template" as const,
      templateName: "pedido_enviado",
      templateVariables: "1=Ana",
      templateHeaderValues: { "1": " #1042 " },
      templateButtons: { "0": "{{ contact.fields.rastreio }}", "1": " " },
    };
    expect(inputOf(d).spec.message).toEqual({
      template: { name: "pedido_enviado", language: "pt_BR", variables: { "1": "Ana" }, header_variables: { "1": "#1042" }, buttons: { "0": "{{ contact.fields.rastreio }}" } },
    });
  });
  it("sends a stored file with an optional caption", () => {
    const d = { ...emptyDraft("UTC"), kind: "media" as const, media: { type: "document", blob_id: "blb_1", filename: "catalogo.pdf" } };
    expect(inputOf(d).spec.message).toEqual({ media: { type: "document", blob_id: "blb_1", filename: "catalogo.pdf" } });
    expect(inputOf({ ...d, text: "Catálogo" }).spec.message).toEqual({ media: { type: "document", blob_id: "blb_1", filename: "catalogo.pdf", caption: "Catálogo" } });
  });
  it("enrols into a flow", () => {
    expect(inputOf({ ...emptyDraft("UTC"), kind: "flow", flowId: "flw_1" }).spec.flow).toEqual({ id: "flw_1" });
  });
  it("reads wall-clock times in a zone", () => {
    expect(zonedToISO("2030-07-01T00:00", "UTC")).toBe("2030-07-01T00:00:00.000Z");
    expect(zonedToISO("2030-07-01T10:00", "Asia/Tokyo")).toBe("2030-07-01T01:00:00.000Z");
    expect(zonedToISO("nope", "UTC")).toBeUndefined();
  });
});
