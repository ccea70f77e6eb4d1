import { useMutation } from "@tanstack/react-query";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { toast } from "@/components/ui/toast";
import { renderWithApp } from "@/test/render";

afterEach(() => {
  cleanup();
  toast.clear();
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
