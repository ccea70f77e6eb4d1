import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/i18n";
import type { Conversation, Message } from "@/features/inbox";
import { Composer } from "./Composer";

const request = vi.hoisted(() => vi.fn());
const uploadFile = vi.hoisted(() => vi.fn());
vi.mock("@/api/client", async (actual) => ({ ...(await actual<typeof import("@/api/client")>()), request, uploadFile }));

afterEach(cleanup);

const conv = { id: "cnv_1", channel: "whatsapp", window_open: true, consent: { reachable: true } } as Conversation;
const question = { id: "msg_q", conversation_id: "cnv_1", direction: "in", type: "text", text: "Tem em azul?", provider_message_id: "wamid.Q" } as Message;

function renderComposer(replyTo: Message | null, onCancelReply = vi.fn(), c = conv) {
  const qc = new QueryClient();
  render(
    <QueryClientProvider client={qc}>
      <Composer c={c} replyTo={replyTo} onCancelReply={onCancelReply} />
    </QueryClientProvider>,
  );
  return { onCancelReply, box: screen.getByRole("textbox", { name: "Responder" }) };
}

describe("Composer replying to a message", () => {
  it("quotes the message, focuses the text, and sends the reply with reply_to", async () => {
    request.mockResolvedValue({ ...question, id: "msg_r", direction: "out", text: "Temos!", reply_to: "wamid.Q" });
    const { onCancelReply, box } = renderComposer(question);
    expect(screen.getByTestId("replying-to").textContent).toContain("Tem em azul?");
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: "Temos!" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(onCancelReply).toHaveBeenCalled());
    expect(request).toHaveBeenCalledWith("post", "/api/v1/conversations/{id}/messages", { params: { id: "cnv_1" }, body: { text: "Temos!", reply_to: "msg_q" } });
  });

  it("cancels with × or Esc, and sends a plain reply when not answering a message", async () => {
    const { onCancelReply, box } = renderComposer(question);
    fireEvent.click(screen.getByRole("button", { name: "Cancelar resposta" }));
    fireEvent.keyDown(box, { key: "Escape" });
    expect(onCancelReply).toHaveBeenCalledTimes(2);
    cleanup();

    request.mockResolvedValue({ ...question, id: "msg_p", direction: "out", text: "Oi" });
    const plain = renderComposer(null);
    expect(screen.queryByTestId("replying-to")).toBeNull();
    fireEvent.change(plain.box, { target: { value: "Oi" } });
    fireEvent.keyDown(plain.box, { key: "Enter" });
    await waitFor(() => expect(request).toHaveBeenCalledWith("post", "/api/v1/conversations/{id}/messages", { params: { id: "cnv_1" }, body: { text: "Oi" } }));
  });
});

describe("Composer on SMS", () => {
  const sms = { id: "cnv_2", channel: "sms", window_open: true, consent: { reachable: true } } as Conversation;

  it("counts a reply's SMS parts and says which accents make it Unicode; not on WhatsApp", () => {
    const { box } = renderComposer(null, vi.fn(), sms);
    expect(screen.queryByTestId("sms-counter")).toBeNull();
    fireEvent.change(box, { target: { value: "Oi, tudo bem? Seu pedido chegou." } });
    expect(screen.getByTestId("sms-counter").textContent).toBe("32 caracteres · 1 SMS");
    fireEvent.change(box, { target: { value: "Promoção: " + "a".repeat(70) } });
    expect(screen.getByTestId("sms-counter").textContent).toBe(
      "80 caracteres · 2 SMS · “ç”, “ã” não cabe no alfabeto padrão do SMS: até 67 caracteres por SMS (sem esses caracteres, 153)",
    );
    cleanup();

    const wa = renderComposer(null);
    fireEvent.change(wa.box, { target: { value: "Promoção" } });
    expect(screen.queryByTestId("sms-counter")).toBeNull();
  });
  const photo = (size: number) => new File([new Uint8Array(size)], "modelo.jpg", { type: "image/jpeg" });

  it("attaches a photo, sent as an MMS with its caption", async () => {
    uploadFile.mockResolvedValue({ id: "blb_1", content_type: "image/jpeg", size: 1000 });
    request.mockResolvedValue({ id: "msg_m", conversation_id: "cnv_2", direction: "out", type: "image", text: "Olha ele" });
    const { box } = renderComposer(null, vi.fn(), sms);
    const picker = screen.getByTestId("file-input");
    expect(screen.getByRole("button", { name: "Anexar arquivo" })).toBeTruthy();
    expect(picker.getAttribute("accept")).toBe("image/jpeg,image/png,image/gif");
    fireEvent.change(picker, { target: { files: [photo(1000)] } });
    await waitFor(() => expect(screen.getByTestId("attachment").textContent).toContain("modelo.jpg"));
    fireEvent.change(box, { target: { value: "Olha ele" } });
    await waitFor(() => expect(uploadFile).toHaveBeenCalled());
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() =>
      expect(request).toHaveBeenCalledWith("post", "/api/v1/conversations/{id}/messages", {
        params: { id: "cnv_2" },
        body: { media: { type: "image", blob_id: "blb_1", filename: "modelo.jpg", mime_type: "image/jpeg", caption: "Olha ele" } },
      }),
    );
  });

  it("refuses a photo over an MMS's 5 MB before uploading it", () => {
    uploadFile.mockClear();
    renderComposer(null, vi.fn(), sms);
    fireEvent.change(screen.getByTestId("file-input"), { target: { files: [photo(5 * 1024 * 1024 + 1)] } });
    expect(uploadFile).not.toHaveBeenCalled();
    expect(screen.queryByTestId("attachment")).toBeNull();
  });
});
