import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithApp } from "@/test/render";
import LoginPage from "./LoginPage";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function stubLogin(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } })),
  );
}

function submit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText("E-mail"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Senha"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Entrar" }));
}

describe("LoginPage", () => {
  it("says the email or password is wrong on 401", async () => {
    stubLogin(401, { error: { code: "unauthenticated", message: "wrong email or password" } });
    renderWithApp(<LoginPage />);
    submit("demo@masteria.local", "nope");
    expect((await screen.findByRole("alert")).textContent).toContain("E-mail ou senha incorretos.");
  });

  it("puts the server's field messages next to the inputs", async () => {
    stubLogin(400, {
      error: { code: "invalid_input", message: "the login is invalid", fields: { email: "must be an email address" } },
    });
    renderWithApp(<LoginPage />);
    submit("x", "y");
    await waitFor(() => expect(screen.getByText("must be an email address")).toBeTruthy());
    expect(screen.getByLabelText("E-mail").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("alert").textContent).toContain("Verifique os dados: the login is invalid");
  });
});
