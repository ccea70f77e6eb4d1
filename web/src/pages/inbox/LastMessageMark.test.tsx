import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import i18n from "@/i18n";
import { LastMessageMark } from "./LastMessageMark";

afterEach(async () => {
  cleanup();
  await i18n.changeLanguage("pt-BR");
});

describe("LastMessageMark", () => {
  it("marks a conversation whose latest message failed to send", () => {
    render(<LastMessageMark status="failed" />);
    expect(screen.getByRole("img", { name: "A última mensagem não foi enviada" }).textContent).toBe("Falhou");
  });

  it("shows our latest message's ticks, named for screen readers", () => {
    for (const [status, label, shown] of [
      ["pending", "Última mensagem sendo enviada", "pending"],
      ["queued", "Última mensagem sendo enviada", "pending"],
      ["sent", "Última mensagem enviada", "sent"],
      ["delivered", "Última mensagem entregue", "delivered"],
      ["read", "Última mensagem lida", "read"],
    ]) {
      render(<LastMessageMark status={status} />);
      const mark = screen.getByRole("img", { name: label });
      expect(mark.dataset.status).toBe(shown);
      expect(mark.getAttribute("title")).toBe(label);
      cleanup();
    }
  });

  it("draws one tick when sent, two when delivered, two blue ones when read, a clock on the way", () => {
    const icon = (status: string) => {
      const { container } = render(<LastMessageMark status={status} />);
      const mark = container.querySelector('[data-testid="last-status"]')!;
      const got = { icon: mark.querySelector("svg")!.getAttribute("class"), blue: mark.className.includes("text-sky") };
      cleanup();
      return got;
    };
    expect(icon("pending").icon).toContain("lucide-clock");
    expect(icon("sent")).toEqual({ icon: expect.stringMatching(/lucide-check(?!-)/), blue: false });
    expect(icon("delivered")).toEqual({ icon: expect.stringContaining("lucide-check-check"), blue: false });
    expect(icon("read")).toEqual({ icon: expect.stringContaining("lucide-check-check"), blue: true });
  });

  it("names them in English too", async () => {
    await i18n.changeLanguage("en");
    render(<LastMessageMark status="read" />);
    expect(screen.getByRole("img", { name: "Last message read" })).toBeTruthy();
    cleanup();
    render(<LastMessageMark status="pending" />);
    expect(screen.getByRole("img", { name: "Last message sending" })).toBeTruthy();
  });

  it("marks nothing when the customer's message is the latest", () => {
    for (const status of ["", "received", undefined]) {
      const { container } = render(<LastMessageMark status={status} />);
      expect(container.innerHTML).toBe("");
      cleanup();
    }
  });
});
