import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/i18n";
import type { Conversation, Message } from "@/features/inbox";
import { Composer } from "./Composer";

const request = vi.hoisted(() => vi.fn());
vi.mock("@/api/client", async (actual) => ({ ...(await actual<typeof import("@/api/client")>()), request }));

afterEach(cleanup);

const conv = { id: "cnv_1", channel: "whatsapp", window_open: true, consent: { reachable: true } } as Conversation;
const question = { id: "msg_q", conversation_id: "cnv_1", direction: "in", type: "text", text: "Tem em azul?", provider_message_id: "wamid.Q" } as Message;

function renderComposer(replyTo: Message | null, onCancelReply = vi.fn()) {
  const qc = new QueryClient();
  render(
    <QueryClientProvider client={qc}>
      <Composer c={conv} replyTo={replyTo} onCancelReply={onCancelReply} />
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
