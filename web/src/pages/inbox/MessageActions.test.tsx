import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/i18n";
import type { Message } from "@/features/inbox";
import { MessageActions } from "./MessageActions";
import { ReactionChips } from "./ReactionChips";

const request = vi.hoisted(() => vi.fn());
vi.mock("@/api/client", async (actual) => ({ ...(await actual<typeof import("@/api/client")>()), request }));

afterEach(cleanup);

const question = { id: "msg_q", conversation_id: "cnv_1", direction: "in", type: "text", text: "Tem em azul?", provider_message_id: "wamid.Q" } as Message;

function renderActions(can: { reply: boolean; react: boolean }, ours?: string, onReply = vi.fn()) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MessageActions m={question} can={can} ours={ours} onReply={onReply} />
    </QueryClientProvider>,
  );
  return onReply;
}

const openPicker = () => fireEvent.keyDown(screen.getByRole("button", { name: "Reagir" }), { key: "Enter" });

describe("MessageActions", () => {
  it("answers the message", () => {
    const onReply = renderActions({ reply: true, react: true });
    fireEvent.click(screen.getByRole("button", { name: "Responder" }));
    expect(onReply).toHaveBeenCalledWith(question);
  });

  it("reacts with an emoji from the picker, which offers no removal without a reaction", async () => {
    request.mockResolvedValue({ ...question, id: "msg_r", direction: "out", type: "reaction", text: "❤️" });
    renderActions({ reply: true, react: true });
    openPicker();
    expect(await screen.findAllByRole("menuitem")).toHaveLength(6);
    fireEvent.click(screen.getByRole("menuitem", { name: "Reagir com ❤️" }));
    await waitFor(() =>
      expect(request).toHaveBeenCalledWith("post", "/api/v1/conversations/{id}/messages/{message_id}/reaction", { params: { id: "cnv_1", message_id: "msg_q" }, body: { emoji: "❤️" } }),
    );
  });

  it("removes the agent's reaction with an empty emoji", async () => {
    request.mockResolvedValue({ ...question, id: "msg_r", direction: "out", type: "reaction", text: "" });
    renderActions({ reply: false, react: true }, "👍");
    expect(screen.queryByRole("button", { name: "Responder" })).toBeNull();
    openPicker();
    fireEvent.click(await screen.findByRole("menuitem", { name: "Remover minha reação" }));
    await waitFor(() => expect(request).toHaveBeenCalledWith("post", "/api/v1/conversations/{id}/messages/{message_id}/reaction", { params: { id: "cnv_1", message_id: "msg_q" }, body: { emoji: "" } }));
  });

  it("is nothing where nothing can be sent", () => {
    renderActions({ reply: false, react: false });
    expect(screen.queryByTestId("message-actions")).toBeNull();
  });
});

describe("ReactionChips", () => {
  it("names each side's reaction", () => {
    render(<ReactionChips reactions={{ theirs: "😂", ours: "👍" }} out={false} />);
    expect(screen.getByRole("img", { name: "O cliente reagiu com 😂" }).textContent).toBe("😂");
    expect(screen.getByRole("img", { name: "Você reagiu com 👍" }).textContent).toBe("👍");
  });
});
