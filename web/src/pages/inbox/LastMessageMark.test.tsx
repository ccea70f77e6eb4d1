import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import "@/i18n";
import { LastMessageMark } from "./LastMessageMark";

afterEach(cleanup);

describe("LastMessageMark", () => {
  it("marks a conversation whose latest message failed to send", () => {
    render(<LastMessageMark status="failed" />);
    expect(screen.getByRole("img", { name: "A última mensagem não foi enviada" }).textContent).toBe("Falhou");
  });
  it("marks nothing for a message on its way, delivered, or the customer's", () => {
    for (const status of ["pending", "sent", "delivered", "read", undefined]) {
      const { container } = render(<LastMessageMark status={status} />);
      expect(container.innerHTML).toBe("");
      cleanup();
    }
  });
});
